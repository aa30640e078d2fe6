"""Write a generated `Disclosure` as the text of a budget disclosure, in one layout.

The sections, headings, table titles, header rows and prose follow the Shanghai
template as the samples and corpus documents print it (see their files); what
each layout does to cells, zeros, page breaks and long names follows the real
extractions the layout is named after.
"""

from __future__ import annotations

from decimal import Decimal

from benchmarks.layouts import ROWS_PER_PAGE, Writer
from benchmarks.model import Disclosure, Project, yuan

_GLOSSARY = (
    "（一）财政拨款收入：是{level}预算主管部门及所属预算单位本年度从本级财政部门取得的财政拨款，包括一般公共预算财政拨款、"
    "政府性基金预算财政拨款和国有资本经营预算财政拨款。",
    "（二）基本支出预算：是{level}预算主管部门及所属预算单位为保障其机构正常运转、完成日常工作任务而编制的年度基本支出计划，"
    "包括人员经费和公用经费两部分。",
    "（三）项目支出预算：是{level}预算主管部门及所属预算单位为完成行政工作任务、事业发展目标或政府发展战略、特定目标，"
    "在基本支出之外编制的年度支出计划。",
    "（四）机关运行经费：指行政单位和参照公务员法管理的事业单位使用一般公共预算财政拨款安排的基本支出中的日常公用经费支出。",
)
_CLASS_USE = {
    "201": "人员经费、公用经费等基本支出以及相关项目支出", "204": "公共法律服务等支出", "205": "教育培训等项目支出",
    "206": "科普活动等项目支出", "207": "群众体育等项目支出", "208": "缴纳在职人员基本养老保险缴费等支出",
    "210": "缴纳在职人员医疗保险费等支出", "212": "城乡社区管理事务等支出", "221": "缴纳在职人员住房公积金等住房改革支出",
}
_ORDINALS = "一二三四五六七八九十"


def wan(value: Decimal | int) -> str:
    """元 -> 万元 with two decimals, as the narrative prints it."""
    return f"{(Decimal(value) / 10000).quantize(Decimal('0.01')):,}"


def _amount(value: int | Decimal | None, zero: str) -> str:
    if value is None:
        return ""
    if value == 0:
        return zero
    return yuan(value) if isinstance(value, int) else f"{value:.2f}"


def tables_of(d: Disclosure) -> list[str]:
    """The template's table names this document prints, in order (the exact layout adds the by-unit tables)."""
    names = ["财务收支预算总表", "收入预算总表", "支出预算总表"]
    if d.layout == "tab-exact":
        names.append("支出预算分单位明细表")
    names.append("财政拨款收支预算总表")
    if d.layout == "tab-exact":
        names.append("财政拨款支出预算明细表")
    names += ["一般公共预算支出功能分类预算表", "政府性基金预算支出功能分类预算表", "国有资本经营预算支出功能分类预算表",
              "一般公共预算基本支出部门预算经济分类预算表", "“三公”经费和机关运行经费预算表"]
    return names


def render(d: Disclosure) -> str:
    w = Writer(d.layout)
    dept = d.department
    level = "区级" if dept.district else "市级"
    place = f"上海市{dept.district}" if dept.district else "上海市"
    w.line(f"{place}{d.year}年{level}部门预算")
    w.line(f"预算主管部门：{dept.name}")
    w.page_break()
    _toc(w, d)
    w.page_break()
    w.line(f"{dept.name}主要职能")
    w.prose(f"{dept.name}是{place}人民政府所属的{'派出机关' if '街道' in dept.name else '单位'}，依据法律法规的规定履行相应职能。")
    w.line("主要职能包括：")
    for n, topic in enumerate(dept.topics):
        w.prose(f"{_ORDINALS[n]}、承担{topic}相关工作，统筹推进{topic}的规划、实施和监督管理。")
    w.page_break()
    w.line(f"{dept.name}机构设置")
    w.prose(f"{dept.name}部门预算是包括{dept.short}本部以及下属{len(dept.units) - 1}家预算单位的综合收支计划。")
    w.line(f"本部门中，预算单位{len(dept.units)}家，具体包括：")
    for n, unit in enumerate(dept.units, start=1):
        w.line(f"{n}. {unit}{'（本部）' if n == 1 else ''}。")
    w.prose(f"{dept.short}设{len(dept.divisions)}个内设机构，包括：{'、'.join(dept.divisions)}。")
    w.page_break()
    w.line("名词解释")
    for paragraph in _GLOSSARY:
        w.prose(paragraph.format(level=level))
    w.page_break()
    _narrative(w, d)
    w.page_break()
    _tables(w, d)
    _other(w, d)
    for project in d.projects:
        w.page_break()
        _project(w, d, project)
    return w.text()


