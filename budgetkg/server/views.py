"""What the rich pages show: a policy, a project, a department-year, a code.

Each function runs the page's `.rq` queries through ``rows`` and shapes the
answer for its template. Everything else a resource has is shown by the
generic part of the page, so new facts in the graph appear without changes here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from decimal import Decimal

from budgetkg import iris
from budgetkg.loaders.tables import TABLE_KINDS
from budgetkg.server import labels, urls
from budgetkg.server.worker import Term

Rows = tuple[dict[str, Term], ...]
RunRows = Callable[..., Awaitable[Rows]]

_COLUMN_ORDER = {str(iris.table_kind(key)): kind.columns for key, kind in TABLE_KINDS.items()}
_KIND_SCHEME = {str(iris.table_kind(key)): kind.scheme for key, kind in TABLE_KINDS.items()}


def _v(row: dict[str, Term], key: str) -> str | None:
    term = row.get(key)
    return term.value if term is not None else None


def _dec(row: dict[str, Term], key: str) -> Decimal | None:
    value = _v(row, key)
    return Decimal(value) if value is not None else None


@dataclass
class Link:
    iri: str
    text: str

    @property
    def url(self) -> str:
        return urls.page(self.iri)


# -- policy -----------------------------------------------------------------
@dataclass
class CitingProject:
    project: Link
    year: str
    amount: Decimal | None
    department: Link
    document: Link


@dataclass
class PolicyView:
    projects: list[CitingProject]
    total: Decimal
    by_year: list[tuple[str, int, Decimal]]
    citations: list[dict[str, str | None]]
    issuers: list[str]


async def policy(rows: RunRows, this: str) -> PolicyView:
    projects = [
        CitingProject(
            Link(r["project"].value, r["name"].value),
            r["year"].value,
            _dec(r, "amount"),
            Link(r["org"].value, r["department"].value),
            Link(r["doc"].value, r["docLabel"].value),
        )
        for r in await rows("policy-projects", this=this)
    ]
    total = sum((p.amount for p in projects if p.amount is not None), Decimal(0))
    years: dict[str, tuple[int, Decimal]] = {}
    for p in projects:
        count, money = years.get(p.year, (0, Decimal(0)))
        years[p.year] = (count + 1, money + (p.amount or 0))
    citations = [
        {
            "how": "立项依据" if r["how"].value == "basis" else "实施方案中提及",
            "raw": r["raw"].value,
            "printed": _v(r, "printedNumber"),
            "issuer": _v(r, "issuer"),
            "project": r["project"].value,
            "name": r["name"].value,
            "year": r["year"].value,
        }
        for r in await rows("policy-citations", this=this)
    ]
    issuers = sorted({c["issuer"] for c in citations if c["issuer"]})  # type: ignore[misc]
    by_year = [(y, n, m) for y, (n, m) in sorted(years.items())]
    return PolicyView(projects, total, by_year, citations, issuers)


# -- project ----------------------------------------------------------------
@dataclass
class BasisItem:
    position: int
    raw: str
    policies: list[Link] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)


@dataclass
class Source:
    sha256: str
    file_name: str
    first: int | None
    last: int | None
    pages: str | None

    @property
    def url(self) -> str:
        return urls.source(self.sha256, self.first, self.last)


@dataclass
class ProjectView:
    summary: dict[str, object]
    parts: list[dict[str, str | None]]
    basis: list[BasisItem]
    indicators: list[dict[str, str | None]]
    source: Source | None


async def provenance(rows: RunRows, this: str) -> Source | None:
    found = await rows("provenance", this=this)
    if not found:
        return None
    r = found[0]
    first, last = _v(r, "lineStart"), _v(r, "lineEnd")
    ps, pe = _v(r, "pageStart"), _v(r, "pageEnd")
    pages = None if ps is None else (ps if ps == pe else f"{ps}–{pe}")
    return Source(r["sha256"].value, r["fileName"].value, int(first) if first else None, int(last) if last else None, pages)


async def project(rows: RunRows, this: str) -> ProjectView:
    parts = [
        {"heading": r["heading"].value, "text": _v(r, "text"), "lines": _lines(r)}
        for r in await rows("project-parts", this=this)
    ]
    items: dict[str, BasisItem] = {}
    for r in await rows("project-basis", this=this):
        item = items.setdefault(r["item"].value, BasisItem(int(r["position"].value), r["raw"].value))
        if "policy" in r:
            link = Link(r["policy"].value, _v(r, "policyLabel") or _v(r, "docNumber") or r["policy"].value)
            if all(p.iri != link.iri for p in item.policies):
                item.policies.append(link)
        elif "citationText" in r:
            item.unresolved.append(r["citationText"].value)
    indicators = [
        {k: _v(r, k) for k in ("level1", "level2", "level3", "target")}
        for r in await rows("project-indicators", this=this)
    ]
    basis = sorted(items.values(), key=lambda b: b.position)
    summary: dict[str, object] = {}
    for r in await rows("project-summary", this=this):
        summary = {
            "department": Link(r["org"].value, r["department"].value),
            "year": r["year"].value,
            "document": Link(r["doc"].value, r["docLabel"].value),
            "amount": _dec(r, "amount"),
            "printed": f"{_v(r, 'printedAmount')} {_v(r, 'printedUnit')}" if "printedAmount" in r else None,
        }
    return ProjectView(summary, parts, basis, indicators, await provenance(rows, this))


def _lines(r: dict[str, Term]) -> str | None:
    first, last = _v(r, "lineStart"), _v(r, "lineEnd")
    if first is None:
        return None
    return f"第 {first} 行" if first == last else f"第 {first}–{last} 行"


# -- department-year (a disclosure) ---------------------------------------------
@dataclass
class TableRowView:
    index: int
    label: str
    code: str | None
    code_iri: str | None
    side: str | None
    is_total: bool
    code_name: str | None = None
    cells: dict[str, Decimal] = field(default_factory=dict)


@dataclass
class TableView:
    iri: str
    number: str | None
    title: str
    unit: str
    kind: str
    columns: list[str] = field(default_factory=list)
    rows: list[TableRowView] = field(default_factory=list)

    @property
    def two_sided(self) -> bool:
        return any(r.side for r in self.rows)


@dataclass
class CodeNode:
    notation: str
    name: str
    iri: str | None
    amount: Decimal | None
    children: list[CodeNode] = field(default_factory=list)


@dataclass
class DisclosureView:
    tables: list[TableView]
    trees: list[tuple[str, str, list[CodeNode]]]  # (scheme name, column shown, roots)
    projects: list[dict[str, object]]


async def disclosure(rows: RunRows, this: str) -> DisclosureView:
    tables: dict[str, TableView] = {}
    row_views: dict[str, TableRowView] = {}
    for r in await rows("disclosure-cells", this=this):
        table = tables.setdefault(
            r["table"].value,
            TableView(r["table"].value, _v(r, "number"), r["title"].value, r["unit"].value, r["kind"].value),
        )
        if "row" not in r:
            continue
        row = row_views.get(r["row"].value)
        if row is None:
            code = _v(r, "printedCode")
            row = TableRowView(
                int(r["index"].value),
                _v(r, "rowLabel") or "",
                code,
                _v(r, "code"),
                _v(r, "side"),
                _v(r, "isTotal") == "true",
                _v(r, "codeName"),
            )
            row_views[r["row"].value] = row
            table.rows.append(row)
        if "columnLabel" in r and "amount" in r:
            row.cells[r["columnLabel"].value] = Decimal(r["amount"].value)
            if r["columnLabel"].value not in table.columns:
                table.columns.append(r["columnLabel"].value)
    for table in tables.values():
        table.rows.sort(key=lambda x: x.index)
        order = _COLUMN_ORDER.get(table.kind, ())
        table.columns.sort(key=lambda c: (order.index(c) if c in order else len(order), c))
    ordered = sorted(tables.values(), key=lambda t: (int(t.number) if t.number else 99, t.title))
    projects: list[dict[str, object]] = [
        {
            "link": Link(r["project"].value, r["name"].value),
            "amount": _dec(r, "amount"),
            "policies": int(r["policies"].value),
        }
        for r in await rows("disclosure-projects", this=this)
    ]
    return DisclosureView(ordered, _trees(ordered), projects)


_SCHEME_NAMES = {"func": "支出功能分类科目", "econ": "部门预算支出经济分类科目"}
# The table whose rows make the tree: the expenditure table before the income one.
_TREE_TABLES = tuple(str(iris.table_kind(k)) for k in ("expenditure", "general-function", "basic-economic"))


def _trees(tables: list[TableView]) -> list[tuple[str, str, list[CodeNode]]]:
    """One code tree per scheme, from that scheme's table with the most coded rows."""
    out = []
    for scheme, name in _SCHEME_NAMES.items():
        candidates = [t for t in tables if _KIND_SCHEME.get(t.kind) == scheme and any(r.code_iri for r in t.rows)]
        if not candidates:
            continue
        preferred = [t for k in _TREE_TABLES for t in candidates if t.kind == k]
        table = preferred[0] if preferred else max(candidates, key=lambda t: sum(1 for r in t.rows if r.code_iri))
        column = table.columns[0] if table.columns else ""
        nodes: dict[str, CodeNode] = {}
        roots: list[CodeNode] = []
        for row in table.rows:
            if not row.code_iri:
                continue
            notation = row.code_iri.rsplit("/", 1)[-1]
            node = CodeNode(notation, row.label or row.code_name or "", row.code_iri, row.cells.get(column))
            nodes[notation] = node
            parent = nodes.get(notation[:-2]) if len(notation) > 3 else None
            (parent.children if parent else roots).append(node)
        out.append((f"{name}（{table.title}）", column, roots))
    return out


