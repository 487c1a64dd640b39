"""Hostile parameters and queries: rejected before anything runs, exit code 2, nothing written.

A parameter is parsed as an RDF term and written into the query from its
N-Triples form, so a valid but unknown IRI gives an empty answer and a
literal full of quotes and braces is matched literally (against the tiny
graph ``tests/fixtures/queries/literals.ttl``).
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

import aikg.api
import aikg.cli.questions
import aikg.engines
import aikg.query
import aikg.worker
from aikg.api import ask, load_graph, run_query
from aikg.cli import main
from aikg.cq import Question, get_question, parse_question
from aikg.load import KnowledgeBase
from aikg.query import (
    ENGINES,
    InvalidParameterError,
    RefusedQueryError,
    UnknownParameterError,
    bind_params,
    parse_iri,
    parse_literal,
    screen_query,
    values_block,
    with_params,
)

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "queries"
EX = "https://example.org/aikg-fixture/"

HOSTILE_IRIS = [
    'x" || "1"="1',
    "<http://a> } ; DROP ALL ; {",
    "<http://a>} ; DROP ALL ; {<http://b>",
    "aikgd:EU } ; DROP ALL ; {",
    "<http://a b>",
    '<http://a"b>',
    "<relative>",
    "<>",
    "nope:thing",  # unknown prefix
    "aikgd:",
    "aikgd:EU .",
    "?x",
    "",
]
BAD_DATES = [
    "2024-02-30",
    "2024-13-01",
    "31.12.2024",
    "2024",
    "yesterday",
    '"2024-12-31"^^xsd:gYear',
    "aikgd:EU",
    '"2024-12-31"',
]


# --------------------------------------------------------------------------- helpers


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
    }


@pytest.fixture
def nothing_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Run in an empty working directory; afterwards it and the repo's dist/ must be unchanged."""
    monkeypatch.chdir(tmp_path)
    dist = REPO / "dist"
    before = (_snapshot(tmp_path), _snapshot(dist), _snapshot(REPO / "docs"))
    yield tmp_path
    after = (_snapshot(tmp_path), _snapshot(dist), _snapshot(REPO / "docs"))
    assert after == before, "a rejected request wrote something"


