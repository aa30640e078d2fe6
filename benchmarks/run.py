"""Run the benchmarks and write the table: ``make bench`` or

    python -m benchmarks.run --sizes 10,100 [--out bench-results] [--jobs 2] [--repeat 20]

For each corpus size: generate the corpus (seeded), then run each section in
order. Every figure is measured beside its baseline in the same run on the same
data, and reported as a ratio (the machine is noisy; ratios much less so).

Sections: load (``benchmarks/load.py``), query, validation, endpoint. Adding
one: write ``benchmarks/<name>.py`` with ``section(ctx: Context) -> list[Result]``
measuring on ``ctx.store`` / ``ctx.nquads`` beside its baseline, and add it to
``SECTIONS`` below, after "load".
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from benchmarks import endpoint, load, query, validation
from benchmarks.context import Context
from benchmarks.corpus import write as write_corpus
from benchmarks.results import Result, markdown, write

# Sections run in this order for each size; "load" first, as it builds the store the others use.
SECTIONS: dict[str, Callable[[Context], list[Result]]] = {
    "load": load.section,
    "query": query.section,
    "validation": validation.section,
    "endpoint": endpoint.section,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100", help="corpus sizes in documents, comma-separated (default 10,100)")
    parser.add_argument("--out", type=Path, default=Path("bench-results"), help="where results.md/json go")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="parse+map processes of the load")
    parser.add_argument("--repeat", type=int, default=20, help="runs of each query")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--validation-cap", type=int, default=1800, help="seconds after which at most baseline (b)'s validation is stopped")
    parser.add_argument("--endpoint-seconds", type=int, default=10, help="wrk's duration per server and request")
    parser.add_argument("--sections", default=",".join(SECTIONS), help=f"subset of {','.join(SECTIONS)}")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temporary one, removed)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    chosen = [s for s in args.sections.split(",") if s]
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown or "load" not in chosen:
        parser.error(f"--sections: unknown {unknown}" if unknown else "--sections must include load")
    started = datetime.now(timezone.utc)
    work = args.work or Path(tempfile.mkdtemp(prefix="budgetkg-bench-"))
    results: list[Result] = []
    try:
        for size in sizes:
            here = work / f"{size}"
            corpus = here / "corpus"
            if corpus.exists():
                shutil.rmtree(corpus)
            write_corpus(corpus, size, seed=args.seed)
            ctx = Context(size, corpus, here, args.jobs, args.repeat,
                          validation_cap=args.validation_cap, endpoint_seconds=args.endpoint_seconds)
            for name in chosen:
                t = time.perf_counter()
                print(f"[{size} documents] {name} …", file=sys.stderr, flush=True)
                results.extend(SECTIONS[name](ctx))
                print(f"[{size} documents] {name} done in {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)
                write(args.out, results, started)  # after each section, so a long run that fails keeps what it measured
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    sys.stdout.write(markdown(results, started))
    print(f"written to {args.out / 'results.md'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
