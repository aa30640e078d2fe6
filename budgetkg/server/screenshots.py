"""Screenshots of the main pages in headless Chromium (Debian's, never a downloaded one)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from budgetkg.server import urls
from budgetkg.server.running import running_server

# Chromium on a machine without a network or a display: no sandbox (root in CI),
# no GPU, and none of the background connections a closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch(playwright: Any, executable: str = "/usr/bin/chromium") -> Any:
    """Debian's Chromium, headless, through Playwright.

    :raises FileNotFoundError: no Chromium at ``executable`` (install Debian's chromium).
    """
    if not Path(executable).is_file():
        raise FileNotFoundError(f"no Chromium at {executable}: run scripts/setup-browser.sh (Debian package chromium)")
    return playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)


def main_pages(base: str, first: dict[str, str]) -> list[tuple[str, str]]:
    """(name, URL) of the pages worth a picture, given one IRI of each kind."""
    pages = [("start", base + "/"), ("search", base + urls.search("沪委办[2021]15号"))]
    for kind in ("policy", "project", "department-year", "code"):
        if kind in first:
            pages.append((kind, base + urls.page(first[kind])))
    if "policy" in first:
        pages.append(("graph", base + urls.graph_view(first["policy"])))
    pages.append(("editor", base + urls.EDITOR))
    return pages


def take(store: Path, output: Path, sources: tuple[Path, ...], chromium: str) -> Iterator[Path]:
    from playwright.sync_api import sync_playwright

    output.mkdir(parents=True, exist_ok=True)
    args = [a for s in sources for a in ("--sources", str(s))]
    with running_server(store, *args) as base, sync_playwright() as pw:
        browser = launch(pw, chromium)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        examples = {k.replace("departmentYear", "department-year"): v for k, v in _examples(base).items()}
        for name, url in main_pages(base, examples):
            page.goto(url)
            page.wait_for_load_state("networkidle")
            path = output / f"{name}.png"
            page.screenshot(path=str(path), full_page=name not in ("graph",))
            yield path
        browser.close()


def _examples(base: str) -> dict[str, str]:
    """One IRI of each kind, found through the named query endpoint (no hard-coded data)."""
    import json
    import urllib.parse
    import urllib.request

    from budgetkg.server.pagequeries import page_query

    query = page_query("examples").text
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(base + urls.SPARQL, data=data, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        rows = json.load(response)["results"]["bindings"]
    return {k: v["value"] for k, v in rows[0].items()} if rows else {}
