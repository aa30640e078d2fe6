"""Text extractions: line numbers as an editor shows them, pages from form feeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetkg.loaders.document import read_document
from budgetkg.loaders.records import Disclosure

from conftest import CORPUS, SAMPLE_2023, parsed


def test_form_feeds_mark_pages_without_shifting_line_numbers(tmp_path: Path) -> None:
    """Regression: str.splitlines() split at form feeds, shifting every later line number."""
    lines = SAMPLE_2023.read_text(encoding="utf-8").split("\n")
    lines[300] = "\f" + lines[300]  # pdftotext starts each new page with a form feed
    copy = tmp_path / "pdftotext.txt"
    copy.write_text("\n".join(lines), encoding="utf-8")
    original, paged = parsed(SAMPLE_2023), read_document(copy)
    assert paged.source.page_count == 2
    assert paged.source.line_count == original.source.line_count == 683
    assert [p.span for p in paged.projects] != []
    assert [(p.name, p.span.first, p.span.last) for p in paged.projects] == [
        (p.name, p.span.first, p.span.last) for p in original.projects
    ]
    assert all(p.span.page_first == 2 for p in paged.projects)


def one_cell_per_line(source: Path, target: Path) -> Path:
    """The document as extractors that print every table cell on a line of its own write it."""
    out: list[str] = []
    for line in source.read_text(encoding="utf-8").split("\n"):
        out.extend(c.strip() for c in line.split("\t") if c.strip()) if "\t" in line else out.append(line)
    target.write_text("\n".join(out), encoding="utf-8")
    return target


def _tables(d: Disclosure) -> dict[str, list[tuple[object, ...]]]:
    return {
        t.kind: [(r.code, r.label, r.is_total, {c: a.yuan for c, a in r.cells.items()}) for r in t.rows]
        for t in d.tables
    }


def _projects(d: Disclosure) -> list[tuple[object, ...]]:
    return [
        (p.name, p.budget, p.period_start, p.period_end, [b.text for b in p.basis], len(p.indicators))
        for p in d.projects
    ]


@pytest.mark.parametrize(
    "source",
    [SAMPLE_2023, CORPUS / "sh-putuo-wanli-2025-budget.tab.txt"],
    ids=["sample-2023", "wanli-2025"],
)
def test_one_cell_per_line_reads_like_the_tab_layout(tmp_path: Path, source: Path) -> None:
    if not source.is_file():
        pytest.fail(f"{source} is missing")
    cells = read_document(one_cell_per_line(source, tmp_path / "cells.txt"))
    original = parsed(source)
    assert cells.source.layout == "cell"
    assert _tables(cells) == _tables(original)
    assert _projects(cells) == _projects(original)
    # The same warnings (wanli 2025 row 212 01 does not add up in two tables), none added.
    assert sorted(i.slug for i in cells.issues) == sorted(i.slug for i in original.issues)


def test_a_row_joined_from_cells_points_to_all_its_lines(tmp_path: Path) -> None:
    path = one_cell_per_line(SAMPLE_2023, tmp_path / "cells.txt")
    lines = path.read_text(encoding="utf-8").split("\n")
    income = next(t for t in read_document(path).tables if t.kind == "income")
    pension = next(r for r in income.rows if r.code == "2080505")
    printed = lines[pension.span.first - 1 : pension.span.last]
    assert printed == ["208", "05", "05", "机关事业单位基本养老保险缴费支出", "16,509,359", "16,509,359"]
