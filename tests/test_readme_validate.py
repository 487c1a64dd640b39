"""The README's validation section runs as documented.

* The Python example between ``<!-- validate-example:start -->`` and
  ``<!-- validate-example:end -->`` is run from the repository root, and must print
  exactly the ``text`` block that follows it.
* Every ``console`` block between ``<!-- validate-cli:start -->`` and
  ``<!-- validate-cli:end -->`` is replayed: each ``$ aikg validate ...`` must print
  the lines under it and exit with the status its ``$ echo $?`` shows. The files
  they read are the ``turtle`` blocks marked ``validate-broken-file`` (``broken.ttl``)
  and ``validate-bad-file`` (``bad.ttl``).
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from aikg.cli_validate import main

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"


def _section(text: str, name: str) -> list[str]:
    blocks = re.findall(rf"<!-- {name}:start -->\n(.*?)<!-- {name}:end -->", text, flags=re.S)
    return blocks


def _fenced(block: str, language: str) -> str:
    match = re.search(rf"```{language}\n(.*?)```", block, flags=re.S)
    assert match, f"no ```{language} block in {block[:80]!r}"
    return match.group(1)


@pytest.fixture(scope="module")
def readme() -> str:
    text = README.read_text(encoding="utf-8") if README.is_file() else ""
    if "<!-- validate-example:start -->" not in text:
        pytest.fail(
            "README.md has no validation section: it needs the markers validate-example, "
            "validate-cli, validate-broken-file and validate-bad-file (see this module's docstring)"
        )
    return text


def test_python_example_prints_its_documented_output(readme: str) -> None:
    (block,) = _section(readme, "validate-example")
    code = _fenced(block, "python")
    after = readme.split("<!-- validate-example:end -->", 1)[1]
    expected = _fenced(after, "text")
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=600
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == expected


def _sessions(readme: str) -> list[tuple[list[str], str, int]]:
    sessions = []
    for block in _section(readme, "validate-cli"):
        text = _fenced(block, "console")
        parts = re.split(r"^\$ ", text, flags=re.M)[1:]
        for command, status in zip(parts[::2], parts[1::2], strict=True):
            line, _, output = command.partition("\n")
            assert line.startswith("aikg validate"), line
            assert status.startswith("echo $?\n"), status
            sessions.append((shlex.split(line)[2:], output, int(status.split("\n")[1])))
    return sessions


def test_cli_examples_print_their_documented_output(
    readme: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (broken,) = _section(readme, "validate-broken-file")
    (bad,) = _section(readme, "validate-bad-file")
    (tmp_path / "broken.ttl").write_text(_fenced(broken, "turtle"), encoding="utf-8")
    (tmp_path / "bad.ttl").write_text(_fenced(bad, "turtle"), encoding="utf-8")
    (tmp_path / "ontology").symlink_to(REPO / "ontology")
    monkeypatch.chdir(tmp_path)
    sessions = _sessions(readme)
    assert len(sessions) >= 3
    for argv, expected, status in sessions:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
        assert out.getvalue() + err.getvalue() == expected, argv
        assert code == status, argv
