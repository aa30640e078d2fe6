"""The ontology file, the Python vocabulary, the reference page and the graph agree."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from budgetkg import issuers, policies
from budgetkg.loading import load_document
from budgetkg.mapping import map_disclosure
from budgetkg.reference import NAMESPACE, label, load_ontology, render, terms
from budgetkg.store import GraphStore
from budgetkg.vocab import BKG

from conftest import ROOT, SAMPLE_2019, SAMPLE_2023, corpus, parsed

ONTOLOGY = load_ontology()
DEFINED = {str(t) for t in terms(ONTOLOGY)}


def test_python_vocabulary_and_ontology_file_name_the_same_terms() -> None:
    python_names = {NAMESPACE + name for name in BKG.__annotations__}
    assert python_names - DEFINED == set(), "in vocab.py but not in ontology/budgetkg.ttl"
    assert DEFINED - python_names == set(), "in ontology/budgetkg.ttl but not in vocab.py"


@pytest.mark.parametrize("term", sorted(DEFINED))
def test_every_term_has_chinese_and_english_labels_and_a_comment(term: str) -> None:
    iri = URIRef(term)
    assert label(ONTOLOGY, iri, "zh"), f"{term} has no rdfs:label @zh"
    assert label(ONTOLOGY, iri, "en"), f"{term} has no rdfs:label @en"
    assert ONTOLOGY.value(iri, RDFS.comment), f"{term} has no rdfs:comment"


def test_every_property_reuses_or_is_typed() -> None:
    for term in DEFINED:
        kinds = set(ONTOLOGY.objects(URIRef(term), RDF.type))
        assert kinds & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}, term


def test_reference_page_is_in_sync_with_the_ontology() -> None:
    committed = (ROOT / "docs" / "ontology.md").read_text(encoding="utf-8")
    assert committed == render(ONTOLOGY), "run: python -m budgetkg.reference -o docs/ontology.md"


def _documents() -> Graph:
    union = Graph()
    documents = ("sh-putuo-wanli-2023-budget.pdf", "sh-putuo-fuliyuan-2024-unit-budget.txt")  # forms; load notes
    paths = (SAMPLE_2019, SAMPLE_2023, *map(corpus, documents))
    for path in paths:
        for triple in map_disclosure(parsed(path)).triples:
            union.add(triple)
    # The graphs built over the store: the issuer registry and the policy resolution.
    for triple in issuers.registry_graph():
        union.add(triple)
    with tempfile.TemporaryDirectory() as folder, GraphStore(Path(folder)) as store:
        for path in paths:
            load_document(store, path)
        for triple in policies.triples(policies.refresh(store)):
            union.add(triple)
    return union


def _types(graph: Graph, node: object) -> set[URIRef]:
    """The node's classes with their superclasses from the ontology."""
    found: set[URIRef] = set()
    todo = list(graph.objects(node, RDF.type))  # type: ignore[arg-type]
    while todo:
        cls = todo.pop()
        if cls not in found:
            found.add(cls)
            todo.extend(ONTOLOGY.objects(cls, RDFS.subClassOf))
    return found


def _fits_range(graph: Graph, value: object, rng: URIRef) -> bool:
    if rng == RDF.langString:
        return isinstance(value, Literal) and value.language is not None
    if rng == XSD.string:
        return isinstance(value, Literal) and value.language is None and value.datatype in (None, XSD.string)
    if str(rng).startswith(str(XSD)):
        return isinstance(value, Literal) and value.datatype == rng
    if rng == SKOS.Concept or str(rng).startswith(NAMESPACE):
        return isinstance(value, URIRef) and rng in _types(graph, value)
    return isinstance(value, URIRef)  # classes of other vocabularies (org:Organization): an IRI


def test_the_graph_uses_every_property_within_its_domain_and_range() -> None:
    graph = _documents()
    wrong: list[str] = []
    used: set[URIRef] = set()
    for s, p, o in graph:
        if not str(p).startswith(NAMESPACE):
            continue
        used.add(p)  # type: ignore[arg-type]
        for dom in ONTOLOGY.objects(p, RDFS.domain):
            if dom not in _types(graph, s):
                wrong.append(f"{s} {p}: subject is not a {dom}")
        for rng in ONTOLOGY.objects(p, RDFS.range):
            if not _fits_range(graph, o, rng):  # type: ignore[arg-type]
                wrong.append(f"{s} {p} {o!r}: not a {rng}")
    assert wrong[:20] == []
    # The documents exercise nearly the whole ontology; what they do not use is listed here.
    unused = {str(t)[len(NAMESPACE):] for t in DEFINED if (URIRef(t), RDF.type, OWL.Class) not in ONTOLOGY} - {
        str(p)[len(NAMESPACE):] for p in used
    }
    # ambiguousWith: no title in these documents agrees with two numbered documents.
    assert unused == {"ambiguousWith"}
