"""The contributor template: it validates, and the competency questions then include it.

``ontology/templates/new-jurisdiction.ttl`` adds a jurisdiction (the invented
"Example Republic") with a statute, its status events, the definition of AI it
states with the definition's criteria, and the source they cite.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from aikg.load import KnowledgeBase, parse_file
from aikg.namespaces import prefix_map
from aikg.validate import validate

REPO = Path(__file__).resolve().parent.parent
TEMPLATE = REPO / "ontology" / "templates" / "new-jurisdiction.ttl"
EX = "https://example.org/aikg-extension/"
AIKGV = "https://w3id.org/aikg/vocab/"


def test_template_is_commented_turtle() -> None:
    lines = TEMPLATE.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# Template: ")
    assert sum(1 for line in lines if line.lstrip().startswith("#")) >= 30
    assert "aikg validate" in TEMPLATE.read_text(encoding="utf-8")
    assert parse_file(TEMPLATE)  # strict


def test_template_has_what_a_jurisdiction_needs() -> None:
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in parse_file(TEMPLATE))
    query = """
        ASK {
          ?j a aikg:State .
          ?i a aikg:Statute ; aikg:hasBindingForce aikgv:LegallyBinding ; aikg:hasJurisdiction ?j ;
             aikg:hasStatusEvent ?e ; aikg:citation/aikg:source ?s .
          ?e aikg:resultingStatus aikgv:InForce ; aikg:date ?date .
          ?d a aikg:AIDefinition ; aikg:statedIn ?i ; aikg:hasCriterion ?c ; aikg:citation/aikg:source ?s .
          ?s a aikg:OfficialText .
        }"""
    assert store.query(query, prefixes=prefix_map())


def test_template_validates_with_zero_violations() -> None:
    with_shipped = validate([TEMPLATE], "full")
    assert with_shipped.violations == (), with_shipped.to_text(show="Violation")
    # It adds no gap either: its law defines AI and rules on liability, in force since 2024-07.
    assert [f for f in with_shipped.findings if f.resource.startswith(EX)] == []
    alone = validate([TEMPLATE], include_shipped=False)
    assert alone.findings == () and alone.exit_code == 0


@pytest.fixture(scope="module")
def study_plus_template(kb_study: KnowledgeBase) -> ox.Store:
    store = ox.Store()
    store.bulk_extend(
        ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in kb_study.triples()
    )
    store.bulk_extend(
        ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in parse_file(TEMPLATE)
    )
    return store


def _rows(store: ox.Store, name: str) -> list[tuple[str, ...]]:
    text = (REPO / "queries" / "cq" / name).read_text(encoding="utf-8")
    solutions = store.query(text, prefixes=prefix_map())  # the query file, as-is
    return [tuple(term.value if term is not None else "" for term in row) for row in solutions]  # type: ignore[union-attr]


def test_cq01_lists_the_new_definition_and_its_criteria(study_plus_template: ox.Store) -> None:
    rows = _rows(study_plus_template, "cq-01-definition-criteria.rq")
    new = sorted(row for row in rows if row[0].startswith(EX))
    assert new == [
        (EX + "def-xy-ai-law", EX + "XY", AIKGV + "Autonomy", "core"),
        (EX + "def-xy-ai-law", EX + "XY", AIKGV + "DecisionMaking", "specific"),
        (EX + "def-xy-ai-law", EX + "XY", AIKGV + "Learning", "specific"),
    ]
    assert len(rows) > len(new)  # the study's own definitions are still there


def test_cq13_finds_a_binding_definition_in_force(
    study_plus_template: ox.Store, kb_study: KnowledgeBase
) -> None:
    rows = _rows(study_plus_template, "cq-13-binding-definition-by-jurisdiction.rq")
    new = [row for row in rows if row[0].startswith(EX)]
    assert new == [(EX + "XY", "2024-12-31", "3", "in force")]
    text = (REPO / "queries" / "cq" / "cq-13-binding-definition-by-jurisdiction.rq").read_text(
        encoding="utf-8"
    )
    before = {row[0].value for row in kb_study.query(text)}  # type: ignore[union-attr,index]
    assert {row[0] for row in rows} - before == {EX + "XY"}
