"""Every IRI aikg aligns to exists in the real copy of the target ontology
(../shared/ontologies), and the SSSOM table lists exactly the mappings."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib import URIRef

from aikg.docs import sssom_table
from aikg.load import KnowledgeBase
from aikg.namespaces import SKOS

MAPPINGS = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)
# target namespace -> (files in shared/ontologies, rdflib format)
TARGETS = {
    "http://data.europa.eu/eli/ontology#": (["eli/eli.rdf"], "xml"),
    "http://www.estrellaproject.org/lkif-core/": (
        ["lkif-core/norm.owl", "lkif-core/legal-action.owl"],
        "xml",
    ),
    "https://w3id.org/dpv": (
        [
            "dpv/dpv.ttl",
            "dpv-tech/tech.ttl",
            "dpv-loc/loc.ttl",
            "dpv-legal/legal-eu.ttl",
            "dpv-eu-aiact/eu-aiact.ttl",
        ],
        "turtle",
    ),
    "https://w3id.org/airo#": (["airo/airo.ttl"], "turtle"),
    "http://purl.org/dc/terms/": ([], ""),  # Dublin Core is reused everywhere; not shipped in shared/
}


def mappings(kb: KnowledgeBase) -> list[tuple[URIRef, URIRef, URIRef]]:
    g = kb.graph
    return sorted((s, p, o) for p in MAPPINGS for s, o in g.subject_objects(p) if isinstance(o, URIRef))


def test_there_are_alignments_to_each_target(kb_full: KnowledgeBase) -> None:
    objects = {str(o) for _, _, o in mappings(kb_full)}
    for namespace in (
        "http://data.europa.eu/eli/",
        "http://www.estrellaproject.org/lkif-core/",
        "https://w3id.org/dpv",
        "https://w3id.org/airo#",
    ):
        assert any(o.startswith(namespace) for o in objects), namespace


@pytest.fixture(scope="module")
def target_terms(shared_dir: Path) -> set[URIRef]:
    terms: set[URIRef] = set()
    for files, fmt in TARGETS.values():
        for name in files:
            graph = rdflib.Graph().parse(shared_dir / "ontologies" / name, format=fmt)
            terms |= {s for s in graph.subjects() if isinstance(s, URIRef)}
    return terms


def test_every_aligned_iri_exists_in_the_target_ontology(
    kb_full: KnowledgeBase, target_terms: set[URIRef]
) -> None:
    missing = []
    for subject, predicate, obj in mappings(kb_full):
        namespace = next((ns for ns in TARGETS if str(obj).startswith(ns)), None)
        assert namespace is not None, f"{subject} {predicate} {obj}: unknown target ontology"
        if TARGETS[namespace][0] and obj not in target_terms:
            missing.append(f"{subject} -> {obj}")
    assert not missing, "aligned to IRIs that the target ontologies do not define: " + ", ".join(missing)


def test_sssom_table_has_one_row_per_mapping(kb_full: KnowledgeBase) -> None:
    table = sssom_table(kb_full.graph)
    rows = [line for line in table.splitlines() if line and not line.startswith("#")][1:]
    own = [m for m in mappings(kb_full) if str(m[0]).startswith("https://w3id.org/aikg/")]
    assert len(rows) == len(own)
