"""Project sections (项目经费情况说明): the seven parts, period, amount, basis."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import replace

from budgetkg.loaders.amounts import parse_amount
from budgetkg.loaders.citations import parse_basis_item
from budgetkg.loaders.indicators import read_indicator_block
from budgetkg.loaders.prose import Prose
from budgetkg.loaders.records import (
    Amount,
    BasisItem,
    Citation,
    ParseIssue,
    Project,
    ProjectPart,
    Severity,
    SourceLine,
    Span,
)

PART_KINDS: dict[str, tuple[str, ...]] = {
    "overview": ("项目概述", "项目概况"),
    "basis": ("立项依据",),
    "implementer": ("实施主体",),
    "plan": ("实施方案",),
    "period": ("实施周期",),
    "budget": ("年度预算安排",),
    "goal": ("绩效目标",),
}
_PART_HEADING = re.compile(
    r"^[一二三四五六七八九]、\s*(" + "|".join(h for hs in PART_KINDS.values() for h in hs) + r")\s*$"
)
_ITEM_NUMBER = re.compile(r"^\s*(\d+)\s*[\.．、]\s*")
_INDICATOR_HEADER = re.compile(r"一级指标")


def _part_kind(heading: str) -> str:
    return next(kind for kind, names in PART_KINDS.items() if heading in names)


def project_name(heading: str) -> str | None:
    """``数据运营项目经费情况说明`` -> ``数据运营项目``; a bare heading has no name."""
    name = re.sub(r"经费情况说明$", "", heading.replace(" ", ""))
    return name if name and name != "项目" else None


def read_project(position: int, heading: SourceLine, lines: list[SourceLine]) -> tuple[Project, list[ParseIssue]]:
    issues: list[ParseIssue] = []
    parts: list[ProjectPart] = []
    current: tuple[SourceLine, list[SourceLine]] | None = None
    chunks: list[tuple[SourceLine, list[SourceLine]]] = []
    for line in lines:
        if _PART_HEADING.match(line.text):
            current = (line, [])
            chunks.append(current)
        elif current is not None:
            current[1].append(line)
        else:
            issues.append(ParseIssue("text-before-parts", "text before the first numbered part", Span.of([line]), Severity.WARNING))
    indicator_lines: list[SourceLine] = []
    for head, body in chunks:
        name = _PART_HEADING.match(head.text).group(1)  # type: ignore[union-attr]
        kind = _part_kind(name)
        if kind == "goal":
            cut = next((i for i, ln in enumerate(body) if ln.text.startswith("项目名称") or _INDICATOR_HEADER.search(ln.text)), None)
            if cut is not None:
                indicator_lines = body[cut:]
                body = body[:cut]
        text = "\n".join(ln.text for ln in body)
        parts.append(ProjectPart(kind, head.text, text, Span.of([head, *body])))
    found = {p.kind for p in parts}
    span = Span.of([heading, *lines])
    for kind in PART_KINDS:
        if kind not in found:
            issues.append(
                ParseIssue("missing-part", f"project part {PART_KINDS[kind][0]} not found", span, Severity.WARNING)
            )
    basis: tuple[BasisItem, ...] = ()
    mentions: tuple[Citation, ...] = ()
    period_text = start = end = None
    budget: Amount | None = None
    budget_text: str | None = None
    properties: dict[str, str] = {}
    for (head, body), part in zip(chunks, parts):
        if part.kind == "basis":
            basis = tuple(_basis_items(body))
        elif part.kind == "plan":
            mentions = tuple(c for ln in [Prose(body).text] for c in parse_basis_item(ln) if c.number or c.title)
        elif part.kind == "period":
            period_text = part.text or None
            start, end = read_period(part.text)
        elif part.kind == "budget":
            budget_text = part.text or None
            budget, how = read_budget(part.text)
            if how:
                properties["budgetDerivation"] = how
    indicators, goal, indicator_issues = read_indicator_block(indicator_lines) if indicator_lines else ((), None, [])
    issues.extend(indicator_issues)
    project = Project(
        position=position,
        name=project_name(heading.text),
        span=span,
        parts=tuple(parts),
        basis=basis,
        mentions=mentions,
        period_text=period_text,
        period_start=start,
        period_end=end,
        budget=budget,
        budget_text=budget_text,
        indicators=tuple(indicators),
        goal=goal,
        properties=properties,
    )
    return project, issues


def _basis_items(body: list[SourceLine]) -> list[BasisItem]:
    """Items as written: numbered lines start items; unnumbered text uses 《 at line start."""
    numbered = any(_ITEM_NUMBER.match(ln.text) for ln in body)
    groups: list[list[SourceLine]] = []
    for line in body:
        starts = _ITEM_NUMBER.match(line.text) if numbered else line.text.startswith("《")
        if starts or not groups:
            groups.append([line])
        else:
            groups[-1].append(line)
    items: list[BasisItem] = []
    for position, group in enumerate(groups, start=1):
        text = "".join(ln.text for ln in group)
        text = _ITEM_NUMBER.sub("", text, count=1) if numbered else text
        items.append(BasisItem(position, text, Span.of(group), parse_basis_item(text)))
    return items


_DATE = re.compile(r"(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?(?:\s*(?:至|-|—|~)\s*(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})日)?)?")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def read_period(text: str) -> tuple[dt.date | None, dt.date | None]:
    """First and last date a 实施周期 names; months widen to their first/last day."""
    dates: list[tuple[dt.date, dt.date]] = []
    for m in _DATE.finditer(text):
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            continue
        first = dt.date(year, month, int(m.group(3)) if m.group(3) else 1)
        dates.append((first, _month_end(year, month, m.group(3))))
        if m.group(5):
            end_year = int(m.group(4)) if m.group(4) else year
            end_month = int(m.group(5))
            if 1 <= end_month <= 12:
                dates.append((dt.date(end_year, end_month, 1), _month_end(end_year, end_month, m.group(6))))
    for m in _ISO.finditer(text):
        day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        dates.append((day, day))
    if not dates:
        return None, None
    return min(d[0] for d in dates), max(d[1] for d in dates)


def _month_end(year: int, month: int, day: str | None) -> dt.date:
    if day:
        return dt.date(year, month, int(day))
    return dt.date(year, month, calendar.monthrange(year, month)[1])


_BUDGET = re.compile(r"(?:预算安排|预算经费|预算资金|安排资金|预算为|安排)([\d,]+(?:\.\d+)?)\s*(万元|元)")
_QUARTER = re.compile(r"第[一二三四]季度用款计划([\d,]+(?:\.\d+)?)\s*(万元|元)")


def read_budget(text: str) -> tuple[Amount | None, str | None]:
    """The 年度预算安排 amount, and how it was obtained when not printed as one figure."""
    found = _BUDGET.search(text)
    if found:
        return parse_amount(found.group(1), found.group(2)), None
    quarters = [parse_amount(m.group(1), m.group(2)) for m in _QUARTER.finditer(text)]
    quarters = [q for q in quarters if q is not None]
    if quarters:
        total = sum((q.yuan for q in quarters), start=quarters[0].yuan * 0)
        printed = "+".join(q.printed for q in quarters)
        unit = quarters[0].unit
        return Amount(total, printed, unit), f"sum of {len(quarters)} quarterly plans"
    return None, None


def name_from_forms(projects: list[Project]) -> tuple[list[Project], list[ParseIssue]]:
    """A project section printed without a name takes the name of the one 绩效目标 form of its amount.

    Some documents describe a project under the bare heading 项目经费情况说明 and
    print its 绩效目标填报表 after it (万里街道 2023: the section's quarterly plans add
    up to 410.00万元, the form 新建万里街道社区公共服务中心 requests 4,100,000 元). The
    two become one project: the section's parts and 立项依据, the form's name,
    fields and indicators. The match is reported, since the document does not
    state it; without exactly one form of the same amount nothing is joined.
    """
    issues: list[ParseIssue] = []
    forms = [p for p in projects if p.from_form]
    joined: dict[int, Project] = {}
    used: set[int] = set()
    for section in projects:
        if section.from_form or section.name or section.budget is None:
            continue
        same = [f for f in forms if section.budget.yuan in {a.yuan for a in f.amounts.values()} and f.position not in used]
        if len(same) != 1:
            continue
        form = same[0]
        used.add(form.position)
        joined[section.position] = replace(
            section,
            name=form.name,
            indicators=form.indicators,
            goal=form.goal or section.goal,
            properties={**form.properties, **section.properties},
            amounts=form.amounts,
        )
        issues.append(
            ParseIssue(
                "project-named-by-form",
                f"the project section at {section.span} prints no name; named after the 绩效目标填报表 "
                f"“{form.name}” at {form.span}, the one form of the same amount ({section.budget.yuan:,} 元)",
                section.span,
                Severity.WARNING,
            )
        )
    kept = [joined.get(p.position, p) for p in projects if p.position not in used]
    return [replace(p, position=n) for n, p in enumerate(kept, start=1)], issues
