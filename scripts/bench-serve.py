"""Requests per second of `budgetkg serve` for a simple named query, beside baselines, in one run.

Method: the bundled samples are loaded into a fresh store; each server is
started on loopback in turn and loaded with `wrk` (Debian package wrk:
2 threads, 8 connections, 10 s, 30 s request timeout;
the answer check before it is the warm-up) asking for the named query
`projects-citing-policy` (no parameter bound: every project with its cited
policies) as SPARQL JSON. Every server answers the same query text over the
same data with the union default graph, and the answers are checked to have
the same number of rows before measuring.

Servers compared:
- budgetkg: `budgetkg serve` (Starlette + uvicorn, pyoxigraph in worker processes);
- rdflib: a minimal endpoint answering with rdflib's SPARQL engine over the same
  triples (the baseline the task names);
- oxigraph: Oxigraph's own server (`oxigraph serve-read-only`, PyPI package
  oxigraph) over the same store folder, when `--oxigraph PATH` is given.

The load generator shares the machine's cores with the server, so the numbers
are comparable with each other, not absolute.

    .venv/bin/python scripts/bench-serve.py [--oxigraph /path/to/oxigraph] [--duration 10]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox

from budgetkg.loading import load_document
from budgetkg.queries import catalog
from budgetkg.server import urls
from budgetkg.server.running import free_port, running_server
from budgetkg.store import GraphStore

ROOT = Path(__file__).resolve().parents[1]

QUERY = "projects-citing-policy"
ACCEPT = "application/sparql-results+json"


def rdflib_app(nquads: Path):  # type: ignore[no-untyped-def]
    """The baseline: rdflib's engine over the same triples, union default graph."""
    from rdflib import Dataset
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    dataset = Dataset(default_union=True)
    dataset.parse(nquads, format="nquads")

    async def sparql(request: Request) -> Response:
        result = dataset.query(request.query_params["query"])
        return Response(result.serialize(format="json"), media_type=ACCEPT)

    return Starlette(routes=[Route("/sparql", sparql)])


def wait(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def rows(url: str) -> int:
    request = urllib.request.Request(url, headers={"Accept": ACCEPT})
    with urllib.request.urlopen(request, timeout=60) as response:
        return len(json.load(response)["results"]["bindings"])


def wrk(url: str, duration: int) -> tuple[float, str]:
    args = ["wrk", "-t2", "-c8", "--timeout", "30s", "-H", f"Accept: {ACCEPT}", url]
    out = subprocess.run([*args[:1], f"-d{duration}s", "--latency", *args[1:]], capture_output=True, check=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out) or re.search(r"Socket errors: .*timeout (\d+)", out)
    if errors and int(errors.group(1)):
        raise RuntimeError(f"{url}: {errors.group(1)} failed responses\n{out}")
    latency = re.search(r"50%\s+(\S+)", out)
    return rps, latency.group(1) if latency else "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--oxigraph", help="path to the oxigraph binary (pip install oxigraph) to measure it too")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--rdflib-server", nargs=2, metavar=("PORT", "NQUADS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rdflib_server:
        import uvicorn

        port, nquads = args.rdflib_server
        uvicorn.run(rdflib_app(Path(nquads)), host="127.0.0.1", port=int(port), log_level="warning")
        return
    if not shutil.which("wrk"):
        sys.exit("wrk is needed (Debian package wrk)")
    text = catalog()[QUERY].text
    encoded = urllib.parse.urlencode({"query": text})
    results: list[tuple[str, float, str, int]] = []
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        with GraphStore(store) as db:
            for sample in sorted((ROOT / "examples" / "samples").glob("*.txt")):
                load_document(db, sample)
            nquads = Path(tmp) / "all.nq"
            nquads.write_bytes(db.dump(ox.RdfFormat.N_QUADS))

        with running_server(store, "--workers", "2") as base:
            url = base + urls.named_query(QUERY)
            n = rows(url)
            results.append(("budgetkg serve (2 workers)", *wrk(url, args.duration), n))

        port = free_port()
        baseline = subprocess.Popen([sys.executable, __file__, "--rdflib-server", str(port), str(nquads)])
        try:
            url = f"http://127.0.0.1:{port}/sparql?{encoded}"
            wait(url)
            n = rows(url)
            results.append(("rdflib endpoint (baseline)", *wrk(url, args.duration), n))
        finally:
            baseline.terminate()
            baseline.wait()

        if args.oxigraph:
            port = free_port()
            server = subprocess.Popen(
                [args.oxigraph, "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                stderr=subprocess.DEVNULL,
            )
            try:
                url = f"http://127.0.0.1:{port}/query?{encoded}"
                wait(url)
                n = rows(url)
                results.append(("oxigraph serve-read-only", *wrk(url, args.duration), n))
            finally:
                server.terminate()
                server.wait()

    print(f"named query {QUERY!r}, SPARQL JSON, wrk -t2 -c8 -d{args.duration}s on loopback")
    print(f"{'server':32} {'req/s':>9} {'p50':>9} {'rows':>5}")
    for name, rps, p50, n in results:
        print(f"{name:32} {rps:9.1f} {p50:>9} {n:5d}")


if __name__ == "__main__":
    main()
