"""The policy queries (queries/*.rq), each with its expected rows on the two samples.

Figures read off the documents: 2023年数字化建设项目 33,349.84万元 (line 437) and 2023年数字化
运维及综合保障项目 38,928.34万元 (line 649) each cite 9 items, all different documents; the
“一网通办”运营服务项目 (16,124.45万元, line 609) cites 24; the 2019 项目 (301.93万元) cites two
titles, one of which 2023 cites as 上海市人民政府令第九号.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetkg import iris
from budgetkg.loading import load_document
from budgetkg.queries import catalog
from budgetkg.rows import Iri, select
from budgetkg.store import GraphStore

from stores import CORPUS_TEXTS, SAMPLES, loaded

POLICY_QUERIES = (
    "policy-names", "policy-citations", "projects-citing-policy", "projects-justified-by-policy",
    "policies-justifying-project", "policy-documents", "money-per-policy", "projects-without-policy",
    "policies-cited-across", "policies-by-issuer", "policies-by-level", "unknown-issuers",
    "policy-mentions", "policy-merges", "projects", "spending-by-function",
)  # fmt: skip
P2019 = "https://w3id.org/budgetkg/id/doc/上海市大数据中心/2019/部门预算/project/"
P2023 = "https://w3id.org/budgetkg/id/doc/上海市大数据中心/2023/部门预算/project/"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    return loaded(tmp_path_factory.mktemp("samples"), SAMPLES)


@pytest.fixture(scope="module")
def wide(tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    """Samples and corpus: the same policies and codes in several graphs."""
    return loaded(tmp_path_factory.mktemp("wide"), SAMPLES + CORPUS_TEXTS)


@pytest.mark.parametrize("name", POLICY_QUERIES)
def test_every_query_has_a_header(name: str) -> None:
    query = catalog()[name]
    assert query.title and len(query.description) > 40
    assert "# parameters:" in query.text


def test_projects_citing_policy_by_number(store: GraphStore) -> None:
    rows = select(store, "projects-citing-policy", docNumber="沪委办〔2021〕15号")
    assert [(r["name"], r["year"], r["amount"]) for r in rows] == [
        ("2023年数字化建设项目", 2023, Decimal(333498400)),
        ("2023年数字化运维及综合保障项目", 2023, Decimal(389283400)),
    ]


def test_projects_justified_by_policy_with_sources(store: GraphStore) -> None:
    rows = select(store, "projects-justified-by-policy", policy=Iri(iris.policy_by_number("沪府令9号")))
    assert [(r["name"], r["year"], r["amount"], r["rule"], r["file"], r["line"], r["citedAs"]) for r in rows] == [
        ("上海市大数据中心安全监测监管平台建设项目", 2019, Decimal(3019300), "title-matches-number",
         "shanghai-bigdata-center-2019-budget.txt", 401, "《上海市公共数据和一网通办管理办法》"),
        ("“一网通办”运营服务项目", 2023, Decimal(161244500), "doc-number",
         "shanghai-bigdata-center-2023-budget.txt", 539, "上海市公共数据和一网通办管理办法（上海市人民政府令第九号）"),
    ]  # fmt: skip
    assert len(select(store, "projects-justified-by-policy")) == 58  # every document citation of a 立项依据


def test_policies_justifying_a_project(store: GraphStore) -> None:
    rows = select(store, "policies-justifying-project", project=Iri(P2019 + "1"))
    assert [(r["docNumber"], r["aTitle"], r["firstLine"]) for r in rows] == [
        (None, "政务云安全要求", 399),
        ("沪府令9号", "上海市公共数据和一网通办管理办法", 401),
    ]
    rows = select(store, "policies-justifying-project", project=Iri(P2023 + "4"))  # 政务外网: a meeting and one 通知
    assert [(r["docNumber"], r["firstLine"]) for r in rows] == [("沪府办〔2020〕33号", 499)]
    assert select(store, "policies-justifying-project", project=Iri(P2023 + "7")) == []  # 管理工作经费项目


def test_before_any_resolution_a_node_is_its_own_document(tmp_path: Path) -> None:
    """Documents loaded without policies.refresh: each cited node stands for itself."""
    with GraphStore(tmp_path / "store") as unresolved:
        for path in SAMPLES:
            load_document(unresolved, path)
        rows = select(unresolved, "policies-justifying-project", project=Iri(P2019 + "1"))
        assert [(r["policy"], r["docNumber"], r["aTitle"]) for r in rows] == [
            (iris.policy_by_title("政务云安全要求"), None, "政务云安全要求"),
            (iris.policy_by_title("上海市公共数据和一网通办管理办法"), None, "上海市公共数据和一网通办管理办法"),
        ]
        rows = select(unresolved, "policies-justifying-project", project=Iri(P2023 + "4"))
        assert [(r["docNumber"], r["firstLine"]) for r in rows] == [("沪府办〔2020〕33号", 499)]
        # The 2019 title and the 2023 沪府令9号 are two documents until the resolution links them,
        # so none is cited across years yet; each is counted with its own citation.
        rows = select(unresolved, "policy-documents")
        assert len({r["policy"] for r in rows}) == 43
        nine = [(r["policy"], r["docNumber"], r["name"], r["citations"], r["projects"]) for r in rows
                if r["name"] == "上海市公共数据和一网通办管理办法"]
        assert nine == [
            (iris.policy_by_title("上海市公共数据和一网通办管理办法"), None, "上海市公共数据和一网通办管理办法", 1, 1),
            (iris.policy_by_number("沪府令9号"), "沪府令9号", "上海市公共数据和一网通办管理办法", 1, 1),
        ]
        assert select(unresolved, "policies-cited-across") == []


def test_policy_citations_keep_meetings_and_statements(store: GraphStore) -> None:
    rows = select(store, "policy-citations")
    assert len(rows) == 60
    kinds = [(r["kind"], r["line"]) for r in rows if r["kind"] != "document"]
    assert sorted(kinds) == [("meeting", 498), ("statement", 663)]
    assert all(r["policy"] is None for r in rows if r["kind"] != "document")
    assert sum(r["docNumber"] is not None for r in rows) == 53


def test_policy_documents_are_counted_once(store: GraphStore) -> None:
    rows = select(store, "policy-documents")
    documents = {r["policy"] for r in rows}
    assert len(documents) == 42
    assert len({r["docNumber"] for r in rows if r["docNumber"]}) == 38
    names = {r["name"] for r in rows if r["docNumber"] == "沪府办〔2020〕33号"}
    assert names == {"关于印发《上海市电子政务外网管理办法》的通知", "上海市电子政务外网管理办法"}
    order = {(r["citations"], r["projects"]) for r in rows if r["docNumber"] == "沪府令9号"}
    assert order == {(2, 2)}


def test_money_per_policy(store: GraphStore) -> None:
    rows = {r["docNumber"] or r["policy"]: r for r in select(store, "money-per-policy")}
    assert len(rows) == 42
    row = rows["沪委办〔2021〕15号"]
    assert (row["projects"], row["fullAmount"], row["equalShare"]) == (2, Decimal(722781800), Decimal("80309088.89"))
    # 333,498,400 / 9 + 389,283,400 / 9 = 80,309,088.888… ; 沪府令9号: 3,019,300 / 2 + 161,244,500 / 24.
    assert rows["沪府令9号"]["fullAmount"] == Decimal(164263800)
    assert rows["沪府令9号"]["equalShare"] == Decimal("8228170.83")
    assert rows["沪府办〔2020〕33号"]["equalShare"] == Decimal(98347600)  # the meeting is not a policy: no split
    total_share = sum(r["equalShare"] for r in rows.values())
    assert abs(total_share - Decimal(1361954300)) < Decimal("0.01") * len(rows)  # shares add up to the projects


def test_projects_without_policy(store: GraphStore, wide: GraphStore) -> None:
    rows = select(store, "projects-without-policy")
    assert [(r["name"], r["amount"], r["basisKinds"], r["line"]) for r in rows] == [
        ("管理工作经费项目", Decimal(46637500), "statement", 655)
    ]
    # 万里街道 2023: four 绩效目标 forms with no 立项依据 at all (the fifth form's project,
    # 新建万里街道社区公共服务中心, is the one described with its 立项依据).
    names = [r["name"] for r in select(wide, "projects-without-policy") if r["basisKinds"] is None]
    assert names == ["就业援助基地补贴", "社区环境整治和建设经费", "各类工作经费", "公共服务设施运行经费"]


def test_policies_cited_across_years(store: GraphStore, wide: GraphStore) -> None:
    rows = select(store, "policies-cited-across")
    assert [(r["docNumber"], sorted(r["years"].split()), r["departmentCount"]) for r in rows] == [  # type: ignore[union-attr]
        ("沪府令9号", ["2019", "2023"], 1)
    ]
    across = {r["docNumber"]: sorted(r["years"].split()) for r in select(wide, "policies-cited-across")}  # type: ignore[union-attr]
    assert across == {"沪府令9号": ["2019", "2023"], "沪府规〔2016〕168号": ["2023", "2025"], "普发改投〔2017〕89号": ["2023", "2025"]}


def test_policies_by_issuer(store: GraphStore) -> None:
    rows = {r["issuerCode"]: r for r in select(store, "policies-by-issuer")}
    assert len(rows) == 17  # 16 codes and the documents without one
    assert sum(r["policies"] for r in rows.values()) == 42  # type: ignore[misc]
    assert (rows["沪委办"]["organ"], rows["沪委办"]["level"], rows["沪委办"]["kind"], rows["沪委办"]["policies"]) == (
        "中共上海市委办公厅", "municipal", "party", 4)
    assert (rows["沪委办"]["projects"], rows["沪委办"]["projectAmount"]) == (4, Decimal(1003650700))
    assert (rows[""]["level"], rows[""]["policies"]) == ("none", 4)
    assert {code for code, r in rows.items() if r["level"] == "unknown"} == {"沪审改办发", "沪肺炎防控办"}


def test_policies_by_level(store: GraphStore, wide: GraphStore) -> None:
    rows = {r["level"]: (r["policies"], r["projects"], r["projectAmount"]) for r in select(store, "policies-by-level")}
    assert rows == {
        "central": (14, 2, Decimal(418181200)),  # 国发 4, 国办发 4, 国办函 2, 国办电政函 2, 国办秘函 1, 国务院令 1
        "municipal": (22, 7, Decimal(1361954300)),  # every project with a basis cites a 沪 document
        "none": (4, 5, Decimal(1006670000)),  # title only: 2019 安全监测, 数据运营, 建设, 运维, 一网通办
        "unknown": (2, 1, Decimal(161244500)),
    }
    assert {r["level"]: r["policies"] for r in select(wide, "policies-by-level")}["district"] == 1


def test_unknown_issuers(store: GraphStore) -> None:
    rows = select(store, "unknown-issuers")
    assert [(r["issuerCode"], r["docNumbers"], r["issuersAsWritten"]) for r in rows] == [
        ("沪审改办发", "沪审改办发〔2020〕4号", None),
        ("沪肺炎防控办", "沪肺炎防控办〔2020〕82号", "上海市新型冠状病毒肺炎疫情防控工作领导小组办公室"),
    ]


def test_policy_mentions_are_apart(store: GraphStore) -> None:
    rows = select(store, "policy-mentions")
    assert [(r["name"], r["docNumber"], r["alsoInBasis"]) for r in rows] == [
        ("2023年数字化建设项目", "沪委办〔2021〕15号", True),
        ("2023年数字化建设项目", None, False),
        ("2023年数字化运维及综合保障项目", "沪委办〔2021〕15号", True),
        ("上海市政务外网通信服务项目", None, False),
        ("上海市政务外网通信服务项目", None, False),
        ("上海市政务外网通信服务项目", None, False),
    ]
    # A mention does not justify: the 2022 通知 of the 实施方案 is nobody's 立项依据.
    assert not any("2022年度" in str(r["name"]) for r in select(store, "policy-documents"))


def test_projects(store: GraphStore) -> None:
    rows = select(store, "projects")
    assert [(r["name"], r["basisItems"]) for r in rows] == [
        ("上海市大数据中心安全监测监管平台建设项目", 2), ("数据运营项目", 4), ("2023年数字化建设项目", 9),
        ("上海市政务云基础设施服务项目", 8), ("上海市政务外网通信服务项目", 2), ("“一网通办”运营服务项目", 24),
        ("2023年数字化运维及综合保障项目", 9), ("管理工作经费项目", 1),
    ]  # fmt: skip


def test_spending_by_function_with_change(store: GraphStore) -> None:
    rows = {(r["code"], r["year"]): r for r in select(store, "spending-by-function")}
    general = rows[("201", 2023)]
    assert (general["amount"], general["previousYear"], general["previousAmount"], general["change"]) == (
        Decimal(1486109040), 2019, Decimal(287858877), Decimal(1198250163))
    assert rows[("201", 2019)]["previousYear"] is None
    assert rows[("2059999", 2023)]["change"] is None  # no 2019 figure for 其他教育支出
    assert all(r["line"] and r["file"] for r in rows.values())


@pytest.mark.parametrize("name", ["money-per-policy", "policies-by-issuer", "policies-by-level", "policy-documents"])
def test_no_double_counting_when_a_policy_is_in_several_graphs(wide: GraphStore, name: str) -> None:
    rows = select(wide, name)
    keys = [tuple(v for k, v in r.items() if k in ("policy", "issuerCode", "level", "name")) for r in rows]
    assert len(keys) == len(set(keys))
    if name == "money-per-policy":
        row = next(r for r in rows if r["docNumber"] == "沪府规〔2016〕168号")
        assert (row["projects"], row["fullAmount"]) == (2, Decimal(4700000))  # 4,100,000 (2023) + 600,000 (2025)


def test_path_of_queries_exists() -> None:
    for name in POLICY_QUERIES:
        assert Path(catalog()[name].path).is_file()
