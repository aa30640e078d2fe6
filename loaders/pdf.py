"""Read a budget-disclosure PDF as lines, the way the text parser reads a text file.

The tables of these documents are ruled grids (Excel/WPS exports), so
pdfplumber's line-based table finder recovers their cells, including the empty
ones that a plain text extraction loses. Each table row becomes one line with
exact cells; the text around the tables (titles, units, notes, narrative)
becomes ordinary lines. Both are merged by their height on the page, so a
table's title precedes its rows and a note under a table follows them.
"""

from __future__ import annotations

import re
import zlib
from io import BufferedReader
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError
from pdfminer.psexceptions import PSException
from pdfplumber.page import Page
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from budgetkg.loaders.errors import DocumentError
from budgetkg.loaders.records import SourceLine

__all__ = ["read_pdf"]

# pdfplumber wraps what pdfminer raises while opening a document and while
# interpreting a page in PdfminerException; pdfminer's own errors derive from
# PSException. Reading the page tree, page boxes and object references happens
# outside those wrappers, and there a damaged structure surfaces as a plain
# built-in error (a missing key, an object of the wrong type, a bad number, a
# broken stream). Only the pdfplumber calls run under this net (see _extract);
# the rest of this module is outside it, so its bugs are not reported as damage.
_DAMAGED = (
    PdfminerException,
    MalformedPDFException,
    PSException,
    KeyError,
    IndexError,
    TypeError,
    ValueError,
    AttributeError,
    AssertionError,
    RecursionError,
    zlib.error,
)

_HEADER = b"%PDF-"
_WS = re.compile(r"\s+")

# What one page yields: (top, raw cells) for a table row, (top, text) for a text line.
_Item = tuple[float, list[str | None] | str]


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
            pages = _extract(stream)
    except OSError as exc:
        raise DocumentError.single(path, "unreadable-pdf", f"expected a readable PDF file, cannot read it: {exc}") from exc
    except _DAMAGED as exc:
        raise DocumentError.single(path, "unreadable-pdf", _damage(exc)) from exc
    if not pages:  # a broken page tree reads as no pages at all
        raise DocumentError.single(path, "unreadable-pdf", "expected a PDF with pages, found no pages in its page tree")
    lines: list[SourceLine] = []
    for page_number, items in enumerate(pages, 1):
        for text, cells, exact in _order(items):
            lines.append(SourceLine(len(lines) + 1, text, cells, page_number, exact))
    if not lines:
        raise DocumentError.single(
            path, "no-text", f"expected extractable text, found none on {len(pages)} page(s) (a scanned PDF needs OCR first)"
        )
    return lines, len(pages)


def _check_header(path: Path, stream: BufferedReader) -> None:
    """Reject non-PDFs up front: given any bytes, pdfminer scans them for objects and fails obscurely."""
    head = stream.read(1024)  # readers accept the header anywhere in the first KiB
    if not head:
        raise DocumentError.single(path, "not-a-pdf", "expected a PDF, the file is empty")
    if _HEADER not in head:
        found = head[:32].decode("utf-8", errors="replace")
        raise DocumentError.single(path, "not-a-pdf", f"expected a PDF (a file starting with %PDF-), it starts with {found!r}")
    stream.seek(0)


def _extract(stream: BufferedReader) -> list[list[_Item]]:
    """Every pdfplumber call, page by page, on the one open file."""
    pages: list[list[_Item]] = []
    with pdfplumber.open(stream) as pdf:
        for page in pdf.pages:
            try:
                pages.append(_extract_page(page))
            finally:
                page.close()  # drop the page's parsed objects: memory stays flat over long documents
    return pages


def _extract_page(page: Page) -> list[_Item]:
    """Table rows and the text outside the tables; the page is interpreted once and reused."""
    items: list[_Item] = []
    tables = page.find_tables()
    for table in tables:
        items.extend((row.bbox[1], values) for row, values in zip(table.rows, table.extract()))
    boxes = [table.bbox for table in tables]
    outside = page.filter(lambda obj: obj["object_type"] != "char" or not _inside(obj, boxes)) if boxes else page
    items.extend((line["top"], line["text"]) for line in outside.extract_text_lines(return_chars=False))
    return items


def _inside(char: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    """Whether a char is in a table: by its centre, the test Table.extract uses, so no char is taken twice or lost."""
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return any(x0 <= x < x1 and top <= y < bottom for x0, top, x1, bottom in boxes)


def _order(items: list[_Item]) -> list[tuple[str, tuple[str, ...], bool]]:
    """A page's lines top to bottom as (text, cells, exact), empty ones dropped."""
    lines: list[tuple[str, tuple[str, ...], bool]] = []
    for _, raw in sorted(items, key=lambda item: item[0]):  # stable: rows at one height keep their order
        if isinstance(raw, str):
            text = raw.strip()
            if text:
                lines.append((text, tuple(_WS.split(text)), False))
        else:
            # A wrapped cell is one value; Chinese text must not get a space at the break.
            cells = tuple("" if value is None else value.replace("\n", "").strip() for value in raw)
            if any(cells):
                lines.append(("\t".join(cells), cells, True))
    return lines


def _damage(exc: BaseException) -> str:
    """Say what pdfminer found, not pdfplumber's wrapper around it."""
    if isinstance(exc, PdfminerException) and exc.args and isinstance(exc.args[0], BaseException):
        exc = exc.args[0]
    if isinstance(exc, PDFEncryptionError):
        return f"expected a PDF that opens without a password, this one is encrypted ({type(exc).__name__})"
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return f"expected a well-formed PDF, the file is damaged or truncated ({detail[:200]})"
