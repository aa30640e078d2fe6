"""Charts for the HTML report as inline SVG, drawn here so the file needs nothing else.

Text is left to the reader's fonts (the page's CJK font stack); every element is built
with ElementTree, so names from the documents are escaped, never pasted into markup.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

from markupsafe import Markup

from budgetkg.reports.trace import TraceReport

SVG_NS = "http://www.w3.org/2000/svg"
LEVEL_COLOURS = {"central": "#b2182b", "municipal": "#2166ac", "district": "#1b7837"}
UNKNOWN_COLOUR = "#777777"
_ROW = 22
_FONT = 12


def _svg(width: int, height: int, title: str) -> ET.Element:
    svg = ET.Element(
        "svg",
        xmlns=SVG_NS,
        width=str(width),
        height=str(height),
        viewBox=f"0 0 {width} {height}",
        role="img",
    )
    svg.set("aria-label", title)
    ET.SubElement(svg, "title").text = title
    return svg


def _text(parent: ET.Element, x: float, y: float, text: str, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, "text", x=f"{x:.1f}", y=f"{y:.1f}", **{"font-size": str(_FONT)}, **attrs)
    node.text = text
    return node


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _yuan(value: Decimal) -> str:
    return f"{value:,}"


def money_by_policy(report: TraceReport, *, top: int = 30) -> Markup:
    """Horizontal bars: each policy's full amount, and within it its equal share."""
    policies = [p for p in report.policies if p.full_amount > 0][:top]
    label_w, bar_w, value_w = 330, 420, 250
    width = label_w + bar_w + value_w
    height = 40 + _ROW * max(len(policies), 1)
    svg = _svg(width, height, "按政策文件的资金：全额与均摊 (money by policy: full amount and equal share, 元)")
    _text(svg, 0, 14, "全额 full amount", fill="#4a6fa5")
    _text(svg, 130, 14, "均摊 equal share", fill="#f0a030")
    top_amount = max((p.full_amount for p in policies), default=Decimal(1)) or Decimal(1)
    for i, policy in enumerate(policies):
        y = 30 + i * _ROW
        _text(svg, label_w - 6, y + 14, _clip(policy.label, 24), **{"text-anchor": "end"})
        full = float(policy.full_amount / top_amount) * bar_w  # drawing only: money stays exact in the text
        share = float(policy.equal_share / top_amount) * bar_w
        ET.SubElement(svg, "rect", x=str(label_w), y=str(y + 3), width=f"{full:.1f}", height="16", fill="#4a6fa5")
        ET.SubElement(svg, "rect", x=str(label_w), y=str(y + 7), width=f"{share:.1f}", height="8", fill="#f0a030")
        _text(svg, label_w + bar_w + 6, y + 14, f"{_yuan(policy.full_amount)} / {_yuan(policy.equal_share)}")
    if not policies:
        _text(svg, 0, 40, "（无金额）")
    return Markup(ET.tostring(svg, encoding="unicode"))


def project_policy_diagram(report: TraceReport, *, top: int = 60) -> Markup:
    """Projects on the left, policy documents on the right, a line for each 立项依据 link."""
    projects = [p for p in report.projects if p.policies]
    policies = list(report.policies[:top])
    shown = {p.iri for p in policies}
    left_w, gap, right_w = 320, 260, 320
    width = left_w + gap + right_w
    rows = max(len(projects), len(policies), 1)
    height = 30 + _ROW * rows
    svg = _svg(width, height, "项目与政策文件 (projects and the policy documents they cite)")
    left_step = (_ROW * rows) / max(len(projects), 1)
    right_step = (_ROW * rows) / max(len(policies), 1)
    left_y = {p.iri: 30 + left_step * (i + 0.5) for i, p in enumerate(projects)}
    right_y = {p.iri: 30 + right_step * (i + 0.5) for i, p in enumerate(policies)}
    lines = ET.SubElement(svg, "g", **{"stroke-opacity": "0.45", "stroke-width": "1.2"})
    for project in projects:
        for iri in project.policies:
            if iri in shown:
                colour = LEVEL_COLOURS.get(report.policy(iri).level or "", UNKNOWN_COLOUR)
                ET.SubElement(lines, "line", x1=str(left_w), y1=f"{left_y[project.iri]:.1f}",
                              x2=str(left_w + gap), y2=f"{right_y[iri]:.1f}", stroke=colour)  # fmt: skip
    _text(svg, left_w - 6, 16, "项目 project", **{"text-anchor": "end", "font-weight": "bold"})
    _text(svg, left_w + gap + 6, 16, "政策文件 policy document", **{"font-weight": "bold"})
    for project in projects:
        y = left_y[project.iri]
        ET.SubElement(svg, "circle", cx=str(left_w), cy=f"{y:.1f}", r="3", fill="#333")
        _text(svg, left_w - 6, y + 4, _clip(f"{project.name}（{project.year}）", 24), **{"text-anchor": "end"})
    for policy in policies:
        y = right_y[policy.iri]
        colour = LEVEL_COLOURS.get(policy.level or "", UNKNOWN_COLOUR)
        ET.SubElement(svg, "circle", cx=str(left_w + gap), cy=f"{y:.1f}", r="3", fill=colour)
        _text(svg, left_w + gap + 6, y + 4, _clip(policy.label, 24))
    return Markup(ET.tostring(svg, encoding="unicode"))
