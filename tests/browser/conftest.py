from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from budgetkg.server.screenshots import launch


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium (scripts/setup-browser.sh installs it), headless."""
    with sync_playwright() as pw:
        chromium = launch(pw)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    """A fresh page that fails the test on any request leaving the server (no CDN, no network)."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}, base_url=server)
    outside: list[str] = []
    errors: list[str] = []

    def on_request(request: Any) -> None:
        if not request.url.startswith(server) and not request.url.startswith("data:"):
            outside.append(request.url)

    context.on("request", on_request)
    tab = context.new_page()
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert not outside, f"pages fetched from outside the server: {outside}"
    assert not errors, f"script errors on the page: {errors}"
