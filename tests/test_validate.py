"""The typed Python API of aikg.validate: findings, conventions, reports, dates, inputs."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from aikg.errors import AikgInputError, AikgSyntaxError
from aikg.load import KnowledgeBase, parse_file, to_rdflib
from aikg.shacl import _files
from aikg.shacl.datagraph import build_data_graph
from aikg.validate import SEVERITIES, SH, Finding, ValidationResult, shape_ids, validate, validate_kb

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "shapes"
EX = "https://example.org/my-study/"

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
    aikg:formalForce aikgv:LegallyBinding ;
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
    ("S02-pages", EX + "guide"),
    ("S04-date", EX + "guide-issued"),
    ("S23-sparql", EX + "guide"),
}
#: Without the shipped graph, aikgd:KZ is not described: no aikg:Jurisdiction, no label.
EXPECTED_NO_SHIPPED = EXPECTED_BROKEN | {
    ("S03-jurisdiction", EX + "guide"),
    ("S36", "https://w3id.org/aikg/data/KZ"),
}


def _mine(result: ValidationResult) -> set[tuple[str, str]]:
    """The violations about the user's resources (the shipped data is checked elsewhere)."""
    return {
        (f.constraint, f.resource)
        for f in result.violations
        if f.resource.startswith(EX) or f.resource == "https://w3id.org/aikg/data/KZ"
    }


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("user") / "broken.ttl"
    path.write_text(BROKEN, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def broken_result(broken: Path) -> ValidationResult:
    """The shipped full graph plus the broken file: the one full validation of this module."""
    return validate([broken])


@pytest.fixture(scope="module")
def alone(broken: Path) -> ValidationResult:
    """The broken file against the TBox and its bibliography."""
    return validate([broken], include_shipped=False)


def _digest(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def _by_constraint(result: ValidationResult) -> dict[str, Finding]:
    return {f.constraint: f for f in result.violations if f.resource.startswith(EX)}


# --------------------------------------------------------------------------- the result


def test_result_is_typed_and_complete(broken_result: ValidationResult, broken: Path) -> None:
    result = broken_result
    assert isinstance(result, ValidationResult)
    assert result.profile == "full" and result.include_shipped and result.data_files == (broken,)
    assert result.shapes == shape_ids() and {"S01", "T01", "G01"} <= set(result.shapes)
    assert result.as_of == dt.date(2026, 12, 1) and not result.date_given  # kb-full.ttl's aikg:asOfDate
    assert all(isinstance(f, Finding) for f in result.findings)
    assert _mine(result) == EXPECTED_BROKEN
    assert not result.conforms and result.failed and result.exit_code == 1
    assert list(result.findings) == sorted(result.findings, key=lambda f: f.sort_key)
    assert sum(result.counts().values()) == len(result.findings)


def test_finding_records_keep_rdf_terms(broken_result: ValidationResult, broken: Path) -> None:
    found = _by_constraint(broken_result)
    pages = found["S02-pages"]
    assert (
        pages.shape == "S02"
        and pages.severity == "Violation"
        and pages.component == "PatternConstraintComponent"
    )
    assert isinstance(pages.path, ox.BlankNode)  # a sequence path, kept as RDF
    assert pages.path_text() == "<https://w3id.org/aikg/ont/citation>/<https://w3id.org/aikg/ont/pages>"
    assert pages.path_text(broken_result.compact) == "aikg:citation/aikg:pages"
    assert pages.value == ox.Literal("p. 7") and pages.source == str(broken)
    date = found["S04-date"]
    assert date.path == ox.NamedNode("https://w3id.org/aikg/ont/date")
    assert date.value == ox.Literal(
        "2023-13", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYearMonth")
    )
    assert set(pages.as_dict()) == {
        "severity", "shape", "constraint", "resource", "focus", "path", "value", "message", "component",
        "sourceShape", "source", "jurisdiction", "concept", "instrument",
    }  # fmt: skip


def test_anchored_rule_reports_the_resource_at_fault(broken_result: ValidationResult) -> None:
    kind = _by_constraint(broken_result)["S23-sparql"]
    assert kind.shape == "S23" and "fixes the binding force" in kind.message
    assert kind.focus == ox.NamedNode("https://w3id.org/aikg/data/")  # the anchor
    assert kind.value == ox.NamedNode(EX + "guide") and kind.resource == EX + "guide"


def test_gap_findings_name_jurisdiction_and_concept() -> None:
    result = validate(FIXTURES / "G01-invalid-01.ttl", include_shipped=False)
    (gap,) = result.for_shape("G01")
    assert gap.severity == "Warning" and result.conforms and result.exit_code == 0
    assert gap.focus == ox.NamedNode("https://example.org/aikg-test/profile")
    assert isinstance(gap.value, ox.NamedNode) and gap.value.value.startswith(
        "https://w3id.org/aikg/derived/answer-"
    )
    assert gap.resource == gap.jurisdiction == "https://example.org/aikg-test/XY"
    assert gap.concept == "https://w3id.org/aikg/vocab/AIDefinitionTopic" and gap.instrument is None
    assert result.as_of == dt.date(2024, 12, 31)
    assert result.labels[gap.resource] == "Example Republic"
    drafts = validate(FIXTURES / "G05-invalid-01.ttl", include_shipped=False).for_shape("G05")
    assert [(f.resource, f.instrument, f.concept) for f in drafts] == [
        ("https://example.org/aikg-test/XY", "https://example.org/aikg-test/bill", None)
    ]
    assert replace(result, fail_on="warning").exit_code == 1  # warnings fail only with --fail-on warning


def test_no_shipped_checks_the_files_against_the_tbox(alone: ValidationResult) -> None:
    assert alone.profile == "tbox" and not alone.include_shipped
    assert {(f.constraint, f.resource) for f in alone.violations} == EXPECTED_NO_SHIPPED
    assert alone.as_of is None  # no profile, no date: the gap shapes have nothing to evaluate
    assert not [f for f in alone.findings if f.shape.startswith("G")]


# --------------------------------------------------------------------------- dates


def test_date_replaces_the_profiles_as_of_date() -> None:
    fixture = FIXTURES / "G01-invalid-01.ttl"  # in force from January 2025; as of 2024-12-31
    later = validate(fixture, include_shipped=False, date="2025-06-01")
    assert later.as_of == dt.date(2025, 6, 1) and later.date_given
    assert not later.for_shape("G01")  # the law applies by then
    earlier = validate(fixture, include_shipped=False, date=dt.date(2024, 6, 1))  # before adoption
    (gap,) = earlier.for_shape("G01")
    assert "no legally binding definition of AI applies on 2024-06-01" in gap.message


def test_date_adds_a_profile_where_there_is_none() -> None:
    data = build_data_graph((), "tbox", include_shipped=False, date=dt.date(2024, 12, 31))
    assert data.profiles == ("https://w3id.org/aikg/data/profile-tbox",) and data.as_of == dt.date(
        2024, 12, 31
    )
    study = build_data_graph((), "study", include_shipped=True)
    assert study.profiles == ("https://w3id.org/aikg/data/profile-study",)
    assert study.as_of == dt.date(2024, 12, 31)  # kb-study.ttl's own
    moved = build_data_graph((), "study", include_shipped=True, date=dt.date(2020, 1, 1))
    assert moved.as_of == dt.date(2020, 1, 1) and moved.profiles == study.profiles


def test_a_loaded_knowledge_base_validates_as_its_profile(kb_study: KnowledgeBase) -> None:
    """validate_kb (aikg check) and validate (aikg validate) give the same findings on the same graph."""
    loaded = validate_kb(kb_study, date="2020-06-01", fail_on="none")
    assert loaded.profile == "study" and loaded.as_of == dt.date(2020, 6, 1) and loaded.date_given
    assert loaded.findings == validate(profile="study", date="2020-06-01", fail_on="none").findings


@pytest.mark.parametrize("bad", ["2024-13-01", "31.12.2024", "2024-12", "20241231", ""])
def test_a_bad_date_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="expected a date YYYY-MM-DD"):
        validate(FIXTURES / "S03-valid.ttl", include_shipped=False, date=bad)


# --------------------------------------------------------------------------- reports


def test_text_report_groups_by_resource(broken_result: ValidationResult) -> None:
    text = broken_result.to_text(show="Violation")
    assert text.startswith("aikg validate: profile full + ") and "as of 2026-12-01" in text.splitlines()[0]
    assert '  ex:guide  "My guidelines"' in text and '  ex:guide-issued  "My guidelines: issued"' in text
    assert "    shape" in text and "S02-pages" in text and "aikg:citation/aikg:pages" in text
    assert "Warnings: " not in text  # --show violation lists only violations
    assert text.rstrip().endswith("FAIL (--fail-on violation)")
    full = broken_result.to_text()
    assert "Warnings: " in full and "Infos: " in full


def test_text_report_escapes_terminal_control_characters(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.ttl"
    hostile.write_text(
        PREFIXES + '\nex:claim a aikg:Claim ;\n    rdfs:label "evil\\u001b[31m red \\u202e txet"@en .\n',
        encoding="utf-8",
    )
    text = validate(hostile, include_shipped=False).to_text()
    assert "\x1b" not in text and "\u202e" not in text
    assert "\\u001b[31m" in text and "\\u202e" in text


def test_json_report(broken_result: ValidationResult) -> None:
    data = json.loads(broken_result.to_json())
    assert data["conforms"] is False and data["failed"] is True and data["failOn"] == "violation"
    assert data["asOf"] == "2026-12-01" and data["dateGiven"] is False
    assert data["findings"][0]["severity"] == "Violation"  # most serious first
    pages = next(f for f in data["findings"] if f["constraint"] == "S02-pages")
    assert pages["path"] == "<https://w3id.org/aikg/ont/citation>/<https://w3id.org/aikg/ont/pages>"
    assert pages["value"] == '"p. 7"' and pages["resource"] == EX + "guide"


def test_turtle_report_is_the_validation_report(alone: ValidationResult) -> None:
    text = alone.to_turtle()
    assert text.startswith("# SHACL validation report of aikg")
    assert list(ox.parse(text.encode("utf-8"), ox.RdfFormat.TURTLE))  # strict parser
    parsed = Graph().parse(data=text, format="turtle")
    assert isomorphic(parsed, alone.report_graph)
    assert [c.toPython() for c in parsed.objects(None, SH.conforms)] == [False]
    assert len(set(parsed.subjects(SH.resultSeverity, None))) == len(alone.findings)
    # Paths are SHACL paths, not strings: the sequence is an RDF list.
    paths = [p for p in parsed.objects(None, SH.resultPath) if not isinstance(p, type(SH.conforms))]
    assert paths and all(list(parsed.items(p)) for p in paths)
    assert '"p. 7"' in text and "aikg:pages" in text and "ex:guide" in text  # the user's prefixes


def test_reports_are_deterministic_and_files_untouched(broken: Path, alone: ValidationResult) -> None:
    before = _digest(broken)
    listing = sorted(p.name for p in broken.parent.iterdir())
    again = validate([broken], include_shipped=False, fail_on="none")
    assert again.exit_code == 0 and again.findings == alone.findings
    again = replace(again, fail_on="violation")
    assert again.to_turtle() == alone.to_turtle()
    assert again.to_json() == alone.to_json()
    assert again.to_text() == alone.to_text()
    assert _digest(broken) == before  # the user's file is only read
    assert sorted(p.name for p in broken.parent.iterdir()) == listing


# --------------------------------------------------------------------------- options and inputs


def test_fail_on(alone: ValidationResult) -> None:
    clean = validate(FIXTURES / "S03-valid.ttl", include_shipped=False)
    assert clean.findings == () and clean.conforms and clean.exit_code == 0
    for fail_on, code in (("violation", 1), ("warning", 1), ("none", 0)):
        assert replace(alone, fail_on=fail_on).exit_code == code
    with pytest.raises(ValueError):
        validate([], fail_on="sometimes")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        validate([], profile="everything")  # type: ignore[arg-type]


def test_a_bare_string_is_one_path(broken: Path, alone: ValidationResult) -> None:
    as_text = validate(str(broken), include_shipped=False)
    assert as_text.data_files == (broken,) and as_text.findings == alone.findings
    assert _files(broken) == _files(str(broken)) == _files([broken]) == (broken,)
    assert _files(["a.ttl", Path("b.nt")]) == (Path("a.ttl"), Path("b.nt"))


def test_in_memory_graphs(alone: ValidationResult) -> None:
    graph = Graph().parse(data=BROKEN, format="turtle")
    result = validate(graphs=[graph], include_shipped=False)
    assert {(f.constraint, f.resource) for f in result.violations} == EXPECTED_NO_SHIPPED


def test_typed_blank_nodes_are_validated_too(tmp_path: Path) -> None:
    path = tmp_path / "blank.ttl"
    path.write_text(PREFIXES + '\n[] a aikg:Claim ; rdfs:label "An anonymous claim"@en .\n', encoding="utf-8")
    result = validate([path], include_shipped=False)
    assert {f.constraint for f in result.violations} == {"S09-statement", "S09-about", "S09-citation"}
    # The blank node's label is derived from its description: the same in every run.
    (label,) = {f.resource for f in result.violations}
    assert all(isinstance(f.focus, ox.BlankNode) and str(f.focus) == label for f in result.violations)
    lines = sorted(
        [
            "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/aikg/ont/Claim>",
            '<http://www.w3.org/2000/01/rdf-schema#label> "An anonymous claim"@en',
        ]
    )
    assert label == "_:b" + hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]


def test_shapes_can_be_chosen(broken: Path) -> None:
    shapes = REPO / "ontology" / "shapes"
    result = validate([broken], include_shipped=False, shapes=[shapes / "common.ttl", shapes / "gaps.ttl"])
    assert result.shapes == tuple(f"G{n:02d}" for n in range(1, 7)) and result.findings == ()


def test_every_rdf_syntax_is_read(tmp_path: Path, broken: Path) -> None:
    graph = Graph().parse(broken, format="turtle")
    paths = []
    for suffix, fmt in ((".nt", "nt"), (".rdf", "xml"), (".jsonld", "json-ld")):
        path = tmp_path / f"broken{suffix}"
        path.write_text(graph.serialize(format=fmt), encoding="utf-8")
        parsed = Graph()
        for t in parse_file(path):
            parsed.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        assert isomorphic(parsed, graph), suffix
        paths.append(path)
    result = validate(paths[1], include_shipped=False)  # RDF/XML, end to end
    assert {(f.constraint, f.resource) for f in result.violations} == EXPECTED_NO_SHIPPED


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
