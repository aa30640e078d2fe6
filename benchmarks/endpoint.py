"""Endpoint: requests per second of `budgetkg serve` under concurrent clients, beside baseline (b).

Each server is started on loopback in turn over the store the load built (the
baseline over the very quads it holds, `benchmarks.rdflib_endpoint`), its answer
is checked to have the same rows as the other's (which also warms it up), then
``wrk`` (Debian package wrk) loads it with 2 threads and 8 connections for
``--endpoint-seconds`` seconds. Two requests, both named queries as SPARQL JSON:

- lookup: ``projects-citing-policy`` for the 发文字号 most cited in the corpus;
- listing: ``projects``, every project with its department, year, amount and basis count.

The load generator shares the machine's cores with the server, so the figures
compare with each other, not with other machines. A request still unanswered at
wrk's 30 s timeout or answered with an error status is not counted as answered,
and the number of such requests is reported beside the figure.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import urllib.request

from benchmarks.context import Context
from benchmarks.results import Result
from budgetkg.server import urls
from budgetkg.server.running import free_port, running_server, stop, wait_until_answering

_RDFLIB = "rdflib endpoint (Starlette + rdflib SPARQL)"
_ACCEPT = "application/sparql-results+json"
_CONNECTIONS = 8


def section(ctx: Context) -> list[Result]:
    assert ctx.store is not None and ctx.nquads is not None, "the load section runs first"
    if not shutil.which("wrk"):
        raise RuntimeError("wrk is needed for the endpoint benchmark: `make bench` installs it "
                           "(scripts/setup-bench.sh), or apt-get install wrk")
    docnumber = str(ctx.parameters()["docNumber"])
    requests = {
        "lookup (projects-citing-policy)": urls.named_query("projects-citing-policy", {"docNumber": docnumber}),
        "listing (projects)": urls.named_query("projects"),
    }
    ours: dict[str, tuple[float, float, int, int]] = {}
    with running_server(ctx.store, "--workers", "2", "--timeout", "60") as base:
        for label, path in requests.items():
            ours[label] = (*_wrk(base + path, ctx.endpoint_seconds), _rows(base + path))
    port = free_port()
    baseline = subprocess.Popen([sys.executable, "-m", "benchmarks.rdflib_endpoint", str(port), str(ctx.nquads)])
    theirs: dict[str, tuple[float, float, int, int]] = {}
    try:
        base = f"http://127.0.0.1:{port}"
        # The baseline parses the whole corpus before it answers (about 12,000 quads/s).
        wait_until_answering(base + "/sparql?query=ASK%7B%7D", baseline, timeout=600 + ctx.triples // 4000,
                             name="the rdflib endpoint")
        for label, path in requests.items():
            try:
                rows = _rows(base + path)
            except OSError as exc:  # the baseline too slow to answer even once: measured as it is, said in the note
                print(f"rdflib endpoint, {label}: no answer to the row check ({exc})", file=sys.stderr)
                rows = -1
            theirs[label] = (*_wrk(base + path, ctx.endpoint_seconds), rows)
    finally:
        stop(baseline, timeout=15)
    results = []
    for label in requests:
        rps, p50, errors, rows = ours[label]
        base_rps, base_p50, base_errors, base_rows = theirs[label]
        if base_rows < 0:
            same = "rdflib did not answer the row check within 300 s"
        else:
            same = "same rows" if rows == base_rows else f"ROWS DIFFER: {rows} vs rdflib {base_rows}"
        failures = f"FAILED REQUESTS: {errors}; " if errors else ""
        failures += f"rdflib failed or timed out on {base_errors}; " if base_errors else ""
        bound = not base_rps
        if bound:
            # Each of the connections had one request in flight all the time and none was answered, so each
            # took longer than the run: by Little's law the rate was below connections / duration.
            base_rps = _CONNECTIONS / ctx.endpoint_seconds
            failures += (f"rdflib answered none of {_CONNECTIONS} concurrent requests in {ctx.endpoint_seconds} s, "
                         f"so its rate was below {base_rps:.2f} req/s: the ratio is a lower bound; ")
        theirs_p50 = f"over {ctx.endpoint_seconds} s" if bound else f"{base_p50 * 1000:.0f} ms"
        results.append(Result(
            ctx.documents, "endpoint", f"{label}, {_CONNECTIONS} clients", rps, "req/s", base_rps, _RDFLIB,
            note=f"{failures}{rows} rows, {same}; median latency {p50 * 1000:.0f} ms (rdflib {theirs_p50}); "
                 f"wrk -t2 -c{_CONNECTIONS} -d{ctx.endpoint_seconds}s", at_least=bound,
        ))
    return results


def _rows(url: str) -> int:
    request = urllib.request.Request(url, headers={"Accept": _ACCEPT})
    with urllib.request.urlopen(request, timeout=300) as response:
        return len(json.load(response)["results"]["bindings"])


_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


def _wrk(url: str, seconds: int) -> tuple[float, float, int]:
    """Requests per second (answered with 2xx), median latency (s) and failed requests."""
    done = subprocess.run(
        ["wrk", "-t2", f"-c{_CONNECTIONS}", f"-d{seconds}s", "--timeout", "30s", "--latency", "-H", f"Accept: {_ACCEPT}", url],
        capture_output=True, check=True, text=True,
    )
    out = done.stdout
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    timeouts = re.search(r"Socket errors: .*timeout (\d+)", out)
    errors = (int(failed.group(1)) if failed else 0) + (int(timeouts.group(1)) if timeouts else 0)
    total = re.search(r"(\d+) requests in", out)
    answered = (int(total.group(1)) if total else 0) - (int(failed.group(1)) if failed else 0)
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s|m)\b", out)
    return answered / seconds, float(p50.group(1)) * _UNITS[p50.group(2)] if p50 else float("nan"), errors
