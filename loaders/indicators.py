"""Performance indicators (绩效目标表 / 填报表): rows of 一级 / 二级 / 三级 / target."""

from __future__ import annotations

import re
from decimal import Decimal

from budgetkg.loaders.amounts import parse_amount
from budgetkg.loaders.records import Amount, Indicator, ParseIssue, Project, Severity, SourceLine, Span, Target

# The 2019 Shanghai template names its levels …目标; the national 2021 one …指标.
LEVEL1_2019 = ("产出目标", "效果目标", "影响力目标")
LEVEL2_2019 = (
    "数量目标", "质量目标", "时效目标", "成本目标", "经济效益目标", "社会效益目标", "生态效益目标",
    "可持续目标", "可持续影响目标", "满意度目标",
)
# Which 一级 each 二级 belongs to in the 2019 template (the 2019 text prints the
# 一级 column only as a list, so rows get their 一级 from their 二级).
LEVEL1_OF_2019 = {
    "数量目标": "产出目标", "质量目标": "产出目标", "时效目标": "产出目标", "成本目标": "产出目标",
    "经济效益目标": "效果目标", "社会效益目标": "效果目标", "生态效益目标": "效果目标",
    "可持续目标": "影响力目标", "可持续影响目标": "影响力目标", "满意度目标": "影响力目标",
}

_TARGET = re.compile(
    r"^\s*(?P<cmp>≥|≤|>=|<=|>|<|=|＞|＜|不低于|不少于|不高于|不超过|大于等于|小于等于)?\s*"
    r"(?P<num>-?\d+(?:\.\d+)?)\s*[\(（]?(?P<unit>[^\d\s\)）][^\)）]*)?[\)）]?\s*$"
)
_CMP = {">=": "≥", "<=": "≤", "＞": ">", "＜": "<", "不低于": "≥", "不少于": "≥", "大于等于": "≥",
        "不高于": "≤", "不超过": "≤", "小于等于": "≤"}


def parse_target(text: str) -> Target:
    """``≥90%`` -> (≥, 90, %); ``=100.00(%)`` -> (=, 100.00, %); ``完善`` -> qualitative.

    >>> parse_target("≥13459.00(平方米)")
    Target(text='≥13459.00(平方米)', comparator='≥', value=Decimal('13459.00'), unit='平方米')
    """
    found = _TARGET.match(text)
    if not found:
        return Target(text)
    comparator = found.group("cmp")
    return Target(
        text,
        comparator=_CMP.get(comparator, comparator) if comparator else None,
        value=Decimal(found.group("num")),
        unit=(found.group("unit") or "").strip() or None,
    )


_HEADER_CELLS = {"二级指标", "三级指标", "指标目标值", "指标值"}


def _looks_like_target(token: str) -> bool:
    return bool(_TARGET.match(token))


def read_indicator_block(lines: list[SourceLine]) -> tuple[list[Indicator], str | None, list[ParseIssue]]:
    """The 2019-style table printed after a project's 七、绩效目标.

    Rows come first (三级 and target, a 二级 sometimes inline); the 一级 and 二级
    columns follow as lists after 分解目标.
    """
    issues: list[ParseIssue] = []
    header = next((i for i, ln in enumerate(lines) if "一级指标" in ln.text), None)
    if header is None:
        return [], None, issues
    end = next((i for i, ln in enumerate(lines) if i > header and "绩效目标" in ln.text and "上海市" in ln.text), len(lines))
    labels_at = next((i for i, ln in enumerate(lines) if ln.text == "分解目标"), None)
    level2_list = [ln.text for ln in lines[labels_at:] if ln.text in LEVEL2_2019] if labels_at is not None else []
    rows: list[tuple[str | None, str, str, list[SourceLine]]] = []
    pending: list[SourceLine] = []
    for line in lines[header + 1 : end]:
        tokens = line.text.split()
        if line.text in _HEADER_CELLS:
            continue  # the rest of the header row, one cell per line
        if len(tokens) == 1:
            pending.append(line)
            if len(pending) == 3 and pending[0].text in LEVEL2_2019:
                # One cell per line: 二级, 三级 and target (a qualitative one too, such as 完善).
                rows.append((pending[0].text, pending[1].text, pending[2].text, pending))
                pending = []
            elif _looks_like_target(tokens[0]) and len(pending) > 1:
                name = "".join(p.text for p in pending[:-1])
                rows.append((None, name, tokens[0], pending))
                pending = []
            continue
        if len(pending) == 1 and pending[0].text in LEVEL2_2019 and tokens[0] not in LEVEL2_2019 and len(tokens) >= 2:
            # A 二级 cell on its own line, its 三级 and target joined on the next (one cell per line).
            rows.append((pending[0].text, " ".join(tokens[:-1]), tokens[-1], [pending[0], line]))
            pending = []
            continue
        if pending:
            issues.append(ParseIssue("indicator-fragment", f"text {''.join(p.text for p in pending)!r} has no target", Span.of(pending), Severity.WARNING))
            pending = []
        level2 = tokens[0] if tokens[0] in LEVEL2_2019 and len(tokens) >= 3 else None
        rest = tokens[1:] if level2 else tokens
        rows.append((level2, " ".join(rest[:-1]), rest[-1], [line]))
    uninline = [r for r in rows if r[0] is None]
    fill = iter(level2_list if len(level2_list) == len(uninline) else [])
    if len(level2_list) != len(uninline) and rows:
        issues.append(
            ParseIssue(
                "indicator-levels",
                f"{len(uninline)} rows without an inline 二级 but {len(level2_list)} 二级 labels listed; 二级 left empty",
                Span.of(lines[header:]),
                Severity.WARNING,
            )
        )
    indicators: list[Indicator] = []
    for position, (level2, name, target, src) in enumerate(rows, start=1):
        if level2 is None:
            level2 = next(fill, None)
        level1 = LEVEL1_OF_2019.get(level2) if level2 else None
        indicators.append(Indicator(level1, level2, name, parse_target(target), Span.of(src), position))
    return indicators, None, issues