@pytest.fixture
def no_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make loading the graph or running any query an error: rejection must come first."""

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("the graph was loaded or a query ran before the input was rejected")

    for module in (aikg.api, aikg.cli.questions):
        monkeypatch.setattr(module, "load_graph", forbidden, raising=False)
        monkeypatch.setattr(module, "execute", forbidden, raising=False)
    for module in (aikg.query, aikg.engines, aikg.worker):
        monkeypatch.setattr(module, "execute_on_store", forbidden)
        monkeypatch.setattr(module, "execute_on_graph", forbidden)


def _cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def label_question() -> Question:
    return parse_question(FIXTURES / "cq-90-label-lookup.rq")


@pytest.fixture(scope="module")
def label_graph() -> KnowledgeBase:
    return load_graph(FIXTURES / "literals.ttl")


# --------------------------------------------------------------------------- rejected parameters


@pytest.mark.parametrize("value", HOSTILE_IRIS)
def test_hostile_iri_parameter_is_rejected_before_anything_runs(
    value: str, nothing_written: Path, no_run: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _cli(["ask", "CQ-23", "--param", f"resource={value}"], capsys)
    assert code == 2
    assert out == ""
    assert "aikg: error: parameter resource (iri)" in err


@pytest.mark.parametrize("value", BAD_DATES)
def test_bad_date_is_rejected_before_anything_runs(
    value: str, nothing_written: Path, no_run: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _cli(["ask", "CQ-13", "--param", f"date={value}"], capsys)
    assert (code, out) == (2, "")
    assert "parameter date (date)" in err


def test_unknown_prefix_names_the_known_ones(
    nothing_written: Path, no_run: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _cli(["ask", "CQ-21", "--param", "criterion=foo:Autonomy"], capsys)
    assert code == 2
    assert "unknown prefix 'foo:'" in err and "aikgv:" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["ask", "CQ-13", "--param", "datum=2024-12-31"], "has no parameter 'datum' (its parameters: date)"),
        (["ask", "CQ-10", "--param", "date=2024-12-31"], "(its parameters: none)"),
        (["ask", "CQ-13", "--param", "2024-12-31"], "--param expects name=value"),
        (["ask", "CQ-13", "--param", "date=2024-12-31", "--param", "date=2020-01-01"], "given twice"),
        (["ask", "CQ-99"], "unknown question 'CQ-99'"),
    ],
)
def test_unknown_names_are_rejected_with_a_helpful_message(
    argv: list[str], message: str, nothing_written: Path, no_run: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _cli(argv, capsys)
    assert (code, out) == (2, "")
    assert message in err


def test_api_rejects_before_loading(no_run: None) -> None:
    with pytest.raises(InvalidParameterError):
        ask("CQ-23", {"resource": 'x" || "1"="1'})
    with pytest.raises(UnknownParameterError):
        ask("CQ-23", {"subject": "aikgd:EU"})
    with pytest.raises(RefusedQueryError):
        run_query("DROP ALL")


@pytest.mark.parametrize(
    "value",
    ['x" || "1"="1', "<http://a> } ; DROP ALL ; {", "nope:x", "<http://a b>", "<no-scheme>", "aikgd:a/b"],
)
def test_parse_iri_refuses(value: str) -> None:
    with pytest.raises(InvalidParameterError):
        parse_iri(value)


@pytest.mark.parametrize(
    "value",
    [
        '"unterminated',
        '"a" "b"',
        '"x"@',
        '"x"@en us',
        '"x"^^nope:t',
        '"bad \\q escape"',
        '"""long"""',
        '"a"^^<http://a b>',
    ],
)
def test_parse_literal_refuses(value: str) -> None:
    with pytest.raises(InvalidParameterError):
        parse_literal(value)


# --------------------------------------------------------------------------- what valid parameters do


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("question_id", "params"),
    [
        ("CQ-23", {"resource": "aikgd:no-such-resource"}),
        ("CQ-26", {"instrument": "<https://example.org/not/in/the/graph>"}),
        ("CQ-06", {"jurisdictionA": "aikgd:Atlantis", "jurisdictionB": "aikgd:EU"}),
        ("CQ-24", {"jurisdiction": "<urn:x-unknown:jurisdiction>"}),
    ],
)
def test_valid_unknown_iri_gives_an_empty_answer(
    question_id: str, params: dict[str, str], engine: str
) -> None:
    result = ask(question_id, params, engine=engine)  # type: ignore[arg-type]
    assert result.variables and result.rows == ()


def test_the_values_line_is_replaced_by_n_triples_terms_and_nothing_else() -> None:
    question = get_question("CQ-24")
    text = with_params(question, bind_params(question, {"jurisdiction": "aikgd:EU", "date": "2020-01-31"}))
    old, new = question.sparql.splitlines(), text.splitlines()
    changed = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
    assert len(old) == len(new) and len(changed) == 1
    assert new[changed[0]].strip() == (
        "VALUES (?jurisdiction ?date) { (<https://w3id.org/aikg/data/EU> "
        '"2020-01-31"^^<http://www.w3.org/2001/XMLSchema#date>) } # @params'
    )


def test_values_block_escapes_literals() -> None:
    block = values_block({"label": ox.Literal('He said "hi" } ; DROP ALL ; {\n')})
    assert block == 'VALUES ?label { "He said \\"hi\\" } ; DROP ALL ; {\\n" }'


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("value", "things"),
    [
        ('He said "hi" {and} left', ["quotes"]),  # bare text is the string itself
        ('"He said \\"hi\\" {and} left"', ["quotes"]),  # or a Turtle literal with escapes
        ("} ; DROP ALL ; {", ["braces"]),
        ('x" || "1"="1', ["injection"]),  # the classic: matches one label, not every row
        ("a\\b", ["backslash"]),
        ('"a\\\\b"', ["backslash"]),
        ('"line one\\nline two"', ["newline"]),
        ('"chat"@fr', ["french"]),
        ('"chat"@EN', ["english"]),  # language tags are case-insensitive
        ('"chat"', ["plain"]),
        ("chat", ["plain"]),
        ('"chat"^^xsd:string', ["plain"]),
        ('x" } UNION { ?thing ?p ?label } #', []),
    ],
)
def test_string_literal_is_matched_literally(
    value: str, things: list[str], engine: str, label_question: Question, label_graph: KnowledgeBase
) -> None:
    result = ask(label_question, {"label": value}, graph=label_graph, engine=engine)  # type: ignore[arg-type]
    assert [row[1].value for row in result.rows] == [EX + name for name in things]  # type: ignore[union-attr]


def test_string_parameter_keeps_its_type(label_question: Question) -> None:
    with pytest.raises(InvalidParameterError, match="expected a string"):
        bind_params(label_question, {"label": '"1"^^xsd:integer'})


# --------------------------------------------------------------------------- refused user queries

REFUSED = [
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE { SERVICE SILENT ?endpoint { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", "FROM"),
    ("SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM"),
    ("INSERT DATA { <http://a> <http://b> <http://c> }", "INSERT"),
    ("DELETE WHERE { ?s ?p ?o }", "DELETE"),
    ("LOAD <http://example.org/data.ttl>", "LOAD"),
    ("CLEAR ALL", "CLEAR"),
    ("DROP ALL", "DROP"),
    ("SELECT * WHERE { ?s ?p ?o } ; INSERT DATA { <http://a> <http://b> <http://c> }", "INSERT"),
    ("PREFIX ex: <http://ex/> WITH ex:g DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
    ("SELECT * WHERE { \\u0053ERVICE <http://x> { ?s ?p ?o } }", "\\u escapes"),
    ("# only a comment", "no SELECT"),
]


@pytest.mark.parametrize(("text", "word"), REFUSED, ids=[w for _, w in REFUSED])
def test_user_query_is_refused_before_it_runs(
    text: str,
    word: str,
    tmp_path_factory: pytest.TempPathFactory,
    nothing_written: Path,
    no_run: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    query_file = tmp_path_factory.mktemp("input") / "hostile.rq"  # outside the watched folder
    query_file.write_text(text, encoding="utf-8")
    code, out, err = _cli(["query", str(query_file)], capsys)
    assert (code, out) == (2, "")
    assert word in err


def test_refused_query_from_stdin(
    monkeypatch: pytest.MonkeyPatch, nothing_written: Path, no_run: None, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"SELECT * FROM <http://x> { ?s ?p ?o }")))
    code, out, err = _cli(["query", "-"], capsys)
    assert (code, out) == (2, "")
    assert "FROM" in err


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?s WHERE { ?s ?p 'SERVICE FROM DROP INSERT' }",
        "SELECT ?s WHERE { ?s <http://example.org/from/load> ?o }  # DROP ALL",
        "PREFIX insert: <http://example.org/> SELECT ?drop WHERE { ?drop insert:service ?from }",
        'ASK { ?s ?p """multi-line\nLOAD""" }',
        "describe aikgd:EU",
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1",
    ],
)
def test_keywords_inside_strings_iris_names_and_comments_are_not_refused(text: str) -> None:
    screen_query(text)


def test_query_file_that_does_not_exist(
    nothing_written: Path, no_run: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _cli(["query", "no-such-file.rq"], capsys)
    assert (code, out) == (2, "")
    assert "cannot read no-such-file.rq" in err


def test_nothing_is_written_by_a_normal_run(
    nothing_written: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _cli(["ask", "CQ-14", "--param", "date=2020-01-01", "--format", "json"], capsys)
    assert code == 0 and out.startswith("{")
    assert os.listdir(nothing_written) == []
