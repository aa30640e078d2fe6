"""The one-cell-per-line layout: table rows joined back from their cells.

Some extractors print every table cell on a line of its own, row after row:

    201
    03
    50
    事业运行
    1,486,109,040
    1,486,109,040

The table readers work on rows, so runs of such cell lines are joined back
into one line per row, keeping the file's line range of each row. A row is a
code (or a row number) with its name, or a name alone, followed by its
figures; a figure never starts a row unless no row is open. Names that follow
names (headers, titles, a wrapped name) stay lines of their own, as in the
other layouts, where the table readers already handle them.
"""

from __future__ import annotations

import re

from budgetkg.loaders.amounts import is_amount
from budgetkg.loaders.records import SourceLine

# A line is a cell when it is one short token without sentence punctuation.
_MAX_CELL = 40
_SENTENCE = re.compile(r"[，。；：:,]\D|[，。；：:]$")
_SHORT_NUMBER = re.compile(r"^\d{1,3}$")
_CODE2 = re.compile(r"^\d{2}$")
_FULL_CODE = re.compile(r"^\d{5}$|^\d{7}$")
_TOTALS = ("合计", "总计", "收入总计", "支出总计")
# How far to look for the 款 rows that confirm a lone class code (a row's figures and codes).
_LOOKAHEAD = 12

# The share of lines that are bare figures above which a text is in this layout
# (none of the other layouts has any such line).
_SHARE = 0.1


def is_cell_per_line(lines: list[SourceLine]) -> bool:
    bare = sum(1 for line in lines if len(line.cells) == 1 and is_amount(line.cells[0]))
    return bool(lines) and bare / len(lines) >= _SHARE


def join_rows(lines: list[SourceLine]) -> list[SourceLine]:
    """Join each run of cell lines (on one page) into one line per table row."""
    out: list[SourceLine] = []
    run: list[SourceLine] = []
    for line in lines:
        if _is_cell(line) and (not run or run[-1].page == line.page):
            run.append(line)
            continue
        out.extend(_rows(run))
        run = [line] if _is_cell(line) else []
        if not run:
            out.append(line)
    out.extend(_rows(run))
    return out


def _is_cell(line: SourceLine) -> bool:
    return len(line.cells) == 1 and len(line.text) <= _MAX_CELL and not _SENTENCE.search(line.text)


def _is_name(text: str) -> bool:
    return not is_amount(text) and not _FULL_CODE.match(text)


def _code_row(texts: list[str], i: int) -> int | None:
    """If a coded or numbered row starts at ``i``, the index after its codes (its name, if any).

    201 一般公共服务支出 / 201 03 50 事业运行 / 201 03 50 1,486,109,040 (a table printing
    codes without names) / 1 上海市大数据中心 / 2080505 …; also a class code garbled
    in extraction (7 11 02 …).
    """
    if not (_SHORT_NUMBER.match(texts[i]) or _FULL_CODE.match(texts[i])):
        return None
    k = i + 1
    while k < len(texts) and k - i < 3 and _CODE2.match(texts[k]):
        k += 1
    if k == len(texts):
        return None
    if _is_name(texts[k]) and texts[k] not in _TOTALS:
        if k == i + 1 and len(texts[i]) < 3 and not (k + 1 < len(texts) and is_amount(texts[k + 1])):
            return None  # a small figure before a name with no figures of its own (an indicator's 14) is no row number
        return k
    if k > i + 1 and len(texts[i]) == 3:
        return k  # 201 03 then figures
    if len(texts[i]) == 3 and _class_of_next_rows(texts, i) == texts[i]:
        return k  # 201 then figures: a class row, its 款 rows follow
    return None


def _class_of_next_rows(texts: list[str], i: int) -> str | None:
    """The class code of the next 类 款 row after ``i`` (a 3-digit code followed by a 2-digit one)."""
    for k in range(i + 1, min(len(texts) - 1, i + _LOOKAHEAD)):
        if len(texts[k]) == 3 and _SHORT_NUMBER.match(texts[k]) and _CODE2.match(texts[k + 1]):
            return texts[k]
    return None


def _rows(run: list[SourceLine]) -> list[SourceLine]:
    texts = [line.text for line in run]
    rows: list[SourceLine] = []
    i = 0
    while i < len(texts):
        after_codes = _code_row(texts, i)
        j = i + 1
        if after_codes is not None:
            j = after_codes + 1 if _is_name(texts[after_codes]) else after_codes
        # The row's figures: every figure up to the next row's code.
        while j < len(texts) and is_amount(texts[j]) and _code_row(texts, j) is None:
            j += 1
        rows.append(_joined(run[i:j]))
        i = j
    return rows


def _joined(row: list[SourceLine]) -> SourceLine:
    if len(row) == 1:
        return row[0]
    cells = tuple(line.text for line in row)
    return SourceLine(row[0].number, " ".join(cells), cells, row[0].page, False, row[-1].end)
