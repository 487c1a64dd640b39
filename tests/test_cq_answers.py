"""Every competency question × {study, full} × {oxigraph, rdflib} gives its expected answer,
and the two engines give identical result sets (numbers within 1e-9).

Comparison is order-insensitive and row-for-row (a multiset: a duplicated row must be expected
twice). Each row of the expected files was reviewed for what the law was on the profile's as-of
date (``tests/expected/REVIEW.md``). Each answer is computed once per process and shared.

Pinned runs off the defaults (``tests/expected/params/*.tsv``) show the time model at work on
dates a lawyer would pick: the AI Act adopted but not in force (31 July 2024), in force but its
definition not yet applicable (1 February 2025), the definition applicable (2 February 2025 on);
Kazakhstan's AI law signed but not in force (31 December 2025) and in force (18 January 2026).
Regenerate them after a reviewed data change with ``python tests/test_cq_answers.py``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from aikg.api import ask
from aikg.cq import Question, parse_question
from aikg.query import ENGINES, QueryResult, bind_params, cell, diff_results, read_expected

REPO = Path(__file__).resolve().parent.parent
PINNED_DIR = REPO / "tests" / "expected" / "params"
QUESTIONS: tuple[Question, ...] = tuple(
    parse_question(p) for p in sorted((REPO / "queries" / "cq").glob("*.rq"))
)
PROFILES = ("study", "full")
CASES = [(q, profile, engine) for q in QUESTIONS for profile in PROFILES for engine in ENGINES]
_BY_ID = {q.id: q for q in QUESTIONS}
#: A parameter that may default to a value read from the data comes back under this column.
ECHO_COLUMNS = {"date": "asOfDate", "lens": "usedLens"}


@cache
def answer(question_id: str, profile: str, engine: str) -> QueryResult:
    return ask(_BY_ID[question_id], profile=profile, engine=engine)  # type: ignore[arg-type]


def _report(problems: list[str], limit: int = 15) -> str:
    shown = problems[:limit]
    more = f"\n… and {len(problems) - limit} more" if len(problems) > limit else ""
    return "\n".join(shown) + more


@pytest.mark.parametrize(
    ("question", "profile", "engine"),
    CASES,
    ids=[f"{q.id}-{profile}-{engine}" for q, profile, engine in CASES],
)
def test_answer_matches_expected(question: Question, profile: str, engine: str) -> None:
    expected = read_expected(question.expected_path(profile, REPO))
    problems = diff_results(expected, answer(question.id, profile, engine))
    assert not problems, f"{question.id} ({profile}, {engine}):\n{_report(problems)}"


@pytest.mark.parametrize(
    ("question", "profile"),
    [(q, p) for q in QUESTIONS for p in PROFILES],
    ids=[f"{q.id}-{p}" for q in QUESTIONS for p in PROFILES],
)
def test_engines_give_identical_result_sets(question: Question, profile: str) -> None:
    ours, theirs = answer(question.id, profile, "oxigraph"), answer(question.id, profile, "rdflib")
    assert ours.variables == theirs.variables
    problems = diff_results(ours, theirs)
    assert not problems, f"{question.id} ({profile}) oxigraph vs rdflib:\n{_report(problems)}"


# --------------------------------------------------------------------------- pinned runs off the defaults


@dataclass(frozen=True)
class Pinned:
    name: str  # file stem under tests/expected/params/
    question: str
    params: tuple[tuple[str, str], ...]
    profile: str
    why: str

    @property
    def path(self) -> Path:
        return PINNED_DIR / f"{self.name}.tsv"

    def run(self, engine: str = "oxigraph") -> QueryResult:
        return ask(self.question, dict(self.params), profile=self.profile, engine=engine)  # type: ignore[arg-type]


PINNED = (
    Pinned(
        "cq-13-full-2024-07-31",
        "CQ-13",
        (("date", "2024-07-31"),),
        "full",
        "AI Act adopted (13 June 2024) but not in force: the EU's strongest definition is not in force",
    ),
    Pinned(
        "cq-13-full-2025-02-01",
        "CQ-13",
        (("date", "2025-02-01"),),
        "full",
        "AI Act in force (1 August 2024) but Art. 3 (Chapter I) not applicable until 2 February 2025",
    ),
    Pinned(
        "cq-13-full-2025-08-02",
        "CQ-13",
        (("date", "2025-08-02"),),
        "full",
        "Art. 3(1) applicable; Japan's Act promulgated; Korea's Act not in force; Kazakhstan none known",
    ),
    Pinned(
        "cq-13-full-2026-08-02",
        "CQ-13",
        (("date", "2026-08-02"),),
        "full",
        "Korea (22 January 2026) and Kazakhstan (18 January 2026) now have applicable definitions",
    ),
    Pinned(
        "cq-13-study-2020-06-01",
        "CQ-13",
        (("date", "2020-06-01"),),
        "study",
        "123-FL of 2020 (year only): whether adopted by 1 June 2020 is not established",
    ),
    Pinned(
        "cq-24-full-kz-2025-12-31",
        "CQ-24",
        (("jurisdiction", "aikgd:KZ"), ("date", "2025-12-31")),
        "full",
        "Law 230-VIII signed 17 November 2025, not yet in force",
    ),
    Pinned(
        "cq-24-full-kz-2026-01-18",
        "CQ-24",
        (("jurisdiction", "aikgd:KZ"), ("date", "2026-01-18")),
        "full",
        "Law 230-VIII in force and applicable from 18 January 2026",
    ),
    Pinned(
        "cq-24-study-kz-2025-01-01",
        "CQ-24",
        (("jurisdiction", "aikgd:KZ"), ("date", "2025-01-01")),
        "study",
        "the study's attestations hold from the last day of 2024; nothing later is known to the study",
    ),
    Pinned(
        "cq-06-full-eu-us",
        "CQ-06",
        (("jurisdictionA", "aikgd:EU"), ("jurisdictionB", "aikgd:US")),
        "full",
        "the AI Act and NIST both follow the OECD wording; the study's NIST paraphrase is not a US text",
    ),
    Pinned(
        "cq-08-study-kz-coe",
        "CQ-08",
        (("jurisdictionA", "aikgd:KZ"), ("jurisdictionB", "aikgd:CoE")),
        "study",
        "no absence is claimed without complete inventories",
    ),
    Pinned(
        "cq-14-study-2019-12-31",
        "CQ-14",
        (("date", "2019-12-31"),),
        "study",
        "before the study's 2024 attestations only dated events count",
    ),
    Pinned(
        "cq-17-full-2022-01-01",
        "CQ-17",
        (("date", "2022-01-01"),),
        "full",
        "drafts on 1 January 2022: only the AIA proposal (presented 21 April 2021) is established as one",
    ),
    Pinned(
        "cq-21-full-imitation",
        "CQ-21",
        (("criterion", "aikgv:CognitiveImitation"),),
        "full",
        "imitation is in the Russian, Kazakh, Japanese and Korean texts, not in the OECD family",
    ),
    Pinned(
        "cq-26-full-eu-ai-act",
        "CQ-26",
        (("instrument", "aikgd:eu-ai-act"),),
        "full",
        "AI Act: adopted, published, in force, application rules of 2024 and of Regulation (EU) 2026/1744",
    ),
    Pinned(
        "cq-27-full-2024-09-01",
        "CQ-27",
        (("date", "2024-09-01"),),
        "full",
        "the day the AI Act was a month in force and the Framework Convention not yet signed by the EU",
    ),
    Pinned(
        "cq-29-full-kz-decree-674",
        "CQ-29",
        (("instrument", "aikgd:kz-decree-674"),),
        "full",
        "the one approval relation: Decree No. 674 approves the Concept of Legal Policy until 2030",
    ),
)


@pytest.mark.parametrize("pinned", PINNED, ids=[p.name for p in PINNED])
def test_pinned_run_matches_expected(pinned: Pinned) -> None:
    expected = read_expected(pinned.path)
    problems = diff_results(expected, pinned.run())
    assert not problems, f"{pinned.name} ({pinned.why}):\n{_report(problems)}"


@pytest.mark.parametrize("pinned", PINNED, ids=[p.name for p in PINNED])
def test_engines_agree_on_pinned_runs(pinned: Pinned) -> None:
    ours, theirs = pinned.run("oxigraph"), pinned.run("rdflib")
    problems = diff_results(ours, theirs)
    assert not problems, f"{pinned.name} oxigraph vs rdflib:\n{_report(problems)}"
    # The parameters come back as columns, with the values asked for.
    assert ours.rows, f"{pinned.name}: no rows, so nothing was compared"
    for name, term in bind_params(_BY_ID[pinned.question], dict(pinned.params)).items():
        column = ECHO_COLUMNS.get(name, name)
        if term is None:  # an UNDEF default: the value used comes from the data, one per answer
            assert len(set(ours.column(column))) == 1
        else:
            assert set(ours.column(column)) == {term}, f"{pinned.name}: column {column}"


def _day(text: str) -> str:
    return f'"{text}"^^<http://www.w3.org/2001/XMLSchema#date>'


def _row(result: QueryResult, **cells: str) -> list[tuple[str, ...]]:
    """The rows of *result* whose named cells have the given compact text (e.g. jurisdiction='aikgd:EU')."""
    index = {name: result.variables.index(name) for name in cells}
    return [
        tuple(cell(t) for t in row)
        for row in result.rows
        if all(cell(row[index[name]]) == text for name, text in cells.items())
    ]


def test_the_ai_act_definition_follows_entry_into_force_then_application() -> None:
    """In force is not applies: Art. 3(1) is not in force on 31 July 2024, in force but not yet
    applicable on 1 February 2025 (Art. 113(a): Chapters I and II from 2 February 2025), applicable
    from 2 February 2025; the absence of a stronger rule is never claimed (EU inventory not complete)."""
    effects = {}
    for day in ("2024-07-31", "2024-08-01", "2025-02-01", "2025-02-02", "2026-12-01"):
        rows = _row(ask("CQ-13", {"date": day}, profile="full"), jurisdiction="aikgd:EU")
        assert len(rows) == 1 and rows[0][3] == "aikgd:eu-ai-act-art-3-1", rows
        effects[day] = rows[0][1:3]
    assert effects == {
        "2024-07-31": ("aikgv:AnswerNotEstablished", "aikgv:EffectNotInForce"),
        "2024-08-01": ("aikgv:AnswerNotEstablished", "aikgv:EffectNotYetApplicable"),
        "2025-02-01": ("aikgv:AnswerNotEstablished", "aikgv:EffectNotYetApplicable"),
        "2025-02-02": ("aikgv:AnswerBindingApplicable", "aikgv:EffectApplicable"),
        "2026-12-01": ("aikgv:AnswerBindingApplicable", "aikgv:EffectApplicable"),
    }


def test_kazakhstan_ai_law_is_signed_then_in_force() -> None:
    before = _row(ask("CQ-24", {"date": "2025-12-31"}, profile="full"), instrument="aikgd:kz-law-ai-230-viii")
    after = _row(ask("CQ-24", {"date": "2026-01-18"}, profile="full"), instrument="aikgd:kz-law-ai-230-viii")
    # instrument, provision, effect, scope, since, until (source, jurisdiction and date aside)
    assert {r[:6] for r in before} == {
        (
            "aikgd:kz-law-ai-230-viii",
            "",
            "aikgv:EffectNotInForce",
            '"all"',
            _day("2025-11-17"),
            _day("2026-01-17"),
        ),
        (
            "aikgd:kz-law-ai-230-viii",
            "aikgd:kz-law-ai-230-viii-art-1",
            "aikgv:EffectNotInForce",
            '"all"',
            _day("2025-11-17"),
            _day("2026-01-17"),
        ),
        (
            "aikgd:kz-law-ai-230-viii",
            "aikgd:kz-law-ai-230-viii-art-1-3",
            "aikgv:EffectNotInForce",
            '"all"',
            _day("2025-11-17"),
            _day("2026-01-17"),
        ),
    }
    assert {r[2] for r in after} == {"aikgv:EffectApplicable"}
    assert {r[4] for r in after} == {_day("2026-01-18")}


def write_pinned() -> None:
    """Write tests/expected/params/*.tsv from the current graph (run after a reviewed data change)."""
    PINNED_DIR.mkdir(parents=True, exist_ok=True)
    for pinned in PINNED:
        result = pinned.run()
        lines = ["\t".join(result.variables)] + sorted("\t".join(cell(t) for t in row) for row in result.rows)
        pinned.path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{pinned.path.relative_to(REPO)}: {len(result.rows)} rows", file=sys.stderr)


if __name__ == "__main__":
    write_pinned()
