"""Read a budget-disclosure PDF as lines, the way the text parser reads a text file.

Tables in these documents are ruled grids (Excel/WPS exports), so pdfplumber's
line-based table finder recovers their cells, including the empty ones a text
extraction loses. Each table row becomes one line with exact cells; the text
around the tables (titles, units, notes, narrative) becomes ordinary lines. Both
are merged by their height on the page so a table's title precedes its rows.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path
from typing import Any, BinaryIO

import pdfplumber
from pdfminer.psexceptions import PSException
from pdfplumber.page import Page
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from budgetkg.loaders.errors import DocumentError
from budgetkg.loaders.records import SourceLine

__all__ = ["read_pdf"]

# pdfplumber wraps what pdfminer raises while opening the document and while
# interpreting a page in PdfminerException, but reading the page tree, page boxes
# and object references happens outside those wrappers, and pdfminer reports a
# damaged structure there with plain built-in exceptions (a missing key, an
# object of the wrong type, a bad stream). These are the types seen on corrupt
# input; anything else is a bug and should surface as such.
_CORRUPT = (
    PdfminerException,
    MalformedPDFException,
    PSException,
    KeyError,
    IndexError,
    TypeError,
    ValueError,
    AttributeError,
    AssertionError,
    zlib.error,
)

_WS = re.compile(r"\s+")
_HEADER = b"%PDF-"


def read_pdf(path: Path) -> tuple[list[SourceLine], int]:
    """Return the document's lines in reading order, and its page count.

    :raises DocumentError: when the file is not a readable PDF (slug "not-a-pdf"
        or "unreadable-pdf") or has no extractable text (slug "no-text", e.g. a
        scanned PDF).
    """
    path = Path(path)
    try:
        with path.open("rb") as stream:
            _check_header(path, stream)
            lines, page_count = _read(stream)
    except OSError as exc:
        raise DocumentError.single(path, "unreadable-pdf", f"expected a readable PDF file, cannot read it: {exc}") from exc
    except _CORRUPT as exc:
        raise DocumentError.single(
            path, "unreadable-pdf", f"expected a well-formed PDF, the file is damaged or truncated: {_describe(exc)}"
        ) from exc
    if not any(line.text for line in lines):
        raise DocumentError.single(
            path,
            "no-text",
            f"expected extractable text, found none on {page_count} page(s) (a scanned PDF needs OCR first)",
        )
    return lines, page_count


def _check_header(path: Path, stream: BinaryIO) -> None:
    """Reject non-PDFs up front: pdfminer would otherwise scan any bytes for objects."""
    head = stream.read(1024)
    if not head:
        raise DocumentError.single(path, "not-a-pdf", "expected a PDF, the file is empty")
    if _HEADER not in head:
        raise DocumentError.single(
            path, "not-a-pdf", f"expected a PDF (starting with '%PDF-'), found {head[:16]!r}"
        )
    stream.seek(0)


def _read(stream: BinaryIO) -> tuple[list[SourceLine], int]:
    """Extract every page in one pass over the open file, numbering lines as we go."""
    lines: list[SourceLine] = []
    with pdfplumber.open(stream) as pdf:
        pages = pdf.pages
        for page in pages:
            try:
                rows = _page_rows(page)
            finally:
                page.close()  # drop the page's parsed objects: memory stays flat
            for text, cells, exact in rows:
                lines.append(SourceLine(len(lines) + 1, text, cells, page.page_number, exact))
        return lines, len(pages)


_Row = tuple[str, tuple[str, ...], bool]


def _page_rows(page: Page) -> list[_Row]:
    """One page's table rows and text lines, ordered top to bottom."""
    placed: list[tuple[float, _Row]] = []
    tables = page.find_tables()
    for table in tables:
        for row, values in zip(table.rows, table.extract()):
            # A wrapped cell is one value: Chinese text must not get a space at the break.
            cells = tuple("" if value is None else value.replace("\n", "").strip() for value in values)
            if any(cells):
                placed.append((row.bbox[1], ("\t".join(cells), cells, True)))
    boxes = [table.bbox for table in tables]
    outside = page.filter(lambda obj: obj["object_type"] != "char" or not _inside(obj, boxes)) if boxes else page
    for line in outside.extract_text_lines(return_chars=False):
        text = line["text"].strip()
        if text:
            placed.append((line["top"], (text, tuple(_WS.split(text)), False)))
    placed.sort(key=lambda item: item[0])  # stable: rows at the same height keep their order
    return [row for _, row in placed]


def _inside(char: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    """Whether a char belongs to a table; by its centre, as Table.extract decides."""
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return any(x0 <= x < x1 and top <= y < bottom for x0, top, x1, bottom in boxes)


def _describe(exc: BaseException) -> str:
    cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    text = str(cause) or type(cause).__name__
    return f"{type(cause).__name__}: {text}" if not text.startswith(type(cause).__name__) else text
