"""Validate documents in the store against the SHACL shapes in `shapes/`.

One document at a time, on a copy of its named graph in an in-memory Oxigraph
store: its core constraints (counts, datatypes, patterns) run in pySHACL, and
its SPARQL-based constraints in Oxigraph. With ``jobs`` > 1 the documents are
checked in that many worker processes, each sent its document's graph. Shapes in
`shapes/cross-document.ttl` compare documents with each other and run once over
the whole store; their constraints select ``?document`` (the disclosure the focus is
in), ``?line`` and ``?page``, since no single document's places are at hand. A store of a thousand documents is a thousand small runs plus
a few store queries, never one pySHACL run over everything.

The SPARQL-based constraints follow SHACL-SPARQL (sh:select with ``$this``,
sh:prefixes, sh:message templates); they are evaluated by Oxigraph (a cross-document
one by the store: Oxigraph, or a remote SPARQL service), all focus
nodes of a shape in one query, keeping the solutions whose ``?this`` is one of
the shape's focus nodes. A test checks that this gives the same results as
pySHACL on every shape's test cases.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from budgetkg.artifacts import folder
from budgetkg.parallel import in_order
from budgetkg.backend import Store
from budgetkg.store import GraphStore
from budgetkg.terms import rdflib_graph

SHAPES_NS = "https://w3id.org/budgetkg/shapes#"
CROSS_DOCUMENT_FILE = "cross-document.ttl"
SEVERITIES = ("Violation", "Warning", "Info")


class ValidationError(Exception):
    """The shapes or the store could not be used; carries what and where."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One validation result, with the place in the source to look at."""

    severity: str  # Violation / Warning / Info
    rule: str  # the shape's local name, e.g. ChildrenSum
    rule_zh: str  # the rule in plain words
    rule_en: str
    document: str  # the disclosure's IRI
    focus: str  # the node the finding is about
    message_zh: str
    message_en: str
    line_start: int | None = None
    line_end: int | None = None
    page: int | None = None
    values: tuple[tuple[str, str], ...] = ()  # the numbers involved, by name

    @property
    def where(self) -> str:
        if self.line_start is None:
            return ""
        text = f"line {self.line_start}" if self.line_end in (None, self.line_start) else f"lines {self.line_start}-{self.line_end}"
        return text + (f" (page {self.page})" if self.page is not None else "")


@dataclass
class Report:
    """Findings for a set of documents, with what they cost to find."""

    documents: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # document IRI -> readable name
    files: dict[str, str] = field(default_factory=dict)  # document IRI -> source file name
    findings: list[Finding] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # document IRI (or "store") -> seconds

    @property
    def conforms(self) -> bool:
        return not any(f.severity == "Violation" for f in self.findings)

    def count(self, severity: str, document: str | None = None) -> int:
        return sum(1 for f in self.findings if f.severity == severity and document in (None, f.document))


@dataclass(frozen=True)
class SparqlCheck:
    """A SPARQL-based constraint of a shape, ready to run."""

    shape: URIRef
    constraint: Node
    query: str
    targets: tuple[URIRef, ...]  # sh:targetClass of the shape
    severity: str
    message_zh: str
    message_en: str
    cross_document: bool


@dataclass(frozen=True)
class Shapes:
    """The shapes graph, split into what pySHACL runs and what Oxigraph runs."""

    graph: Graph
    core: Graph  # without SPARQL constraints and cross-document shapes
    checks: tuple[SparqlCheck, ...]
    rules: dict[str, tuple[str, str]]  # shape local name -> (zh, en) plain words
    owner: dict[Node, URIRef]  # property shape -> its node shape
    directory: Path  # where they were read from: a worker process reads them again


def _text(graph: Graph, node: Node, prop: URIRef, lang: str) -> str:
    for value in graph.objects(node, prop):  # type: ignore[arg-type]
        if isinstance(value, Literal) and value.language == lang:
            return str(value)
    return ""


def _severity(graph: Graph, shape: Node) -> str:
    value = graph.value(shape, SH.severity)  # type: ignore[arg-type]
    return str(value).rsplit("#", 1)[-1] if value is not None else "Violation"


