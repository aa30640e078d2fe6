"""Policy citations: 发文字号 (document numbers) and the 立项依据 items that cite them.

A 发文字号 is 机关代字 + year in brackets + serial + 号 (GB/T 9704-2012 §7.2.5):
``沪委办〔2021〕15号``. Documents print it with other brackets (【】 [] ［］ （） ()), spaces
inside, full-width digits, a leading 第, zeros, or no 号; orders (令) carry no year and are
numbered 第九号 or, garbled by extraction, 第七16号. Everything is read into
:class:`~budgetkg.loaders.records.DocNumber`, whose ``normalized`` is the GB/T 9704 form.

A 立项依据 item is read into :class:`~budgetkg.loaders.records.Citation` records:

- ``DOCUMENT``: a 《title》, a 文号, or a title of the form ``[issuer]关于…的通知`` paired
  with a 文号. A document may have a number and no title, or a title and no number.
- ``MEETING``: no document, but a meeting decision (``…召开的…市府专题会确立…``).
- ``STATEMENT``: nothing above was recognised. It means "no document recognised", never
  "this is not a document": :func:`reason` says in words why an item was read as it was.

How ambiguous text is read (each case is a test in tests/test_citations.py):

- ``title`` is the title as written; a 《》 title is kept whole, organ included
  (《国务院关于…的意见》 has no ``issuer``). An organ written before the title outside 《》 is
  split off into ``issuer`` (国务院办公厅关于印发…的通知); a year before it is not the
  organ's (2021年中共上海市委办公厅…印发…).
- ``work_title`` only for (关于)印发/发布《X》的通知 and (关于)印发/发布X的通知, one work.
  关于同意《X》的批复 approves X without issuing it: no ``work_title``.
- A 文号 goes to the title right before it (in or out of 《》, bracketed or not), else to the
  title right after it (``沪府规【2016】168号文关于同意《…》的批复``), else stands alone.
  Two 文号 in one bracket after one title give two citations of that title.
- A text without 《》 and 文号 is a document only when it is nothing but
  ``[organ]关于…的通知/意见/…``; a meeting only when a meeting and its decision are written
  together (市府专题会确立, 常务会议审议通过, 会议纪要). Otherwise it is a ``STATEMENT``.

Pure standard library, linear in the text; nothing here raises on any ``str``.

>>> parse_doc_number("（沪委办【2021】015号）").normalized
'沪委办〔2021〕15号'
>>> [c.title for c in parse_basis_item("1. 《A》（沪委办〔2020〕24号）《B》（沪府令21号）")]
['A', 'B']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from budgetkg.loaders.records import BasisKind, Citation, DocNumber

__all__ = [
    "ORDER_ISSUERS",
    "find_doc_numbers",
    "normalize_title",
    "parse_basis_item",
    "parse_doc_number",
    "reason",
]

# The long issuing-organ forms of 令 and the 机关代字 they are cited under. Explicit on purpose:
# 市政府令 or 财政部令 stay as written, since guessing which 市 would invent a document.
ORDER_ISSUERS: dict[str, str] = {
    "上海市人民政府令": "沪府令",
    "中华人民共和国国务院令": "国务院令",
}

_DIGIT = "0-9０-９"
_OPEN = "〔【[［（(﹝〖"
_CLOSE = "〕】]］）)﹞〗"
_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_NUM = "".join(_CN_DIGITS) + "".join(_CN_UNITS)

# 机关代字〔2021〕第015号: the 机关代字 is read backwards from the bracket (see _code_before).
_BRACKETED = re.compile(
    rf"[{re.escape(_OPEN)}]\s*(?P<year>[{_DIGIT}]{{4}})\s*[{re.escape(_CLOSE)}]"
    rf"\s*(?:(?P<di>第)\s*)?(?P<serial>[{_DIGIT}]{{1,6}})(?:\s*(?P<hao>号))?"
)
# 沪府令21号, 上海市人民政府令第九号, 国务院令第七16号 (a numeral glued to digits: 716).
_ORDER = re.compile(
    rf"令\s*(?:(?P<di>第)\s*)?(?P<serial>[{_CN_NUM}]{{1,8}}[{_DIGIT}]{{0,6}}|[{_DIGIT}]{{1,6}})"
    rf"(?:\s*(?P<hao>号))?"
)

# Words a 机关代字 never contains: the code starts after the last of them before the bracket
# (根据沪府规【2016】…, …的批复和普发改投【2017】…). Characters that real codes do contain
# are left out on purpose: 经 (沪经信), 文 (沪文旅), 规 (沪府规), 函 (国办函), 规划 (沪规划资源).
_CODE_STOPS = (
    "号文", "号", "文件", "根据", "依据", "按照", "参照", "依照", "遵照", "对照", "关于",
    "印发", "转发", "执行", "贯彻", "落实", "精神", "要求", "和", "及", "与", "的", "或",
    "并", "暨", "即", "是", "在", "由", "为", "将", "了", "按", "据", "于", "见",
    "通知", "意见", "批复", "决定", "办法", "规定", "方案", "要点", "纲要", "指南", "条例",
    "通报", "公告", "细则",
)  # fmt: skip
_CODE_STOP_RE = re.compile("|".join(sorted(_CODE_STOPS, key=len, reverse=True)))
_MAX_CODE_RUN = 24  # how far back to look for a 机关代字; real codes are under 10 characters
_NOT_ORDER = set("命指口法禁号训勒律责政条军")  # 命令, 指令, 法令, 责令 … are not 令 numbers
_MAX_GAP = 8  # spaces allowed between a 机关代字 and its bracket, or after a serial

# Item numbering: "1." "1、" "（1）" "一、" or a list bullet; "2020年…" is not numbering.
_NUMBERING = re.compile(
    rf"^\s*(?:[（(]\s*[{_DIGIT}]{{1,3}}\s*[)）]|[{_DIGIT}]{{1,3}}\s*(?:[.．](?![{_DIGIT}])|、)"
    r"|[一二三四五六七八九十]{1,3}\s*、|[（(][一二三四五六七八九十]{1,3}[)）]|[-•·●▪]\s)\s*"
)
_LINE_EDGE = " \t\u3000\u00a0"
_STOP_PUNCT = set("，。；：！？,;:!?")
_NUMBER_SEPS = set("、，,;；和及/ \t\u3000")
# Words that introduce a basis rather than belong to a title or an issuer.
_LEAD_VERBS = re.compile(r"根据|依据|按照|参照|依照|遵照|遵循|贯彻落实|贯彻|落实")
# Used with .match(text, pos), so no ^ (which would not match at pos). Connectors (和 及 …)
# only after another citation: at the start of an item 和 may begin a title (和平区…).
_LEAD_WORDS = r"根据|依据|按照|参照|依照|遵照|遵循|为贯彻落实|为贯彻|为落实|贯彻落实|贯彻|落实|结合|执行|、|\s"
_LEAD = re.compile(rf"(?:{_LEAD_WORDS})+")
_LEAD_AFTER_CITATION = re.compile(rf"(?:{_LEAD_WORDS}|以及|和|及|与|并)+")
_TITLE_START = re.compile(r"关于|印发")
_DOC_TYPES = (
    "批复|通知|意见|决定|复函|函|公告|通告|通报|报告|纪要|办法|规定|方案|细则|规划|计划|要点|"
    "纲要|指南|条例|规则|答复"
)
_DOC_TYPE = re.compile(rf"的(?:{_DOC_TYPES})|(?:{_DOC_TYPES})")
_DOC_TYPE_AFTER = re.compile(rf"\s*的(?:{_DOC_TYPES})")
_WRAPPER_BEFORE = re.compile(r"(?:关于)?(?:印发|发布|转发|同意|批准)$")
# X in (关于)印发《X》的通知 / 关于发布X的通知: the work the 通知 issues.
_ISSUES_WORK = re.compile(r"^(?:关于)?(?:印发|发布)(?:[《〈](?P<b>.+)[》〉]|(?P<p>.+))的通知$")
_WHOLE_TITLE = re.compile(rf"^关于.+的(?:{_DOC_TYPES})[。.]?$")
_ORGAN_SUFFIXES = (
    "办公厅", "办公室", "秘书局", "国务院", "人民政府", "政府", "委员会", "领导小组", "工作组",
    "中央", "中心", "局", "厅", "部", "委", "办", "院", "署", "司", "会", "组", "室", "处",
)  # fmt: skip
_YEAR_PREFIX = re.compile(rf"^[{_DIGIT}]{{4}}年度?")
_MEETING_NOUNS = "专题会|常务会|办公会|联席会|协调会|推进会|工作会|党组会|常委会|会议"
_MEETING_NOUN = re.compile(_MEETING_NOUNS)
# A meeting and what it decided, close together: 市府专题会确立, 常务会议审议通过, 会议纪要.
_MEETING_DECISION = re.compile(
    rf"(?:{_MEETING_NOUNS})[^，。；,;]{{0,4}}?(?:确立|确定|决定|精神|纪要|审议|通过|部署|议定|同意|要求|批准)"
)
_QUOTES = re.compile("[《》〈〉“”‘’\"'「」『』]")
_TRAILING = "。，、；：！？.,;:!?…"


# --------------------------------------------------------------------------- 发文字号


def find_doc_numbers(text: str) -> list[tuple[DocNumber, int, int]]:
    """Every 发文字号 in ``text`` with its ``(start, end)`` offsets, in text order.

    ``start`` is where the 机关代字 begins, ``end`` is after 号 (or after the serial when 号
    is missing). ``DocNumber.printed`` is ``text[start:end]``.

    >>> [(n.normalized, s, e) for n, s, e in find_doc_numbers("见沪府办［２０２１］ 18号文")]
    [('沪府办〔2021〕18号', 1, 14)]
    """
    found: list[tuple[DocNumber, int, int]] = []
    for m in _BRACKETED.finditer(text):
        hit = _bracketed(text, m)
        if hit is not None:
            found.append(hit)
    for m in _ORDER.finditer(text):
        hit = _order(text, m)
        if hit is not None:
            found.append(hit)
    found.sort(key=lambda hit: (hit[1], -hit[2]))
    result: list[tuple[DocNumber, int, int]] = []
    for hit in found:
        if not result or hit[1] >= result[-1][2]:
            result.append(hit)
    return result


def parse_doc_number(text: str) -> DocNumber | None:
    """The first 发文字号 in ``text``, or ``None``.

    >>> parse_doc_number("上海市人民政府令第九号").normalized
    '沪府令9号'
    >>> parse_doc_number("为保障中心正常运转") is None
    True
    """
    found = find_doc_numbers(text)
    return found[0][0] if found else None


def _bracketed(text: str, m: re.Match[str]) -> tuple[DocNumber, int, int] | None:
    if m["hao"] is None and not _ends_cleanly(text, m.end()):
        return None  # 〔2021〕15项 … : without 号 the serial must end the number
    year = int(unicodedata.normalize("NFKC", m["year"]))
    serial = int(unicodedata.normalize("NFKC", m["serial"]))
    if not 1900 <= year <= 2099 or serial == 0:
        return None
    code = _code_before(text, m.start())
    if code is None:
        return None
    issuer_code, start = code
    if issuer_code[-1] in "年月日":
        return None
    return DocNumber(issuer_code, year, serial, text[start : m.end()]), start, m.end()


def _order(text: str, m: re.Match[str]) -> tuple[DocNumber, int, int] | None:
    serial_text = unicodedata.normalize("NFKC", m["serial"])
    chinese = serial_text[0] in _CN_NUM
    if m["di"] is None and m["hao"] is None and (chinese or not _ends_cleanly(text, m.end())):
        return None
    serial = _serial(serial_text)
    if serial is None or serial == 0:
        return None
    found = _order_code_before(text, m.start())
    if found is None:
        return None
    issuer_code, start = found
    return (
        DocNumber(issuer_code, None, serial, text[start : m.end()], is_order=True),
        start,
        m.end(),
    )


def _ends_cleanly(text: str, end: int) -> bool:
    """Whether nothing glued to the serial follows it (a closing bracket, punctuation, end)."""
    i = end
    while i < len(text) and i - end < _MAX_GAP and text[i] in _LINE_EDGE:
        i += 1
    return i == len(text) or not (text[i].isalnum() or text[i] in "-－—")


def _is_han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" or "\uf900" <= c <= "\ufaff"


def _han_run_before(text: str, pos: int) -> tuple[str, int]:
    """The Han characters right before ``pos`` (spaces before ``pos`` skipped), and their start."""
    i = pos
    while i > 0 and pos - i < _MAX_GAP and text[i - 1].isspace():
        i -= 1
    j = i
    while j > 0 and i - j < _MAX_CODE_RUN and _is_han(text[j - 1]):
        j -= 1
    return text[j:i], j


def _code_before(text: str, pos: int) -> tuple[str, int] | None:
    run, start = _han_run_before(text, pos)
    cut = 0
    for m in _CODE_STOP_RE.finditer(run):
        cut = max(cut, m.end())
    if cut >= len(run):
        return None
    return run[cut:], start + cut


def _order_code_before(text: str, pos: int) -> tuple[str, int] | None:
    """The 机关代字 of an order whose 令 is at ``pos``: ``沪府令`` from 上海市人民政府令."""
    run, start = _han_run_before(text, pos)
    for long, code in ORDER_ISSUERS.items():
        organ = long[:-1]
        if run.endswith(organ):
            return code, start + len(run) - len(organ)
    found = _code_before(text, pos)
    if found is None or found[0][-1] in _NOT_ORDER:
        return None
    return found[0] + "令", found[1]


def _serial(text: str) -> int | None:
    """An order's serial: 21, 九 → 9, 二十一 → 21, and 七16 → 716 (a numeral glued to digits)."""
    k = 0
    while k < len(text) and text[k] in _CN_NUM:
        k += 1
    chinese, digits = text[:k], text[k:]
    if not chinese:
        return int(digits)
    if any(c in _CN_UNITS for c in chinese):
        return None if digits else _chinese_value(chinese)
    return int("".join(str(_CN_DIGITS[c]) for c in chinese) + digits)


