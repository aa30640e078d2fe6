"""`make bench` end to end on a tiny corpus: every section runs and writes its rows beside a baseline."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from benchmarks.query import RDFLIB_WRONG
from benchmarks.results import Result, markdown
from budgetkg.queries import catalog

ROOT = Path(__file__).resolve().parents[1]


def test_the_benchmark_writes_every_section_beside_its_baseline(tmp_path: Path) -> None:
    out = tmp_path / "results"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--sizes", "2", "--repeat", "1", "--validation-cap", "5",
         "--endpoint-seconds", "1", "--out", str(out), "--work", str(tmp_path / "work")],
        cwd=ROOT, capture_output=True, text=True, timeout=900, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    rows = json.loads((out / "results.json").read_text(encoding="utf-8"))["results"]
    by_section: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        by_section.setdefault(str(row["section"]), []).append(row)
    assert set(by_section) == {"load", "query", "memory", "validation", "endpoint"}

    # the load: every step measured, the store step and the end-to-end load beside bulk_load
    assert all(float(r["value"]) > 0 for r in by_section["load"])  # type: ignore[arg-type]
    assert sum(1 for r in by_section["load"] if r["ratio"]) == 3

    # every named query measured (median and p95), with the same rows as rdflib unless rdflib is known wrong
    measured = {str(r["measure"]).rsplit(" ", 1)[0] for r in by_section["query"]}
    assert measured == set(catalog())
    for r in by_section["query"]:
        name = str(r["measure"]).rsplit(" ", 1)[0]
        assert "same rows" in str(r["note"]) or name in RDFLIB_WRONG or "rdflib stopped" in str(r["note"]), r

    # validation beside pySHACL (stopped at the 5 s cap here: the ratio is then a lower bound)
    validate = by_section["validation"][0]
    assert validate["baseline"] and validate["ratio"]
    assert "findings" in str(validate["note"])

    # the endpoint answered under load with the rows rdflib gives, and nothing failed
    for r in by_section["endpoint"]:
        assert float(r["value"]) > 0, r  # type: ignore[arg-type]
        assert "same rows" in str(r["note"]) and "FAILED" not in str(r["note"]), r

    table = (out / "results.md").read_text(encoding="utf-8")
    assert table.startswith("Benchmarks run ") and "| 2 | endpoint |" in table


def test_a_stopped_baseline_is_shown_as_a_bound_and_its_ratio_as_a_lower_bound() -> None:
    started = datetime(2026, 12, 1, tzinfo=timezone.utc)
    time = Result(1000, "validation", "validate", 450.0, "s", 300.0, "pySHACL", higher_is_better=False, at_least=True)
    rate = Result(1000, "endpoint", "lookup", 40.0, "req/s", 0.8, "rdflib endpoint", at_least=True)
    exact = Result(10, "endpoint", "lookup", 40.0, "req/s", 4.0, "rdflib endpoint")
    lines = markdown([time, rate, exact], started).splitlines()[-3:]
    assert "| ≥ 300 s (pySHACL) | ≥ 0.67× |" in lines[0]  # a time at least this long
    assert "| ≤ 0.8 req/s (rdflib endpoint) | ≥ 50.00× |" in lines[1]  # a rate at most this high
    assert "| 4.00 req/s (rdflib endpoint) | 10.00× |" in lines[2]
