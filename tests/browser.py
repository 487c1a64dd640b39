"""Headless Chromium driven by Playwright's Python package: a shared harness for page tests.

Debian's ``chromium`` (``/usr/bin/chromium``, or ``$AIKG_CHROMIUM``) is launched with
``executable_path``: Playwright never downloads a browser. The flags keep Chromium
off the network (no background requests, no component updates, no QUIC), as the
machine's notes require. Tests that use :func:`browser` or :func:`page` skip with the
reason when Chromium or Playwright is missing, and fail under ``CI=true``.

Use it from a test module::

    # (conftest.py registers the fixtures browser and page for every module)

    def test_my_page(page):
        page.goto(url)
        assert page.console_errors == []
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

__all__ = ["CHROMIUM", "CHROMIUM_FLAGS", "browser_fixture", "page_fixture", "PageProbe"]

CHROMIUM = Path(os.environ.get("AIKG_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true, so this is a failure, not a skip)")
    pytest.skip(reason)


@pytest.fixture(scope="session", name="browser")
def browser_fixture() -> Iterator[Any]:
    """One headless Chromium for the session."""
    if not CHROMIUM.is_file():
        _missing(f"Chromium not found at {CHROMIUM} (apt-get install chromium; .ci/install-chromium.sh)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright's Python package is not installed (pip install playwright)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True
        )
        try:
            yield launched
        finally:
            launched.close()


class PageProbe:
    """A Playwright page plus what it did: console errors, page errors and every request URL."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.console_errors: list[str] = []
        self.requests: list[str] = []
        page.on(
            "console", lambda message: message.type == "error" and self.console_errors.append(message.text)
        )
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        page.on("request", lambda request: self.requests.append(request.url))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.page, name)


@pytest.fixture(name="page")
def page_fixture(browser: Any) -> Iterator[PageProbe]:
    """A fresh browser context and page (no shared cookies or cache between tests)."""
    context = browser.new_context()
    try:
        yield PageProbe(context.new_page())
    finally:
        context.close()
