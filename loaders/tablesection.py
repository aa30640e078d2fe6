"""Find the tables in the tables section and read each one.

Extractions put a table's title either before its rows (most layouts) or
after them (the 2019 layout, where each page's body comes out before its
title). The order is detected per document.
"""

from __future__ import annotations

import re
from decimal import Decimal

from budgetkg.loaders.records import ParseIssue, Severity, SourceLine, Span, StatedFigure, Table
from budgetkg.loaders.tables import TABLE_KINDS, TableKind, TableReader, is_header, match_title, unit_of
from budgetkg.loaders.amounts import is_amount


def toc_numbers(toc: list[str]) -> dict[str, int]:
    """Table kind -> its number in the 目录."""
    numbers: dict[str, int] = {}
    for entry in toc:
        found = re.match(r"^-?\s*(\d+)\s*[\.．、]\s*(.+?)\s*(?:…+.*)?$", entry)
        if not found:
            continue
        kind = match_title(found.group(2))
        if kind is not None:
            numbers[kind.key] = int(found.group(1))
    return numbers


def _is_data(line: SourceLine) -> bool:
    return any(is_amount(c) for c in line.cells if c) and not is_header(line)


_SUMMARY_TO_INCOME = {"财政拨款收入": "财政拨款收入", "事业收入": "事业收入", "事业单位经营收入": "事业单位经营收入", "其他收入": "其他收入"}
_FISCAL_LEFT = {"一般公共预算资金": "一般公共预算", "一般预算资金": "一般公共预算", "一般公共预算": "一般公共预算",
                "政府性基金": "政府性基金预算", "国有资本经营预算": "国有资本经营预算"}
_THREE_PUBLIC = {"three-public-vehicle-purchase": "公务用车购置费", "three-public-vehicle-operation": "公务用车运行费",
                 "three-public-travel": "因公出国(境)费", "three-public-reception": "公务接待费",
                 "operating-costs": "机关运行经费"}


def _left_values(table: Table | None, mapping: dict[str, str]) -> dict[str, Decimal | None]:
    """Column -> stated value, from the labelled left-hand rows of a summary table."""
    known: dict[str, Decimal | None] = {}
    if table is None:
        return known
    for row in table.rows:
        if row.side != "收入" or not row.label:
            continue
        bare = re.sub(r"^(?:[一二三四五六七八九十]+、|\d+[\.．、])", "", row.label)
        if bare in mapping:
            amount = row.cells.get("预算数")
            known[mapping[bare]] = amount.yuan if amount else None
    return known


def _stated(figures: list[StatedFigure]) -> dict[str, Decimal | None]:
    known: dict[str, Decimal | None] = {}
    for figure in figures:
        if figure.topic in _THREE_PUBLIC and figure.topic not in known:
            known[_THREE_PUBLIC[figure.topic]] = figure.amount.yuan if figure.amount else None
    return known


def read_tables(
    lines: list[SourceLine], toc: dict[str, int], figures: list[StatedFigure] | None = None
) -> tuple[list[Table], list[ParseIssue]]:
    titles = [(i, kind) for i, line in enumerate(lines) if (kind := match_title(line.text)) is not None]
    issues: list[ParseIssue] = []
    if not titles:
        if lines:
            issues.append(ParseIssue("no-tables", "no budget table titles found in the tables section", Span.of(lines)))
        return [], issues
    first_data = next((i for i, line in enumerate(lines) if _is_data(line)), None)
    data_first = first_data is not None and first_data < titles[0][0]
    blocks: list[tuple[TableKind, SourceLine, list[SourceLine]]] = []
    if not data_first:
        for n, (i, kind) in enumerate(titles):
            end = titles[n + 1][0] if n + 1 < len(titles) else len(lines)
            blocks.append((kind, lines[i], lines[i + 1 : end]))
    else:
        starts = [i for i, line in enumerate(lines) if unit_of(line) and not match_title(line.text)]
        if not starts or starts[0] != 0:
            starts.insert(0, 0)
        for n, start in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else len(lines)
            block = lines[start:end]
            inside = [(j, kind) for j, (i, kind) in enumerate(titles) if start <= i < end]
            if len(inside) != 1:
                if any(_is_data(line) for line in block):
                    issues.append(
                        ParseIssue(
                            "table-without-title",
                            f"expected one table title in this block, found {len(inside)}",
                            Span.of(block),
                        )
                    )
                continue
            i, kind = titles[inside[0][0]]
            blocks.append((kind, lines[i], [ln for ln in block if ln is not lines[i]]))
    tables: list[Table] = []
    seen: dict[str, Table] = {}
    # Summaries first: their figures help place the figures of the other tables.
    order = sorted(blocks, key=lambda b: b[0].shape != "two-sided")
    for kind, title_line, body in order:
        title = title_line.text.replace(" ", "")
        known: dict[str, Decimal | None] = {}
        if kind.key == "income":
            known = _left_values(seen.get("income-expenditure"), _SUMMARY_TO_INCOME)
        elif kind.key == "fiscal-summary":
            first = TableReader(kind, title, toc.get(kind.key)).read(body, title_line)
            known = _left_values(first, _FISCAL_LEFT)
        elif kind.key == "three-public":
            known = _stated(figures or [])
        reader = TableReader(kind, title, toc.get(kind.key), known)
        table = reader.read(body, title_line)
        issues.extend(reader.issues)
        if kind.key in seen:
            issues.append(
                ParseIssue(
                    "duplicate-table",
                    f"table {kind.name} printed twice (first at {seen[kind.key].span}); the second copy is kept as printed",
                    table.span,
                    Severity.WARNING,
                )
            )
        seen[kind.key] = table
        tables.append(table)
    tables.sort(key=lambda t: t.span.first)
    return tables, issues


def missing_tables(tables: list[Table], toc: dict[str, int]) -> list[str]:
    """Kinds listed in the 目录 but not found."""
    found = {t.kind for t in tables}
    return [TABLE_KINDS[k].name for k in toc if k not in found]
