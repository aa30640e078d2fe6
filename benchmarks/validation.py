"""Validation: ``budgetkg validate`` over the loaded store, beside baseline (b).

budgetkg validates each document on its own (pySHACL for the core constraints on
that document's graph, Oxigraph for the SPARQL constraints) and runs the
cross-document shapes once over the store; the command runs in a process of its
own with the run's ``--jobs`` (documents checked in that many processes), timed
end to end with its peak memory (the largest of its processes). Baseline (b) is pySHACL over one
rdflib graph of all documents with the same per-document shapes
(`benchmarks.pyshacl_baseline`). pySHACL over everything is slow, so it is
stopped once it has taken ``TARGET`` times budgetkg's time (enough to show the
target is met: the ratio is then a lower bound), or at ``--validation-cap``
seconds, whichever comes first.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from benchmarks.context import Context, run_json
from benchmarks.results import Result

_PYSHACL = "rdflib Graph + pySHACL over all documents"
TARGET = 25  # the issue asks for 20×; a little more, as the two runs do not share the machine's load exactly


def section(ctx: Context) -> list[Result]:
    assert ctx.store is not None and ctx.nquads is not None, "the load section runs first"
    n = ctx.documents
    budgetkg = shutil.which("budgetkg", path=str(Path(sys.executable).parent)) or "budgetkg"
    report = ctx.work / "validation.json"
    ours = run_json(["-m", "benchmarks.peak", "--stdout", str(report), "--", budgetkg, "validate",
                     "--store", str(ctx.store), "--format", "json", "--jobs", str(ctx.jobs)])
    if ours["returncode"] not in (0, 1):  # 1: the corpus has findings of severity Violation
        raise RuntimeError(f"budgetkg validate failed ({ours['returncode']}): {ours['stderr_tail']}")
    findings = sum(len(d["findings"]) for d in json.loads(report.read_text(encoding="utf-8"))["documents"])
    cap = max(1, min(ctx.validation_cap, round(TARGET * ours["seconds"])))
    theirs = run_json(["-m", "benchmarks.pyshacl_baseline", str(ctx.nquads), str(cap)])
    if theirs["timed_out"]:
        note = f"pySHACL stopped unfinished at {cap} s: the ratio is a lower bound"
    else:
        note = f"pySHACL: {theirs['results']} results"
    note = f"budgetkg validate --jobs {ctx.jobs}; {findings} findings (cross-document shapes included); {note}; {ctx.triples:,} triples"
    return [
        Result(n, "validation", "budgetkg validate (all documents)", ours["seconds"], "s", theirs["seconds"], _PYSHACL,
               higher_is_better=False, note=note, at_least=theirs["timed_out"]),
        Result(n, "validation", "validation per document", ours["seconds"] / n * 1000, "ms",
               theirs["seconds"] / n * 1000, _PYSHACL, higher_is_better=False, at_least=theirs["timed_out"]),
        Result(n, "memory", "peak RSS of budgetkg validate", ours["max_rss_mb"], "MB", theirs["max_rss_mb"],
               "rdflib Graph + pySHACL", higher_is_better=False),
    ]
