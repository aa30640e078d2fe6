"""The on-disk graph store (Oxigraph), one named graph per document.

Replacing a document's graph is atomic, and costs what changed:
- a new document is added by Oxigraph's bulk loader (`Store.bulk_extend`,
  `Store.bulk_load`), at a third of the cost of a transaction;
- a document loaded again unchanged writes nothing;
- a changed document is written to a staging graph, then moved over the old
  graph by one SPARQL update (one transaction).
A reader sees the old document or the new one, never a mix; a load killed
half-way leaves at most a staging graph, and the bulk loader's unfinished
``bulk-*.sst`` files (never part of the store): the next writable open
removes both, once it holds the store's lock, so no other writer is using them.

The bulk loader is not transactional in general, but below its batch size (a
million quads) it writes one batch: it sorts the quads into one file per index
and hands all of them to RocksDB in one ingestion, which is atomic, for
readers and against a crash alike. A graph of `BULK_LIMIT` quads or more is
therefore added by a transaction instead. tests/test_store.py and
tests/test_robust_load.py pin both halves (readers during bulk writes, SIGKILL).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from budgetkg.binding import BindingError, bind
from budgetkg.terms import quads

DEFAULT_PATH = Path("budgetkg-store")
ENV_VAR = "BUDGETKG_STORE"
_STAGING = "urn:budgetkg:staging:"
# Well below pyoxigraph's bulk batch (1,000,000 quads), so that a bulk write is one atomic ingestion.
BULK_LIMIT = 500_000
# The files the bulk loader builds before RocksDB ingests (moves) them; left behind only by a killed write.
_BULK_FILES = "bulk-*.sst"


def default_path() -> Path:
    return Path(os.environ.get(ENV_VAR, str(DEFAULT_PATH)))


class StoreError(Exception):
    """The store folder cannot be opened (missing, or not an Oxigraph store)."""


class GraphStore:
    """An Oxigraph store at ``path`` (created when missing).

    ``read_only`` opens an existing store without its write lock, so that a
    query, an export or a validation can run while another process loads: it
    sees the store as it was when opened.

    :raises StoreError: read-only, and ``path`` holds no store.
    """

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        if read_only:
            if not path.is_dir():
                raise StoreError(f"no store at {path}: load documents into it first")
            try:
                self.ox = ox.Store.read_only(str(path))
            except OSError as exc:
                raise StoreError(f"cannot open the store at {path}: {exc}") from None
            return
        path.mkdir(parents=True, exist_ok=True)
        self.ox = ox.Store(str(path))
        for unfinished in path.glob(_BULK_FILES):
            unfinished.unlink(missing_ok=True)
        for name in list(self.ox.named_graphs()):
            if isinstance(name, ox.NamedNode) and name.value.startswith(_STAGING):
                self.ox.remove_graph(name)

    @classmethod
    def in_memory(cls) -> GraphStore:
        """An empty store in memory, gone when closed (no folder, no lock)."""
        store = cls.__new__(cls)
        store.path = Path(":memory:")
        store.read_only = False
        store.ox = ox.Store()
        return store

    def close(self) -> None:
        """Release the store (Oxigraph holds a lock on the folder while open)."""
        if hasattr(self, "ox"):
            if not self.read_only:
                self.ox.flush()
            del self.ox

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def replace_graph(self, name: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> int:
        """Replace the named graph's content with ``triples``; returns the triple count."""
        return self._put(ox.NamedNode(str(name)), set(quads(name, triples)))

    def replace_graph_nquads(self, name: str, data: bytes) -> int:
        """`replace_graph` for a graph serialized as N-Quads, all in graph ``name``."""
        return self._put(ox.NamedNode(name), set(ox.parse(data, format=ox.RdfFormat.N_QUADS)))

    def _put(self, target: ox.NamedNode, new: set[ox.Quad]) -> int:
        """Make graph ``target`` hold ``new``: added when absent, else replaced (or left when equal)."""
        if not self.has_graph(target.value):
            self._add(new, len(new))
        else:
            self._replace(target, new)
        return len(new)

    def add_new_graphs(self, data: bytes, count: int) -> None:
        """Add ``count`` quads serialized as N-Quads, all in graphs not in the store, at once.

        A parallel load adds several new documents so: from the bytes to the
        store without a Python object per quad, in one ingestion.
        """
        if count < BULK_LIMIT:
            self.ox.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        else:
            self.ox.load(data, format=ox.RdfFormat.N_QUADS)

    def has_graph(self, name: str) -> bool:
        return next(iter(self.ox.quads_for_pattern(None, None, None, ox.NamedNode(name))), None) is not None

    def _add(self, new: Iterable[ox.Quad], count: int) -> None:
        """Add the quads of a graph not in the store, all at once (one ingestion, or one transaction)."""
        if count < BULK_LIMIT:
            self.ox.bulk_extend(new)
        else:
            self.ox.extend(new)

    def _replace(self, target: ox.NamedNode, new: set[ox.Quad]) -> None:
        """Replace a graph in the store by ``new``: nothing written when equal, else staged then moved."""
        old = set(self.ox.quads_for_pattern(None, None, None, target))
        if old == new:
            return
        staging = ox.NamedNode(_STAGING + uuid.uuid4().hex)
        # A staging graph left by a crash is removed by the next open, so it may be written in bulk.
        self._add([ox.Quad(q.subject, q.predicate, q.object, staging) for q in new], len(new))
        self.ox.update(f"DROP SILENT GRAPH {target} ; MOVE SILENT {staging} TO {target}")

    def graphs(self) -> list[str]:
        return sorted(n.value for n in self.ox.named_graphs() if isinstance(n, ox.NamedNode))

    def count(self, name: str | None = None) -> int:
        graph = ox.NamedNode(name) if name else None
        return sum(1 for _ in self.ox.quads_for_pattern(None, None, None, graph))

    def query(self, sparql: str, substitutions: dict[str, ox.NamedNode | ox.Literal] | None = None, *, graph: str | None = None):  # type: ignore[no-untyped-def]
        """Run ``sparql`` over the union of all graphs, or with the named ``graph`` as its default graph.

        ``substitutions`` are bound by `budgetkg.binding.bind`, as on a remote store (and also in the
        subqueries where that gives the same rows): pyoxigraph's own ``substitutions=`` leaves a
        variable unbound inside ``BIND`` expressions.
        """
        try:
            text = bind(sparql, substitutions or {}, subqueries=True)
        except BindingError as exc:
            raise SyntaxError(str(exc)) from None
        if graph is not None:
            return self.ox.query(text, default_graph=ox.NamedNode(graph))
        return self.ox.query(text, use_default_graph_as_union=True)

    @classmethod
    def copy_in_memory(cls, data: bytes, fmt: ox.RdfFormat, graph: str) -> GraphStore:
        """An in-memory store holding ``data``: N-Quads as they are, N-Triples in named graph ``graph``.

        By the bulk loader: no Python object per triple.
        """
        store = cls.in_memory()
        store.ox.bulk_load(data, format=fmt, to_graph=ox.NamedNode(graph) if fmt == ox.RdfFormat.N_TRIPLES else None)
        return store

    def graph_ntriples(self, name: str) -> bytes:
        """The named graph as N-Triples, serialized by Oxigraph (empty when it is not there)."""
        return self.ox.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))  # type: ignore[no-any-return]

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        return self.ox.dump(format=fmt)  # type: ignore[no-any-return]

    def quads(self) -> Iterator[ox.Quad]:
        return iter(self.ox)

    def flush(self) -> None:
        self.ox.flush()

    @property
    def location(self) -> str:
        return str(self.path)

    def remove_graph(self, name: str) -> None:
        """Remove the named graph (nothing when it is not there)."""
        target = ox.NamedNode(name)
        if self.ox.contains_named_graph(target):
            self.ox.remove_graph(target)

    def graph_triples(self, name: str) -> list[ox.Triple]:
        """Every triple of the named graph (none when it is not there)."""
        return [ox.Triple(q.subject, q.predicate, q.object) for q in self.ox.quads_for_pattern(None, None, None, ox.NamedNode(name))]

    def triples(self, graph: str, predicate: str) -> Iterator[ox.Triple]:
        """The triples of the named ``graph`` with ``predicate``."""
        for q in self.ox.quads_for_pattern(None, ox.NamedNode(predicate), None, ox.NamedNode(graph)):
            yield ox.Triple(q.subject, q.predicate, q.object)
