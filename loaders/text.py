"""Read a text extraction of a disclosure into source lines.

Real extractions come in several layouts: tab-separated cells (some keep
empty cells, some drop them), space-separated cells with empty cells dropped,
and page markers of various extractors. The layout is detected per document;
downstream code sees `SourceLine`s whatever the layout was.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import NamedTuple

from budgetkg.loaders.cells import is_cell_per_line, join_rows
from budgetkg.loaders.errors import DocumentError
from budgetkg.loaders.records import SourceLine

# Page markers written by the extractors seen in the corpus.
_PAGE_MARKER = re.compile(r"^\s*(?:=+\s*PAGE\s*(\d+)\s*=+|-+\s*PAGE_BREAK\s*-+|\f)\s*$")

_LINE_END = re.compile(r"\r\n|\n|\r")

# A document must be mostly CJK text to be a disclosure at all: this many CJK
# characters at least.
_MIN_CJK = 50


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030.

    GBK/GB18030 is how many Chinese documents are saved; reading it is exact,
    so it is read rather than refused. Returns (text, encoding).
    """
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise DocumentError.single(
                path, "bad-encoding", f"starts like UTF-16 but byte {exc.start} is not UTF-16"
            ) from None
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            line = data[: utf8_error.start].count(b"\n") + 1
            raise DocumentError.single(
                path,
                "bad-encoding",
                f"line {line}: byte {utf8_error.start} is neither UTF-8 nor GB18030 text",
            ) from None


class TextRead(NamedTuple):
    lines: list[SourceLine]  # the non-blank lines, numbered as in the file
    layout: str
    pages: int | None  # when the text marks its pages
    line_count: int  # every line of the file, blank ones included


def split_lines(text: str) -> list[str]:
    """Lines as an editor numbers them: only CR, LF and CRLF end a line.

    (`str.splitlines` also splits at form feeds and other separators that PDF
    extractions leave inside lines, which would shift every line number after them.)
    """
    lines = _LINE_END.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def read_text(path: Path, data: bytes | None = None) -> TextRead:
    """Return the lines, layout, page count and line count of a text extraction.

    :raises DocumentError: when the bytes are not text or hold no Chinese text.
    """
    if data is None:
        data = path.read_bytes()
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DocumentError.single(path, "not-text", "binary data where text was expected")
    text, _encoding = decode(path, data)
    raw_lines = split_lines(text)
    cjk = sum(1 for ch in text[:200_000] if "\u4e00" <= ch <= "\u9fff")
    if cjk < _MIN_CJK:
        raise DocumentError.single(
            path, "not-a-disclosure", f"no Chinese text ({cjk} CJK characters): not a budget disclosure"
        )
    tabbed = sum(1 for line in raw_lines if "\t" in line)
    layout = "tab" if tabbed > len(raw_lines) // 20 else "space"
    # A tab layout keeps empty cells when some line has two tabs with nothing between.
    exact = layout == "tab" and any(re.search(r"\t[ ]*\t", line) for line in raw_lines)
    lines: list[SourceLine] = []
    page: int | None = None
    has_markers = any(line.startswith("\f") for line in raw_lines) or any(
        _PAGE_MARKER.match(line) for line in raw_lines[:200]
    )
    if has_markers:
        page = 0
    for number, raw in enumerate(raw_lines, start=1):
        marker = _PAGE_MARKER.match(raw)
        if marker:
            page = int(marker.group(1)) if marker.group(1) else (page or 0) + 1
            continue
        if raw.startswith("\f"):
            # pdftotext starts each page after the first with a form feed.
            page = (page or 1) + len(raw) - len(raw.lstrip("\f"))
            raw = raw.lstrip("\f")
        if has_markers and page == 0:
            page = 1
        stripped = raw.strip()
        if not stripped:
            continue
        if layout == "tab" and "\t" in raw:
            cells = tuple(cell.strip() for cell in raw.rstrip("\r\n").split("\t"))
            if not exact:
                cells = tuple(cell for cell in cells if cell)
            lines.append(SourceLine(number, stripped, cells, page, exact))
        else:
            lines.append(SourceLine(number, stripped, tuple(stripped.split()), page, False))
    pages = page if has_markers else None
    if layout == "space" and is_cell_per_line(lines):
        lines, layout = join_rows(lines), "cell"
    return TextRead(lines, layout, pages, len(raw_lines))
