"""The budget tables of the template: finding them and reading their rows.

Each kind of table has a fixed set of amount columns. Rows are read from
`SourceLine`s in every layout: exact cells (tab layouts that keep empty cells,
PDF tables) place each figure by its column; compact cells (empty cells
dropped) are placed by the identities each row must satisfy, then by the
parent/children sums of the code hierarchy, and only then by reading order,
which is reported as a warning. Names wrapped around their row are joined.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from budgetkg.loaders.amounts import UNITS, is_amount, parse_amount
from budgetkg.loaders.records import Amount, ParseIssue, Severity, SourceLine, Span, Table, TableRow

# Column keys. They are the template's own column names.
TOTAL = "合计"
BASIC = "基本支出"
PROJECT = "项目支出"
PERSONNEL = "人员经费"
OPERATING = "公用经费"
BUDGET = "预算数"


@dataclass(frozen=True)
class TableKind:
    key: str
    name: str  # the template's title, without year and 部门/单位
    shape: str  # coded / two-sided / by-unit / single-row
    columns: tuple[str, ...]
    scheme: str | None = None  # func / econ for coded tables
    # Identities a row satisfies: (total column, parts).
    identities: tuple[tuple[str, tuple[str, ...]], ...] = ()
    default_unit: str = "元"


_FUNC3 = (TOTAL, BASIC, PROJECT)
_ID_FUNC3 = ((TOTAL, (BASIC, PROJECT)),)
_BY_UNIT = (TOTAL, PERSONNEL, OPERATING, PROJECT)
_ID_BY_UNIT = ((TOTAL, (PERSONNEL, OPERATING, PROJECT)),)

TABLE_KINDS: dict[str, TableKind] = {
    kind.key: kind
    for kind in (
        TableKind("income-expenditure", "财务收支预算总表", "two-sided", (BUDGET,)),
        TableKind(
            "income",
            "收入预算总表",
            "coded",
            (TOTAL, "财政拨款收入", "事业收入", "事业单位经营收入", "其他收入"),
            scheme="func",
            identities=((TOTAL, ("财政拨款收入", "事业收入", "事业单位经营收入", "其他收入")),),
        ),
        TableKind("expenditure", "支出预算总表", "coded", _FUNC3, "func", _ID_FUNC3),
        TableKind("expenditure-by-unit", "支出预算分单位明细表", "by-unit", _BY_UNIT, None, _ID_BY_UNIT),
        TableKind("fiscal-summary", "财政拨款收支预算总表", "two-sided", (BUDGET,)),
        TableKind("fiscal-by-unit", "财政拨款支出预算明细表", "by-unit", _BY_UNIT, None, _ID_BY_UNIT),
        TableKind("general-function", "一般公共预算支出功能分类预算表", "coded", _FUNC3, "func", _ID_FUNC3),
        TableKind("fund-function", "政府性基金预算支出功能分类预算表", "coded", _FUNC3, "func", _ID_FUNC3),
        TableKind("soe-function", "国有资本经营预算支出功能分类预算表", "coded", _FUNC3, "func", _ID_FUNC3),
        TableKind(
            "basic-economic",
            "一般公共预算基本支出部门预算经济分类预算表",
            "coded",
            (TOTAL, PERSONNEL, OPERATING),
            "econ",
            ((TOTAL, (PERSONNEL, OPERATING)),),
        ),
        TableKind(
            "three-public",
            "“三公”经费和机关运行经费预算表",
            "single-row",
            ("三公经费合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行费", "机关运行经费"),
            identities=(
                ("三公经费合计", ("因公出国(境)费", "公务接待费", "公务用车购置及运行费")),
                ("公务用车购置及运行费", ("公务用车购置费", "公务用车运行费")),
            ),
            default_unit="万元",
        ),
    )
}

# Right-hand columns of two-sided tables, by the header words they print.
_SUMMARY_RIGHT_UNIT = (TOTAL, PERSONNEL, OPERATING, PROJECT)
_FISCAL_RIGHT = (TOTAL, "一般公共预算", "政府性基金预算", "国有资本经营预算")

_TITLE = re.compile(
    r"^(?:\d{4}年)?(?:部门|预算单位|单位)?(?P<name>[\"“”]?三公[\"“”]?经费和机关运行经费预算表|[\u4e00-\u9fff]+表)$"
)


def match_title(text: str) -> TableKind | None:
    """The table kind whose title this line is, if any."""
    compact = re.sub(r"\s+", "", text)
    compact = re.sub(r"^\d+[\.．、]\s*", "", compact)
    found = _TITLE.match(compact)
    if not found or len(compact) > 40:
        return None
    name = found.group("name").replace('"', "“")
    name = re.sub(r"^“?三公”?", "“三公”", name)
    for kind in TABLE_KINDS.values():
        if name == kind.name:
            return kind
    return None


_UNIT_LINE = re.compile(r"单位\s*[:：]\s*(万元|元)")
_CODE3 = re.compile(r"^\d{3}$")
_CODE2 = re.compile(r"^\d{2}$")
_GARBLED_CLASS = re.compile(r"^\d{1,2}$")
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[\.．、])")
_TOTAL_WORDS = ("合计", "收入总计", "支出总计", "总计")

# Words that only appear in the header rows of the template's tables.
_HEADER_WORDS = {
    "项目", "预算数", "本年收入", "本年支出", "收入预算", "支出预算", "类", "款", "项", "合计", "基本支出",
    "项目支出", "人员经费", "公用经费", "序号", "预算单位", "财政拨款收入", "财政拨款支出", "事业收入",
    "事业单位", "经营收入", "事业单位经营收入", "其他收入", "一般公共预算", "政府性基金预算",
    "国有资本经营预算", "小计", "购置费", "运行费", "公务接待费", "因公出国(境)费", "因公出国（境）费",
    "公务用车购置及运行费", "编码", "数", "一般公共预算支出", "政府性基金预算支出", "国有资本经营预算支出",
    "一般公共预算基本支出", "国有资本经营财政拨款预算支出",
}
_HEADER_PATTERN = re.compile(r"科目|经费预算|预算数|编制(?:部门|单位)|单位\s*[:：]|机关运行")


def is_header(line: SourceLine) -> bool:
    cells = [c for c in line.cells if c]
    if not cells:
        return True
    if any(is_amount(c) for c in cells):
        return False
    tokens = [t for c in cells for t in c.split()]
    return all(t in _HEADER_WORDS or _HEADER_PATTERN.search(t) for t in tokens)


def unit_of(line: SourceLine) -> str | None:
    found = _UNIT_LINE.search(line.text)
    return found.group(1) if found else None


@dataclass
class _Raw:
    """A row before its figures are placed in columns."""

    lines: list[SourceLine]
    label: str | None
    code_parts: tuple[str, ...] = ()
    values: list[str] = field(default_factory=list)  # compact: figures in reading order
    exact_values: list[str] | None = None  # exact: one entry per column ("" = empty)
    side: str | None = None
    is_total: bool = False
    needs_label: bool = False


class TableReader:
    """Reads the lines of one table into a `Table`, collecting issues."""

    def __init__(self, kind: TableKind, title: str, number: int | None,
                 known: dict[str, Decimal | None] | None = None) -> None:
        self.kind = kind
        self.title = title
        self.number = number
        # Column figures the document states elsewhere (e.g. 事业收入 in the summary table,
        # 公用车购置费 in the 三公 explanation), used only to choose among placements.
        self.known = known or {}
        self.issues: list[ParseIssue] = []

    # -- entry point -------------------------------------------------------
    def read(self, lines: list[SourceLine], title_line: SourceLine) -> Table:
        unit = next((u for u in map(unit_of, [title_line, *lines]) if u), self.kind.default_unit)
        note = next((ln.text for ln in lines if ln.text.startswith(("注:", "注："))), None)
        body = [
            ln for ln in lines
            if unit_of(ln) is None and not ln.text.startswith(("注:", "注：")) and match_title(ln.text) is None
        ]
        columns = self._columns(body)
        if self.kind.shape == "two-sided":
            raws = self._two_sided(body, columns)
        elif self.kind.shape == "single-row":
            raws = self._single_row(body)
        else:
            raws = self._rows(body)
        rows = self._place(raws, columns, unit)
        span = Span.of([title_line, *lines])
        return Table(self.kind.key, self.title, unit, self._all_columns(columns), tuple(rows), span, self.number, note)

    def _columns(self, body: list[SourceLine]) -> dict[str | None, tuple[str, ...]]:
        """Columns per side. Two-sided tables vary by the header words they print."""
        if self.kind.shape != "two-sided":
            return {None: self.kind.columns}
        header_text = " ".join(ln.text for ln in body if is_header(ln))
        if self.kind.key == "fiscal-summary":
            right = _FISCAL_RIGHT if "国有资本经营预算" in header_text else _FISCAL_RIGHT[:3]
            return {"收入": (BUDGET,), "支出": right}
        if PERSONNEL in header_text:
            return {"收入": (BUDGET,), "支出": _SUMMARY_RIGHT_UNIT}
        return {"收入": (BUDGET,), "支出": (BUDGET,)}

    @staticmethod
    def _all_columns(columns: dict[str | None, tuple[str, ...]]) -> tuple[str, ...]:
        seen: list[str] = []
        for cols in columns.values():
            seen.extend(c for c in cols if c not in seen)
        return tuple(seen)

    def _issue(self, slug: str, message: str, lines: list[SourceLine], severity: Severity = Severity.ERROR) -> None:
        self.issues.append(ParseIssue(slug, f"{self.title}: {message}", Span.of(lines) if lines else None, severity))

    # -- coded and by-unit rows --------------------------------------------
    def _rows(self, body: list[SourceLine]) -> list[_Raw]:
        raws: list[_Raw] = []
        fragments: list[SourceLine] = []  # text lines not yet attached to a row
        self._consumed: set[int] = set()  # fragments already joined to a row's name
        width = len(self.kind.columns)
        depth = 2 if self.kind.scheme == "econ" else 3
        for line in body:
            if is_header(line) or line.number in self._consumed:
                continue
            cells = [c for c in line.cells] if line.exact else _split_glued(line.cells)
            if line.exact:
                values = cells[-width:] if len(cells) >= width else [""] * (width - len(cells)) + cells
                head = [c for c in cells[: max(len(cells) - width, 0)]]
                if not all(v == "" or is_amount(v) for v in values):
                    # A text line inside the table: a wrapped name or a stray line.
                    if not any(is_amount(c) for c in cells):
                        fragments.append(line)
                        continue
                    self._issue("unreadable-row", f"expected {width} figures at the end of the row, got {cells}", [line])
                    continue
                raw = self._head(head, line, depth)
                raw.exact_values = values
            else:
                figures = [c for c in cells if is_amount(c)]
                words = [c for c in cells if not is_amount(c)]
                if self.kind.shape == "coded":
                    codes, words = _leading_codes(cells, depth)
                    figures = [c for c in words if is_amount(c)]
                    words = [c for c in words if not is_amount(c)]
                    if not codes and not figures and not _is_total_label(words):
                        fragments.append(line)
                        continue
                    raw = _Raw([line], "".join(words) or None, tuple(codes), figures)
                    raw.is_total = not codes and _is_total_label(words)
                    if raw.is_total:
                        raw.label = "合计"
                    raw.needs_label = not codes and not raw.is_total
                    if codes and not words:
                        raw.needs_label = True
                else:
                    if len(cells) > 2 and re.fullmatch(r"\d{1,3}", cells[0]) and not is_amount(cells[1]):
                        figures = figures[1:]  # the row number (序号) before the unit's name
                    if not figures and not _is_total_label(words):
                        fragments.append(line)
                        continue
                    if words and re.fullmatch(r"\d+", words[0]):
                        words = words[1:]
                    raw = _Raw([line], "".join(words) or None, (), figures)
                    raw.is_total = _is_total_label(words)
            if raw.label is None and not raw.is_total:
                self._attach_wrapped(raw, fragments, line, body)
            fragments = []
            raws.append(raw)
        return raws

    def _head(self, head: list[str], line: SourceLine, depth: int) -> _Raw:
        """The code and name cells of an exact row."""
        text = [c for c in head if c]
        if self.kind.shape != "coded":
            words = [c for c in text if not re.fullmatch(r"\d+", c)]
            label = "".join(words) or None
            return _Raw([line], label, (), is_total=_is_total_label(words))
        codes, words = _leading_codes(text, depth, exact=True)
        label = "".join(words) or None
        is_total = not codes and _is_total_label(words)
        return _Raw([line], "合计" if is_total else label, tuple(codes), is_total=is_total)

    def _attach_wrapped(self, raw: _Raw, before: list[SourceLine], line: SourceLine, body: list[SourceLine]) -> None:
        """A name wrapped around its row: text before and after the figures."""
        after: list[SourceLine] = []
        position = body.index(line)
        for follower in body[position + 1 : position + 2]:
            cells = [c for c in follower.cells if c]
            if cells and not any(is_amount(c) for c in cells) and not is_header(follower):
                if not (self.kind.shape == "coded" and _leading_codes(cells, 3)[0]):
                    after.append(follower)
        if not before and not after:
            return
        pieces = before[-1:] + after
        raw.label = "".join("".join(c for c in p.cells if c) for p in pieces)
        raw.lines = sorted({*raw.lines, *pieces}, key=lambda ln: ln.number)
        self._consumed.update(p.number for p in after)

    # -- two-sided tables -------------------------------------------------
    def _two_sided(self, body: list[SourceLine], columns: dict[str | None, tuple[str, ...]]) -> list[_Raw]:
        raws: list[_Raw] = []
        left_width = len(columns["收入"])
        right_width = len(columns["支出"])
        pending_label: tuple[str, SourceLine] | None = None
        skip: set[int] = set()
        for i, line in enumerate(body):
            if line.number in skip or is_header(line):
                continue
            if line.exact:
                cells = list(line.cells) + [""] * max(0, 2 + left_width + right_width - len(line.cells))
                left = cells[: 1 + left_width]
                right = cells[1 + left_width : 2 + left_width + right_width]
                for side, part in (("收入", left), ("支出", right)):
                    label = part[0].replace(" ", "")
                    values = part[1:]
                    if not label and not any(values):
                        continue
                    if not all(v == "" or is_amount(v) for v in values):
                        self._issue("unreadable-row", f"expected figures after {label!r}, got {values}", [line])
                        continue
                    raws.append(_Raw([line], label or None, (), exact_values=values, side=side,
                                     is_total=label in _TOTAL_WORDS))
                continue
            segments = _segments(_split_glued(line.cells))
            if not segments:
                continue
            if len(segments) == 1 and segments[0][0] and not segments[0][1]:
                label = segments[0][0]
                following = body[i + 1] if i + 1 < len(body) else None
                if following is not None and _segments(_split_glued(following.cells)) and \
                        _segments(_split_glued(following.cells))[0][0] is None:
                    pending_label = (label, line)  # a label wrapped around its figures
                    continue
            for label, figures in segments:
                lines = [line]
                if label is None and pending_label is not None:
                    label, first = pending_label
                    lines.insert(0, first)
                    pending_label = None
                    tail = body[i + 1] if i + 1 < len(body) else None
                    if tail is not None and not any(is_amount(c) for c in tail.cells) and \
                            not _NUMBERING.match(tail.text) and not is_header(tail) and tail.text not in _TOTAL_WORDS:
                        label += tail.text.replace(" ", "")
                        lines.append(tail)
                        skip.add(tail.number)
                if label is None:
                    self._issue("row-without-label", f"figures {figures} have no row label", [line])
                    continue
                side = _side_of(label)
                raws.append(_Raw(lines, label, (), list(figures), side=side, is_total=label in _TOTAL_WORDS))
        return raws

    # -- single-row tables -------------------------------------------------
    def _single_row(self, body: list[SourceLine]) -> list[_Raw]:
        data = [ln for ln in body if any(is_amount(c) for c in ln.cells)]
        if not data:
            return []
        if len(data) > 1:
            self._issue("unexpected-rows", f"expected one row of figures, found {len(data)}", data, Severity.WARNING)
        line = data[0]
        if line.exact:
            width = len(self.kind.columns)
            values = list(line.cells[-width:])
            values = [""] * (width - len(values)) + values
            return [_Raw([line], None, (), exact_values=values)]
        return [_Raw([line], None, (), [c for c in line.cells if is_amount(c)])]

    # -- placing figures in columns ---------------------------------------
    def _place(self, raws: list[_Raw], columns: dict[str | None, tuple[str, ...]], unit: str) -> list[TableRow]:
        candidates: list[list[dict[str, str]]] = []
        for raw in raws:
            cols = columns.get(raw.side, columns.get(None, ()))
            if raw.exact_values is not None:
                candidates.append([{c: v for c, v in zip(cols, raw.exact_values) if v}])
            else:
                candidates.append(_placements(raw.values, cols, self._identities(cols)))
        # Stated figures are in 元; the table's figures are compared as printed, in its unit.
        known = {c: (v / UNITS[unit] if v else v) for c, v in self.known.items()}
        for i, raw in enumerate(raws):
            if known and raw.exact_values is None:
                candidates[i] = narrow_by_known(candidates[i], known, self.kind.shape == "single-row")
        _narrow_by_hierarchy(raws, candidates, self.kind.shape)
        rows: list[TableRow] = []
        ambiguous: list[SourceLine] = []
        for index, (raw, options) in enumerate(zip(raws, candidates), start=1):
            if not options:
                self._issue(
                    "row-does-not-add-up",
                    f"figures {raw.values} of row {raw.label or ''} fit no column placement whose parts add up "
                    "to the total; placed in reading order",
                    raw.lines,
                    Severity.WARNING,
                )
                cols = columns.get(raw.side, columns.get(None, ()))
                options = [dict(zip(cols, raw.values))]
            if len(options) > 1:
                ambiguous.extend(raw.lines)
            cells_text = options[0]
            cells: dict[str, Amount] = {}
            for column, text in cells_text.items():
                amount = parse_amount(text, unit)
                if amount is None:  # pragma: no cover - values were checked with is_amount
                    continue
                cells[column] = amount
            code, printed = self._code(raw, rows)
            rows.append(
                TableRow(index, raw.label, code, printed, cells, Span.of(raw.lines), raw.side, raw.is_total)
            )
        if ambiguous:
            self._issue(
                "ambiguous-columns",
                f"{len(set(ln.number for ln in ambiguous))} row(s) print fewer figures than columns and fit more than "
                "one placement; figures were placed in reading order (check against the PDF)",
                sorted(set(ambiguous), key=lambda ln: ln.number),
                Severity.WARNING,
            )
        return rows

    def _identities(self, cols: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
        if self.kind.shape == "two-sided":
            return ((cols[0], cols[1:]),) if len(cols) > 1 else ()
        return self.kind.identities

    def _code(self, raw: _Raw, previous: list[TableRow]) -> tuple[str | None, str | None]:
        if not raw.code_parts:
            return None, None
        printed = " ".join(raw.code_parts)
        parts = list(raw.code_parts)
        if not _CODE3.match(parts[0]):
            # A class code garbled in extraction (e.g. "7 11 02" under 210 11): read it from
            # the enclosing 款 printed just before, and say so.
            parent = next((r.code for r in reversed(previous) if r.code and len(r.code) == 5), None)
            if len(parts) >= 2 and parent is not None and parent[3:5] == parts[1]:
                self._issue(
                    "garbled-code",
                    f"code printed as {printed!r}; read as {parent[:3]} {' '.join(parts[1:])} from the enclosing "
                    f"款 {parent}",
                    raw.lines,
                    Severity.WARNING,
                )
                parts[0] = parent[:3]
            else:
                self._issue("bad-code", f"code {printed!r} is not a classification code", raw.lines)
                return None, printed
        return "".join(parts), printed


def _split_glued(cells: tuple[str, ...] | list[str]) -> list[str]:
    """Split cells like ``296,397,593合计`` that extraction glued together."""
    out: list[str] = []
    for cell in cells:
        if not cell:
            continue
        glued = re.fullmatch(r"([\d,\.]+)(合计|总计)|(合计|总计)([\d,\.]+)", cell)
        if glued:
            out.extend(g for g in glued.groups() if g)
        else:
            out.append(cell)
    return out


def _leading_codes(cells: list[str] | tuple[str, ...], depth: int, exact: bool = False) -> tuple[list[str], list[str]]:
    """Split leading classification code cells (``201 03 50``) from the rest.

    ``exact``: the cells are the row's code and name cells only (its figures are
    in their own columns), so a lone 3-digit cell is a code.
    """
    cells = [c for c in cells if c]
    codes: list[str] = []
    for cell in cells:
        if not codes:
            if _CODE3.match(cell) or (_GARBLED_CLASS.match(cell) and len(cells) > 2 and _CODE2.match(cells[1])):
                codes.append(cell)
                continue
            break
        if len(codes) < depth and _CODE2.match(cell):
            codes.append(cell)
            continue
        break
    rest = cells[len(codes) :]
    # A lone 3-digit cell followed by a figure is an amount, not a code.
    if len(codes) == 1 and not rest and not exact:
        return [], cells
    return codes, rest


def _is_total_label(words: list[str]) -> bool:
    return "".join(words).replace(" ", "") in _TOTAL_WORDS


def _segments(cells: list[str]) -> list[tuple[str | None, list[str]]]:
    """Split a compact two-sided line into (label, figures) segments."""
    segments: list[tuple[str | None, list[str]]] = []
    label_parts: list[str] = []
    figures: list[str] = []
    for cell in cells:
        if is_amount(cell):
            figures.append(cell)
            continue
        starts = bool(_NUMBERING.match(cell)) or cell in _TOTAL_WORDS
        if figures or (starts and label_parts and not re.fullmatch(r"\d+[\.．、]|[一二三四五六七八九十]+、", label_parts[-1])):
            segments.append(("".join(label_parts) or None, figures))
            label_parts, figures = [], []
        label_parts.append(cell)
    if label_parts or figures:
        segments.append(("".join(label_parts) or None, figures))
    return [(label.replace(" ", "") if label else None, figs) for label, figs in segments]


def _side_of(label: str) -> str:
    bare = _NUMBERING.sub("", label)
    if bare == "支出总计" or bare.endswith("支出"):
        return "支出"
    return "收入"


def _placements(values: list[str], cols: tuple[str, ...], identities: tuple[tuple[str, tuple[str, ...]], ...]) -> list[dict[str, str]]:
    """Every placement of compact figures into columns that keeps reading order and the identities.

    Placements are returned in reading-order preference (leftmost first).
    """
    if not values:
        return [{}]
    if len(values) > len(cols):
        return []
    found: list[dict[str, str]] = []
    for positions in itertools.combinations(range(len(cols)), len(values)):
        placed = {cols[p]: v for p, v in zip(positions, values)}
        if _holds(placed, identities):
            found.append(placed)
    return found


def _value(placed: dict[str, str], column: str) -> Decimal:
    text = placed.get(column)
    return Decimal(text.replace(",", "")) if text else Decimal(0)


def _holds(placed: dict[str, str], identities: tuple[tuple[str, tuple[str, ...]], ...]) -> bool:
    for total, parts in identities:
        if total not in placed and any(p in placed for p in parts):
            return False
        if total in placed and sum((_value(placed, p) for p in parts), Decimal(0)) != _value(placed, total):
            # A total with no parts printed (e.g. a row of one figure) is fine.
            if any(p in placed for p in parts):
                return False
    return True


def _groups(raws: list[_Raw], shape: str) -> list[tuple[int, list[int]]]:
    """(parent row, child rows) whose figures must add up column by column."""
    if shape == "two-sided":
        total = next((i for i, r in enumerate(raws) if r.side == "支出" and r.is_total), None)
        kids = [i for i, r in enumerate(raws) if r.side == "支出" and not r.is_total]
        return [(total, kids)] if total is not None and kids else []
    codes = ["".join(r.code_parts) if r.code_parts else ("TOTAL" if r.is_total else None) for r in raws]
    index = {code: i for i, code in reversed(list(enumerate(codes))) if code is not None}
    children: dict[str, list[int]] = {}
    for i, code in enumerate(codes):
        if code is None or code == "TOTAL":
            continue
        children.setdefault(code[:-2] if len(code) > 3 else "TOTAL", []).append(i)
    return [(index[parent], kids) for parent, kids in children.items() if parent in index]


def _narrow_by_hierarchy(raws: list[_Raw], candidates: list[list[dict[str, str]]], shape: str) -> None:
    """Use parent = sum of children (per column) to choose among placements.

    A column the parent leaves empty cannot hold a child's figure; beyond
    that, every combination of the children's placements is tried while
    there are few enough of them.
    """
    groups = _groups(raws, shape)
    changed = True
    while changed:
        changed = False
        for p, kids in groups:
            if len(candidates[p]) == 1:
                empty = {c for c in _columns_of(candidates) if c not in candidates[p][0]}
                for k in kids:
                    kept = [c for c in candidates[k] if not any(col in empty and _value(c, col) != 0 for col in c)]
                    if kept and len(kept) < len(candidates[k]):
                        candidates[k] = kept
                        changed = True
            group = [p, *kids]
            if all(len(candidates[i]) == 1 for i in group) or any(not candidates[i] for i in group):
                continue
            size = 1
            for i in group:
                size *= len(candidates[i])
            if size > 4096:
                continue
            keep: list[set[int]] = [set() for _ in group]
            for combo in itertools.product(*(range(len(candidates[i])) for i in group)):
                chosen = [candidates[i][c] for i, c in zip(group, combo)]
                columns = {c for placed in chosen for c in placed}
                if all(_value(chosen[0], c) == sum((_value(k, c) for k in chosen[1:]), Decimal(0)) for c in columns):
                    for slot, c in enumerate(combo):
                        keep[slot].add(c)
            if not all(keep):
                continue
            for slot, i in enumerate(group):
                narrowed = [candidates[i][c] for c in sorted(keep[slot])]
                if len(narrowed) < len(candidates[i]):
                    candidates[i] = narrowed
                    changed = True


def _columns_of(candidates: list[list[dict[str, str]]]) -> set[str]:
    return {c for options in candidates for placed in options for c in placed}


def narrow_by_known(
    row_options: list[dict[str, str]], known: dict[str, Decimal | None], per_row: bool
) -> list[dict[str, str]]:
    """Keep placements that agree with figures the document states elsewhere.

    ``known`` maps a column to its stated value (None or 0: stated as none).
    A column stated as none holds nothing in any row; a stated non-zero value
    is compared only when it is the row's own value (``per_row``).
    """
    kept = []
    for placed in row_options:
        ok = True
        for column, value in known.items():
            if value is None or value == 0:
                if _value(placed, column) != 0:
                    ok = False
            elif per_row and column in placed and _value(placed, column) != value:
                ok = False
        if ok:
            kept.append(placed)
    return kept or row_options
