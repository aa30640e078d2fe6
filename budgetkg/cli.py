"""The `budgetkg` command: a thin layer over the library.

Exit codes: 0 ok, 1 documents that failed or findings, 2 usage or internal error.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import time
from pathlib import Path
from typing import Annotated, Optional

import pyoxigraph as ox
import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table as RichTable

from budgetkg.loaders.document import iter_inputs
from budgetkg.loaders.errors import DocumentError
from budgetkg.loading import load_documents
from budgetkg import network as policy_network
from budgetkg.policies import refresh as refresh_policies
from budgetkg.queries import catalog
from budgetkg.reports.command import app as report_app
from budgetkg.server import command as server_command
from budgetkg.backend import ENV_VAR, Store, StoreError, open_store
from budgetkg.validation import Report, ValidationError, document_graphs, resolve_documents
from budgetkg.validation import validate as run_validation
from budgetkg.validation_report import FORMATS, render, summary

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Budget disclosures as a knowledge graph.")
err = Console(stderr=True)
out = Console()
app.add_typer(report_app, name="report")

StoreOption = Annotated[
    Optional[str],
    typer.Option(
        "--store",
        help=f"Store folder, or the http(s) URL of a SPARQL query endpoint (default ./budgetkg-store, or ${ENV_VAR}).",
    ),
]


def _store(location: Optional[str], *, read_only: bool = False) -> Store:
    """The store; commands that only read open it read-only, so they run beside a load."""
    try:
        return open_store(location, read_only=read_only)
    except StoreError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None


@app.command()
def load(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of .txt/.pdf disclosures.")],
    store: StoreOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Refuse (remove) a document with validation violations; exit 1.")] = False,
    check: Annotated[bool, typer.Option("--validate/--no-validate", help="Validate each document after loading it.")] = True,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Processes that parse and map (default: 1).")] = 1,
) -> None:
    """Load disclosures; re-loading a document replaces its graph. Each is validated and its findings printed."""
    files = iter_inputs(paths)
    if not files:
        err.print("[red]no .txt or .pdf files found[/red]")
        raise typer.Exit(2)
    with _store(store) as db:
        failed = _load_files(db, files, jobs=jobs, check=check, strict=strict)
    if failed:
        raise typer.Exit(1)


def _load_files(db: Store, files: list[Path], *, jobs: int = 1, check: bool = True, strict: bool = False) -> int:
    failed = loaded = triples = projects = citations = 0
    kept: list[str] = []  # graphs loaded and validated, for the cross-document shapes
    started = time.perf_counter()
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("loading", total=len(files))
        for done in load_documents(db, files, jobs=jobs, check=check):
            if isinstance(done, DocumentError):
                failed += 1
                err.print(f"[red]{done.describe()}[/red]")
                progress.advance(task)
                continue
            path, read, count = done.path, done.summary, done.triples
            loaded += 1
            triples += count
            projects += read.projects
            citations += read.citations
            warnings = len(read.issues)
            line = f"{path}: {read.department} {read.year} {read.kind}: {read.tables} tables, {read.projects} projects, {count} triples"
            err.print(line + (f", {warnings} warning(s)" if warnings else ""))
            for issue in read.issues:
                where = f"{issue.span}: " if issue.span else ""
                err.print(f"  [yellow]warning[/yellow] {where}{issue.message} [{issue.slug}]")
            if check:
                assert done.report is not None  # load_documents(check=True) checks each document it loads
                if _validated(db, done.graph, strict, done.report):
                    kept.append(done.graph)
                else:
                    failed += 1
                    loaded -= 1
            progress.advance(task)
    refresh_policies(db)  # the cross-document policy resolution follows every change
    if kept:
        _validated_across(db, kept)
    db.flush()
    elapsed = time.perf_counter() - started
    out.print(
        f"loaded {loaded} document(s), {failed} failed; {triples} triples, {projects} projects, "
        f"{citations} citations in {elapsed:.2f}s into {db.location}"
    )
    return failed


def _validated(db: Store, graph: str, strict: bool, report: Report) -> bool:
    """Print a loaded document's findings (``report``: checked as it was prepared); under --strict remove it when it has violations."""
    err.print(f"  validation: {summary(report)}")
    for f in report.findings:
        if f.severity != "Info":
            err.print(f"  {f.severity.lower()} {f.where or 'document'}: {f.message_zh} [{f.rule}]")
    if strict and not report.conforms:
        db.remove_graph(graph)
        err.print("  [red]refused (--strict): the document has validation violations[/red]")
        return False
    return True


def _validated_across(db: Store, graphs: list[str]) -> None:
    """The cross-document shapes, once after the batch, for the documents just loaded."""
    documents = {graph: doc for doc, graph in document_graphs(db).items()}
    chosen = [documents[g] for g in graphs if g in documents]
    report = run_validation(db, chosen, per_document=False)
    for f in report.findings:
        if f.severity != "Info":
            where = f"{report.labels.get(f.document, f.document)} {f.where}".strip()
            err.print(f"  {f.severity.lower()} {where}: {f.message_zh} [{f.rule}]")
    err.print(f"  across documents: {summary(report)}")


