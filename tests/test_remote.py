"""``run_remote``: the questions against a real Oxigraph server give the embedded store's answers."""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from test_push import no_store_credentials, start_oxigraph  # noqa: F401 - a fixture

from aikg.api import ask, run_query
from aikg.cq import load_catalogue
from aikg.load import KnowledgeBase
from aikg.push import profile_graphs, push_kb
from aikg.query import InvalidParameterError, RefusedQueryError, diff_results
from aikg.remote import run_remote


@pytest.fixture(scope="module")
def union_store(kb_full: KnowledgeBase) -> Iterator[str]:
    """A server whose default graph is the union of its graphs, with the full profile pushed."""
    for base in start_oxigraph("--union-default-graph"):
        push_kb(kb_full, f"{base}/store")
        yield f"{base}/query"


@pytest.fixture(scope="module")
def plain_store(kb_full: KnowledgeBase) -> Iterator[str]:
    """A server with an empty default graph: the question names its graphs (default-graph-uri)."""
    for base in start_oxigraph():
        push_kb(kb_full, f"{base}/store")
        yield f"{base}/query"


@pytest.mark.parametrize("question", [q.id for q in load_catalogue()])
def test_every_question_gives_the_embedded_answer(
    question: str, union_store: str, kb_full: KnowledgeBase
) -> None:
    local = ask(question, graph=kb_full)
    remote = run_remote(question, union_store)
    assert not diff_results(local, remote), diff_results(local, remote)[:5]


@pytest.mark.parametrize(
    ("question", "params"),
    [
        ("CQ-13", {}),
        ("CQ-24", {"jurisdiction": "aikgd:EU", "date": "2024-12-31"}),
        ("CQ-26", {"instrument": "aikgd:eu-ai-act"}),
    ],
)
def test_named_graphs_as_the_default_graph(
    question: str, params: dict[str, str], plain_store: str, kb_full: KnowledgeBase
) -> None:
    local = ask(question, params, graph=kb_full)
    assert local.rows
    assert run_remote(question, plain_store, params).rows == ()  # the endpoint's own default graph is empty
    remote = run_remote(question, plain_store, params, graphs=profile_graphs(kb_full))
    assert not diff_results(local, remote)


def test_queries_blank_nodes_and_construct(union_store: str, kb_full: KnowledgeBase) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?d a aikg:AIDefinition }"
    assert run_remote(count, union_store).rows == run_query(count, graph=kb_full).rows
    blank = run_remote("SELECT ?c WHERE { ?i aikg:codingCoverage ?c } LIMIT 3", union_store)
    assert blank.rows and all(isinstance(row[0], ox.BlankNode) for row in blank.rows)
    construct = "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a aikg:Statute ; rdfs:label ?l }"
    assert set(run_remote(construct, union_store).triples) == set(run_query(construct, graph=kb_full).triples)


def test_bad_input_is_refused_before_the_endpoint_is_contacted() -> None:
    nowhere = "http://127.0.0.1:9/query"  # nothing listens there: a request would fail otherwise
    with pytest.raises(InvalidParameterError):
        run_remote("CQ-24", nowhere, {"date": "2024-13-45"})
    with pytest.raises(RefusedQueryError):
        run_remote("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", nowhere)


def test_aikg_ask_endpoint_prints_the_embedded_answer(
    union_store: str, plain_store: str, kb_full: KnowledgeBase, capsys: pytest.CaptureFixture[str]
) -> None:
    from aikg.cli import main

    args = ["ask", "CQ-24", "--param", "jurisdiction=aikgd:EU", "--date", "2026-12-01", "--format", "tsv"]
    assert main([*args]) == 0
    local = capsys.readouterr().out
    assert main([*args, "--endpoint", union_store]) == 0
    assert capsys.readouterr().out == local
    graphs = [arg for graph in profile_graphs(kb_full) for arg in ("--graph", graph)]
    assert main([*args, "--endpoint", plain_store, *graphs]) == 0
    assert capsys.readouterr().out == local
