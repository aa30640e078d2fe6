"""Baseline (b) for the endpoint: an rdflib-based SPARQL endpoint, in a process of its own.

    python -m benchmarks.rdflib_endpoint PORT DATA.nq

What a Python user would put up without budgetkg: Starlette + uvicorn answering
with rdflib's SPARQL engine over an in-memory Dataset of the same quads (union
default graph, as budgetkg queries). It serves the same routes the benchmark
asks budgetkg for: ``/sparql?query=`` and ``/queries/NAME?param=value`` (a
named query of ``queries/`` with each parameter bound as `budgetkg serve` binds
it: a string literal, or an IRI written ``<IRI>``), both as SPARQL JSON.
"""

from __future__ import annotations

import sys
from pathlib import Path

import uvicorn
from rdflib import Dataset, Literal, URIRef
from rdflib.term import Variable
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from budgetkg.queries import catalog

JSON = "application/sparql-results+json"


def app(nquads: Path) -> Starlette:
    dataset = Dataset(default_union=True)
    dataset.parse(nquads, format="nquads")
    named = catalog()

    def sparql(request: Request) -> Response:
        result = dataset.query(request.query_params["query"])
        return Response(result.serialize(format="json"), media_type=JSON)

    def named_query(request: Request) -> Response:
        query = named[request.path_params["name"]]
        bindings = {Variable(k): _term(v) for k, v in request.query_params.items()}
        result = dataset.query(query.text, initBindings=bindings)
        return Response(result.serialize(format="json"), media_type=JSON)

    # Plain (not async) handlers: Starlette runs them in its thread pool, as a real deployment would.
    return Starlette(routes=[Route("/sparql", sparql), Route("/queries/{name}", named_query)])


def _term(value: str) -> Literal | URIRef:
    return URIRef(value[1:-1]) if value.startswith("<") and value.endswith(">") else Literal(value)


def main(argv: list[str]) -> int:
    port, nquads = int(argv[0]), Path(argv[1])
    uvicorn.run(app(nquads), host="127.0.0.1", port=port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