def _toc(w: Writer, d: Disclosure) -> None:
    leader = "\t" + "…" * 30 if w.layout == "tab-compact" else ""
    dash = "- " if w.exact else ""
    w.line("目 录")
    for n, name in enumerate(("部门主要职能", "部门机构设置", "名词解释", "部门预算编制说明", "部门预算表")):
        w.line(f"{dash}{_ORDINALS[n]}、{name}{leader}")
    for n, name in enumerate(tables_of(d), start=1):
        w.line(f"{' ' if w.exact else ''}{dash}{n}. {d.year}年部门{name}{leader}")
    w.line(f"{dash}六、其他相关情况说明{leader}")
    if d.projects:
        w.line(f"{dash}七、项目经费情况说明{leader}")


def _narrative(w: Writer, d: Disclosure) -> None:
    total, change = wan(d.total), wan(abs(d.total - d.prior_total))
    direction = "增加" if d.total >= d.prior_total else "减少"
    prior = d.year - 1
    w.line(f"{d.year}年部门预算编制说明")
    w.prose(
        f"{d.year}年，{d.department.name}收入预算{total}万元，其中：财政拨款收入{total}万元，比{prior}年预算{direction}"
        f"{change}万元；事业收入0万元；事业单位经营收入0万元；其他收入0万元。"
    )
    w.prose(
        f"支出预算{total}万元，其中：财政拨款支出预算{total}万元，比{prior}年预算{direction}{change}万元。财政拨款支出预算中，"
        f"一般公共预算拨款支出预算{total}万元，比{prior}年预算{direction}{change}万元；政府性基金拨款支出预算0万元，与{prior}年"
        f"预算持平；国有资本经营预算拨款支出预算0万元，与{prior}年预算持平。财政拨款支出主要内容如下："
    )
    classes = [(code, b + p) for code, b, p in d.function_rows() if len(code) == 3]
    for n, (code, amount) in enumerate(classes, start=1):
        w.prose(f"{n}. “{d.function_name(code)}”科目{wan(amount)}万元，主要用于{_CLASS_USE[code]}。")


def _title(w: Writer, d: Disclosure, name: str, unit: str = "元") -> None:
    # The exact layout prints the 三公 table's title without its year, as the 2023 sample does.
    title = f"部门{name}" if w.exact and name.startswith("“") else f"{d.year}年部门{name}"
    if w.exact:
        w.line(title)
        w.line(f"编制部门：{d.department.name}")
        w.line(f"单位：{unit}")
    else:
        w.lines.append(title)
        w.row([f"编制部门：{d.department.name}", f"单位：{unit}" if unit == "元" else f"单位:{unit}"])


def _paged(w: Writer, header: list[list[str]], rows: list[list[str]], wraps: dict[int, tuple[str, str]] | None = None) -> None:
    """Rows with the header repeated on every page, as the PDFs print them."""
    for start in range(0, max(len(rows), 1), ROWS_PER_PAGE):
        if start:
            w.page_break()
        for cells in header:
            w.row(cells)
        for i in range(start, min(start + ROWS_PER_PAGE, len(rows))):
            if wraps and i in wraps:
                head, tail = wraps[i]
                w.lines.append(head)
                w.row(rows[i])
                w.lines.append(tail)
            else:
                w.row(rows[i])


def _coded(w: Writer, d: Disclosure, header: list[list[str]], rows: list[tuple[str, str, list[int | None]]],
           depth: int, zero: str, total: list[int | None] | None) -> None:
    """A coded table: code cells (padded to ``depth``), name, figures; long names wrap in the space layout."""
    printed: list[list[str]] = []
    wraps: dict[int, tuple[str, str]] = {}
    for i, (code, name, values) in enumerate(rows):
        parts = [code[:3], *[code[j : j + 2] for j in range(3, len(code), 2)]]
        parts += [""] * (depth - len(parts))
        figures = [_amount(v, zero) for v in values]
        if w.layout == "space" and len(name) >= 15:
            wraps[i] = (name[:14], name[14:])
            printed.append([*parts, "", *figures])
        else:
            printed.append([*parts, name, *figures])
    if total is not None:
        printed.append(["合计", *[""] * depth, *[_amount(v, zero) for v in total]])
    _paged(w, header, printed, wraps)