def _chinese_value(text: str) -> int | None:
    total = 0
    current: int | None = None
    for c in text:
        if c in _CN_UNITS:
            total += (1 if current is None else current) * _CN_UNITS[c]
            current = None
        elif current not in (None, 0):
            return None  # 二三十: two digits with no unit between them
        else:
            current = _CN_DIGITS[c]
    return total + (current or 0)


# --------------------------------------------------------------------------- titles


def normalize_title(title: str) -> str:
    """A key to compare titles of the same work; not a title to show.

    NFKC (full-width letters, digits and brackets become ASCII), every quotation mark and
    title mark dropped (《》〈〉“”‘’"'「」『』), all whitespace dropped, trailing punctuation
    dropped. Nothing else: a title with or without its issuer, or 印发《X》的通知 against X,
    stay different keys (``Citation.work_title`` is what pairs a 通知 with its work).

    >>> normalize_title("《推进治理数字化转型 实现高效能治理行动方案》。")
    '推进治理数字化转型实现高效能治理行动方案'
    """
    key = _QUOTES.sub("", unicodedata.normalize("NFKC", title))
    key = "".join(key.split())
    return key.rstrip(_TRAILING)


def _work_title(title: str) -> str | None:
    m = _ISSUES_WORK.match(title)
    if m is None:
        return None
    work = (m["b"] if m["b"] is not None else m["p"]).strip()
    # 印发《A》和《B》的通知 issues two works: which one is meant cannot be told.
    return work if work and "《" not in work and "》" not in work else None


