"""Benchmark results: one row per figure, each beside its baseline, written as a Markdown table."""

from __future__ import annotations

import json
import platform
import statistics
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path


@dataclass(frozen=True)
class Result:
    """One measured figure. ``higher_is_better`` says which way the ratio reads.

    ``ratio`` is always "how many times better than the baseline": budgetkg / baseline
    for rates, baseline / budgetkg for times and memory. Below 1 the baseline wins.
    """

    documents: int
    section: str
    measure: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_name: str = ""
    higher_is_better: bool = True
    note: str = ""
    at_least: bool = False  # the baseline was stopped unfinished (its figure is a bound): the ratio is a lower bound

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline == 0 or self.value == 0:
            return None
        return self.value / self.baseline if self.higher_is_better else self.baseline / self.value


def percentile(samples: list[float], q: float) -> float:
    """The ``q`` quantile (0..1) of ``samples``, nearest rank."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def _number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def machine() -> str:
    cores = len(__import__("os").sched_getaffinity(0))
    return f"{platform.machine()}, {cores} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def markdown(results: list[Result], started: datetime) -> str:
    lines = [
        f"Benchmarks run {started.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC on {machine()}.",
        "",
        "Ratio = times better than the baseline measured in the same run on the same data "
        "(rates: budgetkg ÷ baseline; times and memory: baseline ÷ budgetkg). Below 1× the baseline wins.",
        "",
        "| docs | section | measure | budgetkg | baseline | ratio | note |",
        "|---:|---|---|---:|---:|---:|---|",
    ]
    for r in results:
        # A stopped baseline took at least its time, or reached at most its rate.
        bound = ("≤ " if r.higher_is_better else "≥ ") if r.at_least else ""
        baseline = f"{bound}{_number(r.baseline)} {r.unit} ({r.baseline_name})" if r.baseline is not None else "—"
        ratio = f"{'≥ ' if r.at_least else ''}{r.ratio:.2f}×" if r.ratio is not None else "—"
        lines.append(
            f"| {r.documents} | {r.section} | {r.measure} | {_number(r.value)} {r.unit} | {baseline} | {ratio} | {r.note} |"
        )
    return "\n".join(lines) + "\n"


def write(out: Path, results: list[Result], started: datetime) -> Path:
    """``results.md`` (the table) and ``results.json`` (the same rows as data) in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    table = out / "results.md"
    table.write_text(markdown(results, started), encoding="utf-8")
    rows = [{**asdict(r), "ratio": r.ratio} for r in results]
    (out / "results.json").write_text(
        json.dumps({"started": started.isoformat(), "machine": machine(), "results": rows}, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    return table