def _tables(w: Writer, d: Disclosure) -> None:
    exact, space = w.exact, w.layout == "space"
    zero = "" if exact else "0"
    sparse = "" if exact or space else "0"  # the space extraction drops the zeros of income and economic tables
    funcs = d.function_rows()
    classes = [(code, b + p) for code, b, p in funcs if len(code) == 3]
    total = d.total
    # 财务收支预算总表
    _title(w, d, "财务收支预算总表")
    left = [("一、财政拨款收入", total), ("1. 一般公共预算资金", total), ("2. 政府性基金", None), ("3. 国有资本经营预算", None),
            ("二、事业收入", None), ("三、事业单位经营收入", None), ("四、其他收入", None)]
    right = [(f"{_ORDINALS[n]}、{d.function_name(code)}", amount) for n, (code, amount) in enumerate(classes)]
    rows = []
    for i in range(max(len(left), len(right))):
        l_label, l_value = left[i] if i < len(left) else ("", None)
        r_label, r_value = right[i] if i < len(right) else ("", None)
        rows.append([l_label, _amount(l_value, zero), r_label, _amount(r_value, zero)])
    rows.append(["收入总计", yuan(total), "支出总计", yuan(total)])
    _paged(w, [["本年收入", "", "本年支出", ""], ["项目", "预算数", "项目", "预算数"]], rows)
    w.page_break()
    # 收入预算总表
    _title(w, d, "收入预算总表")
    header = [["项目", "", "", "收入预算", "", "", "", "", ""],
              ["功能分类科目编码", "", "", "功能分类科目名称", "合计", "财政拨款收入", "事业收入", "事业单位经营收入", "其他收入"],
              ["类", "款", "项", "", "", "", "", "", ""]]
    if space:
        header = [["项目", "收入预算"], ["功能分类科目编码"], ["事业单位"],
                  ["功能分类科目名称", "合计", "财政拨款收入", "事业收入", "其他收入"], ["经营收入"], ["类", "款", "项"]]
    income = [(c, d.function_name(c), [b + p, b + p, 0, 0, 0]) for c, b, p in funcs]
    _coded(w, d, header, income, 3, sparse, [total, total, 0, 0, 0])
    w.page_break()
    func_header = [["项目", "", "", "支出预算", "", ""],
                   ["功能分类科目编码", "", "", "功能分类科目名称", "合计", "基本支出", "项目支出"],
                   ["类", "款", "项", "", "", "", ""]]
    spending = [(c, d.function_name(c), [b + p, b, p]) for c, b, p in funcs]
    _title(w, d, "支出预算总表")
    _coded(w, d, func_header, spending, 3, zero, [total, d.basic, d.project_total])
    w.page_break()
    if exact:
        _by_unit(w, d, "支出预算分单位明细表", [["序号", "预算单位", "合计", "基本支出", "", "项目支出"]])
        w.page_break()
    # 财政拨款收支预算总表
    _title(w, d, "财政拨款收支预算总表")
    left = [("一、一般公共预算资金", total), ("二、政府性基金", None), ("三、国有资本经营预算", None)]
    rows = []
    for i in range(max(len(left), len(classes))):
        l_label, l_value = left[i] if i < len(left) else ("", None)
        r_label, r_value = right[i] if i < len(right) else ("", None)
        rows.append([l_label, _amount(l_value, zero), r_label, _amount(r_value, zero), _amount(r_value, zero), "", ""])
    rows.append(["收入总计", yuan(total), "支出总计", yuan(total), yuan(total), "", ""])
    header = [["财政拨款收入", "", "财政拨款支出", "", "", "", ""],
              ["项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]]
    _paged(w, header, rows)
    w.page_break()
    if exact:
        _by_unit(w, d, "财政拨款支出预算明细表", [["序号", "预算单位", "财政拨款支出", "", "", ""],
                                                 ["", "", "合计", "基本支出", "", "项目支出"]])
        w.page_break()
    general_header = [[h.replace("支出预算", "一般公共预算支出") for h in row] for row in func_header]
    _title(w, d, "一般公共预算支出功能分类预算表")
    _coded(w, d, general_header, spending, 3, zero, [total, d.basic, d.project_total])
    for name, fund in (("政府性基金预算支出功能分类预算表", "政府性基金"), ("国有资本经营预算支出功能分类预算表", "国有资本经营")):
        w.page_break()
        _title(w, d, name)
        _coded(w, d, [[h.replace("支出预算", f"{fund}预算支出") for h in row] for row in func_header], [], 3, zero,
               [None, None, None])
        w.line(f"注：本部门{d.year}年无{fund}预算财政拨款安排的预算，故本表为空表。")
    w.page_break()
    _title(w, d, "一般公共预算基本支出部门预算经济分类预算表")
    econ_header = [["项目", "", "一般公共预算基本支出", "", "", ""],
                   ["部门预算经济分类科目编码", "", "经济分类科目名称", "合计", "人员经费", "公用经费"],
                   ["类", "款", "", "", "", ""]]
    econ = [(c, d.economic_name(c), [p + o, p, o]) for c, p, o in d.economic_rows()]
    _coded(w, d, econ_header, econ, 2, sparse, [d.basic, d.personnel, d.operating])
    w.page_break()
    _three_public(w, d, zero)


def _by_unit(w: Writer, d: Disclosure, name: str, header: list[list[str]]) -> None:
    _title(w, d, name)
    rows = [[str(n), unit, yuan(p + o + j), yuan(p), yuan(o), yuan(j)] for n, (unit, p, o, j) in enumerate(d.by_unit, start=1)]
    rows.append(["", "合计", yuan(d.total), yuan(d.personnel), yuan(d.operating), yuan(d.project_total)])
    _paged(w, [*header, ["", "", "", "人员经费", "公用经费", ""]], rows)


def _three_public(w: Writer, d: Disclosure, zero: str) -> None:
    _title(w, d, "“三公”经费和机关运行经费预算表", unit="万元")
    t = d.three_public
    columns = ("三公经费合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行费", "机关运行经费")
    w.row([f"{d.year}年“三公”经费预算数", "", "", "", "", "", f"{d.year}年机关运行经费预算数"])
    w.row(["合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", "", "", ""])
    w.row(["", "", "", "小计", "购置费", "运行费", ""])
    w.row([_amount(t[c], zero) for c in columns])


def _other(w: Writer, d: Disclosure) -> None:
    t, prior, p = d.three_public, d.year - 1, d.procurement
    w.page_break()
    w.line("其他相关情况说明")
    w.line(f"一、{d.year}年“三公”经费预算情况说明")
    w.prose(f"{d.year}年“三公”经费预算数为{t['三公经费合计']:.2f}万元，与{prior}年预算持平。其中：")
    w.prose(f"（一）因公出国（境）费{t['因公出国(境)费']:.2f}万元，与{prior}年预算持平。")
    w.prose(
        f"（二）公务用车购置及运行费{t['公务用车购置及运行费']:.2f}万元，与{prior}年预算持平。其中：公务用车购置费"
        f"{t['公务用车购置费']:.2f}万元；公务用车运行费{t['公务用车运行费']:.2f}万元。"
    )
    w.prose(f"（三）公务接待费{t['公务接待费']:.2f}万元，与{prior}年预算持平。")
    w.line("二、机关运行经费预算")
    w.prose(f"{d.year}年{d.department.name}机关运行经费预算为{t['机关运行经费']:.2f}万元。")
    w.line("三、政府采购预算情况")
    w.prose(
        f"{d.year}年本部门政府采购预算{p['total']:.2f}万元，其中：政府采购货物预算{p['goods']:.2f}万元、政府采购工程预算"
        f"{p['works']:.2f}万元、政府采购服务预算{p['services']:.2f}万元。"
    )
    w.line("四、绩效目标设置情况")
    funds = sum((project.amount for project in d.projects), Decimal(0))
    w.prose(
        f"按照本{'区' if d.department.district else '市'}预算绩效管理工作的总体要求，本部门{len(d.department.units)}个预算单位开展了"
        f"{d.year}年项目预算绩效目标编报工作，编报绩效目标的项目{len(d.projects)}个，涉及项目预算资金{funds:.2f}万元。"
    )


def _project(w: Writer, d: Disclosure, project: Project) -> None:
    w.line(f"{project.name}项目经费情况说明")
    w.line("一、项目概述")
    w.prose(project.overview)
    w.line("二、立项依据")
    for n, item in enumerate(project.basis, start=1):
        w.prose(f"{n}. {item.text}")
    w.line("三、实施主体")
    w.prose(f"{d.department.name}。")
    w.line("四、实施方案")
    plan = f"按照“统筹规划、分步实施”的原则推进{project.topic}各项工作，加强过程管理和绩效评价。"
    if project.mention is not None:
        plan = f"根据《{project.mention.title}》（{project.mention.number}）的要求，" + plan
    w.prose(plan)
    w.line("五、实施周期")
    w.prose(f"{d.year}年1月至{d.year}年12月。")
    w.line("六、年度预算安排")
    w.prose(f"年度财政资金预算安排{project.amount:,.2f}万元。")
    w.line("七、绩效目标")
    w.prose(f"完成{project.topic}年度工作任务，提升服务质量和群众满意度。")
    w.row(["一级指标", "二级指标", "三级指标", "指标目标值"])
    for indicator in project.indicators:
        w.row([indicator.level2, indicator.level3, indicator.target])
