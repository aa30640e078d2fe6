"""The two sample documents, checked against figures read off the documents by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from budgetkg.loaders.records import Disclosure, Table, TableRow


def table(d: Disclosure, kind: str) -> Table:
    return next(t for t in d.tables if t.kind == kind)


def row(t: Table, code: str) -> TableRow:
    return next(r for r in t.rows if r.code == code)


def figures(r: TableRow) -> dict[str, Decimal]:
    return {column: amount.yuan for column, amount in r.cells.items()}


def test_2023_identity(d2023: Disclosure) -> None:
    assert (d2023.department, d2023.year, d2023.kind, d2023.level) == ("上海市大数据中心", 2023, "部门预算", "市级")
    assert [t.number for t in d2023.tables] == list(range(1, 12))
    assert [u.name for u in d2023.units if u.kind == "budget-unit"] == ["上海市大数据中心"]


def test_2023_income_table_rows(d2023: Disclosure) -> None:
    income = table(d2023, "income")
    assert len(income.rows) == 24
    pension = row(income, "2080505")
    assert pension.label == "机关事业单位基本养老保险缴费支出"
    assert pension.printed_code == "208 05 05"
    assert figures(pension) == {"合计": Decimal(16509359), "财政拨款收入": Decimal(16509359)}
    assert pension.span.first == 113
    assert row(income, "20805").label == "行政事业单位养老支出"
    total = income.rows[-1]
    assert total.is_total and figures(total) == {"合计": Decimal(1607230000), "财政拨款收入": Decimal(1607230000)}


def test_2023_expenditure_and_economic_tables(d2023: Disclosure) -> None:
    spending = table(d2023, "expenditure")
    assert figures(spending.rows[-1]) == {
        "合计": Decimal(1607230000), "基本支出": Decimal(197555542), "项目支出": Decimal(1409674458)
    }
    assert figures(row(spending, "2059999")) == {"合计": Decimal(21846962), "项目支出": Decimal(21846962)}
    economic = table(d2023, "basic-economic")
    assert figures(row(economic, "30213")) == {"合计": Decimal(300000), "公用经费": Decimal(300000)}
    assert row(economic, "30213").label == "维修(护)费"
    assert figures(economic.rows[-1]) == {
        "合计": Decimal(197555542), "人员经费": Decimal(150256661), "公用经费": Decimal(47298881)
    }


def test_2023_empty_tables_are_recorded_empty(d2023: Disclosure) -> None:
    for kind in ("fund-function", "soe-function"):
        t = table(d2023, kind)
        assert all(not r.cells for r in t.rows)


def test_2023_three_public_in_wan_yuan(d2023: Disclosure) -> None:
    t = table(d2023, "three-public")
    assert t.unit == "万元"
    cells = t.rows[0].cells
    assert {c: a.printed for c, a in cells.items()} == {
        "三公经费合计": "97.60", "因公出国(境)费": "50.00", "公务接待费": "25.20",
        "公务用车购置及运行费": "22.40", "公务用车运行费": "22.40",
    }
    assert cells["三公经费合计"].yuan == Decimal("976000")


def test_2023_two_sided_summary(d2023: Disclosure) -> None:
    t = table(d2023, "income-expenditure")
    by_label = {(r.side, r.label): r for r in t.rows}
    assert figures(by_label[("收入", "一、财政拨款收入")]) == {"预算数": Decimal(1607230000)}
    assert figures(by_label[("支出", "五、卫生健康支出")]) == {"预算数": Decimal(52056480)}
    assert figures(by_label[("收入", "二、事业收入")]) == {}


EXPECTED_2023_PROJECTS = [
    ("数据运营项目", "11962.44", 4),
    ("2023年数字化建设项目", "33,349.84", 9),
    ("上海市政务云基础设施服务项目", "25,693.67", 8),
    ("上海市政务外网通信服务项目", "9,834.76", 2),
    ("“一网通办”运营服务项目", "16,124.45", 24),
    ("2023年数字化运维及综合保障项目", "38,928.34", 9),
    ("管理工作经费项目", "4,663.75", 1),
]


def test_2023_projects(d2023: Disclosure) -> None:
    got = [(p.name, p.budget.printed if p.budget else None, len(p.basis)) for p in d2023.projects]
    assert got == EXPECTED_2023_PROJECTS
    for project in d2023.projects:
        assert (project.period_start, project.period_end) == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
        assert project.budget is not None and project.budget.unit == "万元"
    assert d2023.projects[0].budget.yuan == Decimal("119624400")  # type: ignore[union-attr]
    basis = d2023.projects[1].basis
    assert basis[7].text == "《关于推进市政府各部门信息化职能整合优化工作的实施方案》（沪委办〔2021〕15号）"
    assert basis[7].span.first == 418
    assert d2023.projects[6].basis[0].text == "为保障中心正常运转，各类后勤支出保障工作。"


def test_2023_narrative_totals(d2023: Disclosure) -> None:
    income = next(f for f in d2023.figures if f.topic == "income-total")
    assert income.amount is not None and income.amount.yuan == Decimal("1607230000")
    fiscal = next(f for f in d2023.figures if f.topic == "fiscal-income")
    assert (fiscal.direction, fiscal.compared_year, fiscal.change.yuan) == ("增加", 2022, Decimal("14430000"))  # type: ignore[union-attr]
    lines = {f.subject: f.amount.printed for f in d2023.figures if f.topic == "class-line" and f.amount}
    assert lines["一般公共服务支出"] == "148,611"
    targets = next(f for f in d2023.figures if f.topic == "targets-project")
    assert (targets.count, targets.amount.printed) == (8, "140,812.25")  # type: ignore[union-attr]


def test_2019_identity_and_divisions(d2019: Disclosure) -> None:
    assert (d2019.department, d2019.year, d2019.kind, d2019.level) == ("上海市大数据中心", 2019, "部门预算", "市级")
    divisions = [u.name for u in d2019.units if u.kind == "division"]
    assert divisions == [
        "办公室（党委办公室）", "政策法规部", "数据资源部", "技术发展部（数据安全部）",
        "应用开发部", "运维服务部", "基础设施部", "门户网站管理部",
    ]


def test_2019_tables_read_with_titles_after_their_rows(d2019: Disclosure) -> None:
    kinds = [t.kind for t in d2019.tables]
    assert kinds == [
        "income-expenditure", "income", "expenditure", "fiscal-summary", "general-function",
        "fund-function", "basic-economic", "three-public",
    ]
    spending = table(d2019, "expenditure")
    # 208 05 99 prints two equal figures; the 款 208 05 (5,381,616 basic + 3,200 project)
    # shows the second one is 项目支出.
    assert figures(row(spending, "2080599")) == {"合计": Decimal(3200), "项目支出": Decimal(3200)}
    assert figures(row(spending, "2080505")) == {"合计": Decimal(3844008), "基本支出": Decimal(3844008)}
    assert row(spending, "20805").label == "行政事业单位离退休"
    assert figures(spending.rows[-1]) == {
        "合计": Decimal(296397593), "基本支出": Decimal(46311577), "项目支出": Decimal(250086016)
    }
    economic = table(d2019, "basic-economic")
    assert figures(row(economic, "30214")) == {"合计": Decimal(4356764), "公用经费": Decimal(4356764)}


def test_2019_three_public(d2019: Disclosure) -> None:
    cells = table(d2019, "three-public").rows[0].cells
    assert {c: a.printed for c, a in cells.items()} == {
        "三公经费合计": "206.24", "因公出国(境)费": "50.00", "公务接待费": "54.24",
        "公务用车购置及运行费": "102.00", "公务用车购置费": "86.00", "公务用车运行费": "16.00",
    }


def test_2019_project_and_indicators(d2019: Disclosure) -> None:
    [project] = d2019.projects
    assert project.name == "上海市大数据中心安全监测监管平台建设项目"
    assert project.budget is not None and project.budget.yuan == Decimal("3019300")
    assert (project.period_start, project.period_end) == (dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    assert [b.text[:9] for b in project.basis] == ["《政务云安全要求》", "《上海市公共数据和"]
    rows = [(i.level1, i.level2, i.level3, i.target.text) for i in project.indicators]
    assert rows == [
        ("产出目标", "数量目标", "子模块数", "6"),
        ("产出目标", "质量目标", "验收合格率", "≥90%"),
        ("产出目标", "时效目标", "完成日期", "2019年6月前完成比例不小于50%，2019年年底前100%完成"),
        ("效果目标", "经济效益目标", "通过建设集约化安全管理平台，节约整体安全投入成本", "≥20%"),
        ("效果目标", "社会效益目标", "安全事件发现率", "≥80%"),
        ("影响力目标", "可持续目标", "长效管理制度建设", "完善"),
        ("影响力目标", "满意度目标", "用户满意率", "100%"),
    ]
    target = project.indicators[1].target
    assert (target.comparator, target.value, target.unit) == ("≥", Decimal("90"), "%")


def test_2023_code_only_rows_are_read_as_codes(d2023: Disclosure) -> None:
    """Regression: in a table printing codes without names, a lone class code (201) was read as a name."""
    general = table(d2023, "general-function")
    first = general.rows[0]
    assert (first.code, first.label, first.printed_code) == ("201", None, "201")
    assert [r.code for r in general.rows[:3]] == ["201", "20103", "2010350"]
