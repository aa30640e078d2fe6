"""The SPARQL 1.1 Service Description of the endpoint, built as RDF terms."""

from __future__ import annotations

from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef

from budgetkg.server import formats
from budgetkg.server.config import ServerConfig

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
_RESULT_FORMATS = (
    FORMATS.SPARQL_Results_JSON,
    FORMATS.SPARQL_Results_XML,
    FORMATS.SPARQL_Results_CSV,
    FORMATS.SPARQL_Results_TSV,
    FORMATS.Turtle,
    FORMATS["N-Triples"],
    FORMATS["JSON-LD"],
    FORMATS.RDF_XML,
)
_RDFLIB_FORMAT = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


def service_description(endpoint: str, config: ServerConfig, media_type: str) -> bytes:
    """The description in ``media_type`` (one of `formats.GRAPHS`)."""
    g = Graph()
    g.bind("sd", SD)
    service = BNode()
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, URIRef(endpoint)))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if config.writable:
        g.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    for fmt in _RESULT_FORMATS:
        g.add((service, SD.resultFormat, fmt))
    dataset = BNode()
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    default = BNode()
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((default, RDFS.comment, Literal("The default graph is the union of all document graphs.", lang="en")))
    limits = [
        f"Queries are stopped after {config.timeout:g} seconds (HTTP 504).",
        f"Results larger than {config.max_result_bytes} bytes are refused (HTTP 507), never truncated.",
        f"Requests larger than {config.max_request_bytes} bytes are refused (HTTP 413).",
        "SERVICE is " + ("enabled." if config.allow_service else "disabled (HTTP 403)."),
        "LOAD is " + ("enabled." if config.allow_load else "disabled (HTTP 403)."),
        "Updates " + ("need the server's bearer token." if config.writable else "are disabled: the server is read-only."),
    ]
    for text in limits:
        g.add((service, RDFS.comment, Literal(text, lang="en")))
    assert media_type in formats.GRAPHS
    return g.serialize(format=_RDFLIB_FORMAT[media_type], encoding="utf-8")
