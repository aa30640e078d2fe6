"""Media types the endpoint speaks, and content negotiation over them."""

from __future__ import annotations

import mimeparse

# The first of each list is the default when the client accepts anything.
RESULTS = [
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
]
GRAPHS = [
    "text/turtle",
    "application/n-triples",
    "application/ld+json",
    "application/rdf+xml",
]
# Aliases clients send for the same formats.
_ALIASES = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "text/plain": "application/n-triples",
    "application/x-turtle": "text/turtle",
    "application/xhtml+xml": "text/html",
}
# The `format=` parameter some clients (e.g. SPARQLWrapper) send instead of Accept.
_SHORT = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "n-triples": "application/n-triples",
    "nt": "application/n-triples",
    "json-ld": "application/ld+json",
    "jsonld": "application/ld+json",
    "rdf/xml": "application/rdf+xml",
    "rdfxml": "application/rdf+xml",
}
# What each media type is called when RDF or results are sent as the other kind.
_GRAPH_TWIN = {
    "application/sparql-results+json": "application/ld+json",
    "application/sparql-results+xml": "application/rdf+xml",
}


class NotAcceptable(Exception):
    def __init__(self, offered: list[str]) -> None:
        super().__init__("none of the accepted media types can be produced; available: " + ", ".join(offered))


def choose(accept: str | None, offered: list[str], short: str | None = None) -> str:
    """The best of ``offered`` for an Accept header (or a ``format=`` value).

    :raises NotAcceptable: the client accepts none of them.
    """
    if short:
        wanted = _SHORT.get(short.lower(), _ALIASES.get(short.lower(), short.lower()))
        wanted = _GRAPH_TWIN.get(wanted, wanted) if offered == GRAPHS else wanted
        if wanted in offered:
            return wanted
    header = (accept or "*/*").strip() or "*/*"
    candidates = list(reversed(offered))  # mimeparse prefers later entries on a tie
    expanded = ",".join(_expand(part, offered) for part in header.split(","))
    try:
        best = mimeparse.best_match(candidates, expanded)
    except (ValueError, mimeparse.MimeTypeParseException):
        raise NotAcceptable(offered) from None
    if not best:
        raise NotAcceptable(offered)
    return best  # type: ignore[no-any-return]


def _expand(part: str, offered: list[str]) -> str:
    """Map an alias in one Accept entry to the type we serve, keeping its parameters."""
    media, _, params = part.strip().partition(";")
    target = _ALIASES.get(media.strip().lower())
    if offered[-len(GRAPHS):] == GRAPHS:
        target = _GRAPH_TWIN.get(target or media.strip().lower(), target)
    if target is None:
        return part
    return target + (";" + params if params else "") + "," + part


def page_format(accept: str | None) -> str:
    """text/html for browsers, else the RDF type asked for (an IRI's page, LodView-style).

    :raises NotAcceptable: the client accepts neither HTML nor an RDF type we write.
    """
    offered = ["text/html", *GRAPHS]
    return choose(accept, offered)


def page_format_or_html(accept: str | None) -> str:
    """`page_format`, falling back to HTML for error pages and the like."""
    try:
        return page_format(accept)
    except NotAcceptable:
        return "text/html"