def _shielded(text: str) -> list[bool]:
    """For each character: is it inside 《》 or “” (where punctuation does not end a clause)?"""
    out = [False] * len(text)
    titles = quotes = 0
    for i, c in enumerate(text):
        if c == "《":
            titles += 1
        elif c == "》" and titles:
            titles -= 1
        elif c == "“":
            quotes += 1
        elif c == "”" and quotes:
            quotes -= 1
        out[i] = bool(titles or quotes) or c in "》”"
    return out


def _title_spans(text: str) -> list[tuple[int, int]]:
    """Outermost 《…》 spans (nested 《》 inside a title stay inside it); unclosed 《 ignored."""
    spans: list[tuple[int, int]] = []
    depth = start = 0
    for i, c in enumerate(text):
        if c == "《":
            if depth == 0:
                start = i
            depth += 1
        elif c == "》" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    return spans


def _organ(text: str) -> str | None:
    """``text`` as an issuing organ, or None: Han and spaces only, ending like an organ."""
    organ = _YEAR_PREFIX.sub("", text.strip()).strip()
    if not organ or len(organ) > 60:
        return None
    if not all(_is_han(c) or c in " \u3000" for c in organ):
        return None
    return organ if organ.endswith(_ORGAN_SUFFIXES) else None


def _split_issuer(seg: str) -> tuple[str | None, str]:
    """``国务院办公厅关于印发…的通知`` → (国务院办公厅, 关于印发…的通知)."""
    shield = _shielded(seg)
    for m in _TITLE_START.finditer(seg):
        if shield[m.start()]:
            continue
        if m.start() > 0:
            organ = _organ(seg[: m.start()])
            if organ is not None:
                return organ, seg[m.start() :]
        break
    return None, seg


