"""Baseline (b): what a Python user would do without budgetkg, in a process of its own.

    python -m benchmarks.rdflib_baseline DATA.nq QUERIES.json REPEAT

Parses the very quads budgetkg's load produced into an rdflib in-memory
Dataset (default graph = union of the document graphs, as budgetkg queries),
then runs each named query ``REPEAT`` times with rdflib's SPARQL engine.
Prints JSON: load seconds, peak memory of this process, and per query the
latencies and the number of rows (to check both engines answer alike).
"""

from __future__ import annotations

import json
import resource
import signal
import sys
import time
from pathlib import Path

from rdflib import Dataset, Literal, URIRef


CAP_SECONDS = 15  # one run of one query
BUDGET_SECONDS = 10  # all runs of one query, after the first


class _Cap(Exception):
    pass


def _expired(*_: object) -> None:
    raise _Cap


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGALRM, _expired)
    data, spec, repeat = Path(argv[0]), json.loads(Path(argv[1]).read_text(encoding="utf-8")), int(argv[2])
    started = time.perf_counter()
    dataset = Dataset(default_union=True)
    dataset.parse(data, format="nquads")
    load_seconds = time.perf_counter() - started
    queries = {}
    for name, query in spec.items():
        bindings = {k: URIRef(v["iri"]) if isinstance(v, dict) else Literal(v) for k, v in query["parameters"].items()}
        samples: list[float] = []
        rows: int | None = None
        budget = time.perf_counter() + BUDGET_SECONDS
        timed_out = False
        error = ""
        for _ in range(repeat):
            t = time.perf_counter()
            signal.alarm(CAP_SECONDS)
            try:
                rows = sum(1 for _ in dataset.query(query["text"], initBindings=bindings))
            except _Cap:
                timed_out = True  # recorded at the cap: the ratio against it is a lower bound
            except Exception as exc:  # rdflib's own failures (e.g. NotBoundError) are reported, not hidden
                error = f"{type(exc).__name__}: {exc}"
            finally:
                signal.alarm(0)
            samples.append(time.perf_counter() - t)
            if error:
                samples.pop()  # a failed run is no latency
                break
            if timed_out or time.perf_counter() > budget:
                break  # a slow baseline is measured fewer times, never skipped
        queries[name] = {"samples": samples, "rows": rows, "timed_out": timed_out, "error": error}
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"load_seconds": load_seconds, "quads": len(dataset), "max_rss_mb": peak, "queries": queries}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
