"""Ontology metadata (issue #2, point 7): fixed, not build-time, and complete."""

from __future__ import annotations

import rdflib
from rdflib import OWL, URIRef
from rdflib.namespace import DCTERMS, VANN

from aikg.load import load_profile

ONTOLOGY = URIRef("https://w3id.org/aikg/ontology")
KBS = (URIRef("https://w3id.org/aikg/kb/study"), URIRef("https://w3id.org/aikg/kb/full"))


def test_tbox_ontology_header_is_complete() -> None:
    g = load_profile("tbox").graph

    def one(p: URIRef) -> rdflib.term.Node:
        values = list(g.objects(ONTOLOGY, p))
        assert values, f"missing {p}"
        return values[0]

    assert str(one(OWL.versionIRI)).endswith("/0.1.0/ontology")
    assert str(one(OWL.versionInfo)) == "0.1.0"
    titles = {t.language for t in g.objects(ONTOLOGY, DCTERMS.title)}
    assert titles == {"en", "ru", "kk"}
    assert one(DCTERMS.description)
    assert one(DCTERMS.creator)
    assert one(DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert str(one(DCTERMS.created)) == "2026-11-26" and one(DCTERMS.modified)
    assert str(one(VANN.preferredNamespacePrefix)) == "aikg"
    assert str(one(VANN.preferredNamespaceUri)) == "https://w3id.org/aikg/ont/"
    assert one(DCTERMS.source) == URIRef("https://w3id.org/aikg/data/study")


def test_knowledge_bases_carry_version_and_license() -> None:
    g = load_profile("full").graph
    for kb in KBS:
        assert (kb, OWL.versionIRI, None) in g, kb
        assert (kb, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in g, kb


def test_version_is_written_once() -> None:
    # the package version and the ontology version agree, so a release bumps both together
    from aikg import __version__

    g = load_profile("tbox").graph
    assert str(g.value(ONTOLOGY, OWL.versionInfo)) == __version__
