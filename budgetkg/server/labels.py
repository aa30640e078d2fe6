"""What people read instead of IRIs: term labels, and literals formatted.

Property and class labels come from the ontology (`ontology/budgetkg.ttl`)
and, for standard vocabularies, from `labels.ttl` beside this module. A
property is money when the ontology gives it an xsd:decimal range and a
label in 元 (e.g. 金额（元）): its values are shown with thousands separators
and the unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from rdflib import RDFS, XSD, Graph

from budgetkg.artifacts import folder
from budgetkg.server.worker import Term

_HERE = Path(__file__).resolve().parent
_XSD = str(XSD)


@dataclass(frozen=True)
class Label:
    zh: str
    en: str | None = None


def _local_name(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri:
            iri = iri.rsplit(sep, 1)[1] or iri
    return iri


class Vocabulary:
    """Labels of properties and classes, and which properties are money."""

    def __init__(self) -> None:
        graph = Graph()
        graph.parse(folder("ontology") / "budgetkg.ttl", format="turtle")
        graph.parse(_HERE / "labels.ttl", format="turtle")
        labels: dict[str, dict[str, str]] = {}
        for term, _, label in graph.triples((None, RDFS.label, None)):
            labels.setdefault(str(term), {})[getattr(label, "language", None) or "zh"] = str(label)
        self._labels = {iri: Label(v.get("zh") or v.get("en") or _local_name(iri), v.get("en")) for iri, v in labels.items()}
        self.money = frozenset(
            str(p)
            for p in graph.subjects(RDFS.range, XSD.decimal)
            if any("（元）" in str(lab) for lab in graph.objects(p, RDFS.label))
        )

    def label(self, iri: str) -> Label:
        return self._labels.get(iri) or Label(_local_name(iri))


@cache
def vocabulary() -> Vocabulary:
    return Vocabulary()


def money(value: str | Decimal) -> str:
    """``3019300`` -> ``3,019,300 元`` (exact: Decimal, never float)."""
    amount = Decimal(value)
    text = f"{amount:,}"
    return f"{text} 元"


def wan(value: str | Decimal) -> str:
    """The same amount in 万元, exactly: ``3019300`` -> ``301.93 万元``."""
    amount = Decimal(value) / Decimal(10000)
    text = format(amount.normalize(), ",f") if amount != 0 else "0"
    return f"{text} 万元"


def literal_text(term: Term, predicate: str | None = None) -> str:
    """A literal as a person reads it."""
    datatype = term.datatype or ""
    if predicate is not None and predicate in vocabulary().money:
        try:
            return money(term.value)
        except InvalidOperation:
            return term.value
    if datatype == _XSD + "gYear":
        return f"{term.value}年"
    if datatype == _XSD + "boolean":
        return "是" if term.value == "true" else "否"
    if datatype in (_XSD + "decimal", _XSD + "integer") and len(term.value.lstrip("-").split(".")[0]) > 4:
        try:
            return f"{Decimal(term.value):,}"
        except InvalidOperation:
            return term.value
    return term.value
