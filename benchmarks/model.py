"""What a generated disclosure states: the truth the text is rendered from.

Figures are built so that the template's identities hold: 项 sums to 款, 款 to
类, 类 to 合计; 基本支出 + 项目支出 = 合计; 人员经费 + 公用经费 = 基本支出; the
same figure is equal in every table that prints it (经济分类 30108 =
功能分类 2080505); the 三公 parts add up. Amounts are integers of 元 (tables)
or exact decimals of 万元 (三公), never floats.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

from benchmarks.policies import Item, Policy, cite, meeting, statement

# 支出功能分类: code -> name. 20805 was renamed in 2020 (domain notes §3).
FUNCTIONS: dict[str, str] = {
    "201": "一般公共服务支出", "20103": "政府办公厅（室）及相关机构事务", "2010301": "行政运行", "2010350": "事业运行",
    "20105": "统计信息事务", "2010507": "专项普查活动",
    "204": "公共安全支出", "20406": "司法", "2040607": "公共法律服务",
    "205": "教育支出", "20599": "其他教育支出", "2059999": "其他教育支出",
    "206": "科学技术支出", "20607": "科学技术普及", "2060702": "科普活动",
    "207": "文化旅游体育与传媒支出", "20703": "体育", "2070308": "群众体育",
    "208": "社会保障和就业支出", "20805": "行政事业单位养老支出", "2080505": "机关事业单位基本养老保险缴费支出",
    "2080506": "机关事业单位职业年金缴费支出", "20807": "就业补助", "2080705": "公益性岗位补贴",
    "210": "卫生健康支出", "21011": "行政事业单位医疗", "2101101": "行政单位医疗", "2101102": "事业单位医疗",
    "212": "城乡社区支出", "21201": "城乡社区管理事务", "2120101": "行政运行", "2120104": "城管执法",
    "2120199": "其他城乡社区管理事务支出",
    "221": "住房保障支出", "22102": "住房改革支出", "2210201": "住房公积金", "2210203": "购房补贴",
}
# 部门预算支出经济分类: code -> (name, 人员经费 or 公用经费).
ECONOMIC: dict[str, str] = {
    "301": "工资福利支出", "30101": "基本工资", "30102": "津贴补贴", "30107": "绩效工资",
    "30108": "机关事业单位基本养老保险缴费", "30109": "职业年金缴费", "30110": "职工基本医疗保险缴费",
    "30112": "其他社会保障缴费", "30113": "住房公积金", "30199": "其他工资福利支出",
    "302": "商品和服务支出", "30201": "办公费", "30202": "印刷费", "30207": "邮电费", "30209": "物业管理费",
    "30211": "差旅费", "30213": "维修（护）费", "30215": "会议费", "30216": "培训费", "30217": "公务接待费",
    "30228": "工会经费", "30231": "公务用车运行维护费", "30299": "其他商品和服务支出",
    "303": "对个人和家庭的补助", "30302": "退休费", "30305": "生活补助",
}
_PROJECT_CODES = ("2010507", "2040607", "2059999", "2060702", "2070308", "2080705", "2120104", "2120199", "2210203")
_INDICATORS = (
    ("数量目标", "服务人次", ("≥{n}(人次)", "≥{n}人次")), ("数量目标", "开展活动场次", ("={n}(场)", "{n}场")),
    ("数量目标", "子模块数", ("{n}",)), ("质量目标", "验收合格率", ("≥{p}%", "=100.00(%)")),
    ("质量目标", "设备完好率", ("≥{p}%",)), ("时效目标", "完成及时率", ("≥{p}%", "=100.00(%)")),
    ("成本目标", "预算执行率", ("≥{p}%",)), ("社会效益目标", "居民知晓率", ("≥{p}%", "提高")),
    ("社会效益目标", "社区环境改善情况", ("改善", "完善")), ("可持续目标", "长效管理制度建设", ("完善", "健全")),
    ("满意度目标", "服务对象满意度", ("≥{p}%", "≥{p}.00(%)")), ("经济效益目标", "节约运行成本", ("≥{q}%",)),
)


def yuan(value: int) -> str:
    return f"{value:,}"


# The names a department that keeps its old habits prints: 20805's name before its
# 2020 rename, and 维修（护）费 shortened. Other documents of the same year print the
# official names, so these codes are named two ways in a year (shape CodeNamedAlike).
_FORMER_FUNCTIONS = {"20805": "行政事业单位离退休"}
_SHORT_ECONOMIC = {"30213": "维修费"}


@dataclass
class Indicator:
    level1: str
    level2: str
    level3: str
    target: str


@dataclass
class Project:
    name: str  # as the heading prints it, without 项目经费情况说明
    amount: Decimal  # 万元, two decimals
    basis: list[Item]
    mention: Policy | None
    indicators: list[Indicator]
    overview: str
    topic: str


@dataclass
class Department:
    name: str
    short: str  # how the text refers to it (万里街道, 大数据中心 …)
    district: str | None  # None: a municipal department
    units: list[str]
    divisions: list[str]
    operating_code: str  # 2010350 事业运行 for public institutions, 2010301 / 2120101 行政运行 otherwise
    health_code: str
    topics: list[str]
    keeps_former_names: bool = False  # prints 20805's pre-2020 name and 维修费 (see _FORMER_FUNCTIONS)


@dataclass
class Disclosure:
    department: Department
    year: int
    layout: str
    # code -> (基本支出, 项目支出) per 项; 款, 类 and 合计 are sums.
    functions: dict[str, tuple[int, int]]
    # economic code -> amount per 款; 301/303 are 人员经费, 302 公用经费.
    economic: dict[str, int]
    by_unit: list[tuple[str, int, int, int]]  # unit, 人员经费, 公用经费, 项目支出
    three_public: dict[str, Decimal]  # 万元
    projects: list[Project]
    prior_total: int  # last year's total, for the narrative's stated change
    procurement: dict[str, Decimal] = field(default_factory=dict)

    # -- derived rows ---------------------------------------------------------
    def function_name(self, code: str) -> str:
        """The name this document prints for a 功能分类 code."""
        if code in _FORMER_FUNCTIONS and (self.year < 2020 or self.department.keeps_former_names):
            return _FORMER_FUNCTIONS[code]
        return FUNCTIONS[code]

    def economic_name(self, code: str) -> str:
        """The name this document prints for an 经济分类 code."""
        return _SHORT_ECONOMIC.get(code, ECONOMIC[code]) if self.department.keeps_former_names else ECONOMIC[code]

    def function_rows(self) -> list[tuple[str, int, int]]:
        """(code, 基本支出, 项目支出) of every 类, 款 and 项, in printed order."""
        sums: dict[str, list[int]] = {}
        for code, (basic, project) in self.functions.items():
            for prefix in (code[:3], code[:5], code):
                acc = sums.setdefault(prefix, [0, 0])
                acc[0] += basic
                acc[1] += project
        return [(code, b, p) for code, (b, p) in sorted(sums.items())]

    def economic_rows(self) -> list[tuple[str, int, int]]:
        """(code, 人员经费, 公用经费) of every 类 and 款, in printed order."""
        sums: dict[str, list[int]] = {}
        for code, amount in self.economic.items():
            personnel = not code.startswith("302")
            for prefix in (code[:3], code):
                acc = sums.setdefault(prefix, [0, 0])
                acc[0 if personnel else 1] += amount
        return [(code, p, o) for code, (p, o) in sorted(sums.items())]

    @property
    def basic(self) -> int:
        return sum(b for b, _ in self.functions.values())

    @property
    def project_total(self) -> int:
        return sum(p for _, p in self.functions.values())

    @property
    def total(self) -> int:
        return self.basic + self.project_total

    @property
    def personnel(self) -> int:
        return sum(a for c, a in self.economic.items() if not c.startswith("302"))

    @property
    def operating(self) -> int:
        return sum(a for c, a in self.economic.items() if c.startswith("302"))


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` positive integers (multiples of 100, as budgets are)."""
    if parts == 1:
        return [total]
    cuts = sorted(rng.sample(range(1, total // 100), parts - 1))
    edges = [0, *[c * 100 for c in cuts], total]
    return [b - a for a, b in zip(edges, edges[1:])]


def build(department: Department, year: int, layout: str, pool: list[Policy], rng: random.Random) -> Disclosure:
    """Figures and projects of one department's disclosure for one year."""
    pension = rng.randint(150, 900) * 10_000 + rng.randint(0, 9999)
    annuity = pension // 2
    medical = rng.randint(80, 500) * 10_000 + rng.randint(0, 9999)
    housing = rng.randint(80, 500) * 10_000 + rng.randint(0, 9999)
    economic = {
        "30101": rng.randint(300, 2000) * 1000, "30102": rng.randint(100, 2000) * 1000,
        "30107": rng.randint(500, 9000) * 1000, "30108": pension, "30109": annuity, "30110": medical,
        "30112": rng.randint(10, 700) * 1000 + rng.randint(0, 999), "30113": housing,
    }
    if rng.random() < 0.6:
        economic["30199"] = rng.randint(10, 1200) * 1000
    for code in rng.sample([c for c in ECONOMIC if c.startswith("302") and len(c) == 5], rng.randint(5, 11)):
        economic[code] = rng.randint(2, 2000) * 1000 + rng.choice((0, 0, rng.randint(1, 999)))
    if rng.random() < 0.5:
        economic["30302"] = rng.randint(10, 400) * 1000 + rng.randint(0, 999)
    basic_total = sum(economic.values())
    social = pension + annuity + medical + housing
    functions: dict[str, tuple[int, int]] = {
        "2080505": (pension, 0), "2080506": (annuity, 0), department.health_code: (medical, 0), "2210201": (housing, 0),
    }
    project_budget = rng.randint(200, 40_000) * 10_000
    project_codes = [department.operating_code, *rng.sample(_PROJECT_CODES, rng.randint(1, 4))]
    shares = _split(rng, project_budget, len(project_codes))
    functions[department.operating_code] = (basic_total - social, 0)
    for code, share in zip(project_codes, shares):
        basic, project = functions.get(code, (0, 0))
        functions[code] = (basic, project + share)
    personnel = sum(a for c, a in economic.items() if not c.startswith("302"))
    operating = basic_total - personnel
    by_unit = []
    units = department.units
    for unit, p, o, j in zip(units, _split(rng, personnel, len(units)), _split(rng, operating, len(units)),
                             _split(rng, project_budget, len(units))):
        by_unit.append((unit, p, o, j))
    travel = Decimal(rng.choice((0, 0, rng.randint(1, 60)))) + Decimal(rng.randint(0, 99)) / 100
    reception = Decimal(rng.randint(0, 3000)) / 100
    purchase = Decimal(rng.choice((0, 0, 15, 18, 25)))
    operation = Decimal(rng.randint(0, 6000)) / 100
    three_public = {
        "因公出国(境)费": travel, "公务接待费": reception, "公务用车购置费": purchase, "公务用车运行费": operation,
        "公务用车购置及运行费": purchase + operation, "三公经费合计": travel + reception + purchase + operation,
        "机关运行经费": Decimal(rng.randint(10_000, 200_000)) / 100,
    }
    projects = [_project(department, year, i, pool, rng) for i in range(rng.randint(1, 4))]
    goods = Decimal(rng.randint(0, 50_000)) / 100
    works = Decimal(rng.randint(0, 500_000)) / 100
    services = Decimal(rng.randint(100, 900_000)) / 100
    procurement = {"goods": goods, "works": works, "services": services, "total": goods + works + services}
    prior = basic_total + project_budget - rng.randint(-500, 2000) * 10_000
    return Disclosure(department, year, layout, functions, economic, by_unit, three_public, projects, prior, procurement)


def _project(department: Department, year: int, index: int, pool: list[Policy], rng: random.Random) -> Project:
    topic = department.topics[index % len(department.topics)]
    name = f"{year}年{topic}" if rng.random() < 0.3 else topic
    items: list[Item] = []
    # Popular policies are cited by many departments: a skewed draw from the pool.
    weights = [1.0 / (1 + i) for i in range(len(pool))]
    for _ in range(rng.randint(1, 5)):
        chosen = rng.choices(pool, weights)[0]
        pair = [chosen]
        if rng.random() < 0.15:
            pair.append(rng.choices(pool, weights)[0])
        items.append(cite(pair, rng, f"{topic}项目"))
    roll = rng.random()
    if roll < 0.1:
        items.insert(0, meeting(rng, topic, f"{topic}项目"))
    elif roll < 0.2:
        items.append(statement(department.short, topic))
    mention = rng.choice([p for p in pool if p.number is not None]) if rng.random() < 0.5 else None
    indicators = []
    for level2, level3, forms in rng.sample(_INDICATORS, rng.randint(3, 7)):
        target = rng.choice(forms).format(n=rng.randint(2, 5000), p=rng.randint(80, 99), q=rng.randint(5, 30))
        level1 = {"数量目标": "产出目标", "质量目标": "产出目标", "时效目标": "产出目标", "成本目标": "产出目标",
                  "经济效益目标": "效果目标", "社会效益目标": "效果目标", "可持续目标": "影响力目标",
                  "满意度目标": "影响力目标"}[level2]
        indicators.append(Indicator(level1, level2, level3, target))
    amount = Decimal(rng.randint(1_000, 5_000_000)) / 100
    overview = (
        f"本项目用于{department.short}{topic}相关工作，围绕{topic}的年度目标，统筹推进各项任务落实，"
        f"提升{department.short}{topic}的服务能力和管理水平。"
    )
    return Project(name, amount, items, mention, indicators, overview, topic)
