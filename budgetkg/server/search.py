"""Search over labels, titles, 文号 and codes: folding, ranking and grouping.

Brackets are folded so that any variant of a 文号 finds the document
(〔2021〕, [2021], ［2021］, 【2021】, (2021), （2021）), spaces are ignored,
and text that reads as a 发文字号 also matches the normalized 文号 exactly.
Results are ranked (exact, then prefix, then substring; shorter first) and
grouped by kind.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from budgetkg.loaders.citations import parse_doc_number
from budgetkg.server.worker import Term

_OPEN = str.maketrans({c: "(" for c in "〔［【[（"} | {c: ")" for c in "〕］】]）"})
_SPACE = re.compile(r"\s+")
# Kinds listed first on the results page; the rest follow by size.
KIND_ORDER = (
    "https://w3id.org/budgetkg/ontology#PolicyDocument",
    "https://w3id.org/budgetkg/ontology#Project",
    "https://w3id.org/budgetkg/ontology#Disclosure",
    "https://w3id.org/budgetkg/ontology#Department",
    "https://w3id.org/budgetkg/ontology#BudgetUnit",
    "http://www.w3.org/2004/02/skos/core#Concept",
)
MAX_PER_KIND = 50


def fold(text: str) -> str:
    """The form both the search text and the labels are compared in."""
    return _SPACE.sub("", text.lower().translate(_OPEN))


def doc_number(text: str) -> str | None:
    """The normalized 文号 the search text reads as, if any (NFKC first: full-width digits)."""
    found = parse_doc_number(unicodedata.normalize("NFKC", text))
    return found.normalized if found else None


@dataclass(frozen=True)
class Hit:
    iri: str
    text: str
    rank: tuple[int, int, str]


@dataclass
class Group:
    kind: str | None
    hits: list[Hit] = field(default_factory=list)
    total: int = 0


def rank(rows: tuple[dict[str, Term], ...], needle: str) -> list[Group]:
    """Best hit per resource, grouped by kind, groups in `KIND_ORDER` then by size."""
    best: dict[str, Hit] = {}
    kinds: dict[str, str | None] = {}
    for row in rows:
        iri, text = row["s"].value, row["text"].value
        folded = fold(text)
        exact = row.get("exact") is not None and row["exact"].value == "true"
        score = 0 if exact or folded == needle else 1 if folded.startswith(needle) else 2
        hit = Hit(iri, text, (score, len(text), text))
        if iri not in best or hit.rank < best[iri].rank:
            best[iri] = hit
        kind = row["kind"].value if "kind" in row else None
        if kinds.get(iri) is None:
            kinds[iri] = kind
    groups: dict[str | None, Group] = {}
    for iri, hit in best.items():
        group = groups.setdefault(kinds[iri], Group(kinds[iri]))
        group.hits.append(hit)
    for group in groups.values():
        group.hits.sort(key=lambda h: h.rank)
        group.total = len(group.hits)
        del group.hits[MAX_PER_KIND:]
    order = {k: i for i, k in enumerate(KIND_ORDER)}
    return sorted(groups.values(), key=lambda g: (order.get(g.kind or "", len(order)), g.hits[0].rank[0], -g.total))
