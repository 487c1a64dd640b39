"""Loading the later-fact modules, or adding what HermiT infers, changes answers only
where the question is about time or inference (issue #3).

Read as (also stated in the intro of docs/questions.md):

* monotone questions (``temporal: no``, not ``closed-world``, not ``aggregate``):
  every study row is also a row on the full profile, and on the study graph
  plus the HermiT-inferred triples;
* counting questions (``aggregate: yes``, not temporal, not closed-world): for
  every row key (the non-numeric columns) the full-profile and the inferred
  answers have that key, and no number is smaller;
* temporal or closed-world questions may change in any way (a later fact can
  end a draft or fill a gap); their two expected files pin both answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from aikg.api import ask, load_graph
from aikg.cq import Question, load_catalogue
from aikg.query import (
    QueryResult,
    Term,
    bind_params,
    cell,
    execute_on_graph,
    numeric_value,
    terms_equal,
    with_params,
)
from aikg.reason import ReasoningResult

REPO = Path(__file__).resolve().parent.parent
QUESTIONS = load_catalogue(REPO / "queries" / "cq")
MONOTONE = [q for q in QUESTIONS if not (q.temporal or q.closed_world or q.aggregate)]
COUNTING = [q for q in QUESTIONS if q.aggregate and not (q.temporal or q.closed_world)]


def _ids(questions: Sequence[Question]) -> list[str]:
    return [q.id for q in questions]


def _missing(sub: QueryResult, sup: QueryResult) -> list[str]:
    """Rows of *sub* that *sup* does not have (numbers within the tolerance)."""
    assert sub.variables == sup.variables
    return [
        "\t".join(cell(t) for t in row)
        for row in sub.rows
        if not any(all(terms_equal(a, b) for a, b in zip(row, other, strict=True)) for other in sup.rows)
    ]


def _numeric_columns(result: QueryResult) -> list[int]:
    return [
        i
        for i in range(len(result.variables))
        if result.rows and all(row[i] is None or numeric_value(row[i]) is not None for row in result.rows)
    ]


def _decreases(before: QueryResult, after: QueryResult) -> list[str]:
    """For each row key of *before*: missing in *after*, or a number that got smaller."""
    numeric = _numeric_columns(before)
    keys = [i for i in range(len(before.variables)) if i not in numeric]
    problems = []
    for row in before.rows:
        matches = [other for other in after.rows if all(terms_equal(row[i], other[i]) for i in keys)]
        key = "\t".join(cell(row[i]) for i in keys)
        if not matches:
            problems.append(f"row key gone: {key}")
            continue
        for other in matches:
            for i in numeric:
                old, new = numeric_value(row[i]), numeric_value(other[i])
                if old is not None and (new is None or new < old - 1e-9):
                    problems.append(
                        f"{key}: {before.variables[i]} fell from {cell(row[i])} to {cell(other[i])}"
                    )
    return problems


@pytest.fixture(scope="module")
def inferred_graph(reasoning_study: ReasoningResult) -> rdflib.Graph:
    """The study graph plus what HermiT infers (skips visibly without Java, fails under CI)."""
    assert reasoning_study.consistent
    return reasoning_study.closure()


def _on_graph(question: Question, graph: rdflib.Graph) -> QueryResult:
    return execute_on_graph(with_params(question, bind_params(question)), graph)


def test_the_split_covers_the_catalogue() -> None:
    # Every question is in exactly one of the three groups, and the first two are not empty.
    others = [q for q in QUESTIONS if q.temporal or q.closed_world]
    assert MONOTONE and COUNTING
    assert len(MONOTONE) + len(COUNTING) + len(others) == len(QUESTIONS)


@pytest.mark.parametrize("question", MONOTONE, ids=_ids(MONOTONE))
def test_monotone_study_rows_survive_outside_facts(question: Question) -> None:
    study, full = ask(question, profile="study"), ask(question, profile="full")
    missing = _missing(study, full)
    assert not missing, f"{question.id}: study rows lost on the full profile:\n" + "\n".join(missing)


@pytest.mark.parametrize("question", MONOTONE, ids=_ids(MONOTONE))
def test_monotone_study_rows_survive_reasoning(question: Question, inferred_graph: rdflib.Graph) -> None:
    study = ask(question, profile="study", engine="rdflib")
    missing = _missing(study, _on_graph(question, inferred_graph))
    assert not missing, f"{question.id}: study rows lost after reasoning:\n" + "\n".join(missing)


@pytest.mark.parametrize("question", COUNTING, ids=_ids(COUNTING))
def test_counts_never_fall_with_outside_facts(question: Question) -> None:
    problems = _decreases(ask(question, profile="study"), ask(question, profile="full"))
    assert not problems, f"{question.id}:\n" + "\n".join(problems)


@pytest.mark.parametrize("question", COUNTING, ids=_ids(COUNTING))
def test_counts_never_fall_with_reasoning(question: Question, inferred_graph: rdflib.Graph) -> None:
    study = ask(question, profile="study", engine="rdflib")
    problems = _decreases(study, _on_graph(question, inferred_graph))
    assert not problems, f"{question.id}:\n" + "\n".join(problems)


def test_the_checks_can_fail() -> None:
    """The helpers do catch a lost row and a falling count (so a pass means something)."""
    one = ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    two = ox.Literal("2", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    key: Term = ox.NamedNode("https://w3id.org/aikg/data/x")
    before = QueryResult(form="SELECT", variables=("k", "n"), rows=((key, two),))
    after = QueryResult(form="SELECT", variables=("k", "n"), rows=((key, one),))
    assert _missing(before, after)
    assert _decreases(before, after) == ["aikgd:x: n fell from " + str(two) + " to " + str(one)]
    assert not _decreases(after, before)
    assert _decreases(before, QueryResult(form="SELECT", variables=("k", "n")))


def test_load_graph_is_cached_per_profile() -> None:
    assert load_graph("study") is load_graph("study")
    assert load_graph("full") is not load_graph("study")
