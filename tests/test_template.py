"""The contributor template: it validates, and the competency questions then answer with it.

``ontology/templates/new-jurisdiction.ttl`` adds a jurisdiction (the invented
"Example Republic") with a statute coded article by article, its status events,
an application rule that moves one article, the definition of AI it states, its
coverage declarations and its official source. The answers below are the full
expected rows for the new jurisdiction, read with aikg's own question files.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from aikg.api import ask, load_graph
from aikg.load import KnowledgeBase, parse_file
from aikg.namespaces import prefix_map
from aikg.terms import display
from aikg.validate import validate

REPO = Path(__file__).resolve().parent.parent
TEMPLATE = REPO / "ontology" / "templates" / "new-jurisdiction.ttl"
EX = "https://example.org/aikg-extension/"


def test_template_is_commented_turtle_that_parses_strictly() -> None:
    text = TEMPLATE.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].startswith("# Template: ")
    assert sum(1 for line in lines if line.lstrip().startswith("#")) >= 40
    for command in ("aikg validate", "aikg layout", "aikg ask CQ-13 --data"):
        assert command in text
    assert parse_file(TEMPLATE)  # strict


def test_template_has_what_a_jurisdiction_needs() -> None:
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in parse_file(TEMPLATE))
    query = """
        ASK {
          ?module a owl:Ontology ; owl:imports <https://w3id.org/aikg/ontology> .
          ?j a aikg:State .
          ?i a aikg:Statute ; aikg:formalForce aikgv:LegallyBinding ; aikg:hasJurisdiction ?j ;
             aikg:hasStatusEvent ?e ; aikg:codingCoverage ?cov ; aikg:citation/aikg:source ?s .
          ?e aikg:resultingStatus aikgv:InForce ; aikg:date ?date .
          ?p aikg:provisionOf ?i ; aikg:addressesIssue aikgv:LiabilityForHarm .
          ?rule aikg:ruleOf ?i ; aikg:appliesProvision ?p ; aikg:setBy ?setter .
          ?d a aikg:AIDefinition ; aikg:statedIn ?article ; aikg:hasCriterion ?c .
          ?article aikg:provisionOf ?i .
          ?s a aikg:OfficialText ; aikg:evidenceLevel aikgv:EvidenceOfficialText .
        }"""
    assert store.query(query, prefixes=prefix_map())


def test_template_validates_with_zero_violations() -> None:
    with_shipped = validate([TEMPLATE], "full")
    assert with_shipped.violations == (), with_shipped.to_text(show="Violation")
    alone = validate([TEMPLATE], include_shipped=False)
    assert alone.violations == () and alone.exit_code == 0, alone.to_text(show="Violation")


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_graph("full", data=[TEMPLATE])


def _rows(result: object, keep: str) -> list[tuple[str, ...]]:
    rows = [tuple(display(t) for t in row) for row in result.rows]  # type: ignore[attr-defined]
    return sorted(row for row in rows if any(keep in cell for cell in row))


XY_DEF = "<https://example.org/aikg-extension/def-xy-ai-law>"
XY = "<https://example.org/aikg-extension/XY>"


def test_cq01_lists_the_criteria_coded_from_the_wording(kb: KnowledgeBase) -> None:
    assert _rows(ask("CQ-01", graph=kb), "def-xy-ai-law") == [
        (XY_DEF, XY, criterion, '"specific"', "aikgv:TextLens")
        for criterion in (
            "aikgv:AutonomousAction",
            "aikgv:DecisionMaking",
            "aikgv:Learning",
            "aikgv:MachineBased",
        )
    ]


def test_cq02_rolls_the_criteria_up_only_through_the_codebook(kb: KnowledgeBase) -> None:
    # Learning implies adaptivity and learning, AutonomousAction autonomy; being
    # machine-based and making decisions count toward no core criterion.
    assert _rows(ask("CQ-02", graph=kb), "def-xy-ai-law") == [
        (XY_DEF, XY, "aikgv:AdaptivityLearning", "aikgv:TextLens"),
        (XY_DEF, XY, "aikgv:Autonomy", "aikgv:TextLens"),
    ]


def test_cq13_finds_the_binding_definition_applicable_at_the_as_of_date(kb: KnowledgeBase) -> None:
    rows = _rows(ask("CQ-13", graph=kb), "extension/XY>")
    assert rows == [
        (
            "<https://example.org/aikg-extension/XY>",
            "aikgv:AnswerBindingApplicable",
            "aikgv:EffectApplicable",
            "<https://example.org/aikg-extension/xy-ai-law-art-1>",
            '"2026-12-01"^^xsd:date',
        )
    ]


@pytest.mark.parametrize(
    ("date", "effect"),
    [
        ("2024-06-30", "aikgv:EffectNotInForce"),
        # In force from July 2024, known to the month: on the days of July the effect is
        # not established, and CQ-24 says so.
        ("2024-07-15", "aikgv:EffectNotEstablished"),
        # In force, but Article 12 applies only from 1 January 2025 (Art. 40(2)).
        ("2024-10-01", "aikgv:EffectNotYetApplicable"),
        ("2025-01-01", "aikgv:EffectApplicable"),
    ],
)
def test_cq24_in_force_is_not_applies(kb: KnowledgeBase, date: str, effect: str | None) -> None:
    result = ask("CQ-24", {"jurisdiction": f"<{EX}XY>", "date": date}, graph=kb)
    article_12 = [
        row for row in result.as_dicts() if row.get("provision") == ox.NamedNode(f"{EX}xy-ai-law-art-12")
    ]
    assert [display(row["effect"]) for row in article_12] == ([effect] if effect else [])