def _after_lead(text: str, lo: int, hi: int, shield: list[bool]) -> int:
    """Where a title or issuer starts in ``text[lo:hi]``: after 根据/按照 … that introduce it.

    Only lead verbs before the first 关于/印发 count: 按照 inside 关于切实按照…的通知 is title.
    """
    seg = text[lo:hi]
    first = hi
    for m in _TITLE_START.finditer(seg):
        if not shield[lo + m.start()]:
            first = lo + m.start()
            break
    cut = lo
    for m in _LEAD_VERBS.finditer(seg):
        if lo + m.end() <= first and not shield[lo + m.start()]:
            cut = lo + m.end()
    lead = (_LEAD_AFTER_CITATION if lo > 0 else _LEAD).match(text, cut, hi)
    return lead.end() if lead else cut


def _clause_start(text: str, lo: int, hi: int, shield: list[bool]) -> int:
    """After the last clause punctuation (outside 《》 and “”) in ``text[lo:hi]``."""
    for p in range(hi - 1, lo - 1, -1):
        if text[p] in _STOP_PUNCT and not shield[p]:
            return p + 1
    return lo


# --------------------------------------------------------------------------- 立项依据 items


def parse_basis_item(text: str) -> tuple[Citation, ...]:
    """The citations of one 立项依据 item, in text order.

    Leading numbering (``1.`` ``1、`` ``（1）``) is dropped and line breaks of the layout are
    joined before reading; ``Citation.raw`` is the citation's text after that. An item with no
    document yields one ``MEETING`` or ``STATEMENT`` citation whose ``raw`` is the whole
    item; an empty item yields ``()``. See :func:`reason` for why an item was read so.

    >>> [(c.kind.value, c.number.normalized) for c in parse_basis_item(
    ...     "根据沪府规【2016】168号文关于同意《X》的批复和普发改投【2017】89号文《Y》进行建设")]
    [('document', '沪府规〔2016〕168号'), ('document', '普发改投〔2017〕89号')]
    """
    return _parse(_clean(text))


