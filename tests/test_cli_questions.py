"""``aikg questions``, ``aikg ask`` and ``aikg query``: every command, and every output
format parses back (json with json.loads into the W3C structure, csv/tsv header rows)."""

from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from aikg.cli_questions import main, register
from aikg.cq import load_catalogue
from aikg.query import ENGINES, QueryResult, diff_results, parse_term, read_expected

REPO = Path(__file__).resolve().parent.parent
CATALOGUE = load_catalogue(REPO / "queries" / "cq")


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _from_tsv(text: str) -> QueryResult:
    """Read SPARQL 1.1 TSV back into terms (the cells are N-Triples terms)."""
    lines = text.split("\n")
    assert lines[-1] == "", "TSV ends with a newline"
    header = lines[0].split("\t")
    assert all(name.startswith("?") for name in header)
    rows = tuple(tuple(parse_term(c) if c else None for c in line.split("\t")) for line in lines[1:-1])
    return QueryResult(form="SELECT", variables=tuple(h[1:] for h in header), rows=rows)


# --------------------------------------------------------------------------- questions


def test_questions_lists_every_id_question_and_parameter(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(["questions"], capsys)
    assert (code, err) == (0, "")
    for q in CATALOGUE:
        assert f"{q.id}  [{q.kind}]  {q.title}" in out
        assert q.question in out
        for p in q.params:
            assert f"--param {p.name}=VALUE  ({p.type}; default {p.default})" in out


def test_questions_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["questions", "--format", "json"], capsys)
    listing = json.loads(out)
    assert code == 0 and [q["id"] for q in listing] == [q.id for q in CATALOGUE]
    cq06 = next(q for q in listing if q["id"] == "CQ-06")
    assert [p["name"] for p in cq06["parameters"]] == ["jurisdictionA", "jurisdictionB"]


# --------------------------------------------------------------------------- ask, every format


@pytest.mark.parametrize("engine", ENGINES)
def test_ask_json_is_sparql_results_json(engine: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["ask", "CQ-23", "--engine", engine, "--format", "json"], capsys)
    document = json.loads(out)
    assert code == 0
    assert document["head"]["vars"] == ["resource", "source", "pages", "locator"]
    bindings = document["results"]["bindings"]
    assert bindings == [
        {
            "resource": {"type": "uri", "value": "https://w3id.org/aikg/data/def-ru-123-study"},
            "source": {"type": "uri", "value": "https://w3id.org/aikg/data/ref-12"},
            "pages": {"type": "literal", "value": "116"},  # unbound ?locator is left out
        }
    ]


def test_ask_json_types_and_datatypes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["ask", "CQ-06", "--format", "json"], capsys)
    document = json.loads(out)
    assert code == 0 and set(document) == {"head", "results"}
    (row,) = document["results"]["bindings"]
    assert row["shared"] == {
        "type": "literal",
        "value": "1",
        "datatype": "http://www.w3.org/2001/XMLSchema#integer",
    }
    assert row["jaccard"]["datatype"] == "http://www.w3.org/2001/XMLSchema#decimal"
    assert abs(float(row["jaccard"]["value"]) - 1 / 3) < 1e-9
    for binding in row.values():
        assert binding["type"] in ("uri", "literal", "bnode")


@pytest.mark.parametrize("engine", ENGINES)
def test_ask_csv_has_the_header_row_and_crlf(engine: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["ask", "CQ-13", "--engine", engine, "--format", "csv"], capsys)
    assert code == 0
    assert out.endswith("\r\n") and "\n" not in out.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows[0] == ["jurisdiction", "date", "level", "bindingDefinition"]
    body = {tuple(r) for r in rows[1:]}
    assert ("https://w3id.org/aikg/data/RU", "2024-12-31", "2", "adopted, not in force") in body
    assert len(body) == 9