# -- 财政项目支出绩效目标填报表 (district forms) ---------------------------------
LEVEL1_2021 = ("产出指标", "效益指标", "满意度指标", "成本指标")
LEVEL2_2021 = (
    "数量指标", "质量指标", "时效指标", "成本指标", "经济成本指标", "社会成本指标", "生态环境成本指标",
    "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "服务对象满意度指标",
)
_FORM_FIELDS = ("项目名称", "项目性质", "项目类别", "主管部门", "实施单位", "计划开始日期", "计划完成日期")
_FORM_AMOUNTS = ("项目资金总额", "年度资金申请总额", "其中：当年财政拨款", "其中：财政资金", "上年结转资金", "其他资金")


def read_form(position: int, heading: SourceLine, lines: list[SourceLine]) -> tuple[Project, list[ParseIssue]]:
    """A 财政项目支出绩效目标填报表: one project's fields, amounts and indicator rows."""
    issues: list[ParseIssue] = []
    text = " ".join(ln.text.replace("\t", " ") for ln in lines)
    properties: dict[str, str] = {}
    for name in _FORM_FIELDS:
        others = "|".join(f for f in _FORM_FIELDS if f != name)
        found = re.search(name + r"\s+(.+?)(?=\s+(?:" + others + r")\b|\s+项目资金|$)", text)
        if found:
            properties[name] = found.group(1).strip()
    amounts: dict[str, Amount] = {}
    for name in _FORM_AMOUNTS:
        found = re.search(re.escape(name) + r"\s*([\d,]+\.\d{2})", text)
        if found:
            amount = parse_amount(found.group(1), "元")
            if amount is not None:
                amounts[name] = amount
    header = next((i for i, ln in enumerate(lines) if "一级指标" in ln.text), None)
    indicators: list[Indicator] = []
    if header is None:
        issues.append(ParseIssue("form-without-indicators", "no 一级指标 header in the form", Span.of([heading, *lines]), Severity.WARNING))
    else:
        body = lines[header + 1 :]
        if all(ln.exact for ln in body):
            indicators = _exact_rows(body)
        else:
            indicators, more = _text_rows(body)
            issues.extend(more)
    name = properties.pop("项目名称", None)
    project = Project(
        position=position,
        name=name,
        span=Span.of([heading, *lines]),
        indicators=tuple(indicators),
        properties=properties,
        amounts=amounts,
        budget=amounts.get("年度资金申请总额"),
        from_form=True,
    )
    return project, issues


def _exact_rows(body: list[SourceLine]) -> list[Indicator]:
    """Rows of a PDF table: merged cells come out empty and carry down."""
    level1 = level2 = None
    out: list[Indicator] = []
    for line in body:
        cells = [c for c in line.cells]
        if len(cells) < 4:
            continue
        named = [c for c in cells if c]
        # Columns: [绩效指标], 一级, 二级, 三级, (merged…), 指标值.
        l1, l2, l3 = cells[1], cells[2], cells[3]
        target = next((c for c in reversed(cells[4:]) if c), "")
        if not l3 and not target:
            continue
        level1 = l1 or level1
        level2 = l2 or level2
        if not named:
            continue
        out.append(Indicator(level1, level2, l3, parse_target(target), Span.of([line]), len(out) + 1))
    return out


