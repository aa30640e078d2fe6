"""Named SPARQL queries (`queries/*.rq`): their headers and parameters."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from budgetkg.artifacts import folder


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    parameters: dict[str, str]
    text: str
    path: Path


def parse_header(name: str, path: Path, text: str) -> NamedQuery:
    """Read the ``# title:``, ``# description:`` and ``# parameters:`` header."""
    title = description = ""
    params: dict[str, str] = {}
    section = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line[1:].strip()
        found = re.match(r"^(title|description|parameters):\s*(.*)$", body)
        if found:
            section = found.group(1)
            if section == "title":
                title = found.group(2)
            elif section == "description":
                description = found.group(2)
            continue
        if section == "description":
            description += " " + body
        elif section == "parameters":
            param = re.match(r"^(\w+):\s*(.*)$", body)
            if param:
                params[param.group(1)] = param.group(2)
    return NamedQuery(name, title, description.strip(), params, text, path)


def catalog() -> dict[str, NamedQuery]:
    out: dict[str, NamedQuery] = {}
    for path in sorted(folder("queries").glob("*.rq")):
        out[path.stem] = parse_header(path.stem, path, path.read_text(encoding="utf-8"))
    return out