def _parse(item: str) -> tuple[Citation, ...]:
    if not item:
        return ()
    found = _read_documents(item)
    if found:
        return tuple(c for _, c in sorted(found, key=lambda pair: pair[0]))
    if _is_meeting(item):
        return (Citation(item, BasisKind.MEETING),)
    return (Citation(item, BasisKind.STATEMENT),)


def reason(text: str) -> str:
    """Why :func:`parse_basis_item` read ``text`` as it did, in one line for a person.

    >>> reason("为保障中心正常运转，各类后勤支出保障工作。")
    'statement: no 《》 title, no 发文字号, no 关于…的通知 title and no meeting decision found'
    """
    item = _clean(text)
    if not item:
        return "empty: the item has no text"
    citations = _parse(item)
    if citations[0].kind is BasisKind.MEETING:
        noun = _MEETING_NOUN.search(item)
        return f"meeting: a decision of a meeting ({noun[0] if noun else '会'}), no document cited"
    if citations[0].kind is BasisKind.STATEMENT:
        return (
            "statement: no 《》 title, no 发文字号, no 关于…的通知 title"
            " and no meeting decision found"
        )
    parts = [
        f"{c.title or '(no title)'} [{c.number.normalized if c.number else 'no 文号'}]"
        for c in citations
    ]
    return f"document: {len(citations)} citation(s): " + "; ".join(parts)


def _clean(text: str) -> str:
    # A line break inside an item is layout (PDF wrapping), even inside 《》 or a 文号: join
    # the lines with nothing between them, as Chinese text is written.
    text = "".join(line.strip(_LINE_EDGE) for line in text.splitlines())
    m = _NUMBERING.match(text)
    if m:
        text = text[m.end() :]
    return text.strip()


