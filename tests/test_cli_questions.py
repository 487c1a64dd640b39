"""``aikg questions``, ``aikg ask`` and ``aikg query``: every command, and every output
format parses back to the same answer the API gives (json with json.loads into the
W3C structure, xml with an XML parser, csv/tsv with their header rows)."""

from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest
from netguard import canary_fixture  # noqa: F401

from aikg.api import ask, run_query
from aikg.cli import main
from aikg.cli.questions import register
from aikg.cq import load_catalogue
from aikg.query import ENGINES, QueryResult, parse_term, same_results

REPO = Path(__file__).resolve().parent.parent
CATALOGUE = load_catalogue(REPO / "queries" / "cq")
SPARQL_RESULTS = "{http://www.w3.org/2005/sparql-results#}"


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


def _from_json(text: str) -> QueryResult:
    document = json.loads(text)
    variables = tuple(document["head"]["vars"])

    def term(binding: dict[str, str] | None) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
        if binding is None:
            return None
        if binding["type"] == "uri":
            return ox.NamedNode(binding["value"])
        if binding["type"] == "bnode":
            return ox.BlankNode(binding["value"])
        if "xml:lang" in binding:
            return ox.Literal(binding["value"], language=binding["xml:lang"])
        datatype = binding.get("datatype")
        return ox.Literal(binding["value"], datatype=ox.NamedNode(datatype) if datatype else None)

    rows = tuple(tuple(term(b.get(v)) for v in variables) for b in document["results"]["bindings"])
    return QueryResult(form="SELECT", variables=variables, rows=rows)


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
    assert [p["name"] for p in cq06["parameters"]][:2] == ["jurisdictionA", "jurisdictionB"]


# --------------------------------------------------------------------------- ask, every format


# rdflib takes seconds on the similarity questions: it answers the cheaper ones here.
ENGINE_CASES = [("CQ-06", "oxigraph"), ("CQ-13", "oxigraph"), ("CQ-23", "oxigraph"), ("CQ-26", "oxigraph")]
ENGINE_CASES += [("CQ-13", "rdflib"), ("CQ-23", "rdflib")]


@pytest.mark.parametrize(("question_id", "engine"), ENGINE_CASES)
def test_ask_json_parses_back_to_the_api_answer(
    question_id: str, engine: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(["ask", question_id, "--engine", engine, "--format", "json"], capsys)
    assert code == 0
    document = json.loads(out)
    assert set(document) == {"head", "results"}
    for binding in document["results"]["bindings"]:
        for value in binding.values():
            assert value["type"] in ("uri", "literal", "bnode")
    assert same_results(_from_json(out), ask(question_id, engine=engine))  # type: ignore[arg-type]


@pytest.mark.parametrize("engine", ENGINES)
def test_ask_csv_has_the_header_row_and_crlf(engine: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["ask", "CQ-13", "--engine", engine, "--format", "csv"], capsys)
    assert code == 0
    assert out.endswith("\r\n") and "\n" not in out.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(out, newline="")))
    answer = ask("CQ-13", engine=engine)  # type: ignore[arg-type]
    assert tuple(rows[0]) == answer.variables
    assert len(rows) - 1 == len(answer.rows)
    expected = {tuple("" if t is None else t.value for t in row) for row in answer.rows}
    assert {tuple(r) for r in rows[1:]} == expected


@pytest.mark.parametrize(("question_id", "engine"), ENGINE_CASES)
def test_ask_tsv_parses_back_to_the_api_answer(
    question_id: str, engine: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(["ask", question_id, "--engine", engine, "--format", "tsv"], capsys)
    assert code == 0
    assert same_results(_from_tsv(out), ask(question_id, engine=engine))  # type: ignore[arg-type]


def test_ask_xml_is_sparql_results_xml(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["ask", "CQ-13", "--format", "xml"], capsys)
    assert code == 0
    root = ET.fromstring(out)
    assert root.tag == f"{SPARQL_RESULTS}sparql"
    names = [v.get("name") for v in root.iter(f"{SPARQL_RESULTS}variable")]
    answer = ask("CQ-13")
    assert tuple(names) == answer.variables
    assert len(list(root.iter(f"{SPARQL_RESULTS}result"))) == len(answer.rows)


def test_ask_table_is_aligned_with_curies(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["ask", "CQ-24", "--param", "jurisdiction=aikgd:EU"], capsys)
    lines = out.splitlines()
    answer = ask("CQ-24", {"jurisdiction": "aikgd:EU"})
    assert code == 0
    assert tuple(lines[0].split()) == answer.variables
    assert set(lines[1]) <= {"-", " "}
    assert "aikgd:EU" in lines[2].split()
    assert lines[-1] == f"({len(answer.rows)} rows)"
    # Columns start at the same offsets in every line.
    start = lines[0].index(answer.variables[1])
    assert all(line[start - 2 : start] == "  " for line in lines[2:-1])


def test_ask_limit_defaults_to_top_k(capsys: pytest.CaptureFixture[str]) -> None:
    top_k = next(q for q in CATALOGUE if q.id == "CQ-07").top_k
    assert top_k == 5
    everything = len(ask("CQ-07").rows)
    _, out, _ = _run(["ask", "CQ-07", "--format", "tsv"], capsys)
    assert len(out.splitlines()) == 1 + min(5, everything)
    _, out, _ = _run(["ask", "CQ-07", "--format", "tsv", "--limit", "0"], capsys)
    assert len(out.splitlines()) == 1 + everything
    _, out, _ = _run(["ask", "CQ-07", "--limit", "2"], capsys)
    assert out.splitlines()[-1] == "(first 2 rows; more exist (--limit 0 shows all))"


def test_ask_unknown_id_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(["ask", "CQ-42"], capsys)
    assert (code, out) == (2, "")
    assert "unknown question 'CQ-42'" in err and "aikg questions" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["ask", "CQ-01", "--engine", "blazegraph"],
        ["ask", "CQ-01", "--format", "yaml"],
        ["ask", "CQ-01", "--limit", "-1"],
        ["ask"],
    ],
)
def test_bad_options_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2


