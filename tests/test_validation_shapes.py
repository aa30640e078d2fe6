"""Every shape tested as data: tests/shapes/<Shape>/conforms.ttl has no finding of
that shape, violates.ttl has exactly the focus nodes listed in violates.expected.
Cross-document shapes have TriG cases instead (conforms.trig, violates.trig): one
named graph per document, validated over the whole store.

Each case runs through budgetkg's validator (pySHACL for core constraints,
Oxigraph for SPARQL constraints) and through pySHACL alone; both must agree.
"""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, URIRef
from rdflib.namespace import SH

from budgetkg.store import GraphStore
from budgetkg.validation import SHAPES_NS, load_shapes, validate, validate_document
from budgetkg.vocab import BKG

CASES = Path(__file__).parent / "shapes"
SHAPES = load_shapes()
GRAPH = "https://w3id.org/budgetkg/id/test/graph"
DOCUMENT = "https://w3id.org/budgetkg/id/test/doc"


def _cases() -> list[tuple[str, str]]:
    return [(shape.name, kind) for shape in sorted(CASES.iterdir()) if shape.is_dir() for kind in ("conforms", "violates")]


def _expected(shape: str, kind: str) -> set[str]:
    if kind == "conforms":
        return set()
    return set((CASES / shape / "violates.expected").read_text(encoding="utf-8").split())


def _documents(shape: str, kind: str) -> list[ox.Quad] | None:
    """A cross-document case: its documents' graphs, as quads."""
    path = CASES / shape / f"{kind}.trig"
    if not path.is_file():
        return None
    return list(ox.parse(path.read_bytes(), format=ox.RdfFormat.TRIG))


def _store_documents(store: GraphStore, documents: list[ox.Quad]) -> None:
    """A cross-document case into the store, each document in its named graph."""
    for name in {q.graph_name.value for q in documents if isinstance(q.graph_name, ox.NamedNode)}:
        store.replace_graph(URIRef(name), [(q.subject, q.predicate, q.object) for q in documents if q.graph_name == ox.NamedNode(name)])


def _data(shape: str, kind: str) -> Graph:
    """The case as one graph (for a cross-document case, the union of its documents)."""
    graph = Graph()
    documents = _documents(shape, kind)
    if documents is not None:
        triples = (ox.Triple(q.subject, q.predicate, q.object) for q in documents)
        graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
        return graph
    graph.parse(CASES / shape / f"{kind}.ttl", format="turtle")
    return graph


def test_every_shape_has_test_cases() -> None:
    assert sorted(SHAPES.rules) == sorted(p.name for p in CASES.iterdir() if p.is_dir())


@pytest.mark.parametrize(("shape", "kind"), _cases())
def test_budgetkg_validator(shape: str, kind: str, tmp_path: Path) -> None:
    documents = _documents(shape, kind)
    with GraphStore(tmp_path / "store") as store:
        if documents is None:
            store.replace_graph(URIRef(GRAPH), _data(shape, kind))
            findings = validate_document(store, DOCUMENT, GRAPH)
        else:
            _store_documents(store, documents)
            findings = validate(store).findings
    got = {f.focus for f in findings if f.rule == shape}
    assert got == _expected(shape, kind)
    for f in findings:
        if f.rule == shape:
            assert f.message_zh and f.message_en and "{?" not in f.message_zh + f.message_en
            if documents is not None:  # reported in the document the focus is in, at its line
                owner = ox.NamedNode(f.document)
                graphs = {q.graph_name for q in documents if q.subject == ox.NamedNode(f.focus)}
                assert any(ox.Quad(owner, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(BKG.Disclosure)), g) in documents for g in graphs)
                assert f.line_start is not None


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


def _cross_document_findings(shape: str, tmp_path: Path) -> dict[str, list[str]]:
    """The messages (Chinese) of one cross-document shape's findings on its violating case, by focus."""
    documents = _documents(shape, "violates")
    assert documents is not None
    with GraphStore(tmp_path / "store") as store:
        _store_documents(store, documents)
        findings = validate(store).findings
    messages: dict[str, list[str]] = {}
    for f in findings:
        if f.rule == shape:
            messages.setdefault(f.focus.rsplit("/", 1)[-1], []).append(f.message_zh)
    return messages


def test_code_named_alike_counts_the_documents_of_the_other_name(tmp_path: Path) -> None:
    messages = _cross_document_findings("CodeNamedAlike", tmp_path)
    # one finding per document, code and other name, however many documents print the other name;
    # none in 丁, which prints both (it is counted with each)
    assert messages == {
        "ta-1": ["2023年科目 2010101 本文件称“行政运行”，另有 3 个文件称“行政运行费”，如《丁单位 2023年部门预算》第 30 行"],
        "tb-1": ["2023年科目 2010101 本文件称“行政运行费”，另有 2 个文件称“行政运行”，如《丁单位 2023年部门预算》第 50 行"],
        "td-1": ["2023年科目 2010101 本文件称“行政运行费”，另有 2 个文件称“行政运行”，如《丁单位 2023年部门预算》第 50 行"],
    }


def test_policy_title_across_documents_counts_the_documents_of_the_other_title(tmp_path: Path) -> None:
    messages = _cross_document_findings("PolicyTitleAcrossDocuments", tmp_path)
    assert messages["pa-c1"] == ["沪府令21号 本文件引作《上海市公共数据开放暂行办法》，另有 2 个文件引作《上海市数据条例》，如《丙单位 2023年部门预算》第 610 行"]
    assert messages["pb-c1"] == ["沪府令21号 本文件引作《上海市数据条例》，另有 1 个文件引作《上海市公共数据开放暂行办法》，如《甲单位 2023年部门预算》第 400 行"]
    # every citation is a finding of its own, once per other title it disagrees with
    assert sorted(messages["pc-c1"]) == sorted(messages["pc-c2"]) == [
        "沪府令21号 本文件引作《上海市数据条例》，另有 1 个文件引作《上海市公共数据开放暂行办法》，如《甲单位 2023年部门预算》第 400 行",
        "沪府令21号 本文件引作《上海市数据条例》，另有 1 个文件引作《关于印发《上海市公共数据开放暂行办法》的通知》，如《乙单位 2023年部门预算》第 530 行",
    ]
