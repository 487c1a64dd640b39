"""The generated reference pages in docs/ match what the graph says today."""

from __future__ import annotations

from pathlib import Path

import pytest

from aikg.docs import PAGES, render

DOCS = Path(__file__).resolve().parents[1] / "docs"


# questions.md has its own test with a diff (tests/test_questions_doc.py).
@pytest.mark.parametrize("name", sorted(set(PAGES) - {"questions.md"}))
def test_committed_page_is_up_to_date(name: str) -> None:
    committed = (DOCS / name).read_text(encoding="utf-8")
    assert committed == render(name), f"docs/{name} is stale: run `aikg docs` and commit the result"


def test_errata_page_lists_every_erratum() -> None:
    page = render("errata.md")
    for n in range(1, 23):
        assert f"| E{n:02d} |" in page
