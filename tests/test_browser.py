"""The query page of ``aikg serve`` in headless Chromium: it loads with no console error,
offers the competency questions, runs one and shows its rows, and asks nothing of
any other host."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import PageProbe
from netguard import canary_fixture  # noqa: F401
from test_serve import Server, start_server, stop_server

from aikg.api import ask
from aikg.cq import load_catalogue


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    running = start_server("--profile", "full", "--timeout", "10")
    yield running
    stop_server(running)


def test_the_query_page_runs_an_example_question(server: Server, page: PageProbe, tmp_path: Path) -> None:
    page.goto(server.url + "/")
    options = page.locator("#example option")
    options.nth(len(load_catalogue())).wait_for(state="attached", timeout=15_000)
    assert options.count() == 1 + len(load_catalogue())

    page.select_option("#example", "CQ-13")
    assert "CQ-13" in page.input_value("#query") or "binding" in page.input_value("#query").lower()
    assert page.text_content("#example-question")
    page.click("#run")
    page.wait_for_selector("#results table tbody tr", timeout=20_000)
    rows = page.locator("#results table tbody tr").count()
    assert rows == len(ask("CQ-13").rows)
    headers = [h.strip() for h in page.locator("#results table th").all_text_contents()]
    assert tuple(headers) == ask("CQ-13").variables
    assert page.text_content("#status").startswith(f"{rows} row")
    assert "aikgd:EU" in page.text_content("#results")
    page.screenshot(path=str(tmp_path / "query-page.png"), full_page=True)

    assert page.console_errors == []
    assert all(url.startswith(server.url) or url.startswith("data:") for url in page.requests), page.requests


def test_a_refused_query_shows_the_servers_message(server: Server, page: PageProbe) -> None:
    page.goto(server.url + "/")
    page.fill("#query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }")
    page.click("#run")
    page.wait_for_selector("#status.error", timeout=15_000)
    assert "400" in page.text_content("#status") and "SERVICE" in page.text_content("#status")
    assert all(url.startswith(server.url) or url.startswith("data:") for url in page.requests)
