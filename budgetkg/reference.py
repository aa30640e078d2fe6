"""The ontology reference page (docs/ontology.md), generated from ontology/budgetkg.ttl.

    python -m budgetkg.reference -o docs/ontology.md

A test regenerates the page and compares it with the committed one, so the
page never drifts from the ontology.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.term import Node

from budgetkg.artifacts import folder

ONTOLOGY_FILE = "budgetkg.ttl"
NAMESPACE = "https://w3id.org/budgetkg/ontology#"


def load_ontology() -> Graph:
    graph = Graph()
    graph.parse(folder("ontology") / ONTOLOGY_FILE, format="turtle")
    return graph


def terms(graph: Graph) -> list[URIRef]:
    """Every term the ontology defines in its own namespace, sorted."""
    return sorted({s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef) and s.startswith(NAMESPACE)})


def label(graph: Graph, term: URIRef, lang: str) -> str:
    for value in graph.objects(term, RDFS.label):
        if getattr(value, "language", None) == lang:
            return str(value)
    return ""


def _curie(graph: Graph, node: Node) -> str:
    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.curie(node, generate=False)
        except (KeyError, ValueError):
            return f"<{node}>"
    return str(node)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _list(graph: Graph, term: URIRef, prop: URIRef) -> str:
    return ", ".join(sorted(f"`{_curie(graph, o)}`" for o in graph.objects(term, prop)))


def render(graph: Graph) -> str:
    """The Markdown page: classes, then properties, each with labels, parents, domain and range."""
    classes = [t for t in terms(graph) if (t, RDF.type, OWL.Class) in graph]
    properties = [t for t in terms(graph) if t not in classes]
    comment = {t: str(graph.value(t, RDFS.comment) or "") for t in terms(graph)}
    lines = [
        "# budgetkg ontology reference",
        "",
        f"Generated from `ontology/{ONTOLOGY_FILE}` by `python -m budgetkg.reference -o docs/ontology.md`;",
        "do not edit by hand (a test compares this page with the ontology).",
        "",
        f"Namespace: `{NAMESPACE}` (prefix `bkg:`). {len(classes)} classes, {len(properties)} properties.",
        "",
        "## Prefixes",
        "",
        "| prefix | namespace |",
        "|---|---|",
    ]
    used = {_curie(graph, n).split(":", 1)[0] for t in terms(graph) for _, _, n in graph.triples((t, None, None))}
    for prefix, ns in sorted(graph.namespace_manager.namespaces()):
        if prefix in used or prefix == "bkg":
            lines.append(f"| `{prefix}` | `{ns}` |")
    lines += ["", "## Classes", "", "| class | 中文 | English | subclass of | comment |", "|---|---|---|---|---|"]
    for t in classes:
        lines.append(
            f"| `{_curie(graph, t)}` | {label(graph, t, 'zh')} | {label(graph, t, 'en')} "
            f"| {_list(graph, t, RDFS.subClassOf)} | {_cell(comment[t])} |"
        )
    lines += [
        "",
        "## Properties",
        "",
        "| property | 中文 | English | kind | subproperty of | domain | range | comment |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for t in properties:
        kinds = ", ".join(sorted(_curie(graph, k) for k in graph.objects(t, RDF.type)))
        lines.append(
            f"| `{_curie(graph, t)}` | {label(graph, t, 'zh')} | {label(graph, t, 'en')} | {kinds} "
            f"| {_list(graph, t, RDFS.subPropertyOf)} | {_list(graph, t, RDFS.domain)} "
            f"| {_list(graph, t, RDFS.range)} | {_cell(comment[t])} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the ontology reference page.")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    args = parser.parse_args(argv)
    page = render(load_ontology())
    if args.output is None:
        print(page, end="")
    else:
        args.output.write_text(page, encoding="utf-8")


if __name__ == "__main__":
    main()
