"""Hygiene rules: zero findings on the shipped graph, and each rule can fail.

Every rule ``<ID>`` has ``fixtures/hygiene/<ID>-invalid.ttl``, whose first
line says why it is invalid and, after ``expect:``, which IRIs the rule must
name; an optional ``# must not name:`` line lists look-alikes it must leave
alone. ``valid.ttl`` follows every convention and must give no finding.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aikg.errors import AikgError
from aikg.hygiene import Finding, Rule, compact, load_rules, run_hygiene, run_rule
from aikg.load import KnowledgeBase, load_ontology, read_catalog

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "hygiene"
RULES = load_rules()


def _iris_after(marker: str, text: str) -> list[str]:
    for line in text.splitlines():
        if line.startswith("#") and marker in line:
            return line.split(marker, 1)[1].split()
    return []


def _messages(findings: list[Finding]) -> str:
    return "\n".join(f.message for f in findings)


def test_rules_are_the_documented_ones() -> None:
    # (a)..(i) of the conventions: a rule lost by a rename must not go unnoticed.
    assert [rule.id for rule in RULES] == [f"H0{n}" for n in range(1, 10)]
    for rule in RULES:
        assert rule.path.name.endswith("-violation.rq")
        assert rule.query.startswith(f"# {rule.id}: ")
        assert "\n" not in rule.title


def test_every_rule_has_an_invalid_fixture() -> None:
    fixtures = {p.name.split("-")[0] for p in FIXTURES.glob("*-invalid.ttl")}
    assert fixtures == {rule.id for rule in RULES}


def test_shipped_full_graph_has_no_findings(kb_full: KnowledgeBase) -> None:
    findings = run_hygiene(kb_full, RULES)
    assert not findings, "hygiene findings:\n" + "\n".join(str(f) for f in findings)


def test_valid_fixture_has_no_findings() -> None:
    kb = load_ontology(FIXTURES / "valid.ttl")
    findings = run_hygiene(kb, RULES)
    assert not findings, _messages(findings)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_rule_fires_on_its_invalid_fixture(rule: Rule) -> None:
    path = FIXTURES / f"{rule.id}-invalid.ttl"
    text = path.read_text(encoding="utf-8")
    expected = _iris_after("expect:", text)
    forbidden = _iris_after("must not name:", text)
    assert expected, f"{path.name} names no expected IRI"

    findings = run_rule(rule, load_ontology(path))

    assert findings, f"{rule.id} found nothing in {path.name}"
    messages = _messages(findings)
    for iri in expected:
        assert f"<{iri}>" in messages, f"{rule.id} did not name {iri}:\n{messages}"
    for iri in forbidden:
        assert f"<{iri}>" not in messages, f"{rule.id} wrongly named {iri}:\n{messages}"
    assert all(f.severity in ("ERROR", "WARN") and f.rule == rule.id for f in findings)


def test_instrument_rule_lists_each_missing_fact() -> None:
    rule = next(r for r in RULES if r.id == "H06")
    messages = _messages(run_rule(rule, load_ontology(FIXTURES / "H06-invalid.ttl")))
    for missing in ("no kind", "no aikg:hasBindingForce", "no aikg:hasJurisdiction", "no aikg:citation"):
        assert missing in messages


def test_label_rule_counts_per_language() -> None:
    rule = next(r for r in RULES if r.id == "H01")
    messages = _messages(run_rule(rule, load_ontology(FIXTURES / "H01-invalid.ttl")))
    assert "has 2 rdfs:label@ru" in messages
    assert "has 0 rdfs:label@kk" in messages
    assert "rdfs:label@en" not in messages


def test_query_whose_rows_lack_a_severity_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "x-violation.rq").write_text('# X1: broken rule\nSELECT ?m WHERE { BIND ("oops" AS ?m) }\n')
    (rule,) = load_rules(tmp_path)
    with pytest.raises(AikgError, match="ERROR: or WARN:"):
        run_rule(rule, load_ontology(FIXTURES / "valid.ttl"))


def test_query_without_banner_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x-violation.rq").write_text("SELECT ?m WHERE { }\n")
    with pytest.raises(AikgError, match="must open with"):
        load_rules(tmp_path)


def test_compact_shortens_known_namespaces_only() -> None:
    message = "ERROR: <https://w3id.org/aikg/ont/Statute> and <https://example.org/x>"
    assert compact(message) == "ERROR: aikg:Statute and <https://example.org/x>"
    assert re.search(r"<https://w3id.org/aikg/data/>", compact("<https://w3id.org/aikg/data/>"))


def test_a_term_stated_in_two_modules_gives_one_finding_per_problem(tmp_path: Path) -> None:
    # The store keeps one named graph per module, so their union repeats shared triples.
    owl = "<http://www.w3.org/2002/07/owl#"
    (tmp_path / "catalog-v001.xml").write_text(
        '<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">'
        '<uri name="https://example.org/a" uri="a.ttl"/><uri name="https://example.org/b" uri="b.ttl"/>'
        "</catalog>"
    )
    term = "<https://w3id.org/aikg/ont/Twice>"
    (tmp_path / "a.ttl").write_text(
        f"<https://example.org/a> a {owl}Ontology> ; {owl}imports> <https://example.org/b> .\n"
        f"{term} a {owl}Class> .\n"
    )
    (tmp_path / "b.ttl").write_text(f"<https://example.org/b> a {owl}Ontology> .\n{term} a {owl}Class> .\n")
    kb = load_ontology(tmp_path / "a.ttl", read_catalog(tmp_path))
    messages = [f.message for f in run_hygiene(kb, RULES)]
    assert messages and len(messages) == len(set(messages))