def _is_meeting(item: str) -> bool:
    return _MEETING_DECISION.search(item) is not None


def _citation(
    text: str,
    start: int,
    end: int,
    *,
    title: str | None = None,
    number: DocNumber | None = None,
    issuer: str | None = None,
) -> Citation:
    if title is not None:
        title = title.strip() or None
    return Citation(
        raw=text[start:end].strip(),
        kind=BasisKind.DOCUMENT,
        title=title,
        work_title=_work_title(title) if title else None,
        number=number,
        issuer=issuer,
    )


def _read_documents(t: str) -> list[tuple[int, Citation]]:
    shield = _shielded(t)
    spans = _title_spans(t)
    numbers = find_doc_numbers(t)
    out: list[tuple[int, Citation]] = []
    taken: list[tuple[int, int]] = []  # the text each citation was read from
    prev = 0  # where the text not yet read starts
    i = 0
    while i < len(numbers):
        number, s, e = numbers[i]
        group = _paren_group(t, numbers, i, prev)
        if group is not None:
            # title（文号） or title（文号、文号）: the title is written before the bracket.
            open_at, end, k = group
            start, issuer, title = _title_before(t, prev, open_at, spans, shield)
            for n, _, _ in numbers[i:k]:
                out.append((start, _citation(t, start, end, title=title, number=n, issuer=issuer)))
            taken.append((start, end))
            prev, i = end, k
            continue
        before = s
        while before > prev and t[before - 1].isspace():
            before -= 1
        span = next((sp for sp in spans if sp[1] == before and sp[0] >= prev), None)
        if span is not None:
            # 《title》文号, the number with no bracket around it.
            lo = _clause_start(t, prev, span[0], shield)
            start, issuer, title, _ = _around_span(t, lo, span, span[1], shield)
            end = e
        else:
            # 文号[文]《title》 or 文号[文]关于…的批复: the number written before its title;
            # or a number on its own (根据沪府发〔2020〕1号精神).
            limit = numbers[i + 1][1] if i + 1 < len(numbers) else len(t)
            start, end, issuer, title = s, e, None, None
            after = _title_after(t, e, limit, spans, shield)
            if after is not None:
                end, title = after
        out.append((start, _citation(t, start, end, title=title, number=number, issuer=issuer)))
        taken.append((start, end))
        prev, i = end, i + 1
    out.extend(_titles_alone(t, spans, taken, shield))
    if not out:
        whole = _whole_title(t, shield)
        if whole is not None:
            out.append(whole)
    return out


def _paren_group(
    t: str, numbers: Sequence[tuple[DocNumber, int, int]], i: int, prev: int
) -> tuple[int, int, int] | None:
    """If numbers[i:k] stand alone in one （…）: (index of the （, end after the ）, k)."""
    p = numbers[i][1]
    while p > prev and t[p - 1].isspace():
        p -= 1
    if p <= prev or t[p - 1] not in "（(":
        return None
    k, pos = i + 1, numbers[i][2]
    while True:
        q = pos
        while q < len(t) and t[q].isspace():
            q += 1
        if q < len(t) and t[q] in "）)":
            return p - 1, q + 1, k
        while q < len(t) and t[q] in _NUMBER_SEPS:
            q += 1
        if q == pos or k >= len(numbers) or numbers[k][1] != q:
            return None
        k, pos = k + 1, numbers[k][2]


def _title_before(
    t: str, lo: int, hi: int, spans: list[tuple[int, int]], shield: list[bool]
) -> tuple[int, str | None, str | None]:
    """(start, issuer, title) of the title written in ``t[lo:hi]`` right before a （文号）."""
    end = hi
    while end > lo and t[end - 1].isspace():
        end -= 1
    seg_lo = _clause_start(t, lo, end, shield)
    # 《A》国务院关于B的意见（文号）: the number is B's, 《A》 a citation of its own. (Not
    # 关于印发《X》的通知 or 印发《A》和《B》的通知, where the 《》 are inside the title.)
    for ss, se in spans:
        if seg_lo <= ss and se < end and not _WRAPPER_BEFORE.search(t, seg_lo, ss):
            rest = t[_after_lead(t, se, end, shield) : end]
            if rest.startswith(("《", "关于", "印发")) or _split_issuer(rest)[0] is not None:
                seg_lo = se
    if end > seg_lo and t[end - 1] == "》":
        span = next((sp for sp in spans if sp[1] == end and sp[0] >= seg_lo), None)
        if span is not None:
            start, issuer, title, _ = _around_span(t, seg_lo, span, end, shield)
            return start, issuer, title
    start = _after_lead(t, seg_lo, end, shield)
    if start >= end:
        return hi, None, None
    issuer, title = _split_issuer(t[start:end])
    return start, issuer, title


