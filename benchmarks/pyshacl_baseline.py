"""Baseline (b) for validation: what a Python user would do without budgetkg, in a process of its own.

    python -m benchmarks.pyshacl_baseline DATA.nq CAP_SECONDS

Reads the very quads budgetkg's load produced into one rdflib in-memory Graph
(all documents together: pyoxigraph drops the graph names into a temporary
N-Triples file, which rdflib parses; a Dataset copied into a Graph held every
triple twice), then runs pySHACL with budgetkg's per-document shapes
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
import tempfile
import time
from pathlib import Path

import pyshacl
import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import SH

from budgetkg.validation import load_shapes


class _Cap(Exception):
    pass


def _expired(*_: object) -> None:
    raise _Cap


def main(argv: list[str]) -> int:
    data, cap = Path(argv[0]), int(argv[1])
    started = time.perf_counter()
    with tempfile.NamedTemporaryFile(suffix=".nt") as triples:
        quads = ox.parse(path=data, format=ox.RdfFormat.N_QUADS)
        ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads), triples, ox.RdfFormat.N_TRIPLES)
        triples.flush()
        union = Graph()
        union.parse(triples.name, format="nt")
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
