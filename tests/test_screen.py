"""The query screen works on the parsed query, for every entry point, and nothing calls out.

Every query here that could call the network names a real listener on 127.0.0.1
(:mod:`netguard`): the test fails if the listener sees a connection. The four
bypasses of issue 11 (``\\'`` and ``\\#`` in a prefixed name, ``\\u000A`` in a
comment, ``\\u0022`` in a string) connected on main before this screen; they are
tried through ``aikg query``, ``aikg.api.run_query``, the question catalogue
(``AIKG_QUERIES_DIR``) and the endpoint (tests/test_serve.py), on both engines.
"""

from __future__ import annotations

import random
import shutil
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from netguard import Listener, canary_fixture, listener_fixture  # noqa: F401

from aikg import sparql
from aikg.api import ask, load_graph, run_query
from aikg.cli import main
from aikg.engines import execute_on_graph, execute_on_store
from aikg.load import KnowledgeBase
from aikg.query import ENGINES, QueryInputError, RefusedQueryError, screen_query
from aikg.sparql import QuerySyntaxError, RefusedUpdateError, Screened, lexical_screen, screen

REPO = Path(__file__).resolve().parent.parent


def _service(port: int) -> str:
    return f"SERVICE <http://127.0.0.1:{port}/x> {{ ?x ?y ?z }}"


def bypasses(port: int) -> dict[str, str]:
    """The four bypasses of issue 11, aimed at *port*."""
    service = _service(port)
    return {
        "quote-in-pname": "SELECT * WHERE { { ?s aikg:a\\' ?o } UNION { " + service + " } } # '",
        "hash-in-pname": "SELECT * WHERE { { ?s aikg:a\\#b ?o } UNION { " + service + " } }",
        "u000A-in-comment": "SELECT * WHERE { ?s ?p ?o # \\u000A " + service + "\n}",
        "u0022-in-string": 'SELECT * WHERE { ?s ?p "a\\u0022 } UNION { ' + service + ' } { ?s ?p \\u0022b" }',
    }


BYPASS_NAMES = list(bypasses(1))


@pytest.fixture(scope="module")
def study() -> KnowledgeBase:
    return load_graph("study")


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", BYPASS_NAMES)
def test_bypass_through_the_api_is_refused_and_calls_nobody(
    name: str, engine: str, listener: Listener, study: KnowledgeBase
) -> None:
    with pytest.raises(QueryInputError) as refused:
        run_query(bypasses(listener.port)[name], graph=study, engine=engine)  # type: ignore[arg-type]
    assert "SERVICE" in str(refused.value) or "\\u escapes" in str(refused.value)
    time.sleep(0.05)
    assert listener.hits == []


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", BYPASS_NAMES)
def test_bypass_through_aikg_query_is_refused_and_calls_nobody(
    name: str, engine: str, listener: Listener, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    query = tmp_path / "bypass.rq"
    query.write_text(bypasses(listener.port)[name], encoding="utf-8")
    code = main(["query", str(query), "--engine", engine, "--profile", "study"])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert "refused" in err
    assert listener.hits == []


def test_each_layer_alone_refuses_the_bypasses(listener: Listener) -> None:
    """The token screen and the parse-tree screen each catch every bypass on their own."""
    for name, text in bypasses(listener.port).items():
        with pytest.raises(RefusedQueryError):
            lexical_screen(text)
        try:  # the parse tree: refused, or not even a query rdflib can parse (so it does not run)
            tree = sparql.parse_query(text)
        except (RefusedQueryError, QuerySyntaxError):
            continue
        with pytest.raises(RefusedQueryError):
            sparql._check_tree(tree)
        assert name  # reached only when rdflib parsed it


def test_the_parse_tree_catches_what_the_tokens_miss(
    monkeypatch: pytest.MonkeyPatch, listener: Listener
) -> None:
    monkeypatch.setattr(sparql, "lexical_screen", lambda text: "SELECT")
    for text, word in [
        (f"SELECT * WHERE {{ {_service(listener.port)} }}", "SERVICE"),
        ("SELECT * FROM <http://127.0.0.1:1/g> WHERE { ?s ?p ?o }", "FROM"),
        ("SELECT * FROM NAMED <http://127.0.0.1:1/g> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM"),
    ]:
        with pytest.raises(RefusedQueryError, match=word):
            sparql._screen(text)
    with pytest.raises(RefusedUpdateError, match="LOAD"):
        sparql._screen(f"LOAD <{listener.url}data.ttl>")
    with pytest.raises(RefusedUpdateError, match="INSERT DATA"):
        sparql._screen("INSERT DATA { <http://a> <http://b> <http://c> }")


@pytest.mark.parametrize("engine", ENGINES)
def test_the_worker_cannot_call_out_even_unscreened(
    engine: str, monkeypatch: pytest.MonkeyPatch, listener: Listener, study: KnowledgeBase
) -> None:
    """Third layer: with both screens switched off, the sandboxed child still connects to nobody."""
    text = f"SELECT * WHERE {{ {_service(listener.port)} }}"
    unscreened = Screened(text=text, form="SELECT")
    monkeypatch.setattr(sparql, "_screen", lambda _: unscreened)
    monkeypatch.setattr(Screened, "prepare", lambda self: _unscreened_algebra(text))
    sparql._SCREENED.clear()
    from aikg.query import QueryEngineError, execute

    with pytest.raises(QueryEngineError):
        execute(text, study, engine)  # type: ignore[arg-type]
    time.sleep(0.05)
    assert listener.hits == []
    sparql._SCREENED.clear()


def _unscreened_algebra(text: str) -> object:
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    return translateQuery(parseQuery(text))


# --------------------------------------------------------------------------- fuzzed escapes

_PIECES = [
    "\\'", "\\#", "#", "\\u000A", "\\u000a", "\\U0000000A", "\\u0022", "\\u0027", "\\u003C", "\\u0023",
    '"', "'", '"""', "\n", "\r", " ", "aikg:a", "aikg:a\\'b", "?s", "}", "{", "<x:y>", ".", "\\", "\\\\",
    "\\u00e9", "UNION", "SERVICE", "<", ">", "(", ")", "FILTER(", "#'", "'#", '"#"',
]  # fmt: skip


def _fuzzed(rng: random.Random, port: int) -> str:
    before = "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 6)))
    after = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 4)))
    return f"SELECT * WHERE {{ {before} {_service(port)} {after} }}"


