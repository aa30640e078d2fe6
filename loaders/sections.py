"""Split a disclosure's lines into the sections of the template."""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetkg.loaders.records import SourceLine
from budgetkg.loaders.tables import match_title, unit_of

_NUMBERED = re.compile(r"^(?:-\s*|[一二三四五六七八九十]+、|\d+[\.．、])")

# (section key, heading pattern); a heading is a short line that is not numbered.
_HEADINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("toc", re.compile(r"^目\s*录$")),
    ("functions", re.compile(r"主要职能$")),
    ("organization", re.compile(r"机构设置$")),
    ("glossary", re.compile(r"^名词解释$")),
    ("narrative", re.compile(r"预算编制说明$")),
    ("other", re.compile(r"^其他相关情况说明$")),
    ("project", re.compile(r"经费情况说明$")),
    ("form", re.compile(r"^财政项目支出绩效目标(?:填报|申报)表$")),
)


@dataclass
class Section:
    key: str
    heading: SourceLine | None
    lines: list[SourceLine]


def heading_key(line: SourceLine) -> str | None:
    # A heading drawn inside a ruled table (PDF forms) comes as a row of cells.
    text = "".join(line.text.split())
    if len(text) > 60 or _NUMBERED.match(line.text):
        return None
    for key, pattern in _HEADINGS:
        if pattern.search(text):
            return key
    return None


def split_sections(lines: list[SourceLine]) -> list[Section]:
    """Sections in document order. Lines before the first heading are the cover.

    The tables sit between the narrative and 其他相关情况说明; the narrative
    ends at the first table title or unit line.
    """
    sections: list[Section] = [Section("cover", None, [])]
    in_toc = False
    for line in lines:
        key = heading_key(line)
        if in_toc and key in ("toc", None):
            sections[-1].lines.append(line)
            continue
        if key is not None:
            in_toc = key == "toc"
            sections.append(Section(key, line, []))
            continue
        current = sections[-1]
        if current.key == "narrative" and (match_title(line.text) or unit_of(line)):
            sections.append(Section("tables", None, [line]))
            continue
        current.lines.append(line)
    return sections
