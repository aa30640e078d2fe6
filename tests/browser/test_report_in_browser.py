"""The HTML trace report opened as a file in Chromium, with no network: what a reader sees."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from budgetkg.reports.render import render
from budgetkg.reports.trace import build

from stores import SAMPLES, loaded


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report-browser")
    store = loaded(folder / "store", SAMPLES)
    try:
        html = render(build(store, policy="沪委办〔2021〕15号"), "html")
    finally:
        store.close()
    path = folder / "trace.html"
    path.write_text(html, encoding="utf-8")
    return path


@pytest.fixture
def opened(browser: Browser, report_file: Path) -> Iterator[Page]:
    """The report in a fresh page; fails on any request that is not the file itself."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    outside: list[str] = []

    def on_request(request: Any) -> None:
        if not request.url.startswith(("file://", "data:")):
            outside.append(request.url)

    context.on("request", on_request)
    page = context.new_page()
    page.goto(report_file.as_uri())
    yield page
    context.close()
    assert outside == [], f"the report fetched from the network: {outside}"


def test_the_report_shows_the_two_projects_and_their_total(opened: Page) -> None:
    text = opened.inner_text("body")
    assert "政策溯源报告" in text
    assert "2023年数字化建设项目" in text and "2023年数字化运维及综合保障项目" in text
    assert "722,781,800" in text
    assert "shanghai-bigdata-center-2023-budget.txt" in text


def test_the_charts_are_drawn(opened: Page) -> None:
    charts = opened.locator("figure svg")
    assert charts.count() == 2
    for i in range(2):
        box = charts.nth(i).bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 50
    assert "沪委办〔2021〕15号" in charts.nth(0).inner_html() + charts.nth(1).inner_html()


def test_chinese_is_drawn_with_a_chinese_font(opened: Page) -> None:
    """Without a CJK font every character is the same box (tofu); real glyphs differ from each other."""
    drawn = opened.evaluate(
        """() => {
            const font = '24px ' + getComputedStyle(document.body).fontFamily;
            return ['政', '策', '溯'].map(ch => {
                const canvas = document.createElement('canvas');
                canvas.width = canvas.height = 32;
                const c = canvas.getContext('2d');
                c.font = font;
                c.fillText(ch, 2, 26);
                return Array.from(c.getImageData(0, 0, 32, 32).data).join(',');
            });
        }"""
    )
    assert len(set(drawn)) == 3, "Chinese characters are drawn as identical boxes: no Chinese font"


def test_the_report_prints(opened: Page, tmp_path: Path) -> None:
    pdf = tmp_path / "trace.pdf"
    opened.emulate_media(media="print")
    opened.pdf(path=str(pdf), format="A4")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 20_000
