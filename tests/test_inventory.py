"""The study inventory (docs/study-inventory.csv) is the human-reviewed list of what
aikg takes from the source study. Each row must be in the study profile, cited to the
reference and page (or section) the row names."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, URIRef
from rdflib.util import from_n3

from aikg.load import load_profile
from aikg.namespaces import AIKG, AIKGD, prefix_map

INVENTORY = Path(__file__).resolve().parents[1] / "docs" / "study-inventory.csv"
ROWS = list(csv.DictReader(INVENTORY.open(encoding="utf-8")))
NS = rdflib.namespace.NamespaceManager(rdflib.Graph())
for _prefix, _iri in prefix_map().items():
    NS.bind(_prefix, _iri, replace=True)


def term(text: str) -> rdflib.term.Node:
    node = from_n3(text, nsm=NS)
    assert node is not None, f"cannot read {text!r}"
    return node


@lru_cache(maxsize=1)
def study_graph() -> rdflib.Graph:
    return load_profile("study").graph


def citations(graph: rdflib.Graph, node: rdflib.term.Node) -> list[tuple[URIRef, str, str]]:
    out = []
    for citation in graph.objects(node, AIKG.citation):
        source = graph.value(citation, AIKG.source)
        pages = graph.value(citation, AIKG.pages)
        locator = graph.value(citation, AIKG.locator)
        out.append((source, str(pages or ""), str(locator or "")))
    return out


def test_inventory_is_well_formed() -> None:
    assert ROWS, "the inventory is empty"
    ids = [row["id"] for row in ROWS]
    assert len(ids) == len(set(ids)), "duplicate inventory IDs"
    categories = {row["category"] for row in ROWS}
    # The issue asks for entities, definitions, criterion links and claims at least.
    assert {"entity", "definition", "criterion link", "claim"} <= categories


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_inventory_row_is_in_the_study_graph_with_its_source(row: dict[str, str]) -> None:
    graph = study_graph()
    subject, predicate, obj = term(row["subject"]), term(row["predicate"]), term(row["object"])
    assert (subject, predicate, obj) in graph, f"{row['id']}: triple missing from the study profile"
    source = term(row["source"])
    cited = citations(graph, subject) + (citations(graph, obj) if isinstance(obj, URIRef) else [])
    matching = [c for c in cited if c[0] == source and (not row["pages"] or c[1] == row["pages"])]
    assert matching, f"{row['id']}: {row['subject']} is not cited to {row['source']} p. {row['pages'] or '-'}"
    # A section of the study is the pinpoint when the study cites nothing; the study's own
    # triples about itself need none.
    if source == AIKGD.study and row["locator"] and subject != AIKGD.study:
        assert any(row["locator"] == c[2] for c in matching), (
            f"{row['id']}: {row['subject']} is not cited to the study's {row['locator']!r}"
        )


def test_every_study_definition_and_claim_is_in_the_inventory() -> None:
    graph = study_graph()
    listed = {term(row["subject"]) for row in ROWS if row["predicate"] == "rdf:type"}
    for cls in (AIKG.AIDefinition, AIKG.Claim):
        for resource in graph.subjects(RDF.type, cls):
            assert resource in listed, f"{resource} is in the study graph but not in the inventory"


def test_every_criterion_link_is_in_the_inventory() -> None:
    graph = study_graph()
    listed = {(term(r["subject"]), term(r["object"])) for r in ROWS if r["predicate"] == "aikg:hasCriterion"}
    assert set(graph.subject_objects(AIKG.hasCriterion)) == listed