def _around_span(
    t: str, lo: int, span: tuple[int, int], hi: int, shield: list[bool]
) -> tuple[int, str | None, str, int]:
    """(start, issuer, title, end) of a citation built on the 《》 at ``span``.

    ``issuer《title》``, or ``issuer关于印发《X》的通知`` when the 《》 is the work a 通知 issues
    (the title is then the 通知's, 《X》 kept inside it).
    """
    ss, se = span
    start = _after_lead(t, lo, ss, shield)
    pre = t[start:ss]
    inner = t[ss + 1 : se - 1]
    if not pre.strip():
        return ss, None, inner, se
    issuer, rest = _split_issuer(pre)
    if issuer is None:
        organ = _organ(pre)
        if organ is not None:
            return start, organ, inner, se
    if _TITLE_START.match(rest) and _WRAPPER_BEFORE.search(rest):
        tail = _DOC_TYPE_AFTER.match(t, se, hi)
        end = tail.end() if tail is not None else se
        title_start = start + len(pre) - len(rest)
        return (start if issuer is not None else title_start), issuer, rest + t[ss:end], end
    # Prose before the 《》 (本工程是为了…): not an issuer; the citation is the 《》 alone.
    return ss, None, inner, se


def _title_after(
    t: str, pos: int, limit: int, spans: list[tuple[int, int]], shield: list[bool]
) -> tuple[int, str] | None:
    """(end, title) of the title right after a number: ``[文]《…》`` or ``[文]关于…的批复``."""
    p = pos
    while p < limit and t[p].isspace():
        p += 1
    if t.startswith("文件", p):
        p += 2
    elif t.startswith("文", p):
        p += 1
    while p < limit and t[p].isspace():
        p += 1
    span = next((sp for sp in spans if sp[0] == p and sp[1] <= limit), None)
    if span is not None:
        return span[1], t[span[0] + 1 : span[1] - 1]
    if not _TITLE_START.match(t, p):
        return None
    stop = p
    while stop < limit and not (t[stop] in _STOP_PUNCT and not shield[stop]):
        stop += 1
    plain = None
    for m in _DOC_TYPE.finditer(t, p, stop):
        if shield[m.start()]:
            continue
        if m[0].startswith("的"):
            return m.end(), t[p : m.end()]
        plain = plain or m.end()
    return (plain, t[p:plain]) if plain is not None else None


def _titles_alone(
    t: str, spans: list[tuple[int, int]], taken: list[tuple[int, int]], shield: list[bool]
) -> list[tuple[int, Citation]]:
    """Citations of the 《title》s no number was paired with (2019: 《X》：explanation)."""
    out: list[tuple[int, Citation]] = []
    bounds = sorted(taken)
    floor = 0
    for ss, se in spans:
        if any(a < se and ss < b for a, b in bounds):
            continue
        lo = max([floor] + [b for a, b in bounds if b <= ss])
        hi = min([len(t)] + [a for a, b in bounds if a >= se])
        lo = _clause_start(t, lo, ss, shield)
        start, issuer, title, end = _around_span(t, lo, (ss, se), hi, shield)
        citation = _citation(t, start, end, title=title, issuer=issuer)
        if citation.title is not None:  # an empty 《》 cites nothing
            out.append((start, citation))
            floor = end
    return out


def _whole_title(t: str, shield: list[bool]) -> tuple[int, Citation] | None:
    """An item that is nothing but ``[issuer]关于…的通知`` is a document even without 《》."""
    if any(c in _STOP_PUNCT and not shield[i] for i, c in enumerate(t.rstrip("。."))):
        return None
    start = _after_lead(t, 0, len(t), shield)
    issuer, title = _split_issuer(t[start:].rstrip("。."))
    if not _WHOLE_TITLE.match(title):
        return None
    return start, _citation(t, start, len(t), title=title, issuer=issuer)