def _prefixes(graph: Graph, constraint: Node) -> str:
    lines = []
    for declarer in graph.objects(constraint, SH.prefixes):  # type: ignore[arg-type]
        for decl in graph.objects(declarer, SH.declare):
            prefix, namespace = graph.value(decl, SH.prefix), graph.value(decl, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(lines)


def local_name(iri: Node) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@cache
def load_shapes(directory: Path | None = None) -> Shapes:
    """Every ``*.ttl`` file of the shapes folder.

    :raises ValidationError: a shapes file is not valid Turtle.
    """
    directory = directory or folder("shapes")
    graph, cross = Graph(), Graph()
    for path in sorted(directory.glob("*.ttl")):
        target = cross if path.name == CROSS_DOCUMENT_FILE else graph
        try:
            target.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises several parser exception types
            raise ValidationError(f"{path}: not valid Turtle: {exc}") from exc
    cross_shapes = {s for s in cross.subjects(RDF.type, SH.NodeShape)}
    for triple in cross:
        graph.add(triple)
    checks: list[SparqlCheck] = []
    rules: dict[str, tuple[str, str]] = {}
    owner: dict[Node, URIRef] = {}
    for shape in sorted(set(graph.subjects(RDF.type, SH.NodeShape)), key=str):
        assert isinstance(shape, URIRef), f"node shapes are named: {shape!r}"
        rules[local_name(shape)] = (_text(graph, shape, RDFS.label, "zh"), _text(graph, shape, RDFS.label, "en"))
        for prop in graph.objects(shape, SH.property):
            owner[prop] = shape
        targets = tuple(t for t in graph.objects(shape, SH.targetClass) if isinstance(t, URIRef))
        for constraint in graph.objects(shape, SH.sparql):
            select = graph.value(constraint, SH.select)
            if select is None:
                raise ValidationError(f"{shape}: a SPARQL constraint without sh:select")
            checks.append(
                SparqlCheck(
                    shape=shape,
                    constraint=constraint,
                    query=_prefixes(graph, constraint) + "\n" + str(select),
                    targets=targets,
                    severity=_severity(graph, shape),
                    message_zh=_text(graph, constraint, SH.message, "zh") or _text(graph, shape, SH.message, "zh"),
                    message_en=_text(graph, constraint, SH.message, "en") or _text(graph, shape, SH.message, "en"),
                    cross_document=shape in cross_shapes,
                )
            )
    core = Graph()
    for s, p, o in graph:
        if p != SH.sparql and s not in cross_shapes:
            core.add((s, p, o))
    return Shapes(graph, core, tuple(checks), rules, owner, directory)


# -- values and messages ---------------------------------------------------------


def _show(term: object) -> str:
    """A term as a person reads it: amounts with thousands separators."""
    if term is None:
        return "—"
    if isinstance(term, ox.Literal):
        if term.datatype.value.endswith("#decimal") or term.datatype.value.endswith("#integer"):
            try:
                number = Decimal(term.value)
            except ArithmeticError:
                return term.value
            return f"{number:,f}" if abs(number) >= 10000 else format(number, "f")
        return term.value
    if isinstance(term, (ox.NamedNode, ox.BlankNode)):
        return term.value
    if isinstance(term, Literal):
        return str(term)
    return str(term)


_PLACEHOLDER = re.compile(r"\{[?$](\w+)\}")


def fill(template: str, values: dict[str, str]) -> str:
    """A sh:message template with ``{?name}`` replaced by the solution's values."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), "—"), template)


# -- the document's places ----------------------------------------------------------

_PLACES = """
PREFIX bkg: <https://w3id.org/budgetkg/ontology#>
SELECT ?node ?start ?end ?page WHERE {
  ?node bkg:lineStart ?start .
  OPTIONAL { ?node bkg:lineEnd ?end }
  OPTIONAL { ?node bkg:pageStart ?page }
}
"""

_DOCUMENT = """
PREFIX bkg: <https://w3id.org/budgetkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?doc ?label ?file WHERE {
  ?doc a bkg:Disclosure .
  OPTIONAL { ?doc rdfs:label ?label }
  OPTIONAL { ?doc bkg:sourceFile/bkg:fileName ?file }
}
"""

Place = tuple[int, int | None, int | None]


def _places(store: Store, graph: str) -> dict[str, Place]:
    places: dict[str, Place] = {}
    for row in store.query(_PLACES, graph=graph):
        end, page = row["end"], row["page"]
        places[row["node"].value] = (
            int(row["start"].value),
            int(end.value) if end is not None else None,
            int(page.value) if page is not None else None,
        )
    return places


# -- running the checks -------------------------------------------------------------


def _focus_nodes(store: Store, targets: Sequence[URIRef], graph: str | None) -> set[str]:
    found: set[str] = set()
    for target in targets:
        query = "SELECT ?x ?class WHERE { ?x a ?class }"
        for row in store.query(query, {"class": ox.NamedNode(str(target))}, graph=graph):
            found.add(row["x"].value)
    return found


def _run_sparql(
    store: Store,
    check: SparqlCheck,
    rules: dict[str, tuple[str, str]],
    documents: dict[str, str],
    places: dict[str, Place],
    graph: str | None,
) -> list[Finding]:
    """One constraint, all focus nodes at once, over ``graph`` (None: every graph); ``documents`` maps a focus to its document."""
    try:
        solutions = store.query(check.query, graph=graph)
    except (SyntaxError, OSError, RuntimeError) as exc:
        raise ValidationError(f"shape {local_name(check.shape)}: its SPARQL query fails: {exc}") from exc
    focus = _focus_nodes(store, check.targets, graph) if check.targets else None
    names = [v.value for v in solutions.variables]
    zh, en = rules[local_name(check.shape)]
    findings = []
    for solution in solutions:
        this = solution["this"]
        if this is None or (focus is not None and this.value not in focus):
            continue
        values = {name: _show(solution[name]) for name in names if name not in ("this", "document", "page")}
        line = solution["line"] if "line" in names else None
        page = solution["page"] if "page" in names else None
        place = (int(line.value), None, int(page.value) if page is not None else None) if line is not None else places.get(this.value)
        # a cross-document constraint names the document its focus is in
        owner = solution["document"] if "document" in names else None
        document = owner.value if owner is not None else documents.get(this.value) or documents.get("*", "")
        findings.append(
            Finding(
                severity=check.severity,
                rule=local_name(check.shape),
                rule_zh=zh,
                rule_en=en,
                document=document,
                focus=this.value,
                message_zh=fill(check.message_zh, values),
                message_en=fill(check.message_en, values),
                line_start=place[0] if place else None,
                line_end=place[1] if place else None,
                page=place[2] if place else None,
                values=tuple((k, v) for k, v in values.items() if k not in ("line",)),
            )
        )
    return findings


def _core(shapes: Shapes, data: Graph, document: str, places: dict[str, Place]) -> list[Finding]:
    """The core constraints of the shapes, by pySHACL, over one document's graph."""
    _conforms, results, _text_report = pyshacl.validate(
        data, shacl_graph=shapes.core, inference="none", allow_warnings=True, allow_infos=True
    )
    findings = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        source = results.value(result, SH.sourceShape)
        shape = shapes.owner.get(source, source)  # type: ignore[arg-type]
        focus = results.value(result, SH.focusNode)
        severity = local_name(results.value(result, SH.resultSeverity) or SH.Violation)
        zh, en = shapes.rules.get(local_name(shape), ("", ""))
        message_zh = _text(results, result, SH.resultMessage, "zh") or str(results.value(result, SH.resultMessage) or "")
        message_en = _text(results, result, SH.resultMessage, "en") or message_zh
        path, value = results.value(result, SH.resultPath), results.value(result, SH.value)
        values = []
        if path is not None:
            values.append(("path", local_name(path)))
        if value is not None:
            values.append(("value", str(value)))
        place = places.get(str(focus))
        findings.append(
            Finding(
                severity=severity,
                rule=local_name(shape),
                rule_zh=zh,
                rule_en=en,
                document=document,
                focus=str(focus),
                message_zh=message_zh,
                message_en=message_en,
                line_start=place[0] if place else None,
                line_end=place[1] if place else None,
                page=place[2] if place else None,
                values=tuple(values),
            )
        )
    return findings


