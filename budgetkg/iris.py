"""Every IRI the graph mints, minted here, deterministically from identifiers.

The same department, code or 文号 in two documents gives the same IRI, and
loading a document twice gives the same IRIs. Chinese names are kept as
readable IRI characters; only characters not allowed in an IRI path are
percent-encoded.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from urllib.parse import quote

from rdflib import URIRef

BASE = "https://w3id.org/budgetkg/id/"

# Characters kept as they are in a path segment, besides letters and digits.
_SAFE = "-._~()〔〕（）《》"


@lru_cache(maxsize=1 << 16)  # names and codes recur in every row of a document
def _segment(text: str) -> str:
    """A path segment: NFKC-folded (full-width digits become ASCII), spaces removed."""
    folded = unicodedata.normalize("NFKC", text).replace(" ", "").replace("\u3000", "")
    # NFKC turns 〔〕 into themselves but （） into (); keep the folded form.
    return "".join(ch if ch.isalnum() or ch in _SAFE else quote(ch, safe="") for ch in folded)


def _iri(*parts: str | int) -> URIRef:
    return URIRef(BASE + "/".join(_segment(str(p)) for p in parts))


def organization(name: str) -> URIRef:
    return _iri("org", name)


def division(unit: str, name: str) -> URIRef:
    return _iri("org", unit, "division", name)


def document(department: str, year: int, kind: str) -> URIRef:
    """A disclosure: one department's 部门预算 or 单位预算 of one year."""
    return _iri("doc", department, year, kind)


def graph(department: str, year: int, kind: str) -> URIRef:
    """The named graph holding everything read from that document."""
    return URIRef(str(document(department, year, kind)) + "/graph")


def source_file(sha256: str) -> URIRef:
    """The exact file a document was read from, by content hash."""
    return _iri("file", sha256)


def table(doc: URIRef, kind: str) -> URIRef:
    return URIRef(f"{doc}/table/{_segment(kind)}")


def row(table_iri: URIRef, index: int) -> URIRef:
    return URIRef(f"{table_iri}/row/{index}")


def column_sum(table_iri: URIRef, total_column: str) -> URIRef:
    """The identity "total column = sum of its parts" of one table."""
    return URIRef(f"{table_iri}/sum/{_segment(total_column)}")


def observation(row_iri: URIRef, column: str) -> URIRef:
    return URIRef(f"{row_iri}/{_segment(column)}")


def scheme(key: str) -> URIRef:
    return _iri("scheme", key)


def level(scheme_key: str, depth: int) -> URIRef:
    return _iri("scheme", scheme_key, "level", depth)


def code(scheme_key: str, notation: str) -> URIRef:
    return _iri("code", scheme_key, notation)


def code_name(scheme_key: str, notation: str, year: int) -> URIRef:
    """The name a code carries in one year (names change between years)."""
    return _iri("code", scheme_key, notation, "name", year)


def column(name: str) -> URIRef:
    return _iri("column", name)


def table_kind(key: str) -> URIRef:
    return _iri("table-kind", key)


def figure(doc: URIRef, index: int) -> URIRef:
    return URIRef(f"{doc}/figure/{index}")


def project(doc: URIRef, position: int) -> URIRef:
    return URIRef(f"{doc}/project/{position}")


def project_part(project_iri: URIRef, kind: str) -> URIRef:
    return URIRef(f"{project_iri}/part/{_segment(kind)}")


def basis_item(project_iri: URIRef, position: int) -> URIRef:
    return URIRef(f"{project_iri}/basis/{position}")


def citation(item_iri: URIRef, position: int) -> URIRef:
    return URIRef(f"{item_iri}/citation/{position}")


def mention(project_iri: URIRef, position: int) -> URIRef:
    return URIRef(f"{project_iri}/mention/{position}")


def indicator(project_iri: URIRef, position: int) -> URIRef:
    return URIRef(f"{project_iri}/indicator/{position}")


def policy_by_number(normalized: str) -> URIRef:
    """A policy document by its normalized 发文字号 (GB/T 9704 form)."""
    return _iri("policy", normalized)


def policy_by_title(normalized_title: str) -> URIRef:
    """A policy document known only by its title."""
    return _iri("policy", "title", normalized_title)


def issuer_code(code_text: str) -> URIRef:
    """A 机关代字 (issuer code) such as 沪委办."""
    return _iri("issuer-code", code_text)


def part_kind(key: str) -> URIRef:
    return _iri("project-part", key)


def topic(key: str) -> URIRef:
    return _iri("topic", key)


# -- policy identity: the issuer registry and cross-document resolution ----------


def organ_level(key: str) -> URIRef:
    """central / municipal / district: the level of government of an issuing organ."""
    return _iri("organ-level", key)


def organ_kind(key: str) -> URIRef:
    """party / government / department: what kind of organ issues a document."""
    return _iri("organ-kind", key)


def issuer_registry_graph() -> URIRef:
    """The named graph holding the issuer registry (ontology/issuers.ttl)."""
    return _iri("graph", "issuer-registry")


def resolution_graph() -> URIRef:
    """The named graph holding the cross-document policy resolution."""
    return _iri("graph", "policy-resolution")


def resolution(policy_iri: URIRef) -> URIRef:
    """The record of how one policy node was resolved to its document."""
    return URIRef(f"{policy_iri}/resolution")


def resolution_rule(key: str) -> URIRef:
    return _iri("resolution-rule", key)
