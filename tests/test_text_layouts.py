"""Text extractions: line numbers as an editor shows them, pages from form feeds."""

from __future__ import annotations

from pathlib import Path

from budgetkg.loaders.document import read_document

from conftest import SAMPLE_2023, parsed


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
