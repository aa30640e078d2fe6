"""The benchmark corpus: generated documents load with the real loaders, and their figures come back exactly.

The generator knows what each document states (`benchmarks.model.Disclosure`); every
table row, project, citation and indicator read by `read_document` is compared with it.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from benchmarks.corpus import Generated, generate, write
from benchmarks.layouts import LAYOUTS
from benchmarks.model import Disclosure as Truth
from benchmarks.render import render, tables_of
from budgetkg.loaders.document import read_document
from budgetkg.loaders.records import Disclosure, Table
from budgetkg.loading import load_document
from budgetkg.queries import catalog
from budgetkg.store import GraphStore

DOCUMENTS = 12  # 3 departments x 4 years: every layout three times

_KINDS = {
    "财务收支预算总表": "income-expenditure", "收入预算总表": "income", "支出预算总表": "expenditure",
    "支出预算分单位明细表": "expenditure-by-unit", "财政拨款收支预算总表": "fiscal-summary",
    "财政拨款支出预算明细表": "fiscal-by-unit", "一般公共预算支出功能分类预算表": "general-function",
    "政府性基金预算支出功能分类预算表": "fund-function", "国有资本经营预算支出功能分类预算表": "soe-function",
    "一般公共预算基本支出部门预算经济分类预算表": "basic-economic", "“三公”经费和机关运行经费预算表": "three-public",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Generated, Disclosure]]:
    out = tmp_path_factory.mktemp("corpus")
    return [(g, read_document(g.path)) for g in write(out, DOCUMENTS, seed=7, years=4)]


def _figures(row_cells: dict) -> dict[str, Decimal]:  # type: ignore[type-arg]
    """Column -> value in 元, zeros left out: a zero printed as 0 and one printed empty say the same."""
    return {column: amount.yuan for column, amount in row_cells.items() if amount.yuan != 0}


def _nonzero(values: dict[str, int | Decimal]) -> dict[str, Decimal]:
    return {column: Decimal(v) for column, v in values.items() if v != 0}


def _table(read: Disclosure, kind: str) -> Table:
    found = [t for t in read.tables if t.kind == kind]
    assert len(found) == 1, f"{read.source.path.name}: expected one {kind} table, found {len(found)}"
    return found[0]


def _coded_expected(truth: Truth, kind: str) -> list[tuple[str | None, str, dict[str, Decimal]]]:
    if kind == "basic-economic":
        rows = [(c, truth.economic_name(c), {"合计": p + o, "人员经费": p, "公用经费": o}) for c, p, o in truth.economic_rows()]
        total = {"合计": truth.basic, "人员经费": truth.personnel, "公用经费": truth.operating}
    elif kind == "income":
        rows = [(c, truth.function_name(c), {"合计": b + p, "财政拨款收入": b + p}) for c, b, p in truth.function_rows()]
        total = {"合计": truth.total, "财政拨款收入": truth.total}
    elif kind in ("fund-function", "soe-function"):
        return []  # an empty table prints its header and 合计 only: no rows
    else:
        rows = [(c, truth.function_name(c), {"合计": b + p, "基本支出": b, "项目支出": p}) for c, b, p in truth.function_rows()]
        total = {"合计": truth.total, "基本支出": truth.basic, "项目支出": truth.project_total}
    return [(c, name, _nonzero(v)) for c, name, v in rows] + [(None, "合计", _nonzero(total))]


def test_every_layout_is_generated(corpus: list[tuple[Generated, Disclosure]]) -> None:
    layouts = Counter(g.disclosure.layout for g, _ in corpus)
    assert set(layouts) == set(LAYOUTS)
    read_layouts = {g.disclosure.layout: read.source.layout for g, read in corpus}
    assert read_layouts == {"tab-exact": "tab", "tab-compact": "tab", "space": "space", "cell": "cell"}
    # Cells kept empty only in the exact layout; page markers only in the paged ones.
    for g, read in corpus:
        assert any(ln.exact for ln in read.lines) == (g.disclosure.layout == "tab-exact")
        assert (read.source.page_count is not None) == (g.disclosure.layout != "tab-exact")


def test_documents_load_without_a_single_warning(corpus: list[tuple[Generated, Disclosure]]) -> None:
    for g, read in corpus:
        truth = g.disclosure
        assert read.issues == (), f"{g.path.name}: {[(i.slug, str(i.span), i.message) for i in read.issues]}"
        assert (read.department, read.year, read.kind) == (truth.department.name, truth.year, "部门预算")
        assert read.level == ("区级" if truth.department.district else "市级")


def test_tables_come_back_exactly(corpus: list[tuple[Generated, Disclosure]]) -> None:
    for g, read in corpus:
        truth = g.disclosure
        names = tables_of(truth)
        assert [t.kind for t in read.tables] == [_KINDS[n] for n in names], g.path.name
        assert [t.number for t in read.tables] == list(range(1, len(names) + 1))
        for kind in ("income", "expenditure", "general-function", "fund-function", "soe-function", "basic-economic"):
            table = _table(read, kind)
            got = [(r.code, r.label, _figures(r.cells)) for r in table.rows]
            assert got == _coded_expected(truth, kind), f"{g.path.name} {kind}"
        classes = [(c, b + p) for c, b, p in truth.function_rows() if len(c) == 3]
        summary = _table(read, "income-expenditure")
        spending = [(r.label, _figures(r.cells)) for r in summary.rows if r.side == "支出" and not r.is_total]
        assert spending == [
            (f"{'一二三四五六七八九十'[n]}、{truth.function_name(c)}", {"预算数": Decimal(v)}) for n, (c, v) in enumerate(classes)
        ]
        totals = {r.label: _figures(r.cells) for r in summary.rows if r.is_total}
        assert totals == {"收入总计": {"预算数": truth.total}, "支出总计": {"预算数": truth.total}}
        fiscal = _table(read, "fiscal-summary")
        right = [_figures(r.cells) for r in fiscal.rows if r.side == "支出" and not r.is_total]
        assert right == [{"合计": Decimal(v), "一般公共预算": Decimal(v)} for _, v in classes]
        three = _table(read, "three-public")
        assert [_figures(r.cells) for r in three.rows] == [{k: v * 10000 for k, v in truth.three_public.items() if v}]
        if truth.layout == "tab-exact":
            for kind in ("expenditure-by-unit", "fiscal-by-unit"):
                rows = [(r.label, _figures(r.cells)) for r in _table(read, kind).rows]
                assert rows == [
                    (unit, _nonzero({"合计": p + o + j, "人员经费": p, "公用经费": o, "项目支出": j}))
                    for unit, p, o, j in truth.by_unit
                ] + [("合计", _nonzero({"合计": truth.total, "人员经费": truth.personnel, "公用经费": truth.operating,
                                       "项目支出": truth.project_total}))]


def test_identities_hold_in_the_generated_figures(corpus: list[tuple[Generated, Disclosure]]) -> None:
    for g, _ in corpus:
        truth = g.disclosure
        assert truth.personnel + truth.operating == truth.basic
        assert truth.functions["2080505"][0] == truth.economic["30108"]  # 经济分类 30108 = 功能分类 2080505
        t = truth.three_public
        assert t["三公经费合计"] == t["因公出国(境)费"] + t["公务接待费"] + t["公务用车购置及运行费"]


def test_projects_citations_and_indicators_come_back_exactly(corpus: list[tuple[Generated, Disclosure]]) -> None:
    forms = Counter()
    for g, read in corpus:
        truth = g.disclosure
        assert [p.name for p in read.projects] == [f"{p.name}项目" for p in truth.projects]
        for got, want in zip(read.projects, truth.projects):
            assert [part.kind for part in got.parts] == ["overview", "basis", "implementer", "plan", "period", "budget", "goal"]
            assert got.budget is not None and got.budget.yuan == want.amount * 10000
            assert (got.period_start.isoformat(), got.period_end.isoformat()) == (f"{truth.year}-01-01", f"{truth.year}-12-31")  # type: ignore[union-attr]
            assert [item.text for item in got.basis] == [item.text for item in want.basis]
            read_citations = [
                (c.kind.value, c.number.normalized if c.number else None, c.title,
                 c.work_title if c.kind.value == "document" else None)
                for item in got.basis for c in item.citations
            ]
            assert read_citations == [
                (c.kind, c.number, c.title, c.work) for item in want.basis for c in item.citations
            ], g.path.name
            mentioned = [c.number.normalized for c in got.mentions if c.number]
            assert mentioned == ([want.mention.number] if want.mention else [])
            indicators = [(i.level1, i.level2, i.level3, i.target.text) for i in got.indicators]
            assert indicators == [(i.level1, i.level2, i.level3, i.target) for i in want.indicators]
            for item in want.basis:
                forms[_form(item.text)] += 1
    # Every citation form of the domain notes (§4) occurs in a corpus this small.
    assert {"《》（文号）", "印发《》的通知", "title（文号）", "文号 before title", "two on one line", "《》 only",
            "order", "meeting", "statement"} <= set(forms), forms


def _form(text: str) -> str:
    if text.startswith("根据") and "专题会" in text:
        return "meeting"
    if text.startswith("为保障"):
        return "statement"
    if text.startswith("根据"):
        return "文号 before title"
    if "令第" in text or "府令" in text:
        return "order"
    if text.count("《") == 2 and "印发" not in text:
        return "two on one line"
    if "印发《" in text:
        return "印发《》的通知"
    if text.startswith("《") and text.endswith("》"):
        return "《》 only"
    if text.startswith("《"):
        return "《》（文号）"
    return "title（文号）"


def test_units_and_divisions(corpus: list[tuple[Generated, Disclosure]]) -> None:
    for g, read in corpus:
        dept = g.disclosure.department
        assert [u.name for u in read.units if u.kind == "budget-unit"] == dept.units
        assert [u.name for u in read.units if u.kind == "division"] == dept.divisions


def test_generation_is_deterministic() -> None:
    first = [(name, render(d)) for name, d in generate(7, seed=3)]
    again = [(name, render(d)) for name, d in generate(7, seed=3)]
    other = [(name, render(d)) for name, d in generate(7, seed=4)]
    assert first == again
    assert first != other
    # A document does not depend on how many documents are generated after it.
    assert [(name, render(d)) for name, d in generate(12, seed=3)][:7] == first


def test_the_same_policy_is_traced_across_departments_and_years(tmp_path: Path, corpus: list[tuple[Generated, Disclosure]]) -> None:
    cited: Counter[str] = Counter()
    expected: dict[str, set[tuple[str, int, Decimal]]] = {}
    for g, _ in corpus:
        for project in g.disclosure.projects:
            for item in project.basis:
                for c in item.citations:
                    if c.number:
                        cited[c.number] += 1
                        expected.setdefault(c.number, set()).add(
                            (f"{project.name}项目", g.disclosure.year, project.amount * 10000))
    number, _ = cited.most_common(1)[0]
    departments = {g.disclosure.department.name for g, _ in corpus
                   if any(c.number == number for p in g.disclosure.projects for i in p.basis for c in i.citations)}
    assert len(departments) > 1, "the most cited policy should be cited by several departments"
    with GraphStore(tmp_path / "store") as store:
        for g, _ in corpus:
            load_document(store, g.path)
        rows = store.query(catalog()["projects-citing-policy"].text, {"docNumber": _literal(number)})
        got = {(r["name"].value, int(r["year"].value), Decimal(r["amount"].value)) for r in rows}
    assert got == expected[number]


def _literal(value: str):  # type: ignore[no-untyped-def]
    import pyoxigraph as ox

    return ox.Literal(value)
