"""Loading the later-fact modules, or adding what HermiT infers, changes answers only
where the question is about time or inference (issue #3), and where outside facts say
which text a study rendering renders.

Read as (also stated in the intro of docs/questions.md):

* monotone questions (``temporal: no``, not ``closed-world``, not ``aggregate``):
  every study row is also a row on the full profile, and on the study graph plus
  the HermiT-inferred triples;
* questions in a lens (a ``?lens`` parameter) are compared in the same lens, the
  study's (the two profiles default to different lenses). On the full profile a
  study rendering counts as the text it renders (``aikg:renderingOf``, e.g. the
  study's "AI HLEG" and "Charter [16; 54]" definitions are both the Commission's 2018
  wording, errata E04 and E07), so a study row survives with its definition mapped
  to that text (and that text's jurisdiction); a criterion the study lens does not
  mention ("not said") may become met;
* counting questions (``aggregate: yes``, not temporal, not closed-world): for every
  row key (the non-numeric columns) the full-profile and the inferred answers have
  that key, and no number is smaller — except in a lens, where two study renderings
  of one text count once (tested below with the real numbers);
* temporal or closed-world questions may change in any way (a later fact can end a
  draft or fill a gap); their two expected files pin both answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from aikg.api import ask, load_graph
from aikg.cq import Question, load_catalogue
from aikg.load import load_profile
from aikg.query import (
    QueryResult,
    Term,
    bind_params,
    cell,
    execute_on_graph,
    numeric_value,
    with_params,
)
from aikg.reason import ReasoningResult

REPO = Path(__file__).resolve().parent.parent
QUESTIONS = load_catalogue(REPO / "queries" / "cq")
MONOTONE = [q for q in QUESTIONS if not (q.temporal or q.closed_world or q.aggregate)]
COUNTING = [q for q in QUESTIONS if q.aggregate and not (q.temporal or q.closed_world)]
STUDY_LENS = {"lens": "aikgv:StudyLens"}
_RENDERING_OF = "https://w3id.org/aikg/ont/renderingOf"
_HAS_JURISDICTION = "https://w3id.org/aikg/ont/hasJurisdiction"
_NOT_SAID = '"not said"'


def _ids(questions: Sequence[Question]) -> list[str]:
    return [q.id for q in questions]


def _in_lens(question: Question) -> bool:
    return any(p.name == "lens" for p in question.params)


@cache
def _renderings() -> dict[str, tuple[str, str | None]]:
    """Full profile: rendering IRI -> (text it renders, that text's jurisdiction or None)."""
    store = load_profile("full").store
    found: dict[str, tuple[str, str | None]] = {}
    for quad in store.quads_for_pattern(None, ox.NamedNode(_RENDERING_OF), None):
        text = quad.object
        jurisdictions = [
            q.object for q in store.quads_for_pattern(text, ox.NamedNode(_HAS_JURISDICTION), None)
        ]
        found[quad.subject.value] = (text.value, jurisdictions[0].value if jurisdictions else None)  # type: ignore[union-attr]
    return found


def _mapped(result: QueryResult) -> list[tuple[str, ...]]:
    """Rows as text, each definition that renders another replaced by that text and its jurisdiction."""
    renders = _renderings()
    definition_columns = [i for i, v in enumerate(result.variables) if v.startswith("definition")]
    rows = []
    for row in result.rows:
        cells = [cell(t) for t in row]
        for i in definition_columns:
            term = row[i]
            if isinstance(term, ox.NamedNode) and term.value in renders:
                text, jurisdiction = renders[term.value]
                cells[i] = cell(ox.NamedNode(text))
                # the jurisdiction column that goes with it: "jurisdiction" or "jurisdictionA/B"
                suffix = result.variables[i][len("definition") :]
                j = f"jurisdiction{suffix}"
                if j in result.variables:
                    cells[result.variables.index(j)] = (
                        cell(ox.NamedNode(jurisdiction)) if jurisdiction else ""
                    )
        rows.append(tuple(cells))
    return rows


def _row_in(row: tuple[str, ...], others: list[tuple[str, ...]], variables: Sequence[str]) -> bool:
    def same(i: int, a: str, b: str) -> bool:
        if variables[i] == "meets" and a == _NOT_SAID:
            return True  # the study lens not saying a criterion is no claim that it is unmet
        return a == b

    return any(
        all(same(i, a, b) for i, (a, b) in enumerate(zip(row, other, strict=True))) for other in others
    )


def _missing(sub: QueryResult, sup: QueryResult) -> list[str]:
    """Rows of *sub* that *sup* does not have (definitions mapped to the texts they render)."""
    assert sub.variables == sup.variables
    theirs = _mapped(sup)
    return ["\t".join(row) for row in _mapped(sub) if not _row_in(row, theirs, sub.variables)]


def _numeric_columns(result: QueryResult) -> list[int]:
    return [
        i
        for i in range(len(result.variables))
        if result.rows and all(row[i] is None or numeric_value(row[i]) is not None for row in result.rows)
    ]


def _decreases(before: QueryResult, after: QueryResult, check_numbers: bool = True) -> list[str]:
    """For each row key of *before*: missing in *after*, or (if asked) a number that got smaller."""
    numeric = _numeric_columns(before)
    keys = [i for i in range(len(before.variables)) if i not in numeric]
    mapped_before, mapped_after = _mapped(before), _mapped(after)
    problems = []
    for row, text in zip(before.rows, mapped_before, strict=True):
        matches = [
            (other, other_text)
            for other, other_text in zip(after.rows, mapped_after, strict=True)
            if all(text[i] == other_text[i] for i in keys)
        ]
        key = "\t".join(text[i] for i in keys)
        if not matches:
            problems.append(f"row key gone: {key}")
            continue
        if not check_numbers:
            continue
        for other, _other_text in matches:
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


def _both(question: Question) -> tuple[QueryResult, QueryResult]:
    """The study and full answers, in the study lens where the question has a lens."""
    params = STUDY_LENS if _in_lens(question) else {}
    return ask(question, params, profile="study"), ask(question, params, profile="full")


def test_the_split_covers_the_catalogue() -> None:
    # Every question is in exactly one of the three groups, and the first two are not empty.
    others = [q for q in QUESTIONS if q.temporal or q.closed_world]
    assert MONOTONE and COUNTING
    assert len(MONOTONE) + len(COUNTING) + len(others) == len(QUESTIONS)
    # The lens questions are the definition questions.
    assert {q.id for q in QUESTIONS if _in_lens(q)} == {f"CQ-0{i}" for i in range(1, 8)} | {"CQ-21"}


@pytest.mark.parametrize("question", MONOTONE, ids=_ids(MONOTONE))
def test_monotone_study_rows_survive_outside_facts(question: Question) -> None:
    study, full = _both(question)
    assert study.rows, f"{question.id}: no study rows, so nothing is compared"
    missing = _missing(study, full)
    assert not missing, f"{question.id}: study rows lost on the full profile:\n" + "\n".join(missing)


@pytest.mark.parametrize("question", MONOTONE, ids=_ids(MONOTONE))
def test_monotone_study_rows_survive_reasoning(question: Question, inferred_graph: rdflib.Graph) -> None:
    study = ask(question, profile="study", engine="rdflib")
    missing = _missing(study, _on_graph(question, inferred_graph))
    assert not missing, f"{question.id}: study rows lost after reasoning:\n" + "\n".join(missing)


@pytest.mark.parametrize("question", COUNTING, ids=_ids(COUNTING))
def test_counts_never_fall_with_outside_facts(question: Question) -> None:
    # In a lens, renderings of one text merge, so only the row keys must survive (see below).
    problems = _decreases(*_both(question), check_numbers=not _in_lens(question))
    assert not problems, f"{question.id}:\n" + "\n".join(problems)


@pytest.mark.parametrize("question", COUNTING, ids=_ids(COUNTING))
def test_counts_never_fall_with_reasoning(question: Question, inferred_graph: rdflib.Graph) -> None:
    study = ask(question, profile="study", engine="rdflib")
    problems = _decreases(study, _on_graph(question, inferred_graph))
    assert not problems, f"{question.id}:\n" + "\n".join(problems)


def _counts(result: QueryResult, key: str, *numbers: str) -> dict[str, tuple[float | None, ...]]:
    k = result.variables.index(key)
    return {
        cell(row[k]): tuple(numeric_value(row[result.variables.index(n)]) for n in numbers)
        for row in result.rows
    }


def test_two_study_renderings_of_one_text_count_once_on_the_full_profile() -> None:
    """The study counts six definitions and autonomy in two (its "AI HLEG" and "Charter [16; 54]"
    definitions); both are the Commission's 2018 wording (E04, E07), so in the study lens on the
    full profile there are five texts and autonomy is met by one."""
    study, full = _both(next(q for q in QUESTIONS if q.id == "CQ-03"))
    assert _counts(study, "coreCriterion", "definitions", "ofDefinitions") == {
        "aikgv:AdaptivityLearning": (2, 6),
        "aikgv:Autonomy": (2, 6),
        "aikgv:CognitiveImitation": (2, 6),
        "aikgv:DataProcessing": (0, 6),
        "aikgv:EthicalLegalCompliance": (0, 6),
    }
    assert _counts(full, "coreCriterion", "definitions", "ofDefinitions") == {
        "aikgv:AdaptivityLearning": (2, 5),
        "aikgv:Autonomy": (1, 5),
        "aikgv:CognitiveImitation": (2, 5),
        "aikgv:DataProcessing": (0, 5),
        "aikgv:EthicalLegalCompliance": (0, 5),
    }
    assert {r: t for r, (t, _j) in _renderings().items() if t.endswith("def-ec-2018")} == {
        "https://w3id.org/aikg/data/def-eu-ai-hleg-2019": "https://w3id.org/aikg/data/def-ec-2018",
        "https://w3id.org/aikg/data/def-coe-charter-16": "https://w3id.org/aikg/data/def-ec-2018",
    }


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
    assert not _decreases(before, after, check_numbers=False)
    assert _decreases(before, QueryResult(form="SELECT", variables=("k", "n")))
    # "not said" is a wildcard only in the meets column, and only from the study side.
    said = ox.Literal("yes")
    not_said = ox.Literal("not said")
    lens = QueryResult(form="SELECT", variables=("definition", "meets"), rows=((key, not_said),))
    met = QueryResult(form="SELECT", variables=("definition", "meets"), rows=((key, said),))
    assert not _missing(lens, met) and _missing(met, lens)


def test_load_graph_is_cached_per_profile() -> None:
    assert load_graph("study") is load_graph("study")
    assert load_graph("full") is not load_graph("study")
