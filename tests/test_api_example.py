"""The Python API example of README.md runs and prints what the README shows under it.

The example is the ```python block between ``<!-- api-example:start -->`` and
``<!-- api-example:end -->``; the output is the next fenced block before the
end marker.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.M | re.S)


def api_example(text: str) -> tuple[str, str]:
    """(code, printed output) from the marked region of *text*."""
    match = re.search(r"<!-- api-example:start -->(.*?)<!-- api-example:end -->", text, re.S)
    if match is None:
        pytest.fail(
            "README.md has no <!-- api-example:start --> … <!-- api-example:end --> section "
            "(the Python API example still has to be merged into the README)"
        )
    blocks = _FENCE.findall(match.group(1))
    for index, (language, code) in enumerate(blocks):
        if language == "python":
            if index + 1 >= len(blocks):
                pytest.fail("the README's API example shows no output block after the code")
            return code, blocks[index + 1][1]
    pytest.fail("the README's API example has no ```python block")


def test_readme_api_example_prints_what_the_readme_shows() -> None:
    code, shown = api_example(README.read_text(encoding="utf-8"))
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, f"{README}:api-example", "exec"), {"__name__": "__readme__"})  # noqa: S102
    assert printed.getvalue() == shown


def test_the_extractor_reads_code_and_output() -> None:
    text = (
        "x\n<!-- api-example:start -->\n```python\nprint(1)\n```\n\nprints\n\n"
        "```text\n1\n```\n<!-- api-example:end -->\n"
    )
    assert api_example(text) == ("print(1)\n", "1\n")
