"""The store interface every caller uses, and `open_store`, which picks the backend.

Two backends hold the same graphs and answer the same queries:
- `budgetkg.store.GraphStore`: an Oxigraph store in a folder (the default);
- `budgetkg.remote.RemoteStore`: a triple store reached over HTTP through the
  SPARQL 1.1 Protocol (query and update) and the Graph Store HTTP Protocol.

A location is a folder, or an ``http(s)://`` URL naming the remote store's
query endpoint. Query results are pyoxigraph's types from either backend.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol, runtime_checkable

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from budgetkg.store import ENV_VAR, GraphStore, StoreError, default_path

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
Substitutions = dict[str, ox.NamedNode | ox.Literal]


@runtime_checkable
class Store(Protocol):
    """A dataset of named graphs, one per document (plus the registry and resolution graphs)."""

    @property
    def location(self) -> str:
        """The folder or URL, for messages."""
        ...

    def replace_graph(self, name: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> int:
        """Replace the named graph's content atomically; returns the triple count."""
        ...

    def replace_graph_nquads(self, name: str, data: bytes) -> int:
        """`replace_graph` for a graph serialized as N-Quads (all in graph ``name``)."""
        ...

    def add_new_graphs(self, data: bytes, count: int) -> None:
        """Add ``count`` quads serialized as N-Quads, all in graphs not in the store (a parallel load's batch)."""
        ...

    def has_graph(self, name: str) -> bool: ...

    def remove_graph(self, name: str) -> None: ...

    def graphs(self) -> list[str]:
        """The named graphs budgetkg wrote, sorted."""
        ...

    def count(self, name: str | None = None) -> int:
        """Triples in the named graph, or quads in all of them."""
        ...

    def query(self, sparql: str, substitutions: Substitutions | None = None, *, graph: str | None = None):  # type: ignore[no-untyped-def]
        """Run ``sparql`` over the union of the graphs (``graph`` None) or with one named graph as default graph.

        :raises SyntaxError: the query is not valid SPARQL.
        :raises RuntimeError: the query could not be evaluated (a remote store's error included).
        """
        ...

    def triples(self, graph: str, predicate: str) -> Iterator[ox.Triple]:
        """The triples of one named graph with one predicate."""
        ...

    def graph_triples(self, name: str) -> list[ox.Triple]:
        """Every triple of one named graph (none when it is not there)."""
        ...

    def quads(self) -> Iterator[ox.Quad]: ...

    def dump(self, fmt: ox.RdfFormat) -> bytes: ...

    def flush(self) -> None: ...

    def close(self) -> None: ...

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc: object) -> None: ...


def is_remote(location: str | Path) -> bool:
    return str(location).startswith(("http://", "https://"))


def default_location() -> str:
    """``$BUDGETKG_STORE``, or ./budgetkg-store."""
    return os.environ.get(ENV_VAR) or str(default_path())


def open_store(location: str | Path | None = None, *, read_only: bool = False) -> Store:
    """The store at ``location`` (default: ``$BUDGETKG_STORE`` or ./budgetkg-store).

    ``read_only`` opens a folder without its write lock (reads beside a load);
    for a remote store it only promises that nothing will be written.

    :raises StoreError: the folder holds no store (read-only), or the remote
        endpoint does not answer.
    """
    where = str(location) if location is not None else default_location()
    if is_remote(where):
        from budgetkg.remote import RemoteStore, endpoints_from_env

        return RemoteStore(endpoints_from_env(where), read_only=read_only)
    return GraphStore(Path(where), read_only=read_only)


__all__ = ["ENV_VAR", "QueryResult", "Store", "StoreError", "default_location", "is_remote", "open_store"]
