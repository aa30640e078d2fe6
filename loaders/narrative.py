"""Figures stated in prose: the 编制说明 and the 其他相关情况说明.

Each figure keeps its printed text and unit (万元), its stated change against
the previous year, and the lines it was read from. Nothing is computed here.
"""

from __future__ import annotations

import re
from decimal import Decimal

from budgetkg.loaders.amounts import parse_amount
from budgetkg.loaders.prose import Prose
from budgetkg.loaders.records import Amount, SourceLine, StatedFigure

_NUM = r"([\d,]+(?:\.\d+)?)"
# The change that may follow a figure: 比2022年（上一年度，下同）预算增加1,443万元 / 与2022年预算持平.
_CHANGE = (
    r"(?:[，,]?\s*(?:比|与)(\d{4})年(?:（[^）]*）)?(?:当年)?预算(?:执行数)?"
    r"(?:(增加|减少)" + _NUM + r"万元|(持平)))?"
)

# topic -> pattern with groups (amount, year, direction, change, flat)
TOPICS: dict[str, str] = {
    "income-total": r"收入预算(?:总额为|总额|为)?" + _NUM + r"万元",
    "fiscal-income": r"财政拨款收入" + _NUM + r"万元",
    "business-income": r"事业收入" + _NUM + r"万元",
    "operating-income": r"事业单位经营收入" + _NUM + r"万元",
    "other-income": r"其他收入" + _NUM + r"万元",
    # 支出预算 / 预算支出总额为 (2019), but not 财政拨款支出预算 nor 政府性基金拨款支出预算 and the like.
    "expenditure-total": r"(?:(?<!拨款)支出预算|预算支出)(?:总额为|总额|为)?" + _NUM + r"万元",
    "fiscal-expenditure": r"财政拨款支出预算(?:为)?" + _NUM + r"万元",
    "general-expenditure": r"一般公共预算拨款支出预算(?:为)?" + _NUM + r"万元",
    "fund-expenditure": r"政府性基金拨款支出预算(?:为)?" + _NUM + r"万元",
    "soe-expenditure": r"国有资本经营预算拨款支出预算(?:为)?" + _NUM + r"万元",
}

OTHER_TOPICS: dict[str, str] = {
    "three-public-total": r"“?三公”?经费预算数为" + _NUM + r"万元",
    "three-public-travel": r"因公出国（境）费" + _NUM + r"万元",
    "three-public-vehicles": r"公务(?:用)?车购置及运行费" + _NUM + r"万元",
    "three-public-vehicle-purchase": r"公务用车购置费" + _NUM + r"万元",
    "three-public-vehicle-operation": r"公务(?:车)?用车运行费" + _NUM + r"万元",
    "three-public-reception": r"公务接待费" + _NUM + r"万元",
    "operating-costs": r"机关运行经费预算(?:为)?" + _NUM + r"万元",
    "procurement-total": r"政府采购预算(?:为)?" + _NUM + r"万元",
    "procurement-goods": r"政府采购货物预算(?:为)?" + _NUM + r"万元",
    "procurement-works": r"政府采购工程预算(?:为)?" + _NUM + r"万元",
    "procurement-services": r"政府采购服务(?:预算)?(?:为)?" + _NUM + r"万元",
    "procurement-sme": r"面向中小企业预留政府采购项目预算金额(?:为)?" + _NUM + r"万元",
    "procurement-small-micro": r"预留给小型和微型企业的政府采购项目预算(?:为)?" + _NUM + r"万元",
}

# Counts with amounts in the 绩效目标 paragraph.
_TARGETS: tuple[tuple[str, str], ...] = (
    ("targets-department", r"部门整体绩效目标(\d+)个"),
    ("targets-policy", r"政策绩效目标(\d+)个[、，,]?涉及预算资金" + _NUM + r"万元"),
    ("targets-project", r"项目绩效目标(\d+)个[、，,]?涉及预算资金" + _NUM + r"万元"),
    ("targets-project", r"编报绩效目标的项目(?:共)?(\d+)个[，,]涉及项目预算资金" + _NUM + r"万元"),
)


def _figure(topic: str, match: re.Match[str], prose: Prose, subject: str | None = None) -> StatedFigure:
    groups = match.groups()
    amount = parse_amount(groups[0], "万元")
    year, direction, change, flat = groups[1:5]
    change_amount: Amount | None = parse_amount(change, "万元") if change else None
    return StatedFigure(
        topic=topic,
        amount=amount,
        span=prose.span(match.start(), match.end()),
        subject=subject,
        change=change_amount,
        direction=direction or flat,
        compared_year=int(year) if year else None,
    )


def _scan(prose: Prose, topics: dict[str, str], limit: int | None = None) -> list[StatedFigure]:
    figures: list[StatedFigure] = []
    for topic, pattern in topics.items():
        for match in re.finditer(pattern + _CHANGE, prose.text):
            if limit is None or match.start() < limit:
                figures.append(_figure(topic, match, prose))
    return figures


_CLASS_LINE = re.compile(
    r"“([^”]+)”(?:科目)?" + _NUM + r"万元"
    r"(?:[^“]*?(\d{4})年当年预算执行数为" + _NUM + r"万元[，,](\d{4})年预算安排" + _NUM + r"万元"
    r"[，,]比\d{4}年预算执行数(?:(增加|减少)" + _NUM + r"\s*%|(持平)))?"
)


def read_narrative(lines: list[SourceLine]) -> list[StatedFigure]:
    """Totals, changes and one line per classification from the 编制说明."""
    prose = Prose(lines)
    # The totals paragraph precedes the list of classification lines.
    cut = prose.text.find("主要内容如下")
    figures = _scan(prose, TOPICS, limit=cut if cut >= 0 else None)
    for match in _CLASS_LINE.finditer(prose.text):
        subject, amount = match.group(1), parse_amount(match.group(2), "万元")
        span = prose.span(match.start(), match.end())
        figures.append(StatedFigure("class-line", amount, span, subject=subject))
        if match.group(3):
            figures.append(
                StatedFigure(
                    "class-line-prior-execution",
                    parse_amount(match.group(4), "万元"),
                    span,
                    subject=subject,
                    compared_year=int(match.group(3)),
                )
            )
            figures.append(
                StatedFigure(
                    "class-line-arranged",
                    parse_amount(match.group(6), "万元"),
                    span,
                    subject=subject,
                    direction=match.group(7) or match.group(9),
                    percent=Decimal(match.group(8)) if match.group(8) else None,
                )
            )
    return figures


def read_other(lines: list[SourceLine]) -> list[StatedFigure]:
    """三公 explanation, 机关运行经费, 政府采购 and 绩效目标 counts."""
    prose = Prose(lines)
    figures = _scan(prose, OTHER_TOPICS)
    none = re.search(r"无机关运行经费", prose.text)
    if none:
        figures.append(StatedFigure("operating-costs", None, prose.span(none.start(), none.end()), subject="无机关运行经费"))
    for topic, pattern in _TARGETS:
        for match in re.finditer(pattern, prose.text):
            amount = parse_amount(match.group(2), "万元") if match.lastindex and match.lastindex >= 2 else None
            figures.append(
                StatedFigure(topic, amount, prose.span(match.start(), match.end()), count=int(match.group(1)))
            )
    return figures
