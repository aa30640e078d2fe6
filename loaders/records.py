"""Typed records a loader produces: the boundary between parsing and mapping.

Everything a disclosure states is here as plain, immutable data with the place
in the source it came from. Nothing here knows about RDF.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from pathlib import Path


@dataclass(frozen=True, slots=True)
class SourceLine:
    """One line of a document as extracted, with its place.

    ``number`` is 1-based and unique in the document: the line of a text file,
    or the running line of the text extracted from a PDF. ``cells`` is the line
    split into table cells; ``exact`` says whether empty cells were kept (tab
    layouts that print them, PDF tables), so a cell's index is its column.
    ``last`` is the last line of the file, when a row printed one cell per line
    was joined back into one line.
    """

    number: int
    text: str
    cells: tuple[str, ...]
    page: int | None = None
    exact: bool = False
    last: int | None = None

    @property
    def end(self) -> int:
        return self.number if self.last is None else self.last


@dataclass(frozen=True, slots=True)
class Span:
    """A range of source lines (inclusive), with the pages they are on."""

    first: int
    last: int
    page_first: int | None = None
    page_last: int | None = None

    @staticmethod
    def of(lines: list[SourceLine] | tuple[SourceLine, ...]) -> Span:
        if not lines:
            raise ValueError("a span needs at least one line")
        return Span(lines[0].number, lines[-1].end, lines[0].page, lines[-1].page)

    def __str__(self) -> str:
        where = f"line {self.first}" if self.first == self.last else f"lines {self.first}-{self.last}"
        if self.page_first is not None:
            where += f" (page {self.page_first}" + (
                f"-{self.page_last})" if self.page_last not in (None, self.page_first) else ")"
            )
        return where


class Severity(str, Enum):
    ERROR = "error"  # the document cannot be loaded
    WARNING = "warning"  # loaded, but something was read with a caveat


@dataclass(frozen=True, slots=True)
class ParseIssue:
    """Something a reader of the document should know about, with its place."""

    slug: str
    message: str
    span: Span | None
    severity: Severity = Severity.ERROR


@dataclass(frozen=True, slots=True)
class Amount:
    """A money figure exactly as printed, and its exact value in 元."""

    yuan: Decimal
    printed: str
    unit: str  # the unit the document printed: "元" or "万元"


@dataclass(frozen=True, slots=True)
class TableRow:
    """One row of a budget table.

    ``code`` is the classification code as digits (``2080505``) when the row
    has one; ``printed_code`` is how it was printed (``208 05 05``).
    ``label`` is the printed name or row label. ``side`` tells the two halves
    of a two-sided table apart ("收入" / "支出"). ``cells`` maps column keys of
    the table to amounts; a column absent from it was printed empty.
    """

    index: int
    label: str | None
    code: str | None
    printed_code: str | None
    cells: dict[str, Amount]
    span: Span
    side: str | None = None
    is_total: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """A budget table of the template. ``kind`` is a key of ``tables.TABLE_KINDS``."""

    kind: str
    title: str
    unit: str
    columns: tuple[str, ...]
    rows: tuple[TableRow, ...]
    span: Span
    number: int | None = None  # its number in the 目录, when listed there
    note: str | None = None  # e.g. 注：本部门无……故本表为空表。


@dataclass(frozen=True, slots=True)
class StatedFigure:
    """A figure stated in prose: the narrative, 三公 explanation, 政府采购 ….

    ``topic`` names what the figure is (a key of ``narrative.TOPICS``);
    ``subject`` is the printed subject where the topic is a classification
    line (``一般公共服务支出`` or ``一般公共服务支出（类）统计信息事务（款）…``).
    ``change`` is the stated change against ``compared_year`` with its
    ``direction`` (增加 / 减少 / 持平).
    """

    topic: str
    amount: Amount | None
    span: Span
    subject: str | None = None
    change: Amount | None = None
    direction: str | None = None
    compared_year: int | None = None
    count: int | None = None
    percent: Decimal | None = None  # a stated percentage change


class BasisKind(str, Enum):
    DOCUMENT = "document"  # cites a policy document (with or without 文号)
    MEETING = "meeting"  # a meeting decision
    STATEMENT = "statement"  # a plain sentence, no document


@dataclass(frozen=True, slots=True)
class DocNumber:
    """A 发文字号 split into its parts. ``normalized`` is the GB/T 9704 form."""

    issuer_code: str  # 机关代字, e.g. 沪委办
    year: int | None  # None for 令 numbers
    serial: int
    printed: str
    is_order: bool = False  # 令

    @property
    def normalized(self) -> str:
        if self.year is None:
            return f"{self.issuer_code}{self.serial}号"
        return f"{self.issuer_code}〔{self.year}〕{self.serial}号"


@dataclass(frozen=True, slots=True)
class Citation:
    """One policy citation found in a 立项依据 item (or a mention elsewhere)."""

    raw: str
    kind: BasisKind
    title: str | None = None  # the title as written, 《》 removed
    work_title: str | None = None  # the work an issuing 通知 issues (X in 关于印发《X》的通知)
    number: DocNumber | None = None
    issuer: str | None = None  # issuing organ as written before the title


@dataclass(frozen=True, slots=True)
class BasisItem:
    """One 立项依据 item as written, and the citations read from it."""

    position: int
    text: str
    span: Span
    citations: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class Target:
    """An indicator's target value, parsed where it has a number."""

    text: str
    comparator: str | None = None  # ≥ ≤ > < = ；None when not stated
    value: Decimal | None = None
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class Indicator:
    level1: str | None
    level2: str | None
    level3: str
    target: Target
    span: Span
    position: int


