"""One document from file to store: parse, map, replace its graph.

The library entry point for loading; the CLI, the server and the tests call
it, so that a document is always loaded the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from budgetkg.loaders.document import read_document
from budgetkg.loaders.records import Disclosure
from budgetkg.mapping import map_disclosure
from budgetkg.store import GraphStore


@dataclass(frozen=True)
class Loaded:
    """A document now in the store: its parse, its named graph and its size."""

    path: Path
    disclosure: Disclosure
    graph: str
    triples: int


def load_document(store: GraphStore, path: Path) -> Loaded:
    """Read ``path`` and replace its document's graph in ``store``.

    :raises budgetkg.loaders.errors.DocumentError: the file is not a readable
        disclosure; the store is left unchanged.
    """
    disclosure = read_document(path)
    mapped = map_disclosure(disclosure)
    count = store.replace_graph(mapped.name, mapped.triples)
    return Loaded(path, disclosure, str(mapped.name), count)
