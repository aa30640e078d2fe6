"""The one boundary between rdflib terms and pyoxigraph terms.

Nothing else imports both libraries' term types. Unknown term kinds fail loudly.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef


@lru_cache(maxsize=65536)
def _named(iri: str) -> ox.NamedNode:
    # The same predicates, classes and codes recur thousands of times per document.
    return ox.NamedNode(iri)


def to_ox(term: object) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return term  # already converted (a graph read back from N-Quads by a parallel load)
    if isinstance(term, URIRef):
        return _named(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=_named(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {type(term).__name__} {term!r} to a pyoxigraph term")


def quads(graph_name: URIRef, triples: Iterable[tuple[object, object, object]]) -> Iterator[ox.Quad]:
    """The triples as pyoxigraph quads in the named graph ``graph_name``."""
    name = ox.NamedNode(str(graph_name))
    for s, p, o in triples:
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), name)  # type: ignore[arg-type]
