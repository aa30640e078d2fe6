"""Golden records of every table row of the samples: write them, or compare with them.

    python tests/golden_tables.py   # rewrite tests/golden/*.tables.json after checking a change by hand
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from budgetkg.loaders.document import read_document
from budgetkg.loaders.records import Disclosure

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent / "examples" / "samples"
DOCUMENTS = ("shanghai-bigdata-center-2019-budget", "shanghai-bigdata-center-2023-budget")


def records(d: Disclosure) -> list[dict[str, Any]]:
    """Every table with every row: code, name and each amount column as printed, with its lines."""
    return [
        {
            "kind": t.kind,
            "title": t.title,
            "unit": t.unit,
            "lines": [t.span.first, t.span.last],
            "rows": [
                {
                    "code": r.code,
                    "printed_code": r.printed_code,
                    "label": r.label,
                    "side": r.side,
                    "total": r.is_total,
                    "figures": {c: a.printed for c, a in r.cells.items()},
                    "lines": [r.span.first, r.span.last],
                }
                for r in t.rows
            ],
        }
        for t in d.tables
    ]


def golden_path(name: str) -> Path:
    return HERE / "golden" / f"{name}.tables.json"


def main() -> None:
    for name in DOCUMENTS:
        data = records(read_document(SAMPLES / f"{name}.txt"))
        golden_path(name).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
