"""docs/questions.md is generated from the catalogue: regenerate it and fail on any difference."""

from __future__ import annotations

import difflib
from pathlib import Path

from aikg.docs.questions import render

PAGE = Path(__file__).resolve().parent.parent / "docs" / "questions.md"


def test_questions_page_is_up_to_date() -> None:
    generated = render()
    committed = PAGE.read_text(encoding="utf-8") if PAGE.is_file() else ""
    if generated != committed:
        diff = "".join(
            list(
                difflib.unified_diff(
                    committed.splitlines(keepends=True),
                    generated.splitlines(keepends=True),
                    "docs/questions.md (committed)",
                    "docs/questions.md (generated)",
                )
            )[:60]
        )
        raise AssertionError(f"docs/questions.md is out of date; run `aikg docs`:\n{diff}")


def test_every_question_is_on_the_page() -> None:
    from aikg.cq import load_catalogue

    text = render()
    for question in load_catalogue():
        assert f'<a id="{question.id.lower()}"></a>' in text
        assert f"## {question.id} — {question.title}" in text
    assert "How outside facts and reasoning may change an answer" in text
