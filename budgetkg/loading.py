"""One document from file to store: parse, map, replace its graph.

The library entry point for loading; the CLI, the server and the tests call
it, so that a document is always loaded the same way.

`load_documents` loads many: each document is parsed, mapped and serialized
as N-Quads (`_prepare`), with ``jobs`` > 1 in that many worker processes, while
this process writes the graphs to the store in the order given (a worker's
N-Quads bytes cost a tenth of pickling terms; at most ``2 * jobs`` documents are
in flight). New documents are written in batches of at most `BATCH` quads,
straight from those bytes by Oxigraph's bulk loader: one ingestion per batch,
all of the batch's documents or none, three times cheaper than a transaction
per document. Larger batches were not faster (100,000, 250,000 and 500,000
quads at 1,000 documents: 120, 144 and 143 s), and the bulk loader holds its
whole batch in memory (1.5 to 2 KB a quad), so the batch size, not the number
of documents, sets the load's peak memory. The store is flushed every
`FLUSH_EVERY` triples written: Oxigraph keeps writes in memory until flushed,
which made memory grow with every document (7 MB each) and slowed each write as
it grew; flushed, both stay flat.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from budgetkg.loaders.document import read_document
from budgetkg.loaders.errors import DocumentError
from budgetkg.loaders.records import Disclosure, ParseIssue
from budgetkg.mapping import map_disclosure
from budgetkg.parallel import in_order
from budgetkg.backend import Store
from budgetkg.terms import nquads
from budgetkg.validation import Report, validate_nquads


@dataclass(frozen=True)
class Summary:
    """What a load reports of a document's parse.

    A worker sends this back rather than the `Disclosure`, whose every table row
    would be pickled there and unpickled by the process that writes the store.
    """

    department: str
    year: int
    kind: str
    tables: int
    projects: int
    citations: int  # in the projects' 立项依据
    issues: tuple[ParseIssue, ...]

    @classmethod
    def of(cls, d: Disclosure) -> Summary:
        citations = sum(len(item.citations) for p in d.projects for item in p.basis)
        return cls(d.department, d.year, d.kind, len(d.tables), len(d.projects), citations, tuple(d.issues))


@dataclass(frozen=True)
class Loaded:
    """A document now in the store: what was read, its named graph and its size."""

    path: Path
    summary: Summary
    graph: str
    triples: int
    report: Report | None = None  # its validation, when a worker did it


def load_document(store: Store, path: Path) -> Loaded:
    """Read ``path`` and replace its document's graph in ``store``.

    :raises budgetkg.loaders.errors.DocumentError: the file is not a readable
        disclosure; the store is left unchanged.
    """
    disclosure = read_document(path)
    mapped = map_disclosure(disclosure)
    count = store.replace_graph(mapped.name, mapped.triples)
    return Loaded(path, Summary.of(disclosure), str(mapped.name), count)


def load_documents(store: Store, paths: Sequence[Path], *, jobs: int = 1, check: bool = False) -> Iterator[Loaded | DocumentError]:
    """Load each of ``paths`` into ``store``, yielding its result in order.

    A document that cannot be loaded yields its `DocumentError` (the store is
    left without it) and the others still load. ``jobs`` > 1 parses and maps in
    that many processes; with ``check`` the document's own shapes are also
    checked on the graph just mapped (`Loaded.report`), so with ``jobs`` > 1
    validation is shared out too. Serial or not, new documents are written in
    batches (`_Batch`), and each result is yielded once its document is in the store.

    >>> # for result in load_documents(store, files, jobs=2): ...
    """
    written = 0
    for result in _load(store, paths, jobs, check):
        if isinstance(result, Loaded):
            written += result.triples
            if written >= FLUSH_EVERY:
                store.flush()
                written = 0
        yield result


FLUSH_EVERY = 50_000  # triples: about seven documents


def _load(store: Store, paths: Sequence[Path], jobs: int, check: bool) -> Iterator[Loaded | DocumentError]:
    if jobs <= 1 or len(paths) <= 1:
        prepared: Iterable[_Prepared] = (_prepare(path, check) for path in paths)
    else:
        prepared = in_order(_prepare, ((path, check) for path in paths), jobs)
    batch = _Batch(store)
    for document in prepared:
        yield from batch.take(document)
    yield from batch.write()


# Quads of new documents written together, at most (about 14 documents); below store.BULK_LIMIT, so one ingestion.
BATCH = 100_000


class _Batch:
    """Documents prepared by the workers, written to the store in order.

    New documents (their graph not in the store) are gathered and added
    together, by one bulk write of at most `BATCH` quads (one ingestion:
    all of them or none). A document already in the store goes through
    `Store.replace_graph`'s rules (unchanged: nothing written; changed:
    replaced in one transaction), after the documents gathered before it.
    Results are yielded once their document is in the store, in order.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.data: list[bytes] = []
        self.quads = 0
        self.graphs: set[str] = set()
        self.results: list[Loaded | DocumentError] = []

    def take(self, prepared: _Prepared) -> Iterator[Loaded | DocumentError]:
        if prepared.issues is not None:
            self.results.append(DocumentError(prepared.path, prepared.issues))
            if not self.data:
                yield from self.write()
            return
        assert prepared.summary is not None and prepared.name is not None
        loaded = Loaded(prepared.path, prepared.summary, prepared.name, prepared.count, prepared.report)
        if prepared.name in self.graphs or self.store.has_graph(prepared.name):
            yield from self.write()
            count = self.store.replace_graph_nquads(prepared.name, prepared.nquads)
            yield dataclasses.replace(loaded, triples=count)
            return
        if self.quads + prepared.count > BATCH:
            yield from self.write()  # a batch stays within BATCH quads (unless one document alone exceeds it)
        self.data.append(prepared.nquads)
        self.quads += prepared.count
        self.graphs.add(prepared.name)
        self.results.append(loaded)

    def write(self) -> Iterator[Loaded | DocumentError]:
        if self.data:
            data, self.data = b"".join(self.data), []  # the parts are freed before the write, the batch held once
            self.store.add_new_graphs(data, self.quads)
            del data  # not kept alive while the results are yielded
        results = self.results
        self.data, self.quads, self.graphs, self.results = [], 0, set(), []
        yield from results


@dataclass(frozen=True)
class _Prepared:
    """A document prepared for the store (by a worker, or in this process): its summary and graph, or the problems that stopped it."""

    path: Path
    summary: Summary | None = None
    name: str | None = None
    nquads: bytes = b""
    count: int = 0  # quads in nquads
    issues: tuple[ParseIssue, ...] | None = None
    report: Report | None = None  # the document's own shapes, when asked to check


def _prepare(path: Path, check: bool = False) -> _Prepared:
    try:
        disclosure = read_document(path)
    except DocumentError as exc:
        # DocumentError does not survive pickling (its constructor takes two arguments): send its parts.
        return _Prepared(path, issues=exc.issues)
    mapped = map_disclosure(disclosure)
    data = nquads(mapped.name, mapped.triples)
    # the graph is at hand here: checking it now spares the parent, which writes the store, from doing it
    report = validate_nquads(data, str(mapped.name)) if check else None
    return _Prepared(path, Summary.of(disclosure), str(mapped.name), data, len(mapped.triples), report=report)