def test_fuzzed_escapes_never_reach_the_network(listener: Listener) -> None:
    """Whatever the screen lets through is run unsandboxed here: no run may call the listener."""
    rng = random.Random(11)
    store, graph = ox.Store(), rdflib.Graph()
    store.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.Literal("c")))
    accepted = 0
    for _ in range(400):
        text = _fuzzed(rng, listener.port)
        try:
            screened = screen(text)
        except QueryInputError:
            continue
        accepted += 1
        for engine in ("oxigraph", "rdflib"):
            try:
                if engine == "oxigraph":
                    execute_on_store(text, store)
                else:
                    execute_on_graph(screened, graph)
            except Exception:  # noqa: S112 - a failing query is fine, a connection is not
                continue
        assert listener.hits == [], f"the screen let through a network call: {text!r}"
    assert listener.hits == []


def test_fuzzed_escapes_outside_service_keep_harmless_queries_running() -> None:
    """The screen is not a wall: escapes that change nothing still run."""
    for text in [
        "SELECT * WHERE { ?s aikg:a\\'b ?o } # SERVICE <http://x> ",
        'SELECT * WHERE { ?s ?p "caf\\u00e9 SERVICE FROM" }',
        "SELECT ?s WHERE { ?s <http://example.org/from/load> ?o }  # DROP ALL",
        "PREFIX insert: <http://example.org/> SELECT ?drop WHERE { ?drop insert:service ?from }",
        'ASK { ?s ?p """multi-line\nLOAD""" }',
        "describe aikgd:EU",
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1",
    ]:
        screen_query(text)


# --------------------------------------------------------------------------- the catalogue folder


@pytest.fixture
def hostile_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, listener: Listener) -> Path:
    """A copy of queries/ whose CQ-01 hides a SERVICE call behind an escaped quote."""
    folder = tmp_path / "queries"
    shutil.copytree(REPO / "queries", folder)
    path = next((folder / "cq").glob("cq-01-*.rq"))
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "ORDER BY ?definition",
        f"  OPTIONAL {{ ?x aikg:a\\' ?y }} {_service(listener.port)}\n}}\nORDER BY ?definition",
    ).replace("\n}\nORDER BY", "\nORDER BY", 1)
    text = text.replace("ORDER BY ?definition ?criterion", "ORDER BY ?definition ?criterion # '")
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("AIKG_QUERIES_DIR", str(folder))
    return folder


@pytest.mark.parametrize("engine", ENGINES)
def test_a_catalogue_question_is_screened_too(
    engine: str, hostile_catalogue: Path, listener: Listener, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["ask", "CQ-01", "--engine", engine])
    out, err = capsys.readouterr()
    assert (code, out) == (2, ""), err
    assert "SERVICE" in err
    with pytest.raises(RefusedQueryError):
        ask("CQ-01", engine=engine)  # type: ignore[arg-type]
    assert listener.hits == []


def test_every_shipped_query_passes_the_screen() -> None:
    for path in sorted((REPO / "queries").rglob("*.rq")):
        assert screen(path.read_text(encoding="utf-8")).form in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")


# --------------------------------------------------------------------------- limits of the screen itself


def test_a_long_query_is_screened_in_bounded_time() -> None:
    text = "SELECT * WHERE { " + " ".join(f"?s{i} <http://example.org/p> ?o{i} ." for i in range(1500)) + " }"
    assert screen(text).form == "SELECT"  # rdflib's parser needs a deep stack for this


def test_queries_over_the_size_cap_and_non_text_are_refused() -> None:
    with pytest.raises(RefusedQueryError, match="larger than"):
        screen("SELECT * WHERE { ?s ?p ?o }" + " " * sparql.MAX_QUERY_BYTES)
    with pytest.raises(QueryInputError, match="not int"):
        screen(42)  # type: ignore[arg-type]
    with pytest.raises(QueryInputError):
        run_query(None)  # type: ignore[arg-type]
