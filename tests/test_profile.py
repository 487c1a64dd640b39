"""OWL 2 DL profile (OWL API OWL2DLProfile): the shipped graph passes, and the check can fail."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from aikg import _java
from aikg.errors import AikgJavaError
from aikg.load import KnowledgeBase, load_ontology
from aikg.profile import DATE_DATATYPES, ProfileReport, Violation, check_profile, is_allowed

BAD = Path(__file__).resolve().parent / "fixtures" / "bad"
XSD = "http://www.w3.org/2001/XMLSchema#"


def test_full_has_no_violation_but_the_allowed_ones(
    profile_full: ProfileReport, kb_full: KnowledgeBase
) -> None:
    assert profile_full.problems == (), "\n".join(str(v) for v in profile_full.problems)
    # Not vacuous: the OWL API really loaded the ontology.
    declared = len(list(kb_full.query("SELECT ?c WHERE { ?c a owl:Class }")))
    assert profile_full.axioms > declared > 0


def test_known_violations_are_caught_and_dates_are_not_reported(java: str, tmp_path: Path) -> None:
    # One JVM for three fixtures: two known violations, and date literals that must pass.
    graph = Graph()
    for name in ("profile-punning.ttl", "profile-non-simple.ttl"):
        graph += load_ontology(BAD / name).graph
    dates = tmp_path / "dates.ttl"
    dates.write_text(
        f"""@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <{XSD}> .
<https://example.org/aikg-test/date-of> a owl:DatatypeProperty ;
    rdfs:range [ a rdfs:Datatype ; owl:unionOf ( xsd:date xsd:gYearMonth xsd:gYear ) ] .
<https://example.org/aikg-test/event> <https://example.org/aikg-test/date-of>
    "2024-05-21"^^xsd:date , "2024-05"^^xsd:gYearMonth , "2024"^^xsd:gYear .
"""
    )
    graph += Graph().parse(dates)

    report = check_profile(graph)

    kinds = {v.kind for v in report.problems}
    assert "IllegalPunning" in kinds
    assert "UseOfNonSimplePropertyInCardinalityRestriction" in kinds
    assert not report.ok
    assert not any(dt in v.message for v in report.problems for dt in DATE_DATATYPES)


@pytest.mark.parametrize(
    ("violation", "allowed"),
    [
        (Violation("UseOfUndeclaredDatatype", "xsd:date", None, XSD + "date"), True),
        (Violation("UseOfUnknownDatatype", "xsd:gYear", None, XSD + "gYear"), True),
        (Violation("UseOfUndeclaredDatatype", "xsd:gYearMonth", None, XSD + "gYearMonth"), True),
        (Violation("UseOfUndeclaredDatatype", "xsd:duration", None, XSD + "duration"), False),
        (Violation("IllegalPunning", "xsd:date", None, None), False),
        (Violation("UseOfUndeclaredClass", "ex:C", "SubClassOf(...)", None), False),
    ],
)
def test_only_date_datatype_violations_are_allowed(violation: Violation, allowed: bool) -> None:
    assert is_allowed(violation) is allowed
    report = ProfileReport((violation,))
    assert report.ok is allowed


def test_child_process_prints_a_readable_report(java: str, tmp_path: Path) -> None:
    path = tmp_path / "punning.nt"
    load_ontology(BAD / "profile-punning.ttl").graph.serialize(path, format="nt", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "aikg.profile", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1, result.stderr  # a violation is a finding: exit 1
    assert "axioms checked" in result.stdout
    assert "VIOLATION: IllegalPunning" in result.stdout


def test_missing_java_is_a_typed_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_java, "find_java", lambda: None)
    with pytest.raises(AikgJavaError, match="java not found"):
        check_profile(Graph())
