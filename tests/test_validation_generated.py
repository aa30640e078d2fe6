"""The cross-document shapes on a generated corpus, against what the generator wrote.

One department in twenty keeps old names (20805's name before its 2020 rename, 维修费
for 维修（护）费), so in every year those codes are printed under two names. Each
document that prints one of them gets one finding per code, counting the documents
of the year that print the other name: never one per pair of documents.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from benchmarks.corpus import write
from benchmarks.model import Disclosure
from budgetkg.loading import Loaded, load_documents
from budgetkg.store import GraphStore
from budgetkg.validation import Report, validate

DOCUMENTS, YEARS = 16, 2  # 8 departments x 2 years: department 7 keeps the old names


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Disclosure], Report]:
    folder = tmp_path_factory.mktemp("generated")
    generated = write(folder / "corpus", DOCUMENTS, years=YEARS)
    with GraphStore(folder / "store") as store:
        loaded = list(load_documents(store, sorted(g.path for g in generated), jobs=2, check=False))
        assert all(isinstance(r, Loaded) for r in loaded)
        report = validate(store, per_document=False)
    return [g.disclosure for g in generated], report


def _printed(d: Disclosure) -> dict[str, str]:
    """code -> the name this document prints, for the codes whose name departments vary."""
    codes = {c for c, _, _ in d.function_rows()} | {c for c, _, _ in d.economic_rows()}
    names = {"20805": d.function_name("20805") if "20805" in codes else None, "30213": d.economic_name("30213") if "30213" in codes else None}
    return {code: name for code, name in names.items() if name is not None}


def test_code_named_alike_once_per_document_with_the_count_of_the_other_name(corpus: tuple[list[Disclosure], Report]) -> None:
    truths, report = corpus
    assert sum(d.department.keeps_former_names for d in truths) == YEARS
    expected: Counter[tuple[str, str, str, str, str]] = Counter()
    for year in sorted({d.year for d in truths}):
        of_year = [d for d in truths if d.year == year]
        for code in ("20805", "30213"):
            by_name: dict[str, list[Disclosure]] = {}
            for d in of_year:
                if code in _printed(d):
                    by_name.setdefault(_printed(d)[code], []).append(d)
            for name, docs in by_name.items():
                for other, others in by_name.items():
                    if other != name:
                        for d in docs:
                            expected[(f"{d.department.name} {year}年部门预算", code, name, other, str(len(others)))] += 1
    got: Counter[tuple[str, str, str, str, str]] = Counter()
    for f in report.findings:
        if f.rule == "CodeNamedAlike":
            v = dict(f.values)
            got[(report.labels[f.document], v["code"], v["name"], v["otherName"], v["otherDocuments"])] += 1
    assert {(k[1], k[2]) for k in expected} == {("20805", "行政事业单位养老支出"), ("20805", "行政事业单位离退休"), ("30213", "维修（护）费"), ("30213", "维修费")}
    assert got == expected


def test_no_other_cross_document_finding_on_names_or_titles(corpus: tuple[list[Disclosure], Report]) -> None:
    _truths, report = corpus
    # the generator cites every policy by the title it was issued with
    assert not [f for f in report.findings if f.rule == "PolicyTitleAcrossDocuments"]
