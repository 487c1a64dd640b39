"""queries/export/to-eli.rq turns aikg's dated status events into ELI properties,
without ever padding a year or a month to a day."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from aikg.load import KnowledgeBase

QUERY = (Path(__file__).resolve().parents[1] / "queries" / "export" / "to-eli.rq").read_text(encoding="utf-8")
ELI = "http://data.europa.eu/eli/ontology#"
AIKGD = "https://w3id.org/aikg/data/"
XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")


def exported(kb: KnowledgeBase) -> set[tuple[str, str, str]]:
    return {(t.subject.value, t.predicate.value, t.object.value) for t in kb.query(QUERY)}


def test_ai_act_dates_are_exported(kb_full: KnowledgeBase) -> None:
    triples = exported(kb_full)
    act = AIKGD + "eu-ai-act"
    assert (act, ELI + "date_document", "2024-06-13") in triples
    assert (act, ELI + "first_date_entry_in_force", "2024-08-01") in triples
    assert (act, ELI + "number", "(EU) 2024/1689") in triples
    proposal = AIKGD + "eu-aia-proposal"
    assert (proposal, ELI + "date_no_longer_in_force", "2024-06-13") in triples


def test_year_precision_dates_are_not_padded(kb_study: KnowledgeBase) -> None:
    triples = exported(kb_study)
    law = AIKGD + "ru-federal-law-123"  # "legislated in 2020": a year only
    assert (law, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", ELI + "LegalResource") in triples
    assert not [t for t in triples if t[0] == law and t[1].startswith(ELI + "date")]
    assert (AIKGD + "kz-law-94-v", ELI + "date_document", "2013-05-21") in triples
    for triple in kb_study.query(QUERY):
        if triple.predicate.value.startswith(ELI + "date"):
            assert triple.object.datatype == XSD_DATE
