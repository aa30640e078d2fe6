"""The project–policy network: who cites what, which policies go together, which matter most.

Built with networkx from the store (after policy resolution, so one policy document is
one node however it was cited). Three views:

- the bipartite network: projects and policy documents, an edge for each 立项依据 link;
- policy co-citation: two policies are linked when a project cites both, weighted by
  the number of such projects;
- groups: projects connected through a shared policy basis (connected components).

Node attributes are plain strings and integers, so GraphML and GEXF (Gephi) can hold
them; money is exact, as a string in 元 and as an integer in 分.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import networkx as nx
from networkx.algorithms import bipartite

from budgetkg.rows import Row, select
from budgetkg.backend import Store

FORMATS = ("graphml", "gexf")


@dataclass(frozen=True, slots=True)
class Centrality:
    policy: str  # node id
    label: str
    projects: int  # how many projects cite it
    degree: float  # share of the projects with a policy basis that cite it
    betweenness: float  # in the bipartite network: how much it bridges otherwise separate projects


def project_id(iri: str) -> str:
    return "project:" + iri


def policy_id(iri: str) -> str:
    return "policy:" + iri


def build(links: list[Row], documents: list[Row]) -> nx.Graph:
    """The bipartite project–policy graph from ``projects-justified-by-policy`` and
    ``policy-documents`` rows."""
    graph = nx.Graph()
    names: dict[str, list[str]] = defaultdict(list)
    numbers: dict[str, str] = {}
    for row in documents:
        policy = str(row["policy"])
        if row["name"] and row["name"] not in names[policy]:
            names[policy].append(str(row["name"]))
        if row["docNumber"]:
            numbers[policy] = str(row["docNumber"])
    for row in links:
        project, policy = str(row["project"]), str(row["policy"])
        amount = row["amount"]
        graph.add_node(
            project_id(project),
            kind="project",
            bipartite=0,
            label=str(row["name"]),
            department=str(row["department"]),
            year=int(row["year"]),  # type: ignore[arg-type]
            amount_yuan=str(amount) if amount is not None else "",
            amount_fen=int(Decimal(str(amount)) * 100) if amount is not None else -1,
            iri=project,
        )
        number = numbers.get(policy, "")
        titles = sorted(names.get(policy, []), key=len)
        graph.add_node(
            policy_id(policy),
            kind="policy",
            bipartite=1,
            label=number or (titles[0] if titles else policy),
            doc_number=number,
            titles=" | ".join(titles),
            iri=policy,
        )
        a, b = project_id(project), policy_id(policy)
        if graph.has_edge(a, b):
            graph[a][b]["citations"] += 1
            graph[a][b]["lines"] += f" {row['line']}"
        else:
            graph.add_edge(a, b, citations=1, lines=str(row["line"]), file=str(row["file"]))
    return graph


def from_store(store: Store) -> nx.Graph:
    """The bipartite graph of everything in ``store`` (resolution must be current: policies.refresh)."""
    return build(select(store, "projects-justified-by-policy"), select(store, "policy-documents"))


def _nodes(graph: nx.Graph, kind: str) -> list[str]:
    return sorted(n for n, data in graph.nodes(data=True) if data["kind"] == kind)


def cocitation(graph: nx.Graph) -> nx.Graph:
    """Policies linked when one project cites both; ``weight`` = number of such projects."""
    projected = bipartite.weighted_projected_graph(graph, _nodes(graph, "policy"))
    return projected


def central_policies(graph: nx.Graph, top: int | None = None) -> list[Centrality]:
    """Policies by how many projects cite them, then by how much they bridge groups."""
    projects = _nodes(graph, "project")
    betweenness = nx.betweenness_centrality(graph, normalized=True) if graph.number_of_nodes() else {}
    out = [
        Centrality(
            node,
            graph.nodes[node]["label"],
            graph.degree(node),
            graph.degree(node) / len(projects) if projects else 0.0,
            betweenness.get(node, 0.0),
        )
        for node in _nodes(graph, "policy")
    ]
    out.sort(key=lambda c: (-c.projects, -c.betweenness, c.label))
    return out[:top] if top is not None else out


def project_groups(graph: nx.Graph) -> list[list[str]]:
    """Projects connected through shared policies, largest group first (project node ids)."""
    groups = [sorted(n for n in component if graph.nodes[n]["kind"] == "project") for component in nx.connected_components(graph)]
    groups = [g for g in groups if g]
    groups.sort(key=lambda g: (-len(g), g))
    return groups


def export(graph: nx.Graph, path: Path, fmt: str) -> None:
    """Write ``graph`` as GraphML or GEXF.

    :raises ValueError: ``fmt`` is not one of :data:`FORMATS`.
    """
    if fmt == "graphml":
        nx.write_graphml(graph, path, encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(graph, path, encoding="utf-8")
    else:
        raise ValueError(f"unknown network format {fmt!r}; expected one of {', '.join(FORMATS)}")
