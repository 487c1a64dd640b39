"""The three ``aikg ask`` examples of README.md print exactly what the README shows.

Each ```console block between ``<!-- ask-example:start -->`` and
``<!-- ask-example:end -->`` holds ``$ aikg …`` lines, each followed by its
output; every command is run through ``aikg.cli.main`` and compared.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from pathlib import Path

import pytest

from aikg.cli import main as aikg_main

README = Path(__file__).resolve().parent.parent / "README.md"
_CONSOLE = re.compile(r"^```console\n(.*?)^```$", re.M | re.S)


def ask_examples(text: str) -> list[tuple[str, str]]:
    """(command line, shown output) for every ``$ aikg`` line in the marked regions."""
    regions = re.findall(r"<!-- ask-example:start -->(.*?)<!-- ask-example:end -->", text, re.S)
    examples: list[tuple[str, str]] = []
    for region in regions:
        for block in _CONSOLE.findall(region):
            command: str | None = None
            output: list[str] = []
            for line in block.splitlines(keepends=True):
                if line.startswith("$ "):
                    if command is not None:
                        examples.append((command, "".join(output)))
                    command, output = line[2:].strip(), []
                else:
                    output.append(line)
            if command is not None:
                examples.append((command, "".join(output)))
    return examples


def _readme_examples() -> list[tuple[str, str]]:
    return ask_examples(README.read_text(encoding="utf-8")) if README.is_file() else []


def test_the_readme_shows_three_ask_examples() -> None:
    examples = _readme_examples()
    asks = [command for command, _ in examples if command.startswith("aikg ask ")]
    assert len(asks) >= 3, (
        "README.md needs three `aikg ask` examples with their output between "
        "<!-- ask-example:start --> and <!-- ask-example:end --> (not merged yet?)"
    )


@pytest.mark.parametrize(
    ("command", "shown"), _readme_examples() or [("", "")], ids=lambda v: v[:60] or "none"
)
def test_readme_ask_example_prints_what_the_readme_shows(command: str, shown: str) -> None:
    if not command:
        pytest.fail("README.md has no <!-- ask-example:start --> … <!-- ask-example:end --> section")
    argv = shlex.split(command)
    assert argv[0] == "aikg", f"an example must run aikg: {command!r}"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = aikg_main(argv[1:])
    assert code == 0
    assert printed.getvalue() == shown


def test_the_extractor_splits_commands_and_outputs() -> None:
    text = (
        "<!-- ask-example:start -->\n```console\n$ aikg ask CQ-01\na\nb\n$ aikg questions\nc\n```\n"
        "<!-- ask-example:end -->\n"
    )
    assert ask_examples(text) == [("aikg ask CQ-01", "a\nb\n"), ("aikg questions", "c\n")]
