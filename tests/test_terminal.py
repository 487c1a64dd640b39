"""The terminal experience, as a newcomer sees it: aikg driven in a real tmux pane.

Each test types a command into an 80×24 pane (``send-keys``) and reads the
screen (``capture-pane``), so what is asserted is what a person would see:
the command list, suggestions for typos, a date error that says it wanted a
date, a spinner while the main job runs, and the last line saying where the
products are. Output piped to a file carries no progress at all. tmux is
installed by ``.ci/install-tmux.sh``; without it the tests skip (fail under
``CI=true``).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

AIKG = [sys.executable, "-m", "aikg"]
DONE = "__aikg_done__"


class Pane:
    """One detached tmux session with a shell, 80 columns by 24 lines."""

    def __init__(self, name: str) -> None:
        self.name = name

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True, timeout=30).stdout

    def type(self, command: str) -> None:
        self.tmux("send-keys", "-t", self.name, "clear", "Enter")
        self.tmux("send-keys", "-t", self.name, "-l", f"{command}; echo {DONE}$?")
        self.tmux("send-keys", "-t", self.name, "Enter")

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-J", "-S", "-2000", "-t", self.name)

    def wait(self, timeout: float = 300.0, *, watch: list[str] | None = None) -> tuple[str, int]:
        """Wait for the command to finish; return the screen and the exit code.

        *watch* collects every distinct screen seen while it runs (to catch a spinner).
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.screen()
            if watch is not None and (not watch or watch[-1] != text):
                watch.append(text)
            for line in text.splitlines():
                if line.startswith(DONE):
                    return text, int(line[len(DONE) :].strip() or "0")
            time.sleep(0.2)
        raise AssertionError(f"timed out; the screen shows:\n{self.screen()}")


@pytest.fixture(scope="module")
def pane(tmp_path_factory: pytest.TempPathFactory, need_tool: Callable[[str, str], str]) -> Iterator[Pane]:
    need_tool("tmux", "the terminal tests drive aikg in a tmux pane (.ci/install-tmux.sh installs it)")
    name = f"aikg-test-{uuid.uuid4().hex[:8]}"
    home = tmp_path_factory.mktemp("term")
    env_path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    subprocess.run(
        [
            "tmux",
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            "80",
            "-y",
            "24",
            "-c",
            str(home),
            "env",
            f"PATH={env_path}",
            "TERM=xterm-256color",
            "PS1=$ ",
            "bash",
            "--norc",
            "--noprofile",
        ],
        check=True,
        timeout=30,
    )
    try:
        yield Pane(name)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], check=False, timeout=30)


def _aikg(*args: str) -> str:
    return " ".join(shlex.quote(a) for a in [*AIKG, *args])


def test_aikg_alone_lists_its_commands(pane: Pane) -> None:
    pane.type(_aikg())
    screen, code = pane.wait(60)
    assert code == 0
    for command in ("report", "ask", "questions", "validate", "check"):
        assert f"    {command}" in screen


def test_a_mistyped_command_gets_a_suggestion(pane: Pane) -> None:
    pane.type(_aikg("reprot"))
    screen, code = pane.wait(60)
    assert code == 2
    assert "unknown command 'reprot'. Did you mean 'report'?" in screen


def test_a_mistyped_question_gets_a_suggestion(pane: Pane) -> None:
    pane.type(_aikg("ask", "CQ-1e"))
    screen, code = pane.wait(120)
    assert code != 0
    assert "unknown question 'CQ-1e'. Did you mean" in screen


def test_a_bad_date_says_it_expected_a_date(pane: Pane) -> None:
    pane.type(_aikg("ask", "CQ-14", "--date", "2024-13-01"))
    screen, code = pane.wait(60)
    assert code == 2
    assert "expected a date YYYY-MM-DD, got '2024-13-01'" in screen


def test_the_main_job_shows_progress_and_ends_saying_where_the_products_are(
    pane: Pane, tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    pane.type(_aikg("report", "--out", str(out)) + " | tail -n 3")
    # Standard output goes to tail; progress is on standard error, the terminal.
    seen: list[str] = []
    screen, code = pane.wait(600, watch=seen)
    assert code == 0, screen
    spinning = [s for s in seen if "loading the full profile" in s or "checking:" in s]
    assert spinning, "no progress was ever on the screen"
    # (A step shorter than the spinner's delay leaves no line; these two never are.)
    assert f"✓ writing the products into {out}" in screen
    assert "✓ checking: SHACL shapes, HermiT, OWL 2 DL profile" in screen
    shown = [
        line for line in screen.splitlines() if line.strip() not in ("", "$") and not line.startswith(DONE)
    ]
    last = shown[-1]
    assert last.startswith("Checks: clean. Products: ") and str(out) in last
    assert last.endswith(f"Report: {out}/report/report.html")


def test_output_that_is_not_a_terminal_carries_no_progress(pane: Pane, tmp_path: Path) -> None:
    log = tmp_path / "all.txt"
    pane.type(_aikg("summary") + f" > {shlex.quote(str(log))} 2>&1")
    _, code = pane.wait(120)
    assert code == 0
    text = log.read_text(encoding="utf-8")
    assert text.startswith("aikg summary: full")
    assert "✓" not in text and "loading the" not in text


def test_quiet_and_verbose(pane: Pane, tmp_path: Path) -> None:
    quiet, verbose = tmp_path / "quiet.err", tmp_path / "verbose.err"
    pane.type(_aikg("summary", "-q") + f" > /dev/null 2> {shlex.quote(str(quiet))}")
    assert pane.wait(120)[1] == 0
    pane.type(_aikg("-v", "summary") + f" > /dev/null 2> {shlex.quote(str(verbose))}")
    assert pane.wait(120)[1] == 0
    assert quiet.read_text(encoding="utf-8") == ""
    lines = verbose.read_text(encoding="utf-8").splitlines()
    assert "aikg: loading the full profile …" in lines
    assert any(line.startswith("aikg: loading the full profile: done in ") for line in lines)
