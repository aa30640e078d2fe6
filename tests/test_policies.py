"""Cross-document policy resolution: the rules as data, and the step over a real store."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetkg import iris, policies
from budgetkg.loading import load_document
from budgetkg.policies import RULES, refresh, resolve
from budgetkg.rows import Row, select
from budgetkg.store import GraphStore

from conftest import SAMPLE_2019, SAMPLE_2023
from stores import CORPUS_TEXTS, SAMPLES, loaded

N = "https://w3id.org/budgetkg/id/policy/"


def row(policy: str, number: str | None = None, title: str | None = None,
        work: str | None = None, issuer: str | None = None) -> Row:  # fmt: skip
    return {"policy": N + policy, "docNumber": number, "title": title, "workTitle": work, "issuer": issuer}


# (name, policy-names rows, expected {node: (document, rule)}, expected ambiguous {node: documents})
CASES = [
    pytest.param(
        [row("沪府令9号", "沪府令9号", "上海市公共数据和一网通办管理办法"),
         row("title/上海市公共数据和一网通办管理办法", None, "《上海市公共数据和一网通办管理办法》")],
        {"沪府令9号": ("沪府令9号", "doc-number"),
         "title/上海市公共数据和一网通办管理办法": ("沪府令9号", "title-matches-number")},
        {}, id="2019-title-is-the-2023-order",
    ),
    pytest.param(
        [row("沪府办〔2020〕33号", "沪府办〔2020〕33号", "关于印发《上海市电子政务外网管理办法》的通知",
             "上海市电子政务外网管理办法", "上海市人民政府办公厅"),
         row("title/上海市电子政务外网管理办法", None, "上海市电子政务外网管理办法")],
        {"沪府办〔2020〕33号": ("沪府办〔2020〕33号", "doc-number"),
         "title/上海市电子政务外网管理办法": ("沪府办〔2020〕33号", "title-matches-number")},
        {}, id="title-matches-the-work-a-notice-issues",
    ),
    pytest.param(
        [row("国办发〔2021〕6号", "国办发〔2021〕6号", "国务院办公厅关于建立健全政务数据共享协调机制的意见"),
         row("title/关于建立健全政务数据共享协调机制的意见", None, "关于建立健全政务数据共享协调机制的意见", None, "国务院办公厅")],
        {"国办发〔2021〕6号": ("国办发〔2021〕6号", "doc-number"),
         "title/关于建立健全政务数据共享协调机制的意见": ("国办发〔2021〕6号", "issuer-title-matches-number")},
        {}, id="issuer-plus-title",
    ),
    pytest.param(
        [row("沪委办〔2020〕1号", "沪委办〔2020〕1号", "X办法"), row("沪府办〔2020〕2号", "沪府办〔2020〕2号", "X办法"),
         row("title/X办法", None, "X办法")],
        {"沪委办〔2020〕1号": ("沪委办〔2020〕1号", "doc-number"), "沪府办〔2020〕2号": ("沪府办〔2020〕2号", "doc-number"),
         "title/X办法": ("title/X办法", "title")},
        {"title/X办法": ("沪委办〔2020〕1号", "沪府办〔2020〕2号")}, id="two-numbers-same-title-never-merged",
    ),
    pytest.param(
        [row("title/上海市数据条例", None, "上海市数据条例")],
        {"title/上海市数据条例": ("title/上海市数据条例", "title")}, {}, id="title-alone",
    ),
    pytest.param(
        [row("沪府令9号", "沪府令9号", None)],
        {"沪府令9号": ("沪府令9号", "doc-number")}, {}, id="number-without-title",
    ),
]


@pytest.mark.parametrize(("rows", "expected", "ambiguous"), CASES)
def test_resolution_rules(rows: list[Row], expected: dict[str, tuple[str, str]], ambiguous: dict[str, tuple[str, ...]]) -> None:
    result = resolve(rows)
    assert {k[len(N):]: (v[len(N):], result.rule_of[k]) for k, v in result.document_of.items()} == expected
    assert {k[len(N):]: tuple(t[len(N):] for t in v) for k, v in result.ambiguous.items()} == ambiguous
    assert set(result.rule_of.values()) <= set(RULES)
    for merge in result.merges:
        assert merge.rule in RULES and merge.matched_name and merge.document == result.document_of[merge.node]


def test_two_numbered_nodes_are_never_one_document() -> None:
    rows = [row(f"n{i}", f"沪府办〔2020〕{i}号", "同一标题", "同一作品", "上海市人民政府办公厅") for i in range(1, 4)]
    result = resolve(rows)
    assert len(result.documents) == 3 and result.merges == ()


# --------------------------------------------------------------------------- over the store


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    return loaded(tmp_path_factory.mktemp("samples"), SAMPLES)


def test_samples_resolve_to_42_documents_with_one_merge(samples: GraphStore) -> None:
    result = refresh(samples)
    # 47 nodes: 38 numbered and 5 title-only in 立项依据, 4 title-only mentions (实施方案);
    # the 2019 title of the 一网通办 measures is the 2023 order 沪府令9号.
    assert len(result.document_of) == 47
    assert len(result.documents) == 46
    (merge,) = result.merges
    assert merge.node == str(iris.policy_by_title("上海市公共数据和一网通办管理办法"))
    assert merge.document == str(iris.policy_by_number("沪府令9号"))
    assert (merge.rule, merge.matched_name) == ("title-matches-number", "上海市公共数据和一网通办管理办法")
    assert result.ambiguous == {}


def test_resolution_is_its_own_graph_and_idempotent(samples: GraphStore) -> None:
    graphs = samples.graphs()
    assert str(iris.resolution_graph()) in graphs and str(iris.issuer_registry_graph()) in graphs
    before = {q for q in samples.quads()}
    refresh(samples)
    refresh(samples)
    assert {q for q in samples.quads()} == before
    records = select(samples, "policy-merges")
    assert [(r["docNumber"], r["rule"], r["year"], r["line"]) for r in records] == [
        ("沪府令9号", "title-matches-number", 2019, 401)
    ]


def test_resolution_follows_the_documents(tmp_path: Path) -> None:
    store = GraphStore(tmp_path / "s")
    load_document(store, SAMPLE_2019)
    alone = refresh(store)
    assert alone.merges == () and len(alone.documents) == 2  # nothing to match the 2019 title yet
    load_document(store, SAMPLE_2023)
    assert len(refresh(store).merges) == 1
    rows = select(store, "projects-citing-policy", docNumber="沪府令9号")
    assert sorted((r["year"], r["name"]) for r in rows) == [(2019, "上海市大数据中心安全监测监管平台建设项目"), (2023, "“一网通办”运营服务项目")]
    store.close()


def test_corpus_documents_resolve_without_new_merges(tmp_path: Path) -> None:
    store = loaded(tmp_path / "s", SAMPLES + CORPUS_TEXTS)
    result = refresh(store)
    # 万里街道 2023 and 2025 cite the same two numbered 批复: same 文号, same nodes, no merge needed.
    assert len(result.merges) == 1
    assert {str(iris.policy_by_number("沪府规〔2016〕168号")), str(iris.policy_by_number("普发改投〔2017〕89号"))} <= result.documents
    store.close()


def test_a_refresh_overtaken_by_another_load_does_not_leave_a_stale_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two loads into one store (a remote store has no writer's lock): load A reads the
    names (2019 only), then load B adds 2023 and refreshes, then A writes what it resolved.
    A's stale resolution (no merge) must not be the one left."""
    store = GraphStore(tmp_path / "s")
    load_document(store, SAMPLE_2019)
    refresh(store)
    real_resolve = policies.resolve
    overtaken: list[int] = []

    def resolve_while_another_load_runs(rows: list[Row]) -> policies.Resolution:
        stale = real_resolve(rows)
        if not overtaken:
            overtaken.append(1)
            load_document(store, SAMPLE_2023)  # load B, in the middle of A's refresh
            assert len(refresh(store).merges) == 1  # B's refresh
        return stale

    monkeypatch.setattr(policies, "resolve", resolve_while_another_load_runs)
    result = refresh(store)  # load A's
    assert overtaken and len(result.merges) == 1
    records = select(store, "policy-merges")
    assert [(r["docNumber"], r["year"]) for r in records] == [("沪府令9号", 2019)]
    store.close()