def _core_predicates(shapes: Shapes) -> tuple[str, ...]:
    """The predicates the core shapes read: paths, target predicates, and rdf:type for targets and sh:class."""
    read = {SH.path, SH.targetObjectsOf, SH.targetSubjectsOf}
    paths = {str(o) for p in read for o in shapes.core.objects(None, p) if isinstance(o, URIRef)}
    return tuple(sorted(paths | {str(RDF.type)}))


def _document_graph(store: Store, graph: str, predicates: Sequence[str]) -> Graph:
    """The part of a document's graph the core shapes read, as an rdflib graph for pySHACL.

    Only those predicates are copied: an rdflib graph takes some 50,000 triples a
    second, and most of a document's triples (provenance, dimensions) no core shape reads.
    """
    return rdflib_graph(t for p in predicates for t in store.triples(graph, p))


def document_graphs(store: Store) -> dict[str, str]:
    """Document IRI -> its named graph, for every document in the store."""
    found: dict[str, str] = {}
    for name in store.graphs():
        for row in store.query(_DOCUMENT, graph=name):
            found[row["doc"].value] = name
    return found


def _sorted(findings: Iterable[Finding]) -> list[Finding]:
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(
        findings,
        key=lambda f: (
            f.document, order.get(f.severity, 9), f.line_start if f.line_start is not None else -1, f.rule, f.focus,
            f.message_en, f.values,
        ),
    )


