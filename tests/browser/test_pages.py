"""The graph browser in real headless Chromium, asserting what a person sees."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect


def test_start_page_lists_documents_and_policies(page: Page) -> None:
    page.goto("/")
    expect(page.locator("h1")).to_have_text("部门预算知识图谱")
    rows = page.locator("section", has_text="预算公开文件").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("上海市大数据中心")
    expect(rows.nth(0)).to_contain_text("2019年")
    expect(rows.nth(1)).to_contain_text("2023年")
    expect(page.locator("ol.policies li").first).to_contain_text("个项目")


@pytest.mark.parametrize("typed", ["沪委办[2021]15号", "沪委办（2021）15号", "沪委办【2021】15号"])
def test_search_any_bracket_finds_the_policy_and_its_page_adds_up(page: Page, typed: str) -> None:
    page.goto("/")
    page.locator("form.search.big input").fill(typed)
    page.locator("form.search.big button").click()
    group = page.locator("section.result-group", has_text="政策文件")
    expect(group.locator("h2")).to_contain_text("政策文件")
    group.locator("a", has_text="沪委办〔2021〕15号").first.click()
    expect(page.locator("h1")).to_have_text("关于推进市政府各部门信息化职能整合优化工作的实施方案")
    expect(page.locator("dd.total")).to_have_text("722,781,800 元")
    projects = page.locator("table.citing-projects tbody tr")
    expect(projects).to_have_count(2)
    expect(projects.nth(0)).to_contain_text("2023年数字化建设项目")
    expect(projects.nth(0)).to_contain_text("333,498,400 元")
    expect(page.locator("table.citing-projects tfoot")).to_contain_text("722,781,800 元")
    expect(page.locator(".incoming-group h3", has_text="立项依据")).to_contain_text("被 2 个项目通过「立项依据」引用")


def test_search_groups_results_by_kind(page: Page) -> None:
    page.goto("/search?q=数据")
    kinds = page.locator("section.result-group h2")
    expect(kinds.first).to_be_visible()
    texts = kinds.all_inner_texts()
    assert any(t.startswith("政策文件") for t in texts) and any(t.startswith("项目") for t in texts)
    assert texts.index(next(t for t in texts if t.startswith("政策文件"))) < texts.index(next(t for t in texts if t.startswith("项目")))


def test_search_without_hits_says_so(page: Page) -> None:
    page.goto("/search?q=不存在的文件名称")
    expect(page.locator("p.empty")).to_contain_text("没有找到")


def test_project_page_parts_policies_and_source_lines(page: Page) -> None:
    page.goto("/search?q=数据运营项目")
    page.locator("section.result-group", has_text="项目").locator("a", has_text=re.compile("^数据运营项目$")).click()
    expect(page.locator("h1")).to_have_text("数据运营项目")
    expect(page.locator("dl.summary dd.total")).to_contain_text("119,624,400 元")
    expect(page.locator("dl.summary dd.total")).to_contain_text("11962.44 万元")
    basis = page.locator("ol.basis > li")
    expect(basis).to_have_count(4)
    expect(basis.nth(2)).to_contain_text("沪府办〔2021〕18号")
    expect(page.locator("section.part h3").first).to_contain_text("项目概述")
    page.locator("a.source-link").click()
    expect(page.locator("h1")).to_contain_text("shanghai-bigdata-center-2023-budget.txt")
    highlighted = page.locator("pre.source-lines .line.hl")
    expect(highlighted.first).to_contain_text("数据运营项目")
    numbers = [int(i[1:]) for i in highlighted.evaluate_all("els => els.map(e => e.id)")]
    assert numbers[0] == 346 and numbers[-1] <= 401 and len(numbers) > 20  # blank lines are not numbered


def test_department_year_tables_and_code_tree(page: Page) -> None:
    page.goto("/")
    page.locator("section", has_text="预算公开文件").locator("tbody tr").nth(1).locator("a", has_text="2023年").click()
    expect(page.locator("h1")).to_have_text("上海市大数据中心 2023年部门预算")
    tree = page.locator("ul.tree").first
    expect(tree).to_contain_text("2010350 事业运行")
    expect(tree.locator("li", has_text="2010350").last).to_contain_text("1,486,109,040 元")
    table = page.locator("section.budget-table", has_text="一般公共预算支出功能分类预算表")
    header = table.locator("thead th").all_inner_texts()
    assert header[-3:] == ["合计", "基本支出", "项目支出"]  # the template's column order
    row = table.locator("tbody tr", has_text="201 03 50")
    expect(row).to_contain_text("事业运行")  # the code's 2023 name where the row's own was not read
    expect(row).to_contain_text("1,486,109,040")
    expect(row).to_contain_text("154,868,965")
    expect(page.locator("table.projects tbody tr")).to_have_count(7)


def test_code_page_amounts_across_years(page: Page) -> None:
    page.goto("/id/code/func/2010350")
    expect(page.locator("h1")).to_have_text("2010350 事业运行")
    table = page.locator("table.code-amounts")
    expect(table.locator("thead")).to_contain_text("2019年")
    expect(table.locator("thead")).to_contain_text("2023年")
    row = table.locator("tbody tr", has_text="部门支出预算总表").filter(has_text="合计")
    expect(row).to_contain_text("287,858,877")
    expect(row).to_contain_text("1,486,109,040")


def test_neighbourhood_graph_expands_on_click(page: Page) -> None:
    page.goto("/graph?iri=https://w3id.org/budgetkg/id/policy/沪委办〔2021〕15号")
    graph = page.locator("#graph")
    expect(graph).to_have_attribute("data-nodes", re.compile(r"\d+"))
    before = int(graph.get_attribute("data-nodes") or 0)
    assert before >= 3  # the policy, its two projects (and their citations)
    position = page.evaluate(
        """() => { const n = window.budgetkgGraph.nodes().filter(n => n.data('label') === '2023年数字化建设项目')[0];
                  const p = n.renderedPosition(); const box = document.getElementById('graph').getBoundingClientRect();
                  return {x: box.left + p.x, y: box.top + p.y}; }"""
    )
    page.mouse.click(position["x"], position["y"])
    expect(graph).not_to_have_attribute("data-nodes", str(before))
    after = int(graph.get_attribute("data-nodes") or 0)
    assert after > before
    assert page.evaluate("() => window.budgetkgGraph.nodes().some(n => n.data('label') === '上海市大数据中心')")


def test_resource_page_shows_formatted_literals_and_labels(page: Page) -> None:
    page.goto("/id/doc/上海市大数据中心/2019/部门预算/project/1")
    props = page.locator("table.props")
    expect(props.locator("tr", has_text="年度预算安排（元）")).to_contain_text("3,019,300 元")
    expect(props.locator("tr", has_text="预算年度")).to_contain_text("2019年")
    expect(props.locator("tr", has_text="立项依据").locator("a").first).to_be_visible()
    expect(page.locator(".kinds")).to_contain_text("项目")
    indicators = page.locator("table.indicators tbody tr")
    expect(indicators).to_have_count(7)
    expect(indicators.first).to_contain_text("产出目标")


def test_unknown_iri_is_a_404_page(page: Page) -> None:
    response = page.goto("/id/policy/不存在")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("错误 404")


def test_sparql_editor_runs_a_named_example_and_shows_errors(page: Page) -> None:
    page.goto("/editor")
    page.locator("#example").select_option("projects-citing-policy")
    expect(page.locator("#query")).to_have_value(re.compile("bkg:justifiedBy"))
    page.locator("#params input[name=docNumber]").fill("沪委办〔2021〕15号")
    page.locator("#run").click()
    expect(page.locator("#results tbody tr")).to_have_count(2)
    expect(page.locator("#status")).to_have_text("2 行")
    page.locator("#example").select_option("")
    page.locator("#params").evaluate("e => e.innerHTML = ''")
    page.locator("#query").fill("SELECT * WHERE { ?s ?p }")
    page.locator("#run").click()
    expect(page.locator("#status")).to_have_text("错误 400")
    expect(page.locator("#results pre")).to_contain_text("syntax error")


def test_named_query_results_page_through(page: Page) -> None:
    page.goto("/queries/spending-by-function?rows=10")
    count = page.locator("p.count")
    expect(count).to_contain_text("第 1–10 行")
    total = int(re.search(r"([\d,]+) 行", count.inner_text()).group(1).replace(",", ""))  # type: ignore[union-attr]
    rows = page.locator("table.results tbody tr")
    expect(rows).to_have_count(10)
    first_page = rows.all_inner_texts()
    page.locator("nav.pager").first.get_by_text("下一页").click()
    expect(page).to_have_url(re.compile(r"\?rows=10&page=2$"))
    expect(count).to_contain_text("第 11–20 行")
    expect(rows).to_have_count(10)
    assert rows.all_inner_texts() != first_page
    page.locator("nav.pager").first.get_by_text("末页").click()
    expect(rows).to_have_count(total - 10 * ((total - 1) // 10))
    expect(page.locator("nav.pager").first.get_by_text("下一页")).to_have_count(0)
    page.locator("nav.pager").first.get_by_text("首页").click()
    expect(rows).to_have_count(10)
    assert rows.all_inner_texts() == first_page


def test_chinese_font_installed() -> None:
    """Without a CJK font Chromium draws boxes; the set-up installs fonts-wqy-microhei."""
    found = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=True).stdout
    assert found.strip(), "no Chinese font: run scripts/setup-browser.sh"


def test_screenshots_command(sample_store: Path, tmp_path: Path) -> None:
    # The documented command, in its own process (Playwright's sync API runs one per thread).
    command = [str(Path(sys.executable).parent / "budgetkg"), "screenshots", "--store", str(sample_store), "-o", str(tmp_path), "--sources", "examples/samples"]
    result = subprocess.run(command, check=False, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    shots = sorted(p.name for p in tmp_path.glob("*.png"))
    assert shots == sorted(f"{n}.png" for n in ("start", "search", "policy", "project", "department-year", "code", "graph", "editor"))
    assert all((tmp_path / s).stat().st_size > 20_000 for s in shots)