def test_ask_csv_quotes_commas(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(["ask", "CQ-13", "--format", "csv"], capsys)
    assert '"adopted, not in force"' in out


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("question_id", ["CQ-06", "CQ-13", "CQ-23", "CQ-26"])
def test_ask_tsv_parses_back_to_the_expected_answer(
    question_id: str, engine: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(["ask", question_id, "--engine", engine, "--format", "tsv"], capsys)
    assert code == 0
    question = next(q for q in CATALOGUE if q.id == question_id)
    expected = read_expected(question.expected_path("study", REPO))
    assert not diff_results(expected, _from_tsv(out))


def test_ask_table_is_aligned_with_curies(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["ask", "CQ-06"], capsys)
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split() == [
        "jurisdictionA",
        "jurisdictionB",
        "definitionA",
        "definitionB",
        "shared",
        "union",
        "jaccard",
    ]
    assert set(lines[1]) <= {"-", " "}
    assert lines[2].split()[:4] == [
        "aikgd:EU",
        "aikgd:RU",
        "aikgd:def-eu-ai-hleg-2019",
        "aikgd:def-ru-123-study",
    ]
    assert lines[-1] == "(1 row)"
    # Columns start at the same offsets in every line.
    starts = [lines[0].index(name) for name in ("jurisdictionB", "shared")]
    assert [lines[2][s - 2 : s] for s in starts] == ["  ", "  "]


def test_ask_with_parameters_and_the_full_profile(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        ["ask", "cq-13", "--param", "date=2024-12-31", "--profile", "full", "--format", "tsv"], capsys
    )
    assert code == 0
    question = next(q for q in CATALOGUE if q.id == "CQ-13")
    assert not diff_results(read_expected(question.expected_path("full", REPO)), _from_tsv(out))


def test_ask_limit_defaults_to_top_k(capsys: pytest.CaptureFixture[str]) -> None:
    assert next(q for q in CATALOGUE if q.id == "CQ-07").top_k == 5
    _, out, _ = _run(["ask", "CQ-07", "--format", "tsv"], capsys)
    assert len(out.splitlines()) == 1 + 5
    _, out, _ = _run(["ask", "CQ-07", "--format", "tsv", "--limit", "0"], capsys)
    assert len(out.splitlines()) == 1 + 21
    _, out, _ = _run(["ask", "CQ-07", "--limit", "2"], capsys)
    assert out.splitlines()[-1] == "(2 of 21 rows)"


def test_ask_unknown_id_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(["ask", "CQ-42"], capsys)
    assert (code, out) == (2, "")
    assert "unknown question 'CQ-42'" in err and "aikg questions" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["ask", "CQ-01", "--engine", "blazegraph"],
        ["ask", "CQ-01", "--format", "xml"],
        ["ask", "CQ-01", "--limit", "-1"],
        ["ask"],
    ],
)
def test_bad_options_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2


# --------------------------------------------------------------------------- query


@pytest.mark.parametrize("engine", ENGINES)
def test_query_file_select(engine: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    query = tmp_path / "count.rq"
    # No PREFIX lines: aikg's prefixes are predeclared.
    query.write_text("SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a aikg:AIDefinition }\n", encoding="utf-8")
    code, out, _ = _run(["query", str(query), "--engine", engine, "--format", "json"], capsys)
    document = json.loads(out)
    assert code == 0
    assert document["head"]["vars"] == ["n"]
    assert document["results"]["bindings"][0]["n"]["value"] == "7"


def test_query_stdin_ask(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"ASK { aikgd:RU a ?type }")))
    code, out, _ = _run(["query", "-", "--format", "json"], capsys)
    assert code == 0 and json.loads(out) == {"head": {}, "boolean": True}


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv"])
def test_query_ask_in_other_formats(fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    query = tmp_path / "ask.rq"
    query.write_text("ASK { aikgd:nothing-here ?p ?o }", encoding="utf-8")
    code, out, _ = _run(["query", str(query), "--format", fmt], capsys)
    assert code == 0
    assert {"table": "no\n", "csv": "boolean\r\nfalse\r\n", "tsv": "?boolean\nfalse\n"}[fmt] == out


@pytest.mark.parametrize("engine", ENGINES)
def test_query_construct_gives_sorted_n_triples(
    engine: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    query = tmp_path / "construct.rq"
    query.write_text(
        "CONSTRUCT { ?d aikg:hasJurisdiction aikgd:RU } "
        "WHERE { ?d a aikg:AIDefinition ; aikg:hasJurisdiction aikgd:RU }",
        encoding="utf-8",
    )
    code, out, _ = _run(["query", str(query), "--engine", engine], capsys)
    assert code == 0
    assert out == (
        "<https://w3id.org/aikg/data/def-ru-123-study> <https://w3id.org/aikg/ont/hasJurisdiction> "
        "<https://w3id.org/aikg/data/RU> .\n"
    )


def test_query_syntax_error_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    query = tmp_path / "broken.rq"
    query.write_text("SELECT ?x WHERE { ?x }", encoding="utf-8")
    code, out, err = _run(["query", str(query)], capsys)
    assert (code, out) == (2, "")
    assert "SPARQL syntax error" in err


# --------------------------------------------------------------------------- wiring


def test_register_adds_the_three_commands_with_func() -> None:
    parser = argparse.ArgumentParser(prog="aikg")
    register(parser.add_subparsers(dest="command", required=True))
    for argv in (["questions"], ["ask", "CQ-01"], ["query", "-"]):
        args = parser.parse_args(argv)
        assert callable(args.func)


def test_module_entry_point_exit_code(tmp_path: Path) -> None:
    """A real process: usage errors exit with 2 and print to stderr only."""
    done = subprocess.run(
        [sys.executable, "-m", "aikg.cli_questions", "ask", "CQ-00"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert "unknown question" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_aikg_command_has_the_question_commands(capsys: pytest.CaptureFixture[str]) -> None:
    """``aikg.cli`` must offer questions/ask/query (the lead wires ``register`` into cli.py)."""
    from aikg.cli import main as aikg_main

    assert aikg_main(["ask", "CQ-23", "--format", "tsv"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "?resource\t?source\t?pages\t?locator"