# --------------------------------------------------------------------------- query

COUNT = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a aikg:AIDefinition }\n"


@pytest.mark.parametrize("engine", ENGINES)
def test_query_file_select(engine: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    query = tmp_path / "count.rq"
    query.write_text(COUNT, encoding="utf-8")  # no PREFIX lines: aikg's prefixes are predeclared
    code, out, _ = _run(["query", str(query), "--engine", engine, "--format", "json"], capsys)
    document = json.loads(out)
    assert code == 0
    assert document["head"]["vars"] == ["n"]
    expected = run_query(COUNT).rows[0][0].value  # type: ignore[union-attr]
    assert document["results"]["bindings"][0]["n"]["value"] == expected and int(expected) > 5


def test_query_stdin_ask(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"ASK { aikgd:RU a ?type }")))
    code, out, _ = _run(["query", "-", "--format", "json"], capsys)
    assert code == 0 and json.loads(out) == {"head": {}, "boolean": True}


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "xml"])
def test_query_ask_in_other_formats(fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    query = tmp_path / "ask.rq"
    query.write_text("ASK { aikgd:nothing-here ?p ?o }", encoding="utf-8")
    code, out, _ = _run(["query", str(query), "--format", fmt], capsys)
    assert code == 0
    xml = (
        '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n  <head>\n'
        "  </head>\n  <boolean>false</boolean>\n</sparql>\n"
    )
    assert {"table": "no\n", "csv": "boolean\r\nfalse\r\n", "tsv": "?boolean\nfalse\n", "xml": xml}[
        fmt
    ] == out


@pytest.mark.parametrize("engine", ENGINES)
def test_query_construct_gives_sorted_n_triples(
    engine: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "CONSTRUCT { ?d aikg:hasJurisdiction aikgd:RU } "
        "WHERE { ?d a aikg:AIDefinition ; aikg:hasJurisdiction aikgd:RU }"
    )
    query = tmp_path / "construct.rq"
    query.write_text(text, encoding="utf-8")
    code, out, _ = _run(["query", str(query), "--engine", engine], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines == sorted(lines) and lines
    assert all(line.endswith("<https://w3id.org/aikg/data/RU> .") for line in lines)
    assert len(lines) == len(run_query(text, engine=engine).triples)  # type: ignore[arg-type]


def test_query_syntax_error_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    query = tmp_path / "broken.rq"
    query.write_text("SELECT ?x WHERE { ?x }", encoding="utf-8")
    code, out, err = _run(["query", str(query)], capsys)
    assert (code, out) == (2, "")
    assert "SPARQL syntax error" in err


# --------------------------------------------------------------------------- wiring


def test_register_adds_the_three_commands_with_run() -> None:
    parser = argparse.ArgumentParser(prog="aikg")
    register(parser.add_subparsers(dest="command", required=True))
    for argv in (["questions"], ["ask", "CQ-01"], ["query", "-"]):
        args = parser.parse_args(argv)
        assert callable(args.run)


def test_module_entry_point_exit_code(tmp_path: Path) -> None:
    """A real process: usage errors exit with 2 and print to stderr only."""
    done = subprocess.run(
        [sys.executable, "-m", "aikg", "ask", "CQ-00"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert "unknown question" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_aikg_command_has_the_question_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "CQ-23", "--format", "tsv"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "\t".join("?" + v for v in ask("CQ-23").variables)
