"""The trace report as HTML (one self-contained file), Markdown, CSV or JSON.

HTML and Markdown come from the Jinja2 templates beside this module; CSV is one row per
立项依据 citation (and one per project without any), JSON the whole report. Amounts are
written exactly, in 元.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from decimal import Decimal
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from budgetkg.policies import RULES
from budgetkg.reports import charts
from budgetkg.reports.trace import TraceReport

FORMATS = ("html", "markdown", "csv", "json")
TEMPLATES = Path(__file__).resolve().parent / "templates"

LEVELS = {"central": "中央", "municipal": "市级", "district": "区级"}
KINDS = {"party": "党委", "government": "政府", "department": "部门"}
STATUS = {
    "justified": "有政策依据",
    "no-policy": "立项依据未引用政策文件（会议或陈述）",
    "no-basis": "无立项依据",
}
SCOPE_NAMES = {"store": "全部", "policy": "政策文件", "project": "项目", "department-year": "部门年度"}


def yuan(value: Decimal | None) -> str:
    """An exact amount with thousands separators: 333,498,400 or 80,309,088.89."""
    return "—" if value is None else f"{value:,}"


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html.j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["yuan"] = yuan
    env.filters["md"] = lambda text: str(text).replace("|", "\\|").replace("\n", " ")
    env.globals.update(LEVELS=LEVELS, KINDS=KINDS, STATUS=STATUS, RULES=RULES, SCOPE_NAMES=SCOPE_NAMES)
    return env


def _context(report: TraceReport) -> dict[str, object]:
    files = sorted({p.source.file for p in report.projects})
    project_of = {c: p for p in report.projects for c in p.basis}
    return {"r": report, "files": files, "project_of": project_of}


def to_html(report: TraceReport) -> str:
    context = _context(report)
    context["money_chart"] = charts.money_by_policy(report)
    context["diagram"] = charts.project_policy_diagram(report)
    return _environment().get_template("trace.html.j2").render(context)


def to_markdown(report: TraceReport) -> str:
    return _environment().get_template("trace.md.j2").render(_context(report))


CSV_COLUMNS = (
    "scope", "subject", "project", "department", "year", "project_amount_yuan", "status",
    "policies_cited", "equal_share_yuan", "citation_kind", "cited_as", "doc_number", "policy_title",
    "issuer_code", "issuing_organ", "organ_level", "resolution_rule", "source_file", "source_line",
)  # fmt: skip


def to_csv(report: TraceReport) -> str:
    """One row per 立项依据 citation in scope (one per project with none), with its source."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    policies = {p.iri: p for p in report.policies}
    for project in report.projects:
        share_text = "" if project.equal_share is None else str(project.equal_share)
        head = [report.scope, report.subject, project.name, project.department, project.year,
                "" if project.amount is None else str(project.amount), project.status,
                len(project.policies), share_text]  # fmt: skip
        citations = [c for c in project.basis if report.scope != "policy" or c.policy in policies]
        if not citations:
            writer.writerow([*head, "", "", "", "", "", "", "", "", project.source.file, project.source.line])
        for c in citations:
            policy = policies.get(c.policy or "")
            writer.writerow([
                *head, c.kind, c.cited_as, c.doc_number or "", policy.title if policy else "",
                (policy.issuer_code or "") if policy else "", (policy.organ or "") if policy else "",
                (policy.level or "") if policy else "", c.rule or "", c.source.file, c.source.line,
            ])  # fmt: skip
    return buffer.getvalue()


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def to_json(report: TraceReport) -> str:
    """The whole report; amounts as decimal strings in 元 (exact), plus the totals."""
    data = _plain(report)
    assert isinstance(data, dict)
    data["total_amount"] = str(report.total_amount)
    data["policy_count"] = len(report.policies)
    for project, entry in zip(report.projects, data["projects"], strict=True):  # type: ignore[call-overload]
        entry["status"] = project.status
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render(report: TraceReport, fmt: str) -> str:
    """The report in ``fmt``, one of :data:`FORMATS`.

    :raises ValueError: an unknown format.
    """
    writers = {"html": to_html, "markdown": to_markdown, "csv": to_csv, "json": to_json}
    if fmt not in writers:
        raise ValueError(f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return writers[fmt](report)