# -- code --------------------------------------------------------------------
@dataclass
class CodeView:
    notation: str | None
    names: list[tuple[str, str]]
    broader: list[Link]
    narrower: list[Link]
    years: list[str]
    pivot: list[tuple[Link, str, str, dict[str, Decimal]]]  # department, table, column, year -> amount


async def code(rows: RunRows, this: str) -> CodeView:
    names_rows = await rows("code-names", this=this)
    notation = _v(names_rows[0], "notation") if names_rows else None
    names = [(r["year"].value, r["name"].value) for r in names_rows if "year" in r]
    related = await rows("code-related", this=this)

    def link(r: dict[str, Term]) -> Link:
        return Link(r["code"].value, f"{r['notation'].value} {_v(r, 'name') or ''}".strip())

    broader = [link(r) for r in related if r["relation"].value == "broader"]
    narrower = [link(r) for r in related if r["relation"].value == "narrower"]
    cells: dict[tuple[str, str, str, str], dict[str, Decimal]] = {}
    departments: dict[str, str] = {}
    years: set[str] = set()
    for r in await rows("code-amounts", this=this):
        departments[r["org"].value] = r["department"].value
        year = r["year"].value
        years.add(year)
        title = r["tableTitle"].value
        # The same template table is titled with its year ("2019年部门…"); group across years.
        generic = title[5:] if title[:4].isdigit() and title[4] == "年" else title
        key = (r["org"].value, generic, r["columnLabel"].value, "")
        cells.setdefault(key, {})[year] = Decimal(r["amount"].value)
    pivot = [
        (Link(org, departments[org]), table, column, by_year)
        for (org, table, column, _), by_year in sorted(cells.items(), key=lambda kv: kv[0])
    ]
    return CodeView(notation, names, broader, narrower, sorted(years), pivot)


def money(value: Decimal | None) -> str:
    return labels.money(value) if value is not None else "—"
