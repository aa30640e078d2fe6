"""A validation report as people read it: text, Markdown, JSON or one offline HTML page.

Each finding shows its severity, document, source line, the rule in plain
words and the numbers involved. The HTML page is self-contained (inline CSS,
no script, nothing fetched), so it opens on a machine without network.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable

from budgetkg.validation import SEVERITIES, Finding, Report

FORMATS = ("text", "markdown", "json", "html")
_ZH = {"Violation": "错误", "Warning": "警告", "Info": "提示"}


def summary(report: Report, document: str | None = None) -> str:
    counts = ", ".join(f"{report.count(s, document)} {s.lower()}(s)" for s in SEVERITIES)
    verdict = "conforms" if not report.count("Violation", document) else "does not conform"
    return f"{verdict}: {counts}"


def _documents(report: Report) -> list[tuple[str, list[Finding]]]:
    return [(d, [f for f in report.findings if f.document == d]) for d in report.documents]


def to_text(report: Report) -> str:
    lines: list[str] = []
    for document, findings in _documents(report):
        name = report.labels.get(document, document)
        file = report.files.get(document, "")
        lines.append(f"{name} ({file}): {summary(report, document)}")
        for f in findings:
            where = f.where or "document"
            lines.append(f"  {f.severity.upper():9} {where}: {f.rule_en} [{f.rule}]")
            lines.append(f"            {f.message_zh}")
            lines.append(f"            {f.message_en}")
        lines.append("")
    lines.append(f"{len(report.documents)} document(s): {summary(report)}")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(report: Report) -> str:
    out = ["# Validation report", "", f"{len(report.documents)} document(s): {summary(report)}", ""]
    for document, findings in _documents(report):
        out += [f"## {report.labels.get(document, document)}", "", f"`{report.files.get(document, '')}` — {summary(report, document)}", ""]
        if not findings:
            continue
        out += ["| severity | line | rule | finding |", "|---|---|---|---|"]
        for f in findings:
            out.append(
                f"| {f.severity} | {_cell(f.where)} | {_cell(f.rule_zh)} / {_cell(f.rule_en)} | "
                f"{_cell(f.message_zh)}<br>{_cell(f.message_en)} |"
            )
        out.append("")
    return "\n".join(out) + "\n"


def to_json(report: Report) -> str:
    data = {
        "conforms": report.conforms,
        "documents": [
            {
                "document": d,
                "label": report.labels.get(d, ""),
                "file": report.files.get(d, ""),
                "conforms": not report.count("Violation", d),
                "seconds": round(report.seconds.get(d, 0.0), 3),
                "findings": [
                    {
                        "severity": f.severity,
                        "rule": f.rule,
                        "rule_zh": f.rule_zh,
                        "rule_en": f.rule_en,
                        "focus": f.focus,
                        "line_start": f.line_start,
                        "line_end": f.line_end,
                        "page": f.page,
                        "message_zh": f.message_zh,
                        "message_en": f.message_en,
                        "values": dict(f.values),
                    }
                    for f in fs
                ],
            }
            for d, fs in _documents(report)
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


_CSS = """
body { font-family: system-ui, "Noto Sans CJK SC", sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 2em; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: .4em .6em; text-align: left; vertical-align: top; }
.Violation { color: #a40000; font-weight: bold; } .Warning { color: #8a5a00; } .Info { color: #555; }
.en { color: #555; } .where { white-space: nowrap; } .file { color: #555; font-family: monospace; }
"""


def to_html(report: Report) -> str:
    e = html.escape
    parts = [
        "<!doctype html>",
        '<html lang="zh"><head><meta charset="utf-8"><title>预算公开文件校验报告 · Validation report</title>',
        f"<style>{_CSS}</style></head><body>",
        "<h1>预算公开文件校验报告 · Validation report</h1>",
        f"<p>{e(str(len(report.documents)))} document(s): {e(summary(report))}</p>",
    ]
    for document, findings in _documents(report):
        parts.append(f"<h2>{e(report.labels.get(document, document))}</h2>")
        parts.append(f'<p><span class="file">{e(report.files.get(document, ""))}</span> — {e(summary(report, document))}</p>')
        if not findings:
            continue
        parts.append("<table><tr><th>严重程度</th><th>行</th><th>规则</th><th>发现</th></tr>")
        for f in findings:
            parts.append(
                f'<tr><td class="{e(f.severity)}">{e(_ZH.get(f.severity, f.severity))} {e(f.severity)}</td>'
                f'<td class="where">{e(f.where)}</td>'
                f'<td>{e(f.rule_zh)}<br><span class="en">{e(f.rule_en)}</span></td>'
                f'<td>{e(f.message_zh)}<br><span class="en">{e(f.message_en)}</span></td></tr>'
            )
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


RENDERERS: dict[str, Callable[[Report], str]] = {
    "text": to_text,
    "markdown": to_markdown,
    "json": to_json,
    "html": to_html,
}


def render(report: Report, fmt: str) -> str:
    """The report in one of ``FORMATS``.

    :raises ValueError: an unknown format.
    """
    if fmt not in RENDERERS:
        raise ValueError(f"--format {fmt!r}: expected one of {', '.join(FORMATS)}")
    return RENDERERS[fmt](report)