def _text_rows(body: list[SourceLine]) -> tuple[list[Indicator], list[ParseIssue]]:
    """Rows of a form read from compact text.

    The 一级 and 二级 cells are merged over several rows and extraction prints
    their labels at the vertical middle of their rows, so rows are read here
    with their 三级 and target only; the levels are placed by `place_levels`.
    """
    labels = set(LEVEL1_2021) | set(LEVEL2_2021) | {"绩效指标"}
    rows: list[tuple[str, str, list[SourceLine]]] = []
    marks: list[tuple[str, float]] = []  # (label, line position)
    pending: list[SourceLine] = []
    fragments: list[tuple[str, int]] = []
    quoted: list[SourceLine] = []
    for line in body:
        tokens = line.text.split()
        while tokens and (tokens[0] in labels or _is_fragment(tokens[0], labels)):
            token = tokens.pop(0)
            if token in labels:
                if token != "绩效指标":
                    marks.append((token, float(line.number)))
            else:
                fragments.append((token, line.number))
        if quoted or (tokens and tokens[0].startswith('"') and not line.text.rstrip().endswith('"')):
            quoted.append(line)
            if line.text.rstrip().endswith('"'):
                parts = [q.text for q in quoted]
                singles = [p for p in parts if len(p.split()) == 1 and not p.startswith('"') and not p.endswith('"')]
                name = "".join(p for p in parts if p not in singles)
                rows.append((name, singles[0] if singles else "", quoted))
                quoted = []
            continue
        if not tokens:
            continue
        if len(tokens) == 1:
            pending.append(line)
            if len(pending) == 3:
                rows.append((pending[0].text + pending[2].text, pending[1].text, pending))
                pending = []
            continue
        pending = []
        rows.append((" ".join(tokens[:-1]), tokens[-1], [line]))
    for (first, at), (second, later) in zip(fragments, fragments[1:]):
        if first + second in labels and later - at <= 3:
            marks.append((first + second, (at + later) / 2))
    indicators = [
        Indicator(None, None, name, parse_target(target), Span.of(src), i)
        for i, (name, target, src) in enumerate(rows, start=1)
    ]
    return place_levels(indicators, marks), []


def _is_fragment(token: str, labels: set[str]) -> bool:
    return any(label != token and (label.startswith(token) or label.endswith(token)) for label in labels) and len(token) < 8


def place_levels(rows: list[Indicator], marks: list[tuple[str, float]]) -> list[Indicator]:
    """Give rows their 二级 then 一级 from labels printed at the middle of their rows.

    The 二级 labels partition the rows into contiguous groups whose middle
    line is nearest its label (chosen by dynamic programming); the 一级 labels
    then partition those groups the same way, so a 二级 never straddles two 一级.
    """
    if not rows:
        return rows
    level2 = [m for m in marks if m[0] in LEVEL2_2021]
    level1 = [m for m in marks if m[0] in LEVEL1_2021 and m[0] != "成本指标"]
    spans = [(r.span.first, r.span.last) for r in rows]
    groups2 = _partition(spans, sorted(level2, key=lambda m: m[1]))
    if groups2 is None:
        return rows
    group_spans = [(spans[g[0]][0], spans[g[-1]][1]) for _, g in groups2]
    groups1 = _partition(group_spans, sorted(level1, key=lambda m: m[1]))
    level1_of: dict[int, str] = {}
    if groups1 is not None:
        for label, members in groups1:
            for m in members:
                for r in groups2[m][1]:
                    level1_of[r] = label
    out: list[Indicator] = []
    for label, members in groups2:
        for r in members:
            row = rows[r]
            out.append(Indicator(level1_of.get(r), label, row.level3, row.target, row.span, row.position))
    return out


def _partition(spans: list[tuple[int, int]], labels: list[tuple[str, float]]) -> list[tuple[str, list[int]]] | None:
    n, m = len(spans), len(labels)
    if m == 0 or m > n:
        return None
    inf = float("inf")
    # best[i][k]: least total distance placing the first k labels over the first i items.
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for k in range(1, m + 1):
        for i in range(k, n + 1):
            for j in range(k - 1, i):
                if best[j][k - 1] == inf:
                    continue
                middle = (spans[j][0] + spans[i - 1][1]) / 2
                cost = best[j][k - 1] + abs(middle - labels[k - 1][1])
                if cost < best[i][k]:
                    best[i][k], back[i][k] = cost, j
    if best[n][m] == inf:
        return None
    groups: list[tuple[str, list[int]]] = []
    i = n
    for k in range(m, 0, -1):
        j = back[i][k]
        groups.append((labels[k - 1][0], list(range(j, i))))
        i = j
    return list(reversed(groups))
