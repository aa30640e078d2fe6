"""Baseline (b) for validation: what a Python user would do without budgetkg, in a process of its own.

    python -m benchmarks.pyshacl_baseline DATA.nq CAP_SECONDS

Reads the very quads budgetkg's load produced into one rdflib in-memory Graph
(all documents together), then runs pySHACL with budgetkg's per-document shapes
(``shapes/*.ttl`` but the cross-document file, which needs one graph per
document) over the whole graph. A run past ``CAP_SECONDS`` is stopped and
reported as such: a ratio against it is a lower bound.
Prints JSON: parse seconds, validation seconds, results, timed_out, peak memory.
"""

from __future__ import annotations

import json
import resource
import signal
import sys
import time
from pathlib import Path

import pyshacl
from rdflib import Dataset, Graph
from rdflib.namespace import SH

from budgetkg.validation import load_shapes


class _Cap(Exception):
    pass


def _expired(*_: object) -> None:
    raise _Cap


def main(argv: list[str]) -> int:
    data, cap = Path(argv[0]), int(argv[1])
    started = time.perf_counter()
    dataset = Dataset()
    dataset.parse(data, format="nquads")
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    parse_seconds = time.perf_counter() - started
    shapes = load_shapes().graph
    signal.signal(signal.SIGALRM, _expired)
    signal.alarm(cap)
    started = time.perf_counter()
    timed_out, results = False, None
    try:
        _, report, _ = pyshacl.validate(union, shacl_graph=shapes, inference="none", advanced=True)
        results = sum(1 for _ in report.subjects(SH.focusNode, None))  # type: ignore[union-attr]
    except _Cap:
        timed_out = True
    finally:
        signal.alarm(0)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"parse_seconds": parse_seconds, "seconds": seconds, "results": results,
                      "timed_out": timed_out, "triples": len(union), "max_rss_mb": peak}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
