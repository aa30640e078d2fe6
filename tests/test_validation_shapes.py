"""Every shape tested as data: tests/shapes/<Shape>/conforms.ttl has no finding of
that shape, violates.ttl has exactly the focus nodes listed in violates.expected.
A cross-document shape compares documents, so its cases are TriG (conforms.trig,
violates.trig), one named graph per document, loaded into the store as such.

Each case runs through budgetkg's validator (pySHACL for core constraints,
Oxigraph for SPARQL constraints) and through pySHACL alone; both must agree.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
from rdflib import RDF, BNode, Graph, URIRef
from rdflib.namespace import SH

from budgetkg.store import GraphStore
from budgetkg.validation import SHAPES_NS, load_shapes, local_name, validate, validate_document
from budgetkg.vocab import BKG

CASES = Path(__file__).parent / "shapes"
SHAPES = load_shapes()
GRAPH = "https://w3id.org/budgetkg/id/test/graph"
DOCUMENT = "https://w3id.org/budgetkg/id/test/doc"
CROSS_DOCUMENT = {local_name(c.shape) for c in SHAPES.checks if c.cross_document}


def _cases() -> list[tuple[str, str]]:
    return [(shape.name, kind) for shape in sorted(CASES.iterdir()) if shape.is_dir() for kind in ("conforms", "violates")]


def _expected(shape: str, kind: str) -> set[str]:
    if kind == "conforms":
        return set()
    return set((CASES / shape / "violates.expected").read_text(encoding="utf-8").split())


def _documents(shape: str, kind: str) -> dict[str, Graph]:
    """The case's graphs by name: one per document for a cross-document shape."""
    if shape not in CROSS_DOCUMENT:
        graph = Graph()
        graph.parse(CASES / shape / f"{kind}.ttl", format="turtle")
        return {GRAPH: graph}
    triples: dict[str, list[ox.Triple]] = defaultdict(list)
    for quad in ox.parse(path=CASES / shape / f"{kind}.trig", format=ox.RdfFormat.TRIG):
        assert isinstance(quad.graph_name, ox.NamedNode), f"{shape}/{kind}.trig: every triple is in a document's graph"
        triples[quad.graph_name.value].append(quad.triple)
    graphs = {}
    for name, found in triples.items():
        graphs[name] = Graph().parse(data=ox.serialize(found, format=ox.RdfFormat.N_TRIPLES), format="nt")
    assert len(graphs) >= 2, f"{shape}/{kind}.trig: a cross-document case needs two documents' graphs"
    return graphs


def _data(shape: str, kind: str) -> Graph:
    """The union of the case's graphs: what pySHACL (and a cross-document shape) sees."""
    union = Graph()
    for graph in _documents(shape, kind).values():
        for triple in graph:
            union.add(triple)
    return union


def test_every_shape_has_test_cases() -> None:
    assert sorted(SHAPES.rules) == sorted(p.name for p in CASES.iterdir() if p.is_dir())


@pytest.mark.parametrize(("shape", "kind"), _cases())
def test_budgetkg_validator(shape: str, kind: str, tmp_path: Path) -> None:
    with GraphStore(tmp_path / "store") as store:
        for name, graph in _documents(shape, kind).items():
            store.replace_graph(URIRef(name), graph)
        findings = validate(store).findings if shape in CROSS_DOCUMENT else validate_document(store, DOCUMENT, GRAPH)
    got = {f.focus for f in findings if f.rule == shape}
    assert got == _expected(shape, kind)
    for f in findings:
        if f.rule == shape:
            assert f.message_zh and f.message_en and "{?" not in f.message_zh + f.message_en
            if shape in CROSS_DOCUMENT:  # reported in the focus's own document, at its line
                assert URIRef(f.document) in set(_documents(shape, kind)[_graph_of(f.focus, shape, kind)].subjects(RDF.type, BKG.Disclosure))
                assert f.line_start is not None


def _graph_of(node: str, shape: str, kind: str) -> str:
    return next(name for name, graph in _documents(shape, kind).items() if (URIRef(node), None, None) in graph)


def _shape_graph(shape: str) -> Graph:
    """The shape under test with everything it refers to, and the prefix declarations."""
    graph = Graph()
    todo: list[object] = [URIRef(SHAPES_NS + shape), URIRef(SHAPES_NS.rstrip("#"))]
    seen: set[object] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for p, o in SHAPES.graph.predicate_objects(node):  # type: ignore[arg-type]
            graph.add((node, p, o))  # type: ignore[arg-type]
            if isinstance(o, BNode) or p == SH.prefixes:
                todo.append(o)
    return graph


@pytest.mark.parametrize(("shape", "kind"), _cases())
def test_pyshacl_agrees(shape: str, kind: str) -> None:
    conforms, results, text = pyshacl.validate(_data(shape, kind), shacl_graph=_shape_graph(shape), inference="none")
    assert isinstance(results, Graph), text
    got = {str(results.value(r, SH.focusNode)) for r in results.subjects(RDF.type, SH.ValidationResult)}
    assert got == _expected(shape, kind)


def test_every_shape_has_a_message_in_chinese_and_english() -> None:
    graph = SHAPES.graph
    shapes = set(graph.subjects(RDF.type, SH.NodeShape)) | set(graph.objects(None, SH.property)) | set(graph.objects(None, SH.sparql))
    for shape in shapes:
        langs = {getattr(m, "language", None) for m in graph.objects(shape, SH.message)}
        assert {"zh", "en"} <= langs, f"{shape} lacks sh:message @zh and @en"
