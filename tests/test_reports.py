"""``budgetkg report trace`` on the samples: what a reader of the report sees.

Counts read off the documents (see test_policy_queries.py): 42 distinct policy documents in
the 立项依据 of the two samples (38 with a 发文字号, 4 by title only; the 2019 title of the
一网通办 measures is the 2023 上海市人民政府令第九号), 58 document citations of which 53 resolve
to a 文号, one meeting, one statement, 8 projects of which 管理工作经费项目 has no policy basis.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetkg.cli import app
from budgetkg.reports.render import render
from budgetkg.reports.trace import ReportError, TraceReport, build
from budgetkg.rows import select
from budgetkg.store import GraphStore

from conftest import SAMPLES as SAMPLE_DIR
from stores import SAMPLES, loaded

runner = CliRunner()
TWO_PROJECTS = [("2023年数字化建设项目", Decimal(333498400)), ("2023年数字化运维及综合保障项目", Decimal(389283400))]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    return loaded(tmp_path_factory.mktemp("report"), SAMPLES)


@pytest.fixture(scope="module")
def whole(store: GraphStore) -> TraceReport:
    return build(store)


@pytest.mark.parametrize(
    "asked",
    ["沪委办〔2021〕15号", "沪委办【2021】15号", "沪委办[2021]15号", "沪委办（2021）15号", "沪委办［2021］015号",
     "沪委办 〔2021〕 15", "《关于推进市政府各部门信息化职能整合优化工作的实施方案》", "关于推进市政府各部门信息化职能整合优化工作的实施方案"],
)  # fmt: skip
def test_policy_report_lists_exactly_the_two_projects(store: GraphStore, asked: str) -> None:
    report = build(store, policy=asked)
    assert [(p.name, p.amount) for p in report.projects] == TWO_PROJECTS
    (policy,) = report.policies
    assert policy.doc_number == "沪委办〔2021〕15号"
    assert policy.full_amount == report.total_amount == Decimal(722781800)
    assert policy.equal_share == Decimal("80309088.89")  # each cites 9 documents
    assert [(c.source.file, c.source.line) for c in policy.citations] == [
        ("shanghai-bigdata-center-2023-budget.txt", 418), ("shanghai-bigdata-center-2023-budget.txt", 630)]
    assert (policy.organ, policy.level, policy.kind) == ("中共上海市委办公厅", "municipal", "party")


def test_policy_report_in_every_format(store: GraphStore) -> None:
    report = build(store, policy="沪委办〔2021〕15号")
    markdown = render(report, "markdown")
    assert "| 2023年数字化建设项目 | 上海市大数据中心 | 2023 | 333,498,400 |" in markdown
    assert "| 2023年数字化运维及综合保障项目 | 上海市大数据中心 | 2023 | 389,283,400 |" in markdown
    assert "**722,781,800**" in markdown and "shanghai-bigdata-center-2023-budget.txt line 418" in markdown
    rows = list(csv.DictReader(io.StringIO(render(report, "csv"))))
    assert [(r["project"], r["project_amount_yuan"], r["source_line"]) for r in rows] == [
        ("2023年数字化建设项目", "333498400", "418"), ("2023年数字化运维及综合保障项目", "389283400", "630")]
    data = json.loads(render(report, "json"))
    assert data["total_amount"] == "722781800" and data["policy_count"] == 1
    assert [p["name"] for p in data["projects"]] == [name for name, _ in TWO_PROJECTS]
    html = render(report, "html")
    assert html.count('class="policy-row"') == 1 and "722,781,800" in html


def test_whole_store_counts_each_policy_once(whole: TraceReport) -> None:
    assert len(whole.policies) == 42
    numbers = [p.doc_number for p in whole.policies if p.doc_number]
    assert len(numbers) == len(set(numbers)) == 38
    assert sorted(p.title for p in whole.policies if not p.doc_number) == sorted(
        ["政务云安全要求", "上海市数据条例", "关于做好2023年度市级数字化项目支出预算申报有关工作的通知", "关于进一步拓展“随申码”应用的实施方案"])
    # The notice and the work it issues: one document with both names.
    notice = next(p for p in whole.policies if p.doc_number == "沪委办发〔2021〕6号")
    assert set(notice.names) == {"关于深化“一网通办”改革构建全方位服务体系的工作方案",
                                 "印发《关于深化“一网通办”改革构建全方位服务体系的工作方案》的通知"}  # fmt: skip
    assert len(notice.projects) == 3
    assert whole.total_amount == Decimal(1361954300)


def test_whole_store_links_2019_and_2023_citations_of_the_measures(whole: TraceReport) -> None:
    (order,) = [p for p in whole.policies if p.doc_number == "沪府令9号"]
    assert [(c.source.file, c.source.line, c.rule) for c in order.citations] == [
        ("shanghai-bigdata-center-2019-budget.txt", 401, "title-matches-number"),
        ("shanghai-bigdata-center-2023-budget.txt", 539, "doc-number"),
    ]
    (merge,) = order.merges
    assert (merge.year, merge.cited_as, merge.rule) == (2019, "《上海市公共数据和一网通办管理办法》", "title-matches-number")
    assert [(years, departments) for iri, years, departments in whole.cited_across] == [((2019, 2023), ("上海市大数据中心",))]
    assert not any(p.title == "上海市公共数据和一网通办管理办法" and not p.doc_number for p in whole.policies)


def test_whole_store_lists_the_project_without_basis(whole: TraceReport) -> None:
    without = [p for p in whole.projects if not p.policies]
    assert [(p.name, p.status, p.amount, p.source.line) for p in without] == [
        ("管理工作经费项目", "no-policy", Decimal(46637500), 655)]
    assert [c.cited_as for c in without[0].basis] == ["为保障中心正常运转，各类后勤支出保障工作。"]
    meeting = next(p for p in whole.projects if p.name == "上海市政务外网通信服务项目")
    assert meeting.status == "justified" and [c.kind for c in meeting.basis] == ["meeting", "document"]


def test_coverage(whole: TraceReport) -> None:
    c = whole.coverage
    assert (c.projects, c.projects_justified, c.projects_no_policy, c.projects_no_basis) == (8, 7, 1, 0)
    assert (c.document_citations, c.citations_with_number, c.citations_title_only) == (58, 53, 5)
    assert (c.meetings, c.statements) == (1, 1)
    assert [(u.code, u.doc_numbers, u.issuers_as_written) for u in c.unknown_issuers] == [
        ("沪审改办发", ("沪审改办发〔2020〕4号",), ()),
        ("沪肺炎防控办", ("沪肺炎防控办〔2020〕82号",), ("上海市新型冠状病毒肺炎疫情防控工作领导小组办公室",)),
    ]


def test_report_money_agrees_with_the_money_query(store: GraphStore, whole: TraceReport) -> None:
    query = {r["policy"]: (r["fullAmount"], r["equalShare"]) for r in select(store, "money-per-policy")}
    assert {p.iri: (p.full_amount, p.equal_share) for p in whole.policies} == query


def test_project_and_department_year_scopes(store: GraphStore) -> None:
    project = build(store, project="管理工作经费项目")
    assert project.policies == () and project.coverage.projects_no_policy == 1
    year = build(store, department="上海市大数据中心", year=2019)
    assert [p.name for p in year.projects] == ["上海市大数据中心安全监测监管平台建设项目"]
    assert [(p.label, p.full_amount) for p in year.policies] == [("政务云安全要求", Decimal(3019300)), ("沪府令9号", Decimal(3019300))]
    assert len(build(store, department="上海市大数据中心", year=2023).policies) == 41


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"policy": "沪委办〔2099〕1号"}, "no policy document 沪委办〔2099〕1号"),
        ({"policy": "不存在的办法"}, "no policy document titled"),
        ({"project": "不存在的项目"}, "no project named"),
        ({"department": "上海市财政局", "year": 2019}, "no project of 上海市财政局"),
    ],
)
def test_unknown_scope_is_a_clear_error(store: GraphStore, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ReportError, match=message):
        build(store, **kwargs)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- the HTML file


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []
        self.tags: list[str] = []
        self.ids: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "xlink:href", "action", "data"):
                self.refs.append((tag, name, value or ""))
            if name == "id" and value:
                self.ids.add(value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _page(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def test_html_is_self_contained(whole: TraceReport) -> None:
    html = render(whole, "html")
    page = _page(html)
    assert "script" not in page.tags and "link" not in page.tags and "img" not in page.tags
    assert all(value.startswith("#") for _, _, value in page.refs), page.refs
    assert all(value[1:] in page.ids for _, _, value in page.refs)  # every internal link lands
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in html
    assert "@import" not in html and "url(" not in html
    assert '<meta charset="utf-8">' in html and 'lang="zh-CN"' in html and "@media print" in html
    assert page.tags.count("svg") == 2


def test_html_content(whole: TraceReport) -> None:
    html = render(whole, "html")
    page = _page(html)
    text = "".join(page.text)
    assert html.count('class="policy-row"') == 42
    assert 'id="policy-count">42<' in html and 'id="total-amount">1,361,954,300<' in html
    assert "管理工作经费项目（上海市大数据中心 2023 年，46,637,500 元）" in " ".join(text.split())
    assert "shanghai-bigdata-center-2019-budget.txt 第 401 行" in text
    assert "按规则「标题与有文号文件一致」" in text and "认定为 沪府令9号" in text
    assert 'id="cov-numbered">53 / 58<' in html and 'id="cov-justified">7 / 8<' in html
    assert "沪审改办发" in text and "沪肺炎防控办" in text


def test_every_policy_statement_cites_a_source(whole: TraceReport) -> None:
    markdown = render(whole, "markdown")
    for policy in whole.policies:
        for citation in policy.citations:
            assert f"{citation.source.file} line {citation.source.line}" in markdown


def test_cli_report_writes_the_file(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert runner.invoke(app, ["load", str(SAMPLE_DIR), "--store", str(store)]).exit_code == 0
    out = tmp_path / "trace.html"
    result = runner.invoke(app, ["report", "trace", "--policy", "沪委办【2021】15号", "--format", "html", "-o", str(out), "--store", str(store)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "2023年数字化建设项目" in html and "2023年数字化运维及综合保障项目" in html and "722,781,800" in html
    result = runner.invoke(app, ["report", "trace", "--format", "json", "--store", str(store)])
    assert result.exit_code == 0 and json.loads(result.stdout)["policy_count"] == 42
    missing = runner.invoke(app, ["report", "trace", "--policy", "沪委办〔2099〕1号", "--store", str(store)])
    assert missing.exit_code == 2 and "no policy document" in missing.output
    bad = runner.invoke(app, ["report", "trace", "--format", "pdf", "--store", str(store)])
    assert bad.exit_code == 2