@dataclass(frozen=True, slots=True)
class ProjectPart:
    """One of the seven numbered parts of a project section."""

    kind: str  # a key of projects.PART_KINDS, e.g. "overview", "basis"
    heading: str
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Project:
    """A project: from a 项目经费情况说明 section or a 绩效目标 form."""

    position: int
    name: str | None
    span: Span
    parts: tuple[ProjectPart, ...] = ()
    basis: tuple[BasisItem, ...] = ()
    mentions: tuple[Citation, ...] = ()
    period_text: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    budget: Amount | None = None
    budget_text: str | None = None
    indicators: tuple[Indicator, ...] = ()
    goal: str | None = None  # 年度绩效目标 / 年度总体目标
    properties: dict[str, str] = field(default_factory=dict)  # form fields: 项目性质 …
    amounts: dict[str, Amount] = field(default_factory=dict)  # form amounts: 项目资金总额 …
    from_form: bool = False


@dataclass(frozen=True, slots=True)
class OrgUnit:
    """A budget unit of the department, or an internal division (内设机构)."""

    name: str
    span: Span
    kind: str  # "budget-unit" or "division"
    parent: str | None = None  # the unit a division belongs to


@dataclass(frozen=True, slots=True)
class SourceInfo:
    path: Path
    sha256: str
    media_type: str  # text/plain or application/pdf
    layout: str  # tab / space / cell-per-line / pdf
    line_count: int
    page_count: int | None = None


@dataclass(frozen=True, slots=True)
class Disclosure:
    """Everything read from one budget disclosure."""

    source: SourceInfo
    title: str | None
    department: str
    year: int
    kind: str  # 部门预算 / 单位预算
    level: str | None  # 市级 / 区级
    lines: tuple[SourceLine, ...]
    toc: tuple[str, ...] = ()
    functions: str | None = None
    functions_span: Span | None = None
    units: tuple[OrgUnit, ...] = ()
    tables: tuple[Table, ...] = ()
    figures: tuple[StatedFigure, ...] = ()
    projects: tuple[Project, ...] = ()
    issues: tuple[ParseIssue, ...] = ()
