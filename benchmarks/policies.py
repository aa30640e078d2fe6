"""A shared pool of policy documents, and the ways a 立项依据 item cites them.

Every generated document cites from one pool, so that the same policy is cited
by many departments and years in different forms (with 〔〕, 【】, [] or （）,
without 号, with spaces, as an order 第九号, before its title, inside an
issuing 通知): cross-document identity and traceability are exercised at scale.
Each rendered item carries the citations a correct reader must find in it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# (机关代字, issuing organ as printed before a title)
_ISSUERS = (
    ("国发", "国务院"),
    ("国办发", "国务院办公厅"),
    ("国办函", "国务院办公厅"),
    ("沪委发", "中共上海市委"),
    ("沪委办", "中共上海市委办公厅"),
    ("沪委办发", "中共上海市委办公厅"),
    ("沪府发", "上海市人民政府"),
    ("沪府办", "上海市人民政府办公厅"),
    ("沪府办发", "上海市人民政府办公厅"),
    ("沪府规", "上海市人民政府"),
    ("沪府办规", "上海市人民政府办公厅"),
    ("财预", "财政部"),
    ("普发改投", "上海市普陀区发展和改革委员会"),
    ("普建委", "上海市普陀区建设和管理委员会"),
)
_TOPICS = (
    "公共数据治理", "城市数字化转型", "社区公共服务", "养老服务体系建设", "生活垃圾分类", "城市运行“一网统管”",
    "政务服务“一网通办”", "基层社会治理", "公共法律服务", "全民健身", "科学技术普及", "就业援助",
    "住房保障", "城市管理精细化", "社区卫生服务", "应急管理体系建设", "营商环境优化", "文化旅游融合发展",
    "政务云建设", "数据安全管理", "老旧小区综合治理", "河长制", "爱国卫生运动", "社区救助帮扶",
)
_FORMS = (
    "关于加强{t}工作的实施意见", "关于推进{t}的指导意见", "上海市{t}管理办法", "{y}年上海市{t}工作要点",
    "关于进一步做好{t}工作的通知", "上海市{t}三年行动计划", "上海市{t}暂行办法", "关于深化{t}改革的实施方案",
)
_LAWS = ("上海市数据条例", "上海市养老服务条例", "上海市生活垃圾管理条例", "上海市社区救助条例", "上海市公共法律服务办法")
_CN = "零一二三四五六七八九"


@dataclass(frozen=True)
class Policy:
    """A policy document. ``code`` is None for a law cited by title only."""

    title: str
    code: str | None
    issuer: str | None
    year: int | None  # None for orders (令)
    serial: int | None

    @property
    def number(self) -> str | None:
        """The GB/T 9704 form a reader must normalize every printed variant to."""
        if self.code is None or self.serial is None:
            return None
        if self.year is None:
            return f"{self.code}{self.serial}号"
        return f"{self.code}〔{self.year}〕{self.serial}号"


@dataclass(frozen=True)
class Expected:
    """A citation a reader must find: kind, normalized 文号, title and issued work."""

    kind: str  # document / meeting / statement
    number: str | None = None
    title: str | None = None
    work: str | None = None


@dataclass(frozen=True)
class Item:
    text: str
    citations: tuple[Expected, ...]


def policy_pool(rng: random.Random, size: int = 80) -> list[Policy]:
    pool: list[Policy] = [Policy(law, None, None, None, None) for law in _LAWS]
    pool += [
        Policy("上海市公共数据和一网通办管理办法", "沪府令", "上海市人民政府", None, 9),
        Policy("上海市公共数据开放暂行办法", "沪府令", "上海市人民政府", None, 21),
        Policy("上海市政务云管理暂行办法", "沪府令", "上海市人民政府", None, 23),
    ]
    seen: set[tuple[str, int, int]] = set()
    while len(pool) < size:
        code, issuer = rng.choice(_ISSUERS)
        year = rng.randint(2015, 2024)
        serial = rng.randint(1, 180)
        if (code, year, serial) in seen:
            continue
        seen.add((code, year, serial))
        title = rng.choice(_FORMS).format(t=rng.choice(_TOPICS), y=year)
        pool.append(Policy(title, code, issuer, year, serial))
    return pool


def _chinese(n: int) -> str:
    """9 -> 九, 21 -> 二十一: how orders are printed (上海市人民政府令第九号)."""
    if n < 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


def printed_number(policy: Policy, rng: random.Random) -> str:
    """The 文号 as a document prints it: GB/T brackets mostly, every variant seen sometimes."""
    assert policy.code is not None and policy.serial is not None
    if policy.year is None:
        if policy.code == "沪府令" and rng.random() < 0.5:
            return f"上海市人民政府令第{_chinese(policy.serial)}号"
        return f"{policy.code}{policy.serial}号"
    variant = rng.choices(("gb", "lenticular", "square", "fullsquare", "no-hao", "spaces"), (10, 3, 2, 1, 1, 1))[0]
    y, s, c = policy.year, policy.serial, policy.code
    return {
        "gb": f"{c}〔{y}〕{s}号",
        "lenticular": f"{c}【{y}】{s}号",
        "square": f"{c}[{y}]{s}号",
        "fullsquare": f"{c}［{y}］{s}号",
        "no-hao": f"{c}〔{y}〕{s}",
        "spaces": f"{c} 〔{y}〕 {s}号",
    }[variant]


def cite(policies: list[Policy], rng: random.Random, project: str) -> Item:
    """One 立项依据 item citing ``policies`` (one or two) in a form chosen at random."""
    first = policies[0]
    if first.number is None:
        return Item(f"《{first.title}》", (Expected("document", None, first.title),))
    number = printed_number(first, rng)
    if len(policies) > 1 and policies[1].number is not None:
        second = policies[1]
        text = f"《{first.title}》（{number}）《{second.title}》（{printed_number(second, rng)}）"
        return Item(text, (Expected("document", first.number, first.title), Expected("document", second.number, second.title)))
    form = rng.choices(("bracketed", "notice", "bare", "number-first", "lenticular-first"), (6, 3, 2, 1, 1))[0]
    if first.year is None:
        form = "bare"  # orders are cited as title（上海市人民政府令第九号）
    if form == "notice" and first.issuer:
        text = f"{first.issuer}关于印发《{first.title}》的通知（{number}）"
        return Item(text, (Expected("document", first.number, f"关于印发《{first.title}》的通知", first.title),))
    if form == "bare":
        return Item(f"{first.title}（{number}）", (Expected("document", first.number, first.title),))
    if form in ("number-first", "lenticular-first"):
        if form == "lenticular-first":
            number = f"{first.code}（{first.year}）{first.serial}号"
        text = f"根据{number}文《{first.title}》开展{project}。"
        return Item(text, (Expected("document", first.number, first.title),))
    return Item(f"《{first.title}》（{number}）", (Expected("document", first.number, first.title),))


def meeting(rng: random.Random, topic: str, project: str) -> Item:
    year = rng.randint(2003, 2018)
    text = f"根据{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日召开的“关于{topic}工作”的市府专题会确立{project}"
    return Item(text, (Expected("meeting"),))


def statement(unit: str, topic: str) -> Item:
    return Item(f"为保障{unit}正常运转，做好{topic}相关保障工作。", (Expected("statement"),))
