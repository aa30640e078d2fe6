"""The one boundary between rdflib terms and pyoxigraph terms.

Nothing else imports both libraries' term types. Unknown term kinds fail loudly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Generic, TypeVar

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

Term = ox.NamedNode | ox.BlankNode | ox.Literal
T = TypeVar("T")


@lru_cache(maxsize=65536)
def _named(iri: str) -> ox.NamedNode:
    # The same predicates, classes and codes recur thousands of times per document.
    return ox.NamedNode(iri)


def to_ox(term: object) -> Term:
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


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_rdflib(term: Term) -> URIRef | BNode | Literal:
    """The rdflib term for a pyoxigraph term, as rdflib's N-Triples parser makes it (a plain string has no datatype)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"cannot convert {type(term).__name__} {term!r} to an rdflib term")


def rdflib_graph(triples: Iterable[ox.Triple]) -> Graph:
    """The triples as an rdflib Graph, each distinct term converted once.

    Twice as fast as serializing them and parsing the text with rdflib, which is
    what validating a document cost most besides pySHACL itself. Terms are found
    again by value, not by identity as in `_Converted`: a store gives a new object
    for each occurrence, and pyoxigraph terms hash cheaply.
    """
    converted: dict[Term, URIRef | BNode | Literal] = {}

    def convert(term: Term) -> URIRef | BNode | Literal:
        found = converted.get(term)
        if found is None:
            found = converted[term] = to_rdflib(term)
        return found

    graph = Graph()
    for t in triples:
        graph.add((convert(t.subject), convert(t.predicate), convert(t.object)))  # type: ignore[arg-type]
    return graph


class _Converted(Generic[T]):
    """``form`` of each term's pyoxigraph conversion, made once per term object.

    A mapped graph repeats the same term objects (its subjects, predicates, shared
    literals) in many triples; they are found again by identity: ``by_id.get(id(term))``,
    else `add`. A term added is kept alive, so that its id cannot be reused by another
    term meanwhile. Calling it does both; a hot loop inlines ``by_id.get`` instead.
    """

    def __init__(self, form: Callable[[Term], T]) -> None:
        self.form = form
        self.by_id: dict[int, T] = {}
        self._kept: list[object] = []

    def add(self, term: object) -> T:
        self._kept.append(term)
        found = self.by_id[id(term)] = self.form(to_ox(term))
        return found

    def __call__(self, term: object) -> T:
        found = self.by_id.get(id(term))
        return self.add(term) if found is None else found


def quads(graph_name: URIRef, triples: Iterable[tuple[object, object, object]]) -> Iterator[ox.Quad]:
    """The triples as pyoxigraph quads in the named graph ``graph_name``."""
    name = ox.NamedNode(str(graph_name))
    convert = _Converted(lambda term: term)
    for s, p, o in triples:
        yield ox.Quad(convert(s), convert(p), convert(o), name)  # type: ignore[arg-type]


def nquads(graph_name: URIRef, triples: Iterable[tuple[object, object, object]]) -> bytes:
    """The triples as N-Quads in the named graph ``graph_name``: what `quads` gives, serialized.

    Each term is written by Oxigraph (its N-Triples form, escapes included) once, and
    found again by identity (`_Converted`), its lookup inlined in the loop rather
    than a Python call per term; the lines are then joined, without
    building a Quad per triple. A parallel load pays this for every document.
    """
    end = f" {ox.NamedNode(str(graph_name))} .\n"
    text = _Converted(str)
    get, add = text.by_id.get, text.add
    # `or`: a term's N-Triples form is never empty
    return "".join([f"{get(id(s)) or add(s)} {get(id(p)) or add(p)} {get(id(o)) or add(o)}{end}" for s, p, o in triples]).encode()
