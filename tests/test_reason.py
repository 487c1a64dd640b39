"""HermiT: the shipped profiles are consistent, and the check can fail."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from aikg import _java
from aikg import reason as reason_module
from aikg.errors import AikgJavaError
from aikg.load import load_ontology
from aikg.reason import ReasoningResult, reason

BAD = Path(__file__).resolve().parent / "fixtures" / "bad"
EX = "https://example.org/aikg-test/"


def _graph(path: Path) -> Graph:
    return load_ontology(path).graph


def test_full_is_consistent_with_no_unsatisfiable_class(reasoning_full: ReasoningResult) -> None:
    assert reasoning_full.consistent
    assert reasoning_full.unsatisfiable == ()


def test_study_is_consistent_with_no_unsatisfiable_class(reasoning_study: ReasoningResult) -> None:
    assert reasoning_study.consistent
    assert reasoning_study.unsatisfiable == ()


def test_closure_holds_asserted_and_inferred(reasoning_full: ReasoningResult) -> None:
    closure = reasoning_full.closure()
    assert len(closure) == len(reasoning_full.asserted | reasoning_full.inferred)
    assert len(closure) >= len(reasoning_full.asserted)


def test_inconsistency_is_reported_not_raised(java: str) -> None:
    result = reason(_graph(BAD / "inconsistent.ttl"))
    assert result.consistent is False
    assert not result.ok


def test_unsatisfiable_class_is_named(java: str) -> None:
    result = reason(_graph(BAD / "unsatisfiable.ttl"))
    assert result.consistent
    assert result.unsatisfiable == (EX + "Impossible",)


def test_inferences_dates_and_imports(java: str, tmp_path: Path) -> None:
    # One HermiT run checks three things:
    # * a hasValue restriction yields an inferred property value;
    # * xsd:date / xsd:gYear / xsd:gYearMonth literals do not stop HermiT;
    # * an owl:imports of an unreachable IRI is stripped, not fetched.
    path = tmp_path / "inference.ttl"
    path.write_text(
        f"""@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <{EX}> .
<{EX}inference> a owl:Ontology ; owl:imports <https://unreachable.invalid/ontology> .
ex:Binding a owl:NamedIndividual .
ex:force a owl:ObjectProperty .
ex:date a owl:DatatypeProperty .
ex:Statute a owl:Class ;
    rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:force ; owl:hasValue ex:Binding ] .
ex:law a ex:Statute ; ex:date "2024-05-21"^^xsd:date , "2024-05"^^xsd:gYearMonth , "2024"^^xsd:gYear .
"""
    )
    graph = Graph().parse(path)
    result = reason(graph)
    assert result.ok
    inferred = (URIRef(EX + "law"), URIRef(EX + "force"), URIRef(EX + "Binding"))
    assert inferred not in graph
    assert inferred in result.inferred
    assert inferred in result.closure()
    assert result.inferred_count >= 1


def test_missing_java_is_a_typed_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_java, "find_java", lambda: None)
    with pytest.raises(AikgJavaError, match="java not found"):
        reason_module.reason(Graph())
