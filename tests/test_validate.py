"""The typed Python API of aikg.validate: findings, severities, formats, inputs."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from aikg.errors import AikgInputError, AikgSyntaxError
from aikg.validate import SEVERITIES, SH, Finding, ValidationResult, shape_ids, snapshot_date, validate

REPO = Path(__file__).resolve().parent.parent
TEMPLATE = REPO / "ontology" / "templates" / "new-jurisdiction.ttl"

PREFIXES = """\
@prefix aikg:  <https://w3id.org/aikg/ont/> .
@prefix aikgv: <https://w3id.org/aikg/vocab/> .
@prefix aikgd: <https://w3id.org/aikg/data/> .
@prefix rdfs:  <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:   <http://www.w3.org/2001/XMLSchema#> .
@prefix ex:    <https://example.org/my-study/> .
"""

#: A user's file with one resource per kind of mistake, including a bad citation node.
BROKEN = (
    PREFIXES
    + """
ex:guide a aikg:Guidelines ;
    rdfs:label "My guidelines"@en ;
    aikg:hasBindingForce aikgv:LegallyBinding ;
    aikg:hasJurisdiction aikgd:KZ ;
    aikg:isAISpecific true ;
    aikg:hasStatusEvent ex:guide-issued ;
    aikg:citation [ aikg:source aikgd:study ; aikg:pages "p. 7" ] .

ex:guide-issued a aikg:StatusChange ;
    rdfs:label "My guidelines: issued"@en ;
    aikg:resultingStatus aikgv:Adopted ;
    aikg:date "2023-13"^^xsd:gYearMonth ;
    aikg:citation [ aikg:source aikgd:study ; aikg:locator "Results" ] .
