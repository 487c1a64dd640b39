"""HermiT: the shipped profiles are consistent, the check can fail, and the
inferred triples are real entailments (not an empty graph)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from aikg import _java
from aikg import reason as reason_module
from aikg.errors import AikgJavaError
from aikg.load import KnowledgeBase, load_ontology
from aikg.namespaces import AIKG, AIKGD, AIKGV, OWL, RDF, RDFS, SKOS
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
    # inferred holds only new triples, so the closure is strictly bigger
    assert reasoning_full.inferred_count > 100
    assert len(closure) == len(reasoning_full.asserted) + reasoning_full.inferred_count


# Each is checked to be absent from the study graph and present in what HermiT infers.
STUDY_ENTAILMENTS = [
    pytest.param((AIKGD.KZ, RDF.type, AIKG.Agent), id="KZ-State-is-an-Agent"),
    pytest.param((AIKGD.KZ, RDF.type, AIKG.Jurisdiction), id="KZ-State-is-a-Jurisdiction"),
    pytest.param((AIKGD["kz-law-94-v"], RDF.type, AIKG.LegalInstrument), id="Statute-is-a-LegalInstrument"),
    pytest.param((AIKGD.EU, RDF.type, AIKG.Jurisdiction), id="EU-is-a-Jurisdiction"),
    pytest.param((AIKGD.EU, RDF.type, AIKG.Organisation), id="EU-is-an-Organisation"),
    pytest.param((AIKG.State, RDFS.subClassOf, AIKG.Jurisdiction), id="State-subClassOf-Jurisdiction"),
    # a status change is a status event (rdfs:subClassOf); SKOS links are annotations in
    # aikg (core.ttl), so that merging with ELI and DPV does not pun: no SKOS entailment here
    pytest.param(
        (AIKGD["kz-law-94-v-adopted"], RDF.type, AIKG.StatusEvent), id="StatusChange-is-a-StatusEvent"
    ),
    pytest.param(
        (AIKGD["study"], RDF.type, AIKG.BibliographicResource), id="study-is-a-BibliographicResource"
    ),
]


@pytest.mark.parametrize("triple", STUDY_ENTAILMENTS)
def test_real_entailments_on_study(
    triple: tuple[URIRef, URIRef, URIRef], kb_study: KnowledgeBase, reasoning_study: ReasoningResult
) -> None:
    assert triple not in kb_study.graph
    assert triple in reasoning_study.inferred
    assert triple in reasoning_study.closure()


def test_skos_links_stay_annotations(kb_study: KnowledgeBase, reasoning_study: ReasoningResult) -> None:
    # SKOS properties are annotation properties in aikg (as in ELI and DPV): HermiT adds no
    # inverse, and the premise it would have used is asserted (so the check is not vacuous).
    assert (AIKGV.DataAnalysis, SKOS.broader, AIKGV.DataProcessing) in kb_study.graph
    assert (SKOS.broader, RDF.type, OWL.AnnotationProperty) in kb_study.graph
    assert (AIKGV.DataProcessing, SKOS.narrower, AIKGV.DataAnalysis) not in reasoning_study.closure()


def test_inferred_holds_only_new_named_non_trivial_triples(reasoning_full: ReasoningResult) -> None:
    for triple in reasoning_full.inferred:
        subject, _, obj = triple
        assert triple not in reasoning_full.asserted, triple
        assert not isinstance(subject, BNode) and not isinstance(obj, BNode), triple
        assert obj not in (OWL.Thing, OWL.NamedIndividual, OWL.topObjectProperty, OWL.topDataProperty), triple
        assert subject != OWL.Nothing, triple
        if isinstance(obj, Literal):  # no opaque constant from ignoreUnsupportedDatatypes
            assert not str(obj.datatype or "").startswith("internal:"), triple


def test_inconsistency_is_reported_not_raised(java: str) -> None:
    result = reason(_graph(BAD / "inconsistent.ttl"))
    assert result.consistent is False
    assert not result.ok


def test_unsatisfiable_class_is_named(java: str) -> None:
    result = reason(_graph(BAD / "unsatisfiable.ttl"))
    assert result.consistent
    assert result.unsatisfiable == (EX + "Impossible",)
    assert (URIRef(EX + "Impossible"), RDFS.subClassOf, OWL.Nothing) in result.inferred


def test_inferences_dates_and_imports(java: str, tmp_path: Path) -> None:
    # One reason() call checks:
    # * a hasValue restriction yields an inferred property value;
    # * inverse and sub-property values, indirect types and superclasses are inferred;
    # * a data value is inherited by a super data property;
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
ex:forceOf a owl:ObjectProperty ; owl:inverseOf ex:force .
ex:partOf a owl:ObjectProperty .
ex:chapterOf a owl:ObjectProperty ; rdfs:subPropertyOf ex:partOf .
ex:identifier a owl:DatatypeProperty .
ex:number a owl:DatatypeProperty ; rdfs:subPropertyOf ex:identifier .
ex:Norm a owl:Class .
ex:Instrument a owl:Class ; rdfs:subClassOf ex:Norm .
ex:Statute a owl:Class ; rdfs:subClassOf ex:Instrument ;
    rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:force ; owl:hasValue ex:Binding ] .
ex:code a owl:NamedIndividual .
ex:law a ex:Statute ; ex:date "2024-05-21"^^xsd:date , "2024-05"^^xsd:gYearMonth , "2024"^^xsd:gYear ;
    ex:chapterOf ex:code ; ex:number "94-V" .
"""
    )
    graph = Graph().parse(path)
    result = reason(graph)
    assert result.ok
    inferred = (URIRef(EX + "law"), URIRef(EX + "force"), URIRef(EX + "Binding"))
    assert inferred not in graph
    assert inferred in result.inferred
    assert inferred in result.closure()
    law = URIRef(EX + "law")
    for entailment in [
        (URIRef(EX + "Binding"), URIRef(EX + "forceOf"), law),
        (law, URIRef(EX + "partOf"), URIRef(EX + "code")),
        (law, RDF.type, URIRef(EX + "Instrument")),
        (law, RDF.type, URIRef(EX + "Norm")),
        (URIRef(EX + "Statute"), RDFS.subClassOf, URIRef(EX + "Norm")),
        (law, URIRef(EX + "identifier"), Literal("94-V")),
    ]:
        assert entailment not in graph
        assert entailment in result.inferred, entailment


def test_missing_java_is_a_typed_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_java, "find_java", lambda: None)
    with pytest.raises(AikgJavaError, match="java not found"):
        reason_module.reason(Graph())


def test_a_kind_with_the_wrong_binding_force_is_inconsistent(java: str, kb_study: KnowledgeBase) -> None:
    # The kinds fix the binding force with owl:hasValue and aikg:formalForce is functional:
    # a statute asserted to be soft law (here Kazakhstan's Law No. 94-V) has no model.
    graph = Graph()
    for triple in kb_study.graph:
        graph.add(triple)
    graph.add((AIKGD["kz-law-94-v"], AIKG.formalForce, AIKGV.NonBinding))
    assert reason(graph).consistent is False
