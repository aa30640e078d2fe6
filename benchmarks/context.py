"""What the benchmark sections share for one corpus size.

A section is a function ``section(ctx: Context) -> list[Result]``, registered in
`benchmarks.run.SECTIONS`. The load section runs first and fills ``store`` and
``nquads`` (the very quads the load produced); the sections after it measure on them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Context:
    documents: int
    corpus: Path  # the generated documents and manifest.json
    work: Path  # scratch folder of this size
    jobs: int
    repeat: int
    endpoint_seconds: int = 10  # wrk's duration for each server and request
    validation_cap: int = 1800  # seconds: baseline (b)'s validation is stopped there
    store: Path | None = None  # the store the load section built
    nquads: Path | None = None  # its content, exported as N-Quads
    triples: int = 0
    shared: dict[str, Any] = field(default_factory=dict)  # results one section passes to a later one

    def manifest(self) -> list[dict[str, Any]]:
        return json.loads((self.corpus / "manifest.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]

    def parameters(self) -> dict[str, str | dict[str, str]]:
        """A value for each query parameter the named queries use, taken from the corpus's truth.

        A query with a parameter missing here is reported as not measured (add its value here).
        """
        cited: Counter[str] = Counter()
        for doc in self.manifest():
            for project in doc["projects"]:
                cited.update(c[1] for c in project["citations"] if c[1])
        first = self.manifest()[0]
        return {
            "docNumber": cited.most_common(1)[0][0],
            "department": first["department"],
            "year": str(first["year"]),
        }


def run_json(argv: list[str]) -> dict[str, Any]:
    """Run ``python -m …`` in a process of its own and read the JSON it prints."""
    done = subprocess.run([sys.executable, *argv], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]
