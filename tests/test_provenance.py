"""Every fact in the graph points to the lines it was read from, and those lines say it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import PROV

from budgetkg import iris
from budgetkg.mapping import map_disclosure
from budgetkg.vocab import BKG

from conftest import SAMPLE_2019, SAMPLE_2023, corpus, parsed

FACTS = (
    BKG.BudgetTable,
    BKG.TableRow,
    BKG.BudgetObservation,
    BKG.StatedFigure,
    BKG.Project,
    BKG.ProjectPart,
    BKG.BasisItem,
    BKG.Citation,
    BKG.PerformanceIndicator,
)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _graph(path: Path) -> Graph:
    graph = Graph()
    for triple in map_disclosure(parsed(path)).triples:
        graph.add(triple)
    return graph


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


@pytest.mark.parametrize("path", [SAMPLE_2019, SAMPLE_2023], ids=lambda p: p.stem)
def test_every_fact_has_its_file_and_a_line_range_inside_it(path: Path) -> None:
    graph = _graph(path)
    d = parsed(path)
    file = iris.source_file(d.source.sha256)
    count = 0
    for cls in FACTS:
        for fact in graph.subjects(RDF.type, cls):
            count += 1
            assert (fact, PROV.wasDerivedFrom, file) in graph, fact
            first, last = graph.value(fact, BKG.lineStart), graph.value(fact, BKG.lineEnd)
            assert first is not None and last is not None, fact
            assert 1 <= first.toPython() <= last.toPython() <= d.source.line_count, fact
    assert count > 300


@pytest.mark.parametrize("path", [SAMPLE_2019, SAMPLE_2023], ids=lambda p: p.stem)
def test_the_cited_lines_print_the_fact(path: Path) -> None:
    """Amounts, headings, basis items and indicators are found on the lines they point to."""
    graph, lines = _graph(path), _lines(path)

    def text(fact: URIRef) -> str:
        first, last = graph.value(fact, BKG.lineStart).toPython(), graph.value(fact, BKG.lineEnd).toPython()
        return _squash("".join(lines[first - 1 : last]))

    checked = 0
    for cls, prop in (
        (BKG.BudgetObservation, BKG.printedAmount),
        (BKG.StatedFigure, BKG.printedAmount),
        (BKG.BasisItem, BKG.rawText),
        (BKG.PerformanceIndicator, BKG.level3),
        (BKG.ProjectPart, BKG.text),
    ):
        for fact in graph.subjects(RDF.type, cls):
            value = graph.value(fact, prop)
            if value is None:
                continue
            assert _squash(str(value)) in text(fact), f"{fact}: {value!r} not on its lines"
            checked += 1
    assert checked > 200


def test_pdf_facts_carry_pages() -> None:
    path = corpus("sh-czj-2025-unit-budget.pdf")
    graph = _graph(path)
    pages = parsed(path).source.page_count
    observations = list(graph.subjects(RDF.type, BKG.BudgetObservation))
    assert observations
    for fact in observations:
        first, last = graph.value(fact, BKG.pageStart), graph.value(fact, BKG.pageEnd)
        assert first is not None and 1 <= first.toPython() <= last.toPython() <= pages, fact
