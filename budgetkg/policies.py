"""Which cited policy nodes are one policy document: resolution across documents.

Each document's graph names the policies it cites by key (budgetkg.mapping): by the
normalized 发文字号 when the citation has one, else by the normalized title. That already
makes the same 文号 one node in every document. What no single document can know is
that a title cited without a number (2019: 《上海市公共数据和一网通办管理办法》) is a
document another year cites with its number (2023: 上海市人民政府令第九号). That is
decided here, over the whole store, by these rules, in this order:

``doc-number``
    A node with a 发文字号 is its own document. Two different 文号 are never merged.
``title-matches-number``
    A title-only node whose normalized title (or the work its 通知 issues) equals a
    name of exactly one numbered document is that document.
``issuer-title-matches-number``
    The same, comparing issuer + title (国务院办公厅 + 关于…的意见 against
    《国务院办公厅关于…的意见》).
``title``
    A title-only node that agrees with no numbered document is its own document. When it
    agrees with several, it is merged with none, and ``bkg:ambiguousWith`` says so.

The result is written as one named graph (``iris.resolution_graph()``): for every node
``bkg:resolvesTo`` its document, and a ``bkg:PolicyResolution`` record with the rule (and
the name that matched). :func:`refresh` recomputes it from the store; writing it is
atomic and a no-op when nothing changed, so it is run after every load.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from budgetkg import iris, issuers
from budgetkg.loaders.citations import normalize_title
from budgetkg.rows import Row, select
from budgetkg.backend import Store
from budgetkg.vocab import BKG

# Each rule: (Chinese label, English label, definition).
RULES: dict[str, tuple[str, str, str]] = {
    "doc-number": ("同一发文字号", "same document number",
                   "Cited with a 发文字号: the document is identified by its normalized 文号 (GB/T 9704)."),
    "title-matches-number": ("标题与有文号文件一致", "title matches a numbered document",
                             "Cited by title only; the normalized title equals a title of exactly one numbered document."),
    "issuer-title-matches-number": ("发文机关加标题与有文号文件一致", "issuer and title match a numbered document",
                                    "Cited by title only; issuer + title equals a title of exactly one numbered document."),
    "title": ("仅有标题", "title only",
              "Cited by title only and agreeing with no numbered document (or with several): its own document."),
}  # fmt: skip

Triple = tuple[Node, Node, Node]


@dataclass(frozen=True, slots=True)
class Merge:
    """A title-only node identified with a numbered document."""

    node: str
    document: str
    doc_number: str
    rule: str
    matched_name: str


@dataclass(frozen=True, slots=True)
class Resolution:
    """What :func:`resolve` decided: for each policy node, its document."""

    document_of: dict[str, str]  # policy node IRI -> document IRI
    rule_of: dict[str, str]  # policy node IRI -> rule key
    merges: tuple[Merge, ...] = ()
    ambiguous: dict[str, tuple[str, ...]] = field(default_factory=dict)  # node -> numbered documents

    @property
    def documents(self) -> set[str]:
        return set(self.document_of.values())


@dataclass
class _Node:
    number: str | None = None
    names: set[str] = field(default_factory=set)  # normalized titles and work titles
    issuer_names: set[str] = field(default_factory=set)  # normalized issuer + title


def resolve(rows: list[Row]) -> Resolution:
    """Decide, from the ``policy-names`` query rows, which nodes are one document."""
    nodes: dict[str, _Node] = defaultdict(_Node)
    for row in rows:
        node = nodes[str(row["policy"])]
        if row["docNumber"] is not None:
            node.number = str(row["docNumber"])
        for name in (row["title"], row["workTitle"]):
            if name:
                node.names.add(normalize_title(str(name)))
        if row["issuer"] and row["title"]:
            node.issuer_names.add(normalize_title(str(row["issuer"]) + str(row["title"])))
    by_name: dict[str, set[str]] = defaultdict(set)  # name -> numbered nodes
    for iri, node in nodes.items():
        if node.number is not None:
            for name in node.names | node.issuer_names:
                by_name[name].add(iri)
    document_of: dict[str, str] = {}
    rule_of: dict[str, str] = {}
    merges: list[Merge] = []
    ambiguous: dict[str, tuple[str, ...]] = {}
    for iri in sorted(nodes):
        node = nodes[iri]
        document_of[iri], rule_of[iri] = iri, "doc-number" if node.number is not None else "title"
        if node.number is not None:
            continue
        for rule, keys in (("title-matches-number", node.names), ("issuer-title-matches-number", node.issuer_names)):
            found = {target: name for name in sorted(keys) for target in by_name.get(name, ())}
            if len(found) == 1:
                ((target, name),) = found.items()
                document_of[iri], rule_of[iri] = target, rule
                merges.append(Merge(iri, target, str(nodes[target].number), rule, name))
                break
            if len(found) > 1:
                ambiguous[iri] = tuple(sorted(found))
                break
    return Resolution(document_of, rule_of, tuple(merges), ambiguous)


def triples(resolution: Resolution) -> set[Triple]:
    """The resolution graph's triples: ``bkg:resolvesTo`` links and their records."""
    out: set[Triple] = set()
    for key, (zh, en, definition) in RULES.items():
        rule = iris.resolution_rule(key)
        out |= {
            (rule, RDF.type, SKOS.Concept),
            (rule, SKOS.notation, Literal(key)),
            (rule, SKOS.prefLabel, Literal(zh, lang="zh")),
            (rule, SKOS.prefLabel, Literal(en, lang="en")),
            (rule, SKOS.definition, Literal(definition, lang="en")),
        }
    matched = {m.node: m.matched_name for m in resolution.merges}
    for node_iri, doc_iri in resolution.document_of.items():
        node, doc = URIRef(node_iri), URIRef(doc_iri)
        record = iris.resolution(node)
        out |= {
            (node, BKG.resolvesTo, doc),
            (record, RDF.type, BKG.PolicyResolution),
            (record, BKG.resolvedPolicy, node),
            (record, BKG.resolvedDocument, doc),
            (record, BKG.resolutionRule, iris.resolution_rule(resolution.rule_of[node_iri])),
        }
        if node_iri in matched:
            out.add((record, BKG.matchedName, Literal(matched[node_iri])))
    for node_iri, targets in resolution.ambiguous.items():
        out |= {(URIRef(node_iri), BKG.ambiguousWith, URIRef(t)) for t in targets}
    return out


def refresh(store: Store) -> Resolution:
    """Recompute the resolution over everything in ``store`` and write it, with the issuer registry.

    Run after documents are loaded or replaced. Each graph is replaced atomically and
    only when its content changed, so running it twice changes nothing.

    Another load may write to the same store meanwhile (a remote store has no
    writer's lock): its documents may land after the names were read and its own
    refresh before this one's write, which would then put a stale resolution last.
    So the names are read again after writing, and the resolution recomputed until
    they are the ones it was made from: the last refresh to finish wrote the
    resolution of what the store then held.
    """
    issuers.install(store)
    names = select(store, "policy-names")
    while True:
        resolution = resolve(names)
        store.replace_graph(iris.resolution_graph(), triples(resolution))
        now = select(store, "policy-names")
        if _same_rows(now, names):
            return resolution
        names = now


def _same_rows(a: list[Row], b: list[Row]) -> bool:
    return sorted(map(_row_key, a)) == sorted(map(_row_key, b))


def _row_key(row: Row) -> str:
    return repr(sorted(row.items()))
