"""Run a command and report its wall time and the peak memory of its processes.

    python -m benchmarks.peak [--stdout FILE] -- budgetkg load corpus --store s --jobs 2

Prints one JSON object: ``seconds``, ``max_rss_mb`` (the largest resident set of
any process of the command, its workers included) and ``returncode``;
``--stdout FILE`` keeps the command's output there. Run in a
process of its own, so that a measurement never includes another one's peak.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time


def main(argv: list[str]) -> int:
    stdout = None
    if argv[:1] == ["--stdout"]:
        stdout, argv = argv[1], argv[2:]
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv:
        print("usage: python -m benchmarks.peak -- COMMAND ...", file=sys.stderr)
        return 2
    started = time.perf_counter()
    with open(stdout, "wb") if stdout else open(os.devnull, "wb") as sink:  # noqa: SIM115
        done = subprocess.run(argv, stdout=sink, stderr=subprocess.PIPE, check=False)
    seconds = time.perf_counter() - started
    # ru_maxrss of reaped children (KiB on Linux): the largest process of the command's tree.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "max_rss_mb": peak, "returncode": done.returncode,
                      "stderr_tail": done.stderr.decode("utf-8", "replace")[-2000:] if done.returncode else ""}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
