"""Every URL the server builds or reads, in one place.

An IRI minted under the graph's base (`iris.BASE`) is served at ``/id/`` plus
the rest of the IRI, percent-encoded so that decoding the path gives back the
exact IRI (the IRIs themselves hold some percent-escapes). Other IRIs
(ontology terms, external vocabularies) are shown at ``/resource?iri=``.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from budgetkg.iris import BASE

ID_PREFIX = "/id/"
_SAFE = "/()~-._!$&'*+,;=:@"


def page(iri: str) -> str:
    """The browser page of an IRI."""
    if iri.startswith(BASE):
        return ID_PREFIX + quote(iri[len(BASE):], safe=_SAFE)
    return "/resource?" + urlencode({"iri": iri})


def iri_of_path(decoded: str) -> str:
    """The IRI of an ``/id/`` page, from its decoded path after ``/id/``."""
    return BASE + decoded


def search(q: str) -> str:
    return "/search?" + urlencode({"q": q})


def named_query(name: str, params: dict[str, str] | None = None) -> str:
    base = "/queries/" + quote(name)
    return base + ("?" + urlencode(params) if params else "")


def neighbourhood(iri: str) -> str:
    return "/api/neighbourhood?" + urlencode({"iri": iri})


def graph_view(iri: str) -> str:
    return "/graph?" + urlencode({"iri": iri})


def source(sha256: str, first: int | None = None, last: int | None = None) -> str:
    anchor = f"#L{first}" if first else ""
    params = {"from": str(first), "to": str(last or first)} if first else {}
    return f"/source/{sha256}" + ("?" + urlencode(params) if params else "") + anchor


SPARQL = "/sparql"
EDITOR = "/editor"
QUERIES = "/queries"
STATIC = "/static"
