"""Load: documents/s and triples/s for parse, map and store, and end to end, beside baseline (a).

Baseline (a) is pyoxigraph's ``Store.bulk_load`` of the very quads the load
produced (exported from the loaded store as N-Quads): the floor for the store step.

- parse, map, store: one process, one document after the other, each step timed
  on its own (``read_document``, ``map_disclosure``, ``GraphStore.replace_graph``).
- end to end: the ``budgetkg load --jobs N --no-validate`` command in a process of its own,
  parse and map in N worker processes; its peak memory is kept for the memory row.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import pyoxigraph as ox

from benchmarks.context import Context, run_json
from benchmarks.results import Result
from budgetkg import iris
from budgetkg.loaders.document import iter_inputs, read_document
from budgetkg.loading import FLUSH_EVERY
from budgetkg.mapping import map_disclosure
from budgetkg.store import GraphStore

_BULK = "pyoxigraph bulk_load of the same quads"


def section(ctx: Context) -> list[Result]:
    files = iter_inputs([ctx.corpus])
    n = len(files)
    parse = map_ = store = 0.0
    triples = 0
    split = _fresh(ctx.work / "split-store")
    with GraphStore(split) as db:
        for path in files:
            t0 = time.perf_counter()
            disclosure = read_document(path)
            t1 = time.perf_counter()
            mapped = map_disclosure(disclosure)
            t2 = time.perf_counter()
            written = db.replace_graph(mapped.name, mapped.triples)
            if triples // FLUSH_EVERY != (triples + written) // FLUSH_EVERY:
                db.flush()  # as load_documents does
            triples += written
            t3 = time.perf_counter()
            parse, map_, store = parse + t1 - t0, map_ + t2 - t1, store + t3 - t2
    shutil.rmtree(split)

    ctx.store = _fresh(ctx.work / "store")
    budgetkg = shutil.which("budgetkg", path=str(Path(sys.executable).parent)) or "budgetkg"
    e2e = run_json(["-m", "benchmarks.peak", "--", budgetkg, "load", str(ctx.corpus), "--store", str(ctx.store),
                    "--jobs", str(ctx.jobs), "--no-validate"])
    if e2e["returncode"] != 0:
        raise RuntimeError(f"budgetkg load failed: {e2e['stderr_tail']}")
    ctx.shared["load_peak_mb"] = e2e["max_rss_mb"]

    ctx.nquads = ctx.work / "store.nq"
    with GraphStore(ctx.store) as db:
        ctx.nquads.write_bytes(db.dump(ox.RdfFormat.N_QUADS))
        ctx.triples = db.count()
        # The command also writes the graphs it derives from all documents (policy resolution, issuers).
        derived = {str(iris.issuer_registry_graph()), str(iris.resolution_graph())}
        document_triples = sum(db.count(name) for name in db.graphs() if name not in derived)
    bulk_store = _fresh(ctx.work / "bulk-store")
    started = time.perf_counter()
    bulk = ox.Store(str(bulk_store))
    bulk.bulk_load(path=str(ctx.nquads), format=ox.RdfFormat.N_QUADS)
    bulk.flush()
    bulk_seconds = time.perf_counter() - started
    del bulk
    shutil.rmtree(bulk_store)

    t = ctx.triples
    if triples != document_triples:
        raise RuntimeError(f"the step-by-step load wrote {triples} triples, the command {document_triples}: "
                           "they must be the same documents")
    base = dict(baseline_name=_BULK)
    sequential = parse + map_ + store
    return [
        Result(n, "load", "parse (read_document)", n / parse, "docs/s", note=f"{parse / n * 1000:.0f} ms/doc"),
        Result(n, "load", "map (map_disclosure)", t / map_, "triples/s", note=f"{map_ / n * 1000:.0f} ms/doc"),
        Result(n, "load", "store (replace_graph)", t / store, "triples/s", t / bulk_seconds, **base,
               note=f"{store / n * 1000:.0f} ms/doc"),
        Result(n, "load", "parse+map+store, 1 process", n / sequential, "docs/s", n / bulk_seconds, **base,
               note=f"{t / sequential:,.0f} triples/s"),
        Result(n, "load", f"budgetkg load --jobs {ctx.jobs} --no-validate (end to end)", n / e2e["seconds"], "docs/s",
               n / bulk_seconds, **base, note=f"{t / e2e['seconds']:,.0f} triples/s; {t:,} triples"),
    ]


def _fresh(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    return path