@app.command()
def validate(
    documents: Annotated[Optional[list[str]], typer.Argument(help="Documents (IRI, graph IRI or source file name); all when omitted.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="text, markdown, json or html.")] = "text",
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="File (default: standard output).")] = None,
    store: StoreOption = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Processes that check documents (default: 1).")] = 1,
) -> None:
    """Validate documents in the store against the shapes; exit 1 when there are violations."""
    if fmt not in FORMATS:
        err.print(f"[red]--format {fmt!r}: expected one of {', '.join(FORMATS)}[/red]")
        raise typer.Exit(2)
    try:
        with _store(store, read_only=True) as db:
            report = run_validation(db, resolve_documents(db, documents or []), jobs=jobs)
    except ValidationError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    text = render(report, fmt)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
    raise typer.Exit(0 if report.conforms else 1)


def _read_query(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    named = catalog()
    if name in named:
        return named[name].text
    path = Path(name)
    if path.suffix == ".rq" and path.is_file():
        return path.read_text(encoding="utf-8")
    err.print(f"[red]no named query or .rq file {name!r}; named queries: {', '.join(sorted(named))}[/red]")
    raise typer.Exit(2)


def _term_text(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return term.value
    return str(term)


@app.command()
def query(
    name: Annotated[str, typer.Argument(help="A named query, a FILE.rq, or - for standard input.")],
    param: Annotated[list[str], typer.Option("--param", help="name=value, bound as a string literal.")] = [],
    fmt: Annotated[str, typer.Option("--format", help="table, json, csv or tsv.")] = "table",
    store: StoreOption = None,
) -> None:
    """Run a SPARQL SELECT query over the union of all documents."""
    text = _read_query(name)
    subs: dict[str, ox.NamedNode | ox.Literal] = {}
    for item in param:
        key, sep, value = item.partition("=")
        if not sep:
            err.print(f"[red]--param {item!r}: expected name=value[/red]")
            raise typer.Exit(2)
        subs[key] = ox.Literal(value)
    with _store(store, read_only=True) as db:
        try:
            solutions = db.query(text, subs)
        except (SyntaxError, RuntimeError) as exc:
            err.print(f"[red]query error: {exc}[/red]")
            raise typer.Exit(2) from None
        _print_rows(solutions, fmt)


def _print_rows(solutions: object, fmt: str) -> None:
    if not isinstance(solutions, ox.QuerySolutions):
        err.print("[red]only SELECT queries can be printed as rows[/red]")
        raise typer.Exit(2)
    variables = [v.value for v in solutions.variables]
    rows = [[_term_text(s[v]) for v in variables] for s in solutions]
    if fmt == "json":
        out.print_json(json.dumps([dict(zip(variables, r)) for r in rows], ensure_ascii=False))
    elif fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(variables)
        writer.writerows(rows)
        sys.stdout.write(buffer.getvalue())
    elif fmt == "table":
        table = RichTable(*variables)
        for r in rows:
            table.add_row(*r)
        out.print(table)
        out.print(f"{len(rows)} row(s)")
    else:
        err.print(f"[red]--format {fmt!r}: expected table, json, csv or tsv[/red]")
        raise typer.Exit(2)


_EXPORT = {
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="nquads, trig, turtle or jsonld.")] = "nquads",
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="File (default: standard output).")] = None,
    store: StoreOption = None,
) -> None:
    """Write the whole store (all document graphs)."""
    if fmt not in (*_EXPORT, "turtle", "jsonld"):
        err.print(f"[red]--format {fmt!r}: expected nquads, trig, turtle or jsonld[/red]")
        raise typer.Exit(2)
    with _store(store, read_only=True) as db:
        data = db.dump(_EXPORT.get(fmt, ox.RdfFormat.N_QUADS))
    if fmt == "turtle":
        data = _union_turtle(data)
    elif fmt == "jsonld":
        data = _dataset(data).serialize(format="json-ld").encode("utf-8")
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)


def _dataset(nquads: bytes):  # type: ignore[no-untyped-def]
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(data=nquads.decode("utf-8"), format="nquads")
    return ds


def _union_turtle(nquads: bytes) -> bytes:
    """Turtle has no graphs: the union of all document graphs."""
    from rdflib import Graph

    union = Graph()
    for s, p, o, _g in _dataset(nquads).quads((None, None, None, None)):
        union.add((s, p, o))
    return union.serialize(format="turtle").encode("utf-8")


@app.command()
def network(
    fmt: Annotated[str, typer.Option("--format", help="graphml or gexf.")] = "graphml",
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")] = Path("policy-network.graphml"),
    store: StoreOption = None,
) -> None:
    """Export the project–policy network (GraphML or GEXF, e.g. for Gephi) and print its most cited policies."""
    if fmt not in policy_network.FORMATS:
        err.print(f"[red]--format {fmt!r}: expected {', '.join(policy_network.FORMATS)}[/red]")
        raise typer.Exit(2)
    with _store(store) as db:
        refresh_policies(db)
        graph = policy_network.from_store(db)
    policy_network.export(graph, output, fmt)
    groups = policy_network.project_groups(graph)
    out.print(f"{output}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} links, {len(groups)} group(s) of projects")
    for c in policy_network.central_policies(graph, 5):
        out.print(f"  {c.label}: cited by {c.projects} project(s), betweenness {c.betweenness:.3f}")


@app.command()
def info(store: StoreOption = None) -> None:
    """Documents in the store and their triple counts."""
    with _store(store, read_only=True) as db:
        graphs = db.graphs()
        out.print(f"store {db.location}: {len(graphs)} document graph(s), {db.count()} quads")
        for name in graphs:
            out.print(f"  {name}  {db.count(name)} triples")


app.command()(server_command.serve)
app.command()(server_command.screenshots)


def main() -> None:  # pragma: no cover
    app()
