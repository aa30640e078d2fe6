"""Read one disclosure file (text or PDF) into a `Disclosure`.

:func:`read_document` is the loaders' entry point. It collects every problem
of the document; errors make it raise `DocumentError` (nothing is returned,
so nothing partial can be stored), warnings travel with the result.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from budgetkg.loaders.errors import DocumentError
from budgetkg.loaders.indicators import read_form
from budgetkg.loaders.narrative import read_narrative, read_other
from budgetkg.loaders.pdf import read_pdf
from budgetkg.loaders.projects import name_from_forms, read_project
from budgetkg.loaders.prose import Prose
from budgetkg.loaders.records import (
    Disclosure,
    OrgUnit,
    ParseIssue,
    Project,
    Severity,
    SourceInfo,
    SourceLine,
    Span,
    Table,
)
from budgetkg.loaders.sections import Section, split_sections
from budgetkg.loaders.tablesection import missing_tables, read_tables, toc_numbers
from budgetkg.loaders.text import read_text

SUFFIXES = (".txt", ".pdf")
# Far above any real disclosure (the largest seen: 52 KB of text, 0.3 MB of PDF); reading a text
# file takes about 2.5 s per MB, so a bound keeps a wrong file from holding a load for minutes.
MAX_TEXT_BYTES = 8 * 2**20
MAX_PDF_BYTES = 64 * 2**20

_TITLE = re.compile(r"(\d{4})年.*?(部门|单位)预算$")
_DEPARTMENT = re.compile(r"^预算(?:主管部门|单位)\s*[:：]\s*(.+)$")
_PREPARER = re.compile(r"^编制(?:部门|单位)\s*[:：]\s*(\S+)")
_YEAR_HEADING = re.compile(r"(\d{4})年(部门|单位)预算编制说明")
_TABLE_YEAR = re.compile(r"^(\d{4})年(?:部门|预算单位|单位)")


def read_document(path: Path) -> Disclosure:
    """Read and parse one file.

    :raises DocumentError: when the file is unreadable, not a disclosure, or
        has parts that cannot be read; every problem found is listed.
    """
    try:
        size = path.stat().st_size
        is_pdf = path.suffix.lower() == ".pdf"
        limit = MAX_PDF_BYTES if is_pdf else MAX_TEXT_BYTES
        if size > limit:
            raise DocumentError.single(
                path,
                "too-large",
                f"the file is {size / 2**20:.0f} MB; a disclosure {'PDF' if is_pdf else 'text'} is expected under "
                f"{limit / 2**20:.0f} MB, so it is refused rather than read for minutes",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError.single(path, "unreadable", f"cannot read the file: {exc.strerror}") from None
    digest = hashlib.sha256(data).hexdigest()
    if path.suffix.lower() == ".pdf" or data.startswith(b"%PDF"):
        lines, pages = read_pdf(path)
        layout, media, line_count = "pdf", "application/pdf", len(lines)
    else:
        lines, layout, pages, line_count = read_text(path, data)
        media = "text/plain"
    source = SourceInfo(path, digest, media, layout, line_count, pages)
    return parse(source, lines)


def parse(source: SourceInfo, lines: list[SourceLine]) -> Disclosure:
    issues: list[ParseIssue] = []
    sections = split_sections(lines)
    by_key: dict[str, list[Section]] = {}
    for section in sections:
        by_key.setdefault(section.key, []).append(section)
    cover = by_key["cover"][0].lines
    title = next((ln.text.replace(" ", "") for ln in cover[:10] if _TITLE.search(ln.text.replace(" ", ""))), None)
    toc = [ln.text for s in by_key.get("toc", []) for ln in s.lines]
    department = _department(cover, by_key, lines)
    year, kind, level = _year_kind_level(title, sections, lines)
    if department is None or year is None:
        raise DocumentError(
            source.path,
            [
                ParseIssue(
                    "not-a-disclosure",
                    "expected a budget disclosure: no department (预算主管部门/编制部门 or …主要职能) "
                    "and year (…年部门预算) found",
                    Span.of(lines[:5]) if lines else None,
                )
            ],
        )
    numbers = toc_numbers(toc)
    table_lines = [ln for s in by_key.get("tables", []) for ln in s.lines]
    figures = [f for s in by_key.get("narrative", []) for f in read_narrative(s.lines)]
    figures += [f for s in by_key.get("other", []) for f in read_other(s.lines)]
    tables, table_issues = read_tables(table_lines, numbers, figures)
    issues.extend(table_issues)
    for name in missing_tables(tables, numbers):
        issues.append(ParseIssue("missing-table", f"the 目录 lists {name} but it was not found", None, Severity.WARNING))
    if not tables:
        issues.append(
            ParseIssue("no-tables", "expected the budget tables (…预算总表); none found: truncated or not a disclosure", None)
        )
    projects: list[Project] = []
    for section in by_key.get("project", []):
        project, more = read_project(len(projects) + 1, section.heading, section.lines)  # type: ignore[arg-type]
        projects.append(project)
        issues.extend(more)
    for section in by_key.get("form", []):
        project, more = read_form(len(projects) + 1, section.heading, section.lines)  # type: ignore[arg-type]
        projects.append(project)
        issues.extend(more)
    projects, more = name_from_forms(projects)
    issues.extend(more)
    functions = [ln for s in by_key.get("functions", []) for ln in s.lines]
    units = _units(by_key.get("organization", []), department, kind)
    errors = [i for i in issues if i.severity is Severity.ERROR]
    if errors:
        raise DocumentError(source.path, errors)
    return Disclosure(
        source=source,
        title=title,
        department=department,
        year=year,
        kind=kind,
        level=level,
        lines=tuple(lines),
        toc=tuple(_clean_toc(toc)),
        functions="\n".join(ln.text for ln in functions) or None,
        functions_span=Span.of(functions) if functions else None,
        units=tuple(units),
        tables=tuple(tables),
        figures=tuple(figures),
        projects=tuple(projects),
        issues=tuple(issues),
    )


def _department(cover: list[SourceLine], by_key: dict[str, list[Section]], lines: list[SourceLine]) -> str | None:
    for line in cover:
        found = _DEPARTMENT.match(line.text.replace(" ", ""))
        if found:
            return found.group(1)
    for line in lines:
        found = _PREPARER.match(line.text.replace(" ", "").replace("\t", ""))
        if found:
            return re.sub(r"单位[:：].*$", "", found.group(1))
    for section in by_key.get("functions", []):
        if section.heading is not None:
            name = re.sub(r"(?:（(?:部门|单位)）)?主要职能$", "", section.heading.text.replace(" ", ""))
            if name and name not in ("部门", "单位"):
                return name
    return None


def _year_kind_level(title: str | None, sections: list[Section], lines: list[SourceLine]) -> tuple[int | None, str, str | None]:
    year: int | None = None
    kind = "部门预算"
    level = None
    if title:
        found = _TITLE.search(title)
        if found:
            year, kind = int(found.group(1)), found.group(2) + "预算"
        level = "市级" if "市级" in title else "区级" if "区级" in title or "区" in title.split("年")[0] else None
    for section in sections:
        if section.heading is None:
            continue
        found = _YEAR_HEADING.search(section.heading.text.replace(" ", ""))
        if found:
            year = year or int(found.group(1))
            if title is None:
                kind = found.group(2) + "预算"
    if year is None:
        for line in lines:
            found = _TABLE_YEAR.match(line.text.replace(" ", ""))
            if found:
                year = int(found.group(1))
                break
    if level is None:
        text = " ".join(ln.text for ln in lines[:200])
        level = "市级" if "市级预算主管部门" in text else "区级" if "区级预算主管部门" in text else None
    return year, kind, level


_UNIT_ITEM = re.compile(r"^\d+\s*[\.．、]\s*([^，,。（(]+)(?:（本部）)?")
_DIVISIONS = re.compile(r"(?<!具体)包括[:：](.+?)(?:。|[，,、]按照|$)")


def _units(sections: list[Section], department: str, kind: str) -> list[OrgUnit]:
    """Budget units (numbered list) and internal divisions (…包括：A、B、C。)."""
    units: list[OrgUnit] = []
    if kind == "单位预算" and sections and sections[0].heading is not None:
        # A unit budget's unit is the publisher itself.
        units.append(OrgUnit(department, Span.of([sections[0].heading]), "budget-unit"))
    for section in sections:
        current_unit: str | None = department if kind == "单位预算" else None
        for line in section.lines:
            found = _UNIT_ITEM.match(line.text)
            if found:
                current_unit = found.group(1).strip()
                units.append(OrgUnit(current_unit, Span.of([line]), "budget-unit"))
        prose = Prose(section.lines)
        for match in _DIVISIONS.finditer(prose.text):
            parent = current_unit or department
            for name in re.split(r"[、]", match.group(1)):
                name = name.strip(" 。，,")
                if name and len(name) <= 30 and "\ufffd" not in name:
                    units.append(OrgUnit(name, prose.span(match.start(1), match.end(1)), "division", parent))
    return units


def _clean_toc(toc: list[str]) -> list[str]:
    out = []
    for entry in toc:
        entry = re.sub(r"^-\s*", "", entry)
        entry = re.sub(r"\s*…+.*$", "", entry).strip()
        if entry:
            out.append(entry)
    return out


def iter_inputs(paths: list[Path]) -> list[Path]:
    """Files to load: the files named, and the .txt/.pdf files inside folders named."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES))
        else:
            found.append(path)
    return found


__all__ = ["read_document", "iter_inputs", "Table"]
