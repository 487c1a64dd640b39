"""``aikg validate``: arguments, exit codes, formats, dates, output files, error positions."""

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
from aikg.errors import EXIT_BAD_INPUT as ERRORS_EXIT_BAD_INPUT

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "shapes"
VALID = FIXTURES / "S03-valid.ttl"
BROKEN = FIXTURES / "S03-invalid-01.ttl"  # an instrument with no jurisdiction
GAP = FIXTURES / "G01-invalid-01.ttl"  # a law in force only from January 2025; as of 2024-12-31


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_exit_codes_come_from_the_one_table() -> None:
    assert (EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT) == (0, 1, 2) and EXIT_BAD_INPUT == ERRORS_EXIT_BAD_INPUT


def test_register_wires_a_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser(prog="aikg")
    commands = parser.add_subparsers(dest="command", required=True)
    sub = register(commands)
    assert isinstance(sub, argparse.ArgumentParser)
    args = parser.parse_args(
        ["validate", "--no-shipped", "--format", "json", "--date", "2024-12-31", str(VALID)]
    )
    assert args.handler is cli_validate.run
    assert args.files == [VALID] and args.shipped is False and args.format == "json"
    assert args.profile == "full" and args.fail_on == "violation" and str(args.date) == "2024-12-31"
    assert args.handler(args) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert data["conforms"] is True and data["counts"]["violation"] == 0
    assert data["asOf"] == "2024-12-31" and data["dateGiven"] is True  # a profile was added for the date
    # With a date, the gap shapes run: nothing is declared complete, so the answers are not established.
    assert {(f["shape"], f["resource"]) for f in data["findings"]} == {
        ("G06", "https://example.org/aikg-test/XY")
    }


def test_help_documents_options_and_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    for option in ("--profile", "--format", "--fail-on", "--no-shipped", "--date", "--output", "--show"):
        assert option in out
    assert "exit status: 0" in out and "2 bad input" in out


def test_violations_table_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "--no-shipped", str(BROKEN))
    assert code == EXIT_FINDINGS, out + err
    assert out.startswith("aikg validate: TBox only (--no-shipped) + ")
    assert "Violations: 1 in 1 resource(s)" in out
    lines = out.splitlines()
    heading = next(i for i, line in enumerate(lines) if line.startswith("  ex:law"))
    assert re.match(r"^    shape\s+path\s+value\s+message$", lines[heading + 1])
    assert re.match(
        r"^    S03-jurisdiction\s+aikg:hasJurisdiction\s+-\s+An instrument belongs", lines[heading + 2]
    )
    assert lines[-1].endswith("FAIL (--fail-on violation)") and err == ""
    assert _run(capsys, "--no-shipped", "--fail-on", "none", str(BROKEN))[0] == EXIT_OK


def test_gap_warnings_and_the_date(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--no-shipped", "--fail-on", "warning", "--show", "warning", str(GAP))
    assert code == EXIT_FINDINGS and "    G01  " in out and "aikgv:AIDefinitionTopic" in out
    assert out.splitlines()[0].endswith("; as of 2024-12-31") and "Infos:" not in out
    # On 1 June 2025 the law applies: no gap, whatever --fail-on says.
    code, out, _ = _run(capsys, "--no-shipped", "--fail-on", "warning", "--date", "2025-06-01", str(GAP))
    assert code == EXIT_OK and "as of 2025-06-01 (--date)" in out.splitlines()[0]


@pytest.mark.parametrize("bad", ["2024-13-01", "tomorrow", "2024-12"])
def test_a_bad_date_is_bad_input(capsys: pytest.CaptureFixture[str], bad: str) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--date", bad, str(VALID)])
    assert exited.value.code == EXIT_BAD_INPUT
    assert "expected a date YYYY-MM-DD" in capsys.readouterr().err


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


def test_output_file_is_written_atomically(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "report.ttl"
    code, out, err = _run(capsys, "--no-shipped", "--format", "turtle", "--output", str(target), str(BROKEN))
    assert code == EXIT_FINDINGS and out == ""
    assert f"wrote {target}" in err and "1 violation(s)" in err
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# SHACL validation report of aikg")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.ttl"]  # no temporary file left
    # The same report, to standard output with "-", byte for byte (deterministic).
    code, out, err = _run(capsys, "--no-shipped", "--format", "turtle", "--output", "-", str(BROKEN))
    assert code == EXIT_FINDINGS and out == text and err == ""


def test_an_output_that_cannot_be_a_file_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    code, out, err = _run(capsys, "--no-shipped", "--output", str(a_file / "r.txt"), str(VALID))
    assert code == EXIT_BAD_INPUT and out == "" and "cannot" in err


def test_output_never_overwrites_an_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mine = tmp_path / "mine.ttl"
    mine.write_bytes(VALID.read_bytes())
    code, _out, err = _run(capsys, "--output", str(mine), str(mine))
    assert code == EXIT_BAD_INPUT and "never modifies your files" in err
    assert mine.read_bytes() == VALID.read_bytes()


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
    assert exited.value.code == EXIT_BAD_INPUT


def test_the_shipped_profile_and_its_as_of_date(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--profile", "study", "--format", "json", "--fail-on", "none")
    data = json.loads(out)
    assert code == EXIT_OK and data["profile"] == "study" and data["includeShipped"] is True
    assert data["asOf"] == "2024-12-31" and data["dateGiven"] is False  # kb-study.ttl's aikg:asOfDate


def test_runs_as_a_module() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "aikg.cli_validate", "--no-shipped", str(BROKEN)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=REPO,
    )
    assert completed.returncode == EXIT_FINDINGS, completed.stderr
    assert "S03-jurisdiction" in completed.stdout and completed.stderr == ""


def test_aikg_validate_runs_through_the_main_command(capsys: pytest.CaptureFixture[str]) -> None:
    # `aikg validate` (not only `python -m aikg.cli_validate`) validates: an invalid fixture exits 1.
    from aikg.cli import main as aikg_main

    fixture = Path(__file__).parent / "shapes" / "S03-invalid-01.ttl"
    assert aikg_main(["validate", str(fixture), "--fail-on", "violation"]) == 1
    assert "1 violation(s)" in capsys.readouterr().out
