"""Every corpus document loads; totals, code rows and projects as printed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetkg.loaders.document import read_document

from conftest import corpus, parsed

TOTALS = {
    "sh-czj-2025-unit-budget.txt": ("上海市财政局", 2025, "单位预算", Decimal(171915169), 0),
    "sh-putuo-fuliyuan-2024-unit-budget.txt": ("上海市普陀区社会福利院", 2024, "单位预算", Decimal(12121164), 0),
    "sh-putuo-wanli-2023-budget.txt": ("上海市普陀区人民政府万里街道办事处", 2023, "部门预算", Decimal(164978640), 5),
    "sh-putuo-wanli-2025-budget.tab.txt": ("上海市普陀区人民政府万里街道办事处", 2025, "部门预算", Decimal(189767551), 1),
}


@pytest.mark.parametrize("name", sorted(TOTALS))
def test_corpus_text_loads(name: str) -> None:
    d = read_document(corpus(name))
    department, year, kind, total, projects = TOTALS[name]
    assert (d.department, d.year, d.kind) == (department, year, kind)
    income = next(t for t in d.tables if t.kind == "income")
    assert income.rows[-1].is_total and income.rows[-1].cells["合计"].yuan == total
    assert len(d.projects) == projects


def test_fuliyuan_garbled_code_is_read_and_reported() -> None:
    d = read_document(corpus("sh-putuo-fuliyuan-2024-unit-budget.txt"))
    spending = next(t for t in d.tables if t.kind == "expenditure")
    medical = next(r for r in spending.rows if r.printed_code == "7 11 02")
    assert medical.code == "2101102"
    assert any(i.slug == "garbled-code" and i.span and i.span.first == 135 for i in d.issues)


def test_wanli_2025_row_that_does_not_add_up_is_reported() -> None:
    d = read_document(corpus("sh-putuo-wanli-2025-budget.tab.txt"))
    spending = next(t for t in d.tables if t.kind == "expenditure")
    row = next(r for r in spending.rows if r.code == "21201")
    assert {c: a.yuan for c, a in row.cells.items()} == {
        "合计": Decimal(94995790), "基本支出": Decimal(77381546), "项目支出": Decimal(17614243)
    }
    assert any(i.slug == "row-does-not-add-up" and i.span and i.span.first == 321 for i in d.issues)
    [project] = d.projects
    assert project.budget is not None and project.budget.yuan == Decimal(600000)
    numbers = sorted(c.number.normalized for item in project.basis for c in item.citations if c.number)
    assert numbers == ["普发改投〔2017〕89号", "沪府规〔2016〕168号"]


def test_wanli_2023_forms() -> None:
    d = read_document(corpus("sh-putuo-wanli-2023-budget.txt"))
    forms = [p for p in d.projects if p.indicators]
    assert [p.name for p in forms] == ["新建万里街道社区公共服务中心", "就业援助基地补贴", "社区环境整治和建设经费", "各类工作经费", "公共服务设施运行经费"]
    assert [p.from_form for p in forms] == [False, True, True, True, True]
    assert forms[-1].amounts["其中：当年财政拨款"].yuan == Decimal(11419043)
    assert forms[-1].amounts["项目资金总额"].yuan == Decimal(10903043)
    first = forms[0].indicators[0]
    assert (first.level3, first.target.comparator, first.target.value, first.target.unit) == ("规划建筑面积", "≥", Decimal("13459.00"), "平方米")


def test_wanli_2023_forms_read_alike_from_text_and_pdf() -> None:
    """Regression: the PDF draws each form's title inside its grid; it must still start a form.

    The PDF gives every merged 一级/二级 cell exactly. The text prints those labels only
    at the middle of their rows, so two rows of 各类工作经费 (22 and 23) land one group
    late there: the PDF puts them under 产出指标/质量指标, the text under 效益指标/社会效益指标.
    """
    text = [p for p in read_document(corpus("sh-putuo-wanli-2023-budget.txt")).projects if p.indicators]
    pdf = [p for p in read_document(corpus("sh-putuo-wanli-2023-budget.pdf")).projects if p.indicators]
    assert [p.name for p in pdf] == [p.name for p in text]
    assert [p.amounts for p in pdf] == [p.amounts for p in text]
    assert [len(p.indicators) for p in pdf] == [5, 4, 4, 43, 9]
    assert [len(p.basis) for p in pdf] == [len(p.basis) for p in text] == [1, 0, 0, 0, 0]
    differing = []
    for a, b in zip(text, pdf):
        for x, y in zip(a.indicators, b.indicators):
            assert (x.level3, x.target.text) == (y.level3, y.target.text)
            if (x.level1, x.level2) != (y.level1, y.level2):
                differing.append((a.name, x.position, (x.level1, x.level2), (y.level1, y.level2)))
    assert differing == [
        ("各类工作经费", 22, ("效益指标", "社会效益指标"), ("产出指标", "质量指标")),
        ("各类工作经费", 23, ("效益指标", "社会效益指标"), ("产出指标", "质量指标")),
    ]


PAIRS = [
    ("sh-czj-2025-unit-budget.txt", "sh-czj-2025-unit-budget.pdf"),
    ("sh-putuo-fuliyuan-2024-unit-budget.txt", "sh-putuo-fuliyuan-2024-unit-budget.pdf"),
    ("sh-putuo-wanli-2023-budget.txt", "sh-putuo-wanli-2023-budget.pdf"),
    ("sh-putuo-wanli-2025-budget.tab.txt", "sh-putuo-wanli-2025-budget.pdf"),
]

# Where text and PDF differ, and why. Only the warnings differ: the PDF gives every
# cell in its column, so nothing has to be placed; the text drops empty cells, so
# figures are placed by the row's arithmetic, and rows where that cannot decide, or
# where the printed figures do not add up, are reported.
TEXT_ONLY_WARNINGS = {
    "sh-czj-2025-unit-budget.txt": [],
    # 15 rows of 210 11 02 … print fewer figures than columns and fit several placements.
    "sh-putuo-fuliyuan-2024-unit-budget.txt": ["ambiguous-columns", "ambiguous-columns"],
    "sh-putuo-wanli-2023-budget.txt": [],
    # 212 01 prints 94,995,790 / 77,381,546 / 17,614,243, which do not add up: from the
    # text no placement fits; the PDF puts them in their printed columns (validation reports the sum).
    "sh-putuo-wanli-2025-budget.tab.txt": ["row-does-not-add-up", "row-does-not-add-up"],
}


def _rows(name: str) -> dict[str, list[tuple[object, ...]]]:
    d = parsed(corpus(name))
    return {
        t.kind: [(r.code, r.label, r.is_total, {c: a.yuan for c, a in r.cells.items()}) for r in t.rows]
        for t in d.tables
    }


@pytest.mark.parametrize(("text", "pdf"), PAIRS, ids=[p[0] for p in PAIRS])
def test_text_and_pdf_give_the_same_tables_and_projects(text: str, pdf: str) -> None:
    assert _rows(text) == _rows(pdf)
    a, b = parsed(corpus(text)), parsed(corpus(pdf))
    assert [(p.name, p.budget, len(p.basis)) for p in a.projects] == [(p.name, p.budget, len(p.basis)) for p in b.projects]
    pdf_warnings = sorted(i.slug for i in b.issues)
    text_warnings = sorted(i.slug for i in a.issues)
    for slug in TEXT_ONLY_WARNINGS[text]:
        text_warnings.remove(slug)
    assert text_warnings == pdf_warnings


def test_wanli_2023_unnamed_project_section_is_named_by_its_form() -> None:
    """The 项目经费情况说明 prints no project name; its 立项依据 and its form's indicators are one project."""
    d = parsed(corpus("sh-putuo-wanli-2023-budget.txt"))
    project = d.projects[0]
    assert project.name == "新建万里街道社区公共服务中心"
    assert project.budget is not None and project.budget.yuan == Decimal(4100000)
    assert (project.span.first, len(project.parts), len(project.indicators)) == (561, 7, 5)
    assert project.amounts["年度资金申请总额"].yuan == Decimal(4100000)
    [note] = [i for i in d.issues if i.slug == "project-named-by-form"]
    assert note.span == project.span and "lines 591-619" in note.message