def validate_document(store: Store, document: str, graph: str, shapes: Shapes | None = None) -> list[Finding]:
    """The findings of one document's own shapes (not the cross-document ones), checked on a copy of its graph."""
    return _check_copy(_local_copy(graph_ntriples(store, graph), graph), document, graph, shapes or load_shapes())


def graph_ntriples(store: Store, graph: str) -> bytes:
    """A document's named graph as N-Triples, in one read (one request for a remote store).

    A document is checked on a copy of its graph in an in-memory Oxigraph store:
    the SPARQL-based checks then scan a few thousand triples instead of the
    store's indexes, run with Oxigraph's semantics on any backend (Virtuoso 7.2
    fails on some of them, and crashes on one), and the copy is bytes that a
    worker process can be sent.
    """
    if isinstance(store, GraphStore):
        return store.graph_ntriples(graph)  # serialized by Oxigraph: ten times cheaper than term by term
    return ox.serialize(store.graph_triples(graph), format=ox.RdfFormat.N_TRIPLES)


def _local_copy(data: bytes, graph: str, fmt: ox.RdfFormat = ox.RdfFormat.N_TRIPLES) -> GraphStore:
    return GraphStore.copy_in_memory(data, fmt, graph)


def _check_copy(local: GraphStore, document: str, graph: str, shapes: Shapes) -> list[Finding]:
    places = _places(local, graph)
    findings = _core(shapes, _document_graph(local, graph, _core_predicates(shapes)), document, places)
    for check in shapes.checks:
        if not check.cross_document:
            findings.extend(_run_sparql(local, check, shapes.rules, {"*": document}, places, graph))
    return findings


def _checked(data: bytes, document: str, graph: str, directory: Path) -> tuple[list[Finding], float]:
    """A worker's part: one document's findings and the seconds they took."""
    started = time.perf_counter()
    findings = _check_copy(_local_copy(data, graph), document, graph, load_shapes(directory))
    return findings, time.perf_counter() - started


def _per_document(
    store: Store, chosen: Sequence[str], graphs: dict[str, str], shapes: Shapes, jobs: int
) -> Iterator[tuple[list[Finding], float]]:
    """Each document's findings and seconds, in the order of ``chosen``.

    With ``jobs`` > 1 the checks run in that many worker processes: this process
    reads each document's graph from the store (the only process that opens it,
    so this works for a remote store and beside a running load) and sends it as
    N-Triples; at most ``2 * jobs`` documents are in flight.
    """
    if jobs <= 1 or len(chosen) <= 1:
        for document in chosen:
            started = time.perf_counter()
            findings = validate_document(store, document, graphs[document], shapes)
            yield findings, time.perf_counter() - started
        return
    yield from in_order(
        _checked,
        ((graph_ntriples(store, graphs[d]), d, graphs[d], shapes.directory) for d in chosen),
        jobs,
    )


