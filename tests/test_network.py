"""The project–policy network on the samples, and its GraphML / GEXF export."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from budgetkg import network
from budgetkg.cli import app
from budgetkg.store import GraphStore

from conftest import SAMPLES as SAMPLE_DIR
from stores import SAMPLES, loaded


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> nx.Graph:
    with loaded(tmp_path_factory.mktemp("net"), SAMPLES) as store:
        return network.from_store(store)


def _labels(graph: nx.Graph, nodes: list[str]) -> list[str]:
    return [graph.nodes[n]["label"] for n in nodes]


def test_bipartite_graph(graph: nx.Graph) -> None:
    kinds = [d["kind"] for _, d in graph.nodes(data=True)]
    assert kinds.count("project") == 7  # 管理工作经费项目 cites no policy
    assert kinds.count("policy") == 42
    assert graph.number_of_edges() == 58
    order = network.policy_id("https://w3id.org/budgetkg/id/policy/沪府令9号")
    assert sorted(graph.nodes[n]["year"] for n in graph.neighbors(order)) == [2019, 2023]


def test_groups_of_projects_sharing_a_policy(graph: nx.Graph) -> None:
    groups = [_labels(graph, g) for g in network.project_groups(graph)]
    assert [sorted(g) for g in groups] == [
        sorted(["上海市大数据中心安全监测监管平台建设项目", "数据运营项目", "2023年数字化建设项目", "上海市政务云基础设施服务项目",
                "“一网通办”运营服务项目", "2023年数字化运维及综合保障项目"]),
        ["上海市政务外网通信服务项目"],
    ]  # fmt: skip


def test_most_central_policies(graph: nx.Graph) -> None:
    top = network.central_policies(graph, 4)
    assert {c.label for c in top} == {"沪委办〔2021〕8号", "沪委办发〔2021〕6号", "沪委办〔2020〕24号", "沪府办〔2021〕18号"}
    assert all(c.projects == 3 for c in top)
    bridge = max(network.central_policies(graph), key=lambda c: c.betweenness)
    assert bridge.label == "国办函〔2016〕108号"  # the only link of the 政务云 project to the rest


def test_cocitation(graph: nx.Graph) -> None:
    co = network.cocitation(graph)
    a = network.policy_id("https://w3id.org/budgetkg/id/policy/沪委办〔2021〕8号")
    b = network.policy_id("https://w3id.org/budgetkg/id/policy/沪委办发〔2021〕6号")
    assert co[a][b]["weight"] == 3  # 建设, 运维 and 一网通办 cite both
    assert co.number_of_nodes() == 42


@pytest.mark.parametrize("fmt", network.FORMATS)
def test_export_reads_back(graph: nx.Graph, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"n.{fmt}"
    network.export(graph, path, fmt)
    back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert back.number_of_nodes() == 49 and back.number_of_edges() == 58
    project = network.project_id("https://w3id.org/budgetkg/id/doc/上海市大数据中心/2023/部门预算/project/2")
    assert back.nodes[project]["label"] == "2023年数字化建设项目"
    assert int(back.nodes[project]["amount_fen"]) == 33349840000


def test_cli_network(tmp_path: Path) -> None:
    runner = CliRunner()
    store = tmp_path / "store"
    assert runner.invoke(app, ["load", str(SAMPLE_DIR), "--store", str(store)]).exit_code == 0
    out = tmp_path / "net.gexf"
    result = runner.invoke(app, ["network", "--format", "gexf", "-o", str(out), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "49 nodes, 58 links, 2 group(s)" in " ".join(result.output.split())
    assert nx.read_gexf(out).number_of_nodes() == 49
    bad = runner.invoke(app, ["network", "--format", "dot", "-o", str(out), "--store", str(store)])
    assert bad.exit_code == 2
    with GraphStore(store) as db:
        assert network.from_store(db).number_of_nodes() == 49