"""
)

EXPECTED_BROKEN = {
    ("S02-pages", "https://example.org/my-study/guide"),
    ("S04-date", "https://example.org/my-study/guide-issued"),
    ("S23-sparql", "https://example.org/my-study/guide"),
}
#: Without the shipped graph, aikgd:KZ is not described, so it is no aikg:Jurisdiction.
EXPECTED_NO_SHIPPED = EXPECTED_BROKEN | {("S03-jurisdiction", "https://example.org/my-study/guide")}


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("user") / "broken.ttl"
    path.write_text(BROKEN, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def broken_result(broken: Path) -> ValidationResult:
    """The shipped full graph plus the broken file: the one full validation of this module."""
    started = time.perf_counter()
    result = validate([broken])
    elapsed = time.perf_counter() - started
    print(f"validate(full + 1 file): {elapsed:.2f} s for {result.triples} triples")
    assert elapsed < 60, "validation of the full graph must stay fast"
    return result


def _digest(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


# --------------------------------------------------------------------------- the result


def test_result_is_typed_and_complete(broken_result: ValidationResult, broken: Path) -> None:
    result = broken_result
    assert isinstance(result, ValidationResult)
    assert result.profile == "full" and result.include_shipped and result.data_files == (broken,)
    assert result.shapes == shape_ids() and result.snapshot == snapshot_date() == "2024-12-31"
    assert all(isinstance(f, Finding) for f in result.findings)
    assert {(f.constraint, f.resource) for f in result.violations} == EXPECTED_BROKEN
    assert not result.conforms and result.failed and result.exit_code == 1
    assert result.warnings and result.infos  # the gap findings on the shipped graph
    assert list(result.findings) == sorted(result.findings, key=lambda f: f.sort_key)
    assert len(result.findings) == len(result.violations) + len(result.warnings) + len(result.infos)


def test_finding_records(broken_result: ValidationResult, broken: Path) -> None:
    by_constraint = {f.constraint: f for f in broken_result.violations}
    pages = by_constraint["S02-pages"]
    assert pages.shape == "S02" and pages.severity == "Violation"
    assert pages.path == "<https://w3id.org/aikg/ont/citation>/<https://w3id.org/aikg/ont/pages>"
    assert pages.value == '"p. 7"' and pages.component == "PatternConstraintComponent"
    assert pages.source == str(broken)
    date = by_constraint["S04-date"]
    assert date.path == "https://w3id.org/aikg/ont/date"
    assert date.value == '"2023-13"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>'
    kind = by_constraint["S23-sparql"]
    assert kind.shape == "S23" and "fixes the binding force" in kind.message
    assert kind.as_dict()["resource"] == "https://example.org/my-study/guide"
    assert set(kind.as_dict()) == {
        "severity",
        "shape",
        "constraint",
        "resource",
        "focus",
        "path",
        "value",
        "message",
        "component",
        "source",
    }


def test_gap_findings_are_warnings_and_infos(broken_result: ValidationResult) -> None:
    gaps = [f for f in broken_result.findings if f.shape.startswith("G")]
    assert {f.severity for f in gaps} == {"Warning", "Info"}
    assert {f.shape for f in broken_result.warnings} == {"G01", "G02"}
    assert {f.shape for f in broken_result.infos} <= {"G03", "G04", "G05"}


def test_text_report_groups_by_resource(broken_result: ValidationResult) -> None:
    text = broken_result.to_text(show="Violation")
    assert "Violations: 3 in 2 resource(s)" in text
    assert '  ex:guide  "My guidelines"' in text and "  ex:guide-issued  " in text
    assert "    shape" in text and "S02-pages" in text and "aikg:citation/aikg:pages" in text
    assert "Warnings" not in text  # --show violation lists only violations
    assert text.rstrip().endswith("FAIL (--fail-on violation)")
    full = broken_result.to_text()
    assert "Warnings: " in full and "Infos: " in full


def test_json_report(broken_result: ValidationResult) -> None:
    data = json.loads(broken_result.to_json())
    assert data["conforms"] is False and data["failed"] is True and data["failOn"] == "violation"
    assert data["counts"]["violation"] == 3
    assert data["snapshotDate"] == "2024-12-31"
    assert [f["severity"] for f in data["findings"][:3]] == ["Violation"] * 3  # most serious first
    assert {
        (f["constraint"], f["resource"]) for f in data["findings"] if f["severity"] == "Violation"
    } == EXPECTED_BROKEN


def test_turtle_report_is_the_validation_report(broken_result: ValidationResult) -> None:
    text = broken_result.to_turtle()
    triples = list(ox.parse(text.encode("utf-8"), ox.RdfFormat.TURTLE))  # strict parser
    assert triples
    parsed = Graph().parse(data=text, format="turtle")
    assert isomorphic(parsed, broken_result.report_graph)
    conforms = list(parsed.objects(None, SH.conforms))
    assert [c.toPython() for c in conforms] == [False]
    results = set(parsed.subjects(SH.resultSeverity, None))
    assert len(results) == len(broken_result.findings)
    # The citation node with the bad page is written out, not as a dangling label.
    assert '"p. 7"' in text and "aikg:pages" in text


def test_reports_are_deterministic(broken: Path) -> None:
    first = validate([broken], include_shipped=False)
    second = validate([broken], include_shipped=False)
    assert first.to_turtle() == second.to_turtle()
    assert first.to_json() == second.to_json()
    assert first.to_text() == second.to_text()
    assert [f.focus for f in first.findings] == [f.focus for f in second.findings]


# --------------------------------------------------------------------------- options


def test_fail_on(broken: Path) -> None:
    clean = validate([TEMPLATE], include_shipped=False)
    assert clean.findings == () and clean.conforms and clean.exit_code == 0
    for fail_on, code in (("violation", 1), ("warning", 1), ("none", 0)):
        assert validate([broken], include_shipped=False, fail_on=fail_on).exit_code == code  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        validate([], fail_on="sometimes")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        validate([], profile="everything")  # type: ignore[arg-type]


def test_warnings_alone_fail_only_with_fail_on_warning(tmp_path: Path) -> None:
    draft = tmp_path / "draft.ttl"
    draft.write_text(
        TEMPLATE.read_text(encoding="utf-8").replace(
            'aikg:resultingStatus aikgv:InForce ;\n    aikg:date "2024-07"^^xsd:gYearMonth ;',
            'aikg:resultingStatus aikgv:InForce ;\n    aikg:date "2025-07"^^xsd:gYearMonth ;',
        ),
        encoding="utf-8",
    )
    result = validate([draft], include_shipped=False)
    assert result.conforms and {f.shape for f in result.warnings} == {"G01", "G02"}
    assert result.exit_code == 0
    assert validate([draft], include_shipped=False, fail_on="warning").exit_code == 1


def test_no_shipped_reports_only_the_files_resources(broken: Path) -> None:
    result = validate([broken], include_shipped=False)
    assert {(f.constraint, f.resource) for f in result.violations} == EXPECTED_NO_SHIPPED
    assert all(
        f.resource.startswith(("https://example.org/", "https://w3id.org/aikg/data/KZ"))
        for f in result.findings
    )


def test_in_memory_graphs_and_focus(broken: Path) -> None:
    graph = Graph().parse(data=BROKEN, format="turtle")
    result = validate(graphs=[graph], include_shipped=False)
    assert {(f.constraint, f.resource) for f in result.violations} == EXPECTED_NO_SHIPPED
    focused = validate([broken], include_shipped=False, focus=["https://example.org/my-study/guide-issued"])
    assert {f.constraint for f in focused.findings} == {"S04-date"}


def test_typed_blank_nodes_are_validated_too(tmp_path: Path) -> None:
    path = tmp_path / "blank.ttl"
    path.write_text(PREFIXES + '\n[] a aikg:Claim ; rdfs:label "An anonymous claim"@en .\n', encoding="utf-8")
    result = validate([path], include_shipped=False)
    assert {f.constraint for f in result.violations} == {"S09-statement", "S09-about", "S09-citation"}
    assert all(f.focus.startswith("_:b") and f.resource == f.focus for f in result.violations)


# --------------------------------------------------------------------------- inputs


def test_every_rdf_syntax_is_read(tmp_path: Path, broken: Path) -> None:
    graph = Graph().parse(broken, format="turtle")
    expected = EXPECTED_NO_SHIPPED
    for suffix, fmt in ((".nt", "nt"), (".rdf", "xml"), (".jsonld", "json-ld")):
        path = tmp_path / f"broken{suffix}"
        path.write_text(graph.serialize(format=fmt), encoding="utf-8")
        result = validate([path], include_shipped=False)
        assert {(f.constraint, f.resource) for f in result.violations} == expected, suffix


def test_user_files_are_never_modified(broken: Path, tmp_path: Path) -> None:
    before = _digest(broken)
    listing = sorted(p.name for p in broken.parent.iterdir())
    validate([broken], include_shipped=False).to_turtle()
    assert _digest(broken) == before
    assert sorted(p.name for p in broken.parent.iterdir()) == listing


def test_syntax_errors_have_positions(tmp_path: Path) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text(PREFIXES + '\nex:a ex:b ex:c ;\n    ex:d "open .\n', encoding="utf-8")
    with pytest.raises(AikgSyntaxError) as caught:
        validate([path])
    error = caught.value
    assert error.path == path and error.line == 9 and error.column is not None
    assert error.location == f"{path}:9:{error.column}"


def test_unknown_extension_and_missing_file(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    with pytest.raises(AikgInputError, match="unknown RDF file extension"):
        validate([text])
    with pytest.raises(AikgInputError, match="no such file"):
        validate([tmp_path / "missing.ttl"])


def test_severities_constant() -> None:
    assert SEVERITIES == ("Violation", "Warning", "Info")
