"""``aikg validate``: arguments, exit codes, formats, output files, error positions."""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from aikg import cli_validate
from aikg.cli_validate import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, main, register

REPO = Path(__file__).resolve().parent.parent
TEMPLATE = REPO / "ontology" / "templates" / "new-jurisdiction.ttl"
FIXTURES = REPO / "tests" / "shapes"
BROKEN = FIXTURES / "S03-invalid-01.ttl"  # an instrument with no jurisdiction


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_register_wires_a_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser(prog="aikg")
    commands = parser.add_subparsers(dest="command", required=True)
    sub = register(commands)
    assert isinstance(sub, argparse.ArgumentParser)
    args = parser.parse_args(["validate", "--no-shipped", "--format", "json", str(TEMPLATE)])
    assert args.handler is cli_validate.run
    assert args.files == [TEMPLATE] and args.shipped is False and args.format == "json"
    assert args.profile == "full" and args.fail_on == "violation"
    assert args.handler(args) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert data["conforms"] is True and data["findings"] == []


def test_help_documents_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    for option in ("--profile", "--format", "--fail-on", "--shipped", "--no-shipped", "--output", "--show"):
        assert option in out
    assert "exit status: 0" in out and "2 bad input" in out


def test_template_conforms_with_the_shipped_graph(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, str(TEMPLATE))
    assert code == EXIT_OK, out + err
    assert out.startswith("aikg validate: profile full + ")
    assert "\nViolations: 0\n" in out and "\nWarnings: " in out  # the study's gaps are still reported
    assert "(--fail-on violation)" in out.splitlines()[-1] and ": ok " in out.splitlines()[-1]
    assert err == ""


def test_violations_table_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "--no-shipped", str(BROKEN))
    assert code == EXIT_FINDINGS, out + err
    assert "Violations: 1 in 1 resource(s)" in out
    lines = out.splitlines()
    heading = next(i for i, line in enumerate(lines) if line.startswith("  ex:law"))
    assert re.match(r"^    shape\s+path\s+value\s+message$", lines[heading + 1])
    assert re.match(
        r"^    S03-jurisdiction\s+aikg:hasJurisdiction\s+-\s+An instrument belongs", lines[heading + 2]
    )
    assert lines[-1].endswith("FAIL (--fail-on violation)")


def test_fail_on(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "--no-shipped", "--fail-on", "none", str(BROKEN))[0] == EXIT_OK
    # Only gap warnings: they fail the run only with --fail-on warning.
    assert _run(capsys, "--profile", "study")[0] == EXIT_OK
    code, out, _ = _run(capsys, "--profile", "study", "--fail-on", "warning", "--show", "warning")
    assert code == EXIT_FINDINGS and "    G01  " in out and "Infos" not in out


def test_json_and_turtle_formats(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--no-shipped", "--format", "json", str(BROKEN))
    assert code == EXIT_FINDINGS
    data = json.loads(out)
    assert [(f["constraint"], f["resource"]) for f in data["findings"]] == [
        ("S03-jurisdiction", "https://example.org/aikg-test/law")
    ]
    code, out, _ = _run(capsys, "--no-shipped", "--format", "turtle", str(BROKEN))
    assert code == EXIT_FINDINGS
    assert list(ox.parse(out.encode("utf-8"), ox.RdfFormat.TURTLE))
    assert "sh:ValidationReport" in out and "sh:conforms false" in out
    code2, out2, _ = _run(capsys, "--no-shipped", "--format", "turtle", str(BROKEN))
    assert out2 == out  # deterministic


def test_output_file_is_written_atomically(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "reports" / "report.ttl"
    code, out, err = _run(capsys, "--no-shipped", "--format", "turtle", "--output", str(target), str(BROKEN))
    assert code == EXIT_FINDINGS and out == ""
    assert f"wrote {target}" in err
    assert target.read_text(encoding="utf-8").startswith("# SHACL validation report of aikg")
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.ttl"]  # no temporary file left


def test_output_never_overwrites_an_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mine = tmp_path / "mine.ttl"
    mine.write_bytes(TEMPLATE.read_bytes())
    code, _out, err = _run(capsys, "--output", str(mine), str(mine))
    assert code == EXIT_BAD_INPUT and "never modifies your files" in err
    assert mine.read_bytes() == TEMPLATE.read_bytes()


def test_nothing_is_written_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "mine.ttl"
    mine.write_bytes(BROKEN.read_bytes())
    monkeypatch.chdir(tmp_path)
    _run(capsys, "--no-shipped", "--format", "turtle", str(mine))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.ttl"]


def test_syntax_error_is_file_line_column_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <https://example.org/> .\n\nex:a ex:b "no end .\n', encoding="utf-8")
    code, out, err = _run(capsys, str(bad))
    assert code == EXIT_BAD_INPUT and out == ""
    assert re.match(rf"^{re.escape(str(bad))}:3:\d+: \S", err), err


def test_rdf_xml_error_has_xml_positions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.rdf"
    bad.write_text(
        '<?xml version="1.0"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n  <unclosed>\n</rdf:RDF>\n',
        encoding="utf-8",
    )
    code, _out, err = _run(capsys, str(bad))
    assert code == EXIT_BAD_INPUT
    assert re.match(rf"^{re.escape(str(bad))}:4:\d+: ", err), err


def test_other_bad_inputs_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("x", encoding="utf-8")
    code, _out, err = _run(capsys, str(notes))
    assert code == EXIT_BAD_INPUT and "unknown RDF file extension '.txt'" in err
    code, _out, err = _run(capsys, str(tmp_path / "absent.ttl"))
    assert code == EXIT_BAD_INPUT and err.strip().endswith("no such file")
    with pytest.raises(SystemExit) as exited:
        main(["--format", "xml"])
    assert exited.value.code == 2


def test_runs_as_a_module(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "aikg.cli_validate", "--no-shipped", str(BROKEN)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )
    assert completed.returncode == EXIT_FINDINGS, completed.stderr
    assert "S03-jurisdiction" in completed.stdout and completed.stderr == ""
