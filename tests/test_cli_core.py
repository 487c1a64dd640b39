"""The ``aikg`` command: exit codes, error format, no partial output; and the summary."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import aikg
from aikg import _java
from aikg.cli import main
from aikg.errors import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BAD = FIXTURES / "bad"
NO_JAVA_CHECKS = ["--skip", "reason", "--skip", "profile"]


def _run(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aikg", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )


def test_version_comes_from_the_package_metadata(capsys: pytest.CaptureFixture[str]) -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", aikg.__version__)
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"aikg {aikg.__version__}"


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "aikg"
    if not script.exists():
        script = Path(shutil.which("aikg") or "")
    assert script.is_file(), "the `aikg` console script is not installed (pip install -e .)"
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("aikg ")


def test_check_without_java_checks_is_clean_on_the_shipped_graph(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", *NO_JAVA_CHECKS]) == EXIT_OK
    out = capsys.readouterr().out
    assert "result: clean" in out
    assert "PASS   shapes" in out and "SKIP   reason" in out


def test_syntax_error_exits_2_with_file_line_column_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    for command in (["build", "--out", str(out)], ["report", "--out", str(out)], ["check"], ["summary"]):
        result = _run(*command, env={"AIKG_ONTOLOGY_DIR": str(BAD / "syntax-error")})
        assert result.returncode == EXIT_BAD_INPUT, command
        broken = BAD / "syntax-error" / "broken.ttl"
        assert result.stderr.strip() == f"{broken}:7:1: A dot is expected at the end of statements"
        assert result.stdout == ""
        assert not out.exists(), command


def test_unknown_import_exits_2(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIKG_ONTOLOGY_DIR", str(BAD / "unknown-import"))
    assert main(["check"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    root = BAD / "unknown-import" / "kb-full.ttl"
    assert err.startswith(f"{root}:4:17: owl:imports <https://example.org/aikg-test/not-in-catalog>")


def test_findings_exit_1(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIKG_ONTOLOGY_DIR", str(BAD / "findings"))
    assert main(["check", *NO_JAVA_CHECKS]) == EXIT_FINDINGS
    assert "result: FAILED" in capsys.readouterr().out


def test_orphan_file_exits_1(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIKG_ONTOLOGY_DIR", str(BAD / "orphan"))
    assert main(["check", *NO_JAVA_CHECKS, "--skip", "shapes"]) == EXIT_FINDINGS
    assert "forgotten.ttl is imported by nothing" in capsys.readouterr().out


def test_a_check_that_cannot_run_is_not_clean(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_java, "find_java", lambda: None)
    assert main(["check", "--profile", "tbox", "--skip", "orphans", "--skip", "shapes"]) == EXIT_FINDINGS
    out = capsys.readouterr().out
    assert "ERROR  reason    could not run: java not found" in out
    assert "ERROR  profile   could not run: java not found" in out


def test_build_writes_into_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--profile", "tbox", "--out", str(tmp_path)]) == EXIT_OK
    formats = ("jsonld", "nq", "nt", "rdf", "trig", "ttl")
    expected = [
        "aikg-context.jsonld",
        "aikg-shapes.ttl",
        *(f"aikg-tbox.{f}" for f in formats),
        "aikg-void.ttl",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == expected
    assert "wrote" in capsys.readouterr().out


def test_report_is_the_main_job(java: str, tmp_path: Path) -> None:
    result = _run("report", "--out", str(tmp_path / "dist"))
    assert result.returncode == EXIT_OK, result.stdout + result.stderr
    assert "result: clean" in result.stdout
    for check in ("parse", "orphans", "shapes", "reason", "profile"):
        assert re.search(rf"PASS\s+{check}\b", result.stdout), check
    assert "aikg summary: full" in result.stdout
    assert (tmp_path / "dist" / "aikg-full.ttl").is_file()
    assert (tmp_path / "dist" / "aikg-full.nt").is_file()


# --------------------------------------------------------------------------- summary


def test_summary_command_is_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary"]) == EXIT_OK
    first = capsys.readouterr().out
    assert main(["summary"]) == EXIT_OK
    assert capsys.readouterr().out == first
    assert re.search(r"^triples: \d+$", first, re.MULTILINE)
