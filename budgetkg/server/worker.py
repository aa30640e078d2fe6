"""The child side of the query pool: one process, one view of the store.

A worker opens the store (read-only, or read-write for the single write
worker), says it is ready, then answers jobs one at a time over a pipe. The
parent may kill it at any moment: that is how a query is stopped, since
pyoxigraph cannot interrupt one. A killed read-only worker leaves nothing
behind; a killed writer loses only its uncommitted transaction.

An answer is computed in full before it is sent, so the parent never starts
an HTTP response it might have to cut short.
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import IO, cast
from typing import Literal as Kind

import pyoxigraph as ox

from budgetkg.binding import BindingError, bind

TermKind = Kind["uri", "literal", "bnode", "triple"]


@dataclass(frozen=True)
class Term:
    """An RDF term as plain data, to cross the process boundary."""

    kind: TermKind
    value: str
    datatype: str | None = None
    lang: str | None = None


@dataclass(frozen=True)
class Job:
    """One query or update for a worker.

    ``media_type`` names the serialization of the answer; ``None`` asks for
    rows (`Term`s) for the HTML pages. ``window`` (first row, number of rows)
    keeps only those rows of such an answer; the others are counted, not
    converted. ``default_graphs`` / ``named_graphs`` are the protocol's dataset
    (``None``: the union of the document graphs).
    """

    sparql: str
    form: str
    media_type: str | None = None
    substitutions: tuple[tuple[str, Term], ...] = ()
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    max_bytes: int = 0
    window: tuple[int, int] | None = None
    # Graph Store Protocol writes: ("put" | "post" | "delete", graph or None for default, data, format)
    graph_write: tuple[str, str | None, bytes, str] | None = None


@dataclass(frozen=True)
class Answer:
    body: bytes = b""
    variables: tuple[str, ...] = ()
    rows: tuple[dict[str, Term], ...] = ()
    total: int = 0  # the number of rows of the result, ``rows`` holding those in the job's window
    boolean: bool | None = None
    changed: bool = False


@dataclass(frozen=True)
class Failure:
    """A query that could not be answered; ``kind`` is syntax, refused (a request the store cannot do), too-large or error."""

    kind: str
    message: str
    extra: dict[str, str] = field(default_factory=dict)


class ResultTooLarge(Exception):
    pass


class _CappedBuffer(io.RawIOBase):
    """A byte buffer that refuses to grow past ``limit`` (0: no limit)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, chunk: bytes) -> int:  # type: ignore[override]
        self.data += chunk
        if self.limit and len(self.data) > self.limit:
            raise ResultTooLarge(f"the result is larger than the server's limit of {self.limit} bytes")
        return len(chunk)


def to_term(term: object) -> Term:
    if isinstance(term, ox.NamedNode):
        return Term("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    if isinstance(term, ox.Literal):
        return Term("literal", term.value, term.datatype.value, term.language)
    if isinstance(term, ox.Triple):
        return Term("triple", str(term))
    raise TypeError(f"unexpected term {term!r}")


def to_ox(term: Term) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    if term.kind == "uri":
        return ox.NamedNode(term.value)
    if term.kind == "bnode":
        return ox.BlankNode(term.value)
    if term.kind == "literal":
        if term.lang:
            return ox.Literal(term.value, language=term.lang)
        return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype) if term.datatype else None)
    raise TypeError(f"cannot bind a {term.kind} term")


def _graphs(names: tuple[str, ...]) -> list[ox.NamedNode]:
    return [ox.NamedNode(n) for n in names]


def execute(store: ox.Store, job: Job) -> Answer:
    """Run ``job`` on ``store``; the answer is complete or an exception is raised."""
    if job.graph_write is not None:
        return _write_graph(store, job.graph_write)
    if job.form == "update":
        store.update(job.sparql)
        return Answer(changed=True)
    # Bound as on the embedded store (`GraphStore.query`), into subqueries too: pyoxigraph's substitutions=
    # leave BIND expressions unbound.
    try:
        values = {k: cast(ox.NamedNode | ox.Literal, to_ox(v)) for k, v in job.substitutions}
        sparql = bind(job.sparql, values, subqueries=True)
    except BindingError as exc:
        raise SyntaxError(str(exc)) from None
    kwargs: dict[str, object] = {}
    if job.default_graphs is None and job.named_graphs is None:
        kwargs["use_default_graph_as_union"] = True
    else:
        kwargs["default_graph"] = _graphs(job.default_graphs or ()) or ox.DefaultGraph()
        kwargs["named_graphs"] = _graphs(job.named_graphs or ())
    return answer(store.query(sparql, **kwargs), job)  # type: ignore[arg-type]


def answer(result: object, job: Job) -> Answer:
    """A query's result as the answer ``job`` asks for: rows, or bytes in ``job.media_type``."""
    if isinstance(result, ox.QueryBoolean):
        if job.media_type is None:
            return Answer(boolean=bool(result))
        return Answer(body=_serialize_results(result, job), boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        if job.media_type is None:
            names = tuple(v.value for v in result.variables)
            first, count = job.window or (0, sys.maxsize)
            rows, total = [], 0
            for total, solution in enumerate(result, 1):
                if first < total <= first + count:
                    rows.append({name: to_term(solution[name]) for name in names if solution[name] is not None})
            return Answer(variables=names, rows=tuple(rows), total=total)
        return Answer(body=_serialize_results(result, job))
    buffer = _CappedBuffer(job.max_bytes)
    ox.serialize(result, cast(IO[bytes], buffer), ox.RdfFormat.from_media_type(job.media_type or "text/turtle"))  # type: ignore[arg-type]
    return Answer(body=bytes(buffer.data))


def _serialize_results(result: ox.QuerySolutions | ox.QueryBoolean, job: Job) -> bytes:
    buffer = _CappedBuffer(job.max_bytes)
    fmt = ox.QueryResultsFormat.from_media_type(job.media_type or "application/sparql-results+json")
    result.serialize(cast(IO[bytes], buffer), fmt)
    return bytes(buffer.data)


def _write_graph(store: ox.Store, write: tuple[str, str | None, bytes, str]) -> Answer:
    action, graph, data, media_type = write
    target: ox.NamedNode | ox.DefaultGraph = ox.NamedNode(graph) if graph else ox.DefaultGraph()
    existed = graph is None or store.contains_named_graph(target)
    if action in ("put", "delete"):
        if graph is None:
            store.clear_graph(ox.DefaultGraph())
        elif existed:
            store.remove_graph(target)
    if action in ("put", "post"):
        fmt = ox.RdfFormat.from_media_type(media_type)
        if fmt is None:
            raise ValueError(f"unsupported RDF media type {media_type}")
        store.extend(ox.Quad(t.subject, t.predicate, t.object, target) for t in ox.parse(data, fmt))
    return Answer(changed=existed)


def main(conn: Connection, path: str, writable: bool) -> None:
    """Worker process entry point."""
    try:
        store = ox.Store(path) if writable else ox.Store.read_only(path)
    except OSError as exc:
        conn.send(Failure("error", f"cannot open the store {path}: {exc}"))
        return
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        try:
            conn.send(execute(store, job))
        except SyntaxError as exc:
            conn.send(Failure("syntax", str(exc)))
        except ResultTooLarge as exc:
            conn.send(Failure("too-large", str(exc)))
        except (OSError, ValueError, RuntimeError, TypeError) as exc:
            conn.send(Failure("error", f"{type(exc).__name__}: {exc}"))
        if writable:
            store.flush()