def validate_nquads(data: bytes, graph: str, *, shapes: Shapes | None = None) -> Report:
    """The report of the document in ``data`` (N-Quads of its graph ``graph``), without a store.

    A parallel load checks each document so, in the worker that mapped it.

    :raises ValidationError: the graph holds no disclosure, or a shape is broken.
    """
    shapes = shapes or load_shapes()
    started = time.perf_counter()
    local = _local_copy(data, graph, ox.RdfFormat.N_QUADS)
    rows = list(local.query(_DOCUMENT, graph=graph))
    if not rows:
        raise ValidationError(f"graph {graph} holds no bkg:Disclosure")
    document = rows[0]["doc"].value
    report = Report(documents=[document])
    _describe(report, document, rows)
    report.findings = _sorted(_check_copy(local, document, graph, shapes))
    report.seconds[document] = time.perf_counter() - started
    return report


def _describe(report: Report, document: str, rows: Iterable[ox.QuerySolution]) -> None:
    for row in rows:
        report.labels[document] = row["label"].value if row["label"] is not None else document
        report.files[document] = row["file"].value if row["file"] is not None else ""


def validate(
    store: Store,
    documents: Sequence[str] = (),
    *,
    shapes: Shapes | None = None,
    graphs: dict[str, str] | None = None,
    per_document: bool = True,
    cross_document: bool = True,
    jobs: int = 1,
) -> Report:
    """Validate the given documents (IRIs; all documents when empty) of ``store``.

    ``per_document`` runs each document's own shapes; ``cross_document`` the shapes
    that compare documents, once over the whole store. A load validates each file
    on its own and runs the cross-document shapes once after the batch. ``jobs``
    > 1 checks the documents in that many processes (same findings, same order).

    :raises ValidationError: a named document is not in the store, or a shape is broken.
    """
    shapes = shapes or load_shapes()
    graphs = document_graphs(store) if graphs is None else graphs
    unknown = [d for d in documents if d not in graphs]
    if unknown:
        raise ValidationError(f"not in the store: {', '.join(unknown)}")
    chosen = list(documents) or sorted(graphs)
    report = Report(documents=chosen)
    for document in chosen:
        _describe(report, document, store.query(_DOCUMENT, graph=graphs[document]))
    if per_document:
        for document, (findings, seconds) in zip(chosen, _per_document(store, chosen, graphs, shapes, jobs)):
            report.findings.extend(findings)
            report.seconds[document] = seconds
    started = time.perf_counter()
    for check in shapes.checks:
        if check.cross_document and cross_document:
            for finding in _run_sparql(store, check, shapes.rules, {}, {}, None):
                finding = _with_document(finding)
                if finding.document in chosen:
                    report.findings.append(finding)
    report.seconds["store"] = time.perf_counter() - started
    report.findings = _sorted(report.findings)
    return report


def validate_graph(store: Store, graph: str, *, cross_document: bool = True) -> Report:
    """Validate the document held in one named graph (as ``budgetkg load`` does after each file).

    :raises ValidationError: the graph holds no disclosure.
    """
    found = [row["doc"].value for row in store.query(_DOCUMENT, graph=graph)]
    if not found:
        raise ValidationError(f"graph {graph} holds no bkg:Disclosure")
    return validate(store, found[:1], graphs={found[0]: graph}, cross_document=cross_document)


def _with_document(finding: Finding) -> Finding:
    """A cross-document finding whose constraint selects no ``?document`` is about the focus, a document."""
    return finding if finding.document else replace(finding, document=finding.focus)


def resolve_documents(store: Store, names: Sequence[str]) -> list[str]:
    """Documents named by IRI, by graph IRI or by source file name.

    :raises ValidationError: a name matches no document in the store.
    """
    graphs = document_graphs(store)
    by_file: dict[str, str] = {}
    for document, graph in graphs.items():
        for row in store.query(_DOCUMENT, graph=graph):
            if row["file"] is not None:
                by_file[row["file"].value] = document
    chosen = []
    for name in names:
        if name in graphs:
            chosen.append(name)
        elif name in graphs.values():
            chosen.append(next(d for d, g in graphs.items() if g == name))
        elif Path(name).name in by_file:
            chosen.append(by_file[Path(name).name])
        else:
            raise ValidationError(f"{name}: no such document in the store (give its IRI, graph IRI or source file name)")
    return chosen


__all__ = ["validate_graph", "validate_nquads", "graph_ntriples", "Finding", "Report", "Shapes", "ValidationError", "load_shapes", "resolve_documents", "validate"]
