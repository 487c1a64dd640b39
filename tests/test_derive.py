"""The derived graph (aikg.derive): what a lawyer would say an instrument's effect is on a day.

Each test writes a small data file in aikg's model, loads it with the TBox, and reads
the derived intervals back. Dates, statuses and rules are invented (the Example
Republic does not exist); the semantics they exercise are the ones the shipped
questions and gap shapes rely on.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyoxigraph as ox
import pytest

from aikg.days import XSD_DATE, XSD_GYEAR, XSD_GYEARMONTH, day_bounds
from aikg.load import KnowledgeBase, load_profile

HEAD = """
@prefix aikg: <https://w3id.org/aikg/ont/> .
@prefix aikgv: <https://w3id.org/aikg/vocab/> .
@prefix ex: <https://example.org/t/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:XR a aikg:State ; rdfs:label "Example Republic"@en .
ex:Club a aikg:State ; rdfs:label "Club state"@en ; aikg:withinJurisdiction ex:XR .
"""


def _kb(tmp_path: Path, body: str) -> KnowledgeBase:
    path = tmp_path / "data.ttl"
    path.write_text(HEAD + body, encoding="utf-8")
    return load_profile("tbox", data=[path])


def _effects(
    kb: KnowledgeBase, item: str, jurisdiction: str = "XR"
) -> list[tuple[str | None, str | None, str, str | None]]:
    """(from, to, effect, scope) of *item* for *jurisdiction*, in date order."""
    query = f"""SELECT ?from ?to ?effect ?scope WHERE {{
        ?i aikg:intervalOf <https://example.org/t/{item}> ; aikg:forJurisdiction <https://example.org/t/{jurisdiction}> ;
           aikg:effect ?effect .
        OPTIONAL {{ ?i aikg:fromDay ?from }} OPTIONAL {{ ?i aikg:toDay ?to }} OPTIONAL {{ ?i aikg:appliesTo ?scope }} }}"""
    rows = []
    for row in kb.query(query):  # type: ignore[union-attr]
        values = [term.value if term is not None else None for term in row]  # type: ignore[union-attr]
        rows.append((values[0], values[1], values[2].rsplit("/", 1)[-1], values[3]))
    return sorted(rows, key=lambda r: (r[3] or "", r[0] or ""))


def _answers(
    kb: KnowledgeBase, concept: str, jurisdiction: str = "XR"
) -> list[tuple[str | None, str | None, str, str | None]]:
    query = f"""SELECT ?from ?to ?status ?known WHERE {{
        ?a aikg:forJurisdiction <https://example.org/t/{jurisdiction}> ; aikg:answerConcept {concept} ;
           aikg:answerStatus ?status .
        OPTIONAL {{ ?a aikg:fromDay ?from }} OPTIONAL {{ ?a aikg:toDay ?to }} OPTIONAL {{ ?a aikg:strongestKnown ?known }} }}"""
    rows = []
    for row in kb.query(query):  # type: ignore[union-attr]
        values = [term.value if term is not None else None for term in row]  # type: ignore[union-attr]
        rows.append(
            (values[0], values[1], values[2].rsplit("/", 1)[-1], values[3] and values[3].rsplit("/", 1)[-1])
        )
    return sorted(rows, key=lambda r: r[0] or "")


def _statute(name: str, *events: str, force: str = "LegallyBinding", kind: str = "Statute") -> str:
    refs = " , ".join(f"ex:{name}-e{i}" for i in range(len(events)))
    text = f"ex:{name} a aikg:{kind} ; aikg:formalForce aikgv:{force} ; aikg:hasJurisdiction ex:XR ; aikg:hasStatusEvent {refs} .\n"
    for i, event in enumerate(events):
        text += f"ex:{name}-e{i} {event} .\n"
    return text


def _change(status: str, date: str, party: str | None = None) -> str:
    datatype = {10: "date", 7: "gYearMonth", 4: "gYear"}[len(date)]
    party_text = f" ; aikg:forParty ex:{party}" if party else ""
    return f'a aikg:StatusChange ; aikg:resultingStatus aikgv:{status} ; aikg:date "{date}"^^xsd:{datatype}{party_text}'


def _attest(status: str, date: str) -> str:
    return _change(status, date).replace("aikg:StatusChange", "aikg:StatusAttestation")


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("lexical", "datatype", "first", "last"),
    [
        ("2024", XSD_GYEAR, "2024-01-01", "2024-12-31"),
        ("2024-02", XSD_GYEARMONTH, "2024-02-01", "2024-02-29"),
        ("2023-02", XSD_GYEARMONTH, "2023-02-01", "2023-02-28"),
        ("2019-04", XSD_GYEARMONTH, "2019-04-01", "2019-04-30"),
        ("2024-08-01", XSD_DATE, "2024-08-01", "2024-08-01"),
    ],
)
def test_a_date_at_its_precision_covers_its_true_days(
    lexical: str, datatype: str, first: str, last: str
) -> None:
    assert day_bounds(lexical, datatype) == (dt.date.fromisoformat(first), dt.date.fromisoformat(last))


@pytest.mark.parametrize(
    ("lexical", "datatype"), [("2019-02-31", XSD_DATE), ("2019-13", XSD_GYEARMONTH), ("19", XSD_GYEAR)]
)
def test_an_impossible_date_has_no_days(lexical: str, datatype: str) -> None:
    assert day_bounds(lexical, datatype) is None


def test_an_after_boundary_moves_the_first_day_of_application(tmp_path: Path) -> None:
    kb = _kb(
        tmp_path,
        _statute("pld", _change("Adopted", "2024-10-23"), _change("InForce", "2024-12-08"))
        + """
        ex:pld-rule a aikg:ApplicationRule ; aikg:ruleOf ex:pld ; aikg:date "2026-12-09"^^xsd:date ; aikg:boundary aikgv:After .""",
    )
    assert _effects(kb, "pld") == [
        ("2024-10-23", "2024-12-07", "EffectNotInForce", None),
        ("2024-12-08", "2026-12-09", "EffectNotYetApplicable", None),
        ("2026-12-10", None, "EffectApplicable", None),
    ]


# --------------------------------------------------------------------------- status and effect


def test_in_force_is_not_applies_and_adoption_is_not_in_force(tmp_path: Path) -> None:
    kb = _kb(
        tmp_path,
        _statute("act", _change("Adopted", "2024-06-13"), _change("InForce", "2024-08-01"))
        + """
        ex:act-rule a aikg:ApplicationRule ; aikg:ruleOf ex:act ; aikg:date "2026-08-02"^^xsd:date ; aikg:boundary aikgv:From .""",
    )
    assert _effects(kb, "act") == [
        ("2024-06-13", "2024-07-31", "EffectNotInForce", None),
        ("2024-08-01", "2026-08-01", "EffectNotYetApplicable", None),
        ("2026-08-02", None, "EffectApplicable", None),
    ]


def test_a_missing_entry_into_force_is_not_read_as_not_in_force(tmp_path: Path) -> None:
    kb = _kb(tmp_path, _statute("law", _change("Adopted", "2020-04-24")))
    assert _effects(kb, "law") == [("2020-04-24", None, "EffectNotEstablished", None)]


def test_a_complete_status_history_makes_a_missing_entry_into_force_a_fact(tmp_path: Path) -> None:
    kb = _kb(
        tmp_path,
        _statute("law", _change("Adopted", "2020-04-24"))
        + """
        ex:law aikg:codingCoverage [ a aikg:CoverageDeclaration ; aikg:dimension aikgv:DimensionStatusHistory ;
            aikg:coverageLevel aikgv:CoverageComplete ; aikg:date "2021-01-01"^^xsd:date ] .""",
    )
    assert _effects(kb, "law") == [
        ("2020-04-24", "2021-01-01", "EffectNotInForce", None),
        ("2021-01-02", None, "EffectNotEstablished", None),
    ]


def test_an_attestation_says_nothing_of_before_and_a_waiting_status_nothing_of_after(tmp_path: Path) -> None:
    kb = _kb(
        tmp_path, _statute("bill", _attest("Draft", "2024")) + _statute("code", _attest("InForce", "2024"))
    )
    assert _effects(kb, "bill") == [
        (None, "2024-12-30", "EffectNotEstablished", None),
        ("2024-12-31", "2024-12-31", "EffectDraft", None),
        ("2025-01-01", None, "EffectNotEstablished", None),
    ]
    # In force persists until something ends it (the graph records repeals).
    assert _effects(kb, "code") == [
        (None, "2024-12-30", "EffectNotEstablished", None),
        ("2024-12-31", None, "EffectApplicable", None),
    ]


def test_a_later_attestation_of_the_same_status_fills_the_days_between(tmp_path: Path) -> None:
    # Presented 3 May 2023; still a bill on 10 December 2024 and on 20 May 2025; nothing after.
    kb = _kb(
        tmp_path,
        _statute(
            "bill",
            _change("Draft", "2023-05-03"),
            _attest("Draft", "2024-12-10"),
            _attest("Draft", "2025-05-20"),
        ),
    )
    assert _effects(kb, "bill") == [
        ("2023-05-03", "2025-05-20", "EffectDraft", None),
        ("2025-05-21", None, "EffectNotEstablished", None),
    ]


def test_an_attestation_without_a_dated_change_leaves_the_days_before_it_open(tmp_path: Path) -> None:
    kb = _kb(tmp_path, _statute("bill", _attest("Draft", "2024-12-10"), _attest("Draft", "2025-05-20")))
    assert _effects(kb, "bill") == [
        (None, "2024-12-09", "EffectNotEstablished", None),
        ("2024-12-10", "2025-05-20", "EffectDraft", None),
        ("2025-05-21", None, "EffectNotEstablished", None),
    ]


def test_an_event_known_to_the_month_leaves_that_month_not_established(tmp_path: Path) -> None:
    kb = _kb(tmp_path, _statute("act", _change("Adopted", "2019-02-01"), _change("InForce", "2019-03")))
    assert _effects(kb, "act") == [
        ("2019-02-01", "2019-02-28", "EffectNotInForce", None),
        ("2019-03-01", "2019-03-30", "EffectNotEstablished", None),
        ("2019-03-31", None, "EffectApplicable", None),
    ]


def test_a_later_end_says_nothing_of_an_entry_into_force_before_it(tmp_path: Path) -> None:
    kb = _kb(
        tmp_path,
        _statute("old", _change("Adopted", "2024-05-17"))
        + _statute("new", _change("Adopted", "2026-05-14"))
        + """
        ex:replace a aikg:InstrumentRelation ; aikg:relationKind aikgv:Replaces ; aikg:actingInstrument ex:new ;
            aikg:targetInstrument ex:old ; aikg:date "2027-01-01"^^xsd:date .""",
    )
    assert _effects(kb, "old") == [
        ("2024-05-17", "2026-12-31", "EffectNotEstablished", None),
        ("2027-01-01", None, "EffectEnded", None),
    ]


def test_a_relation_that_ends_its_target_ends_its_effect(tmp_path: Path) -> None:
    kb = _kb(
        tmp_path,
        _statute("eo1", _change("InForce", "2023-10-30"), kind="ExecutiveOrder")
        + _statute("eo2", _change("InForce", "2025-01-20"), kind="ExecutiveOrder")
        + """
        ex:revoke a aikg:InstrumentRelation ; aikg:relationKind aikgv:Revokes ; aikg:actingInstrument ex:eo2 ;
            aikg:targetInstrument ex:eo1 ; aikg:date "2025-01-20"^^xsd:date .""",
    )
    assert _effects(kb, "eo1") == [
        ("2023-10-30", "2025-01-19", "EffectApplicable", None),
        ("2025-01-20", None, "EffectEnded", None),
    ]


def test_soft_law_is_in_effect_once_adopted_and_a_draft_has_no_effect(tmp_path: Path) -> None:
    kb = _kb(
        tmp_path,
        _statute("guide", _change("Adopted", "2019-04-08"), force="NonBinding", kind="Guidelines")
        + _statute("bill", _change("Draft", "2021-04-21"), _change("Superseded", "2024-06-13")),
    )
    assert _effects(kb, "guide") == [("2019-04-08", None, "EffectSoftLaw", None)]
    assert _effects(kb, "bill") == [
        ("2021-04-21", "2024-06-12", "EffectDraft", None),
        ("2024-06-13", None, "EffectEnded", None),
    ]


def test_a_treaty_binds_a_party_only_once_in_force_for_it(tmp_path: Path) -> None:
    kb = _kb(
        tmp_path,
        """
        ex:conv a aikg:Treaty ; aikg:formalForce aikgv:LegallyBinding ; aikg:hasJurisdiction ex:XR ;
            aikg:hasStatusEvent ex:conv-adopted , ex:conv-signed , ex:conv-in-force , ex:conv-in-force-club .
        ex:conv-adopted """
        + _change("Adopted", "2024-05-17")
        + """ .
        ex:conv-signed """
        + _change("Signed", "2024-09-05", "Club")
        + """ .
        ex:conv-in-force """
        + _change("InForce", "2025-11-01")
        + """ .
        ex:conv-in-force-club """
        + _change("InForce", "2026-03-01", "Club")
        + " .",
    )
    # Before its signature the treaty has no status for Club at all (not "since 17 May 2024").
    assert _effects(kb, "conv", "Club") == [
        ("2024-09-05", "2026-02-28", "EffectNotInForce", None),
        ("2026-03-01", None, "EffectApplicable", None),
    ]


def test_a_later_publication_does_not_prove_an_act_was_not_in_force(tmp_path: Path) -> None:
    # Many decisions enter into force on adoption and are published later (Art. 297(2) TFEU).
    kb = _kb(
        tmp_path,
        _statute(
            "decision",
            _change("Adopted", "2024-08-28"),
            _change("Published", "2024-09-04"),
            kind="Regulation",
        )
        + _statute(
            "act", _change("Adopted", "2024-06-13"), _change("InForce", "2024-08-01"), kind="Regulation"
        ),
    )
    assert _effects(kb, "decision") == [("2024-08-28", None, "EffectNotEstablished", None)]
    # A later entry into force does prove it.
    assert _effects(kb, "act")[0] == ("2024-06-13", "2024-07-31", "EffectNotInForce", None)


def test_a_directive_reaches_a_member_state_only_through_its_transposition(tmp_path: Path) -> None:
    kb = _kb(
        tmp_path,
        _statute("dir", _change("InForce", "2020-01-01"), kind="Directive")
        + """
        ex:dir aikg:addressesIssue aikgv:LiabilityForHarm .
        ex:reg a aikg:Regulation ; aikg:formalForce aikgv:LegallyBinding ; aikg:hasJurisdiction ex:XR ;
            aikg:hasStatusEvent ex:reg-in-force ; aikg:addressesIssue aikgv:PersonalDataProtection .
        ex:reg-in-force """
        + _change("InForce", "2020-01-01")
        + " .",
    )
    # The regulation is inherited by the member state; the untransposed directive is not.
    assert _answers(kb, "aikgv:PersonalDataProtection", "Club")[-1] == (
        "2020-01-01",
        None,
        "AnswerBindingApplicable",
        "EffectApplicable",
    )
    assert "AnswerBindingApplicable" not in [a[2] for a in _answers(kb, "aikgv:LiabilityForHarm", "Club")]
    assert _answers(kb, "aikgv:LiabilityForHarm", "XR")[-1] == (
        "2020-01-01",
        None,
        "AnswerBindingApplicable",
        "EffectApplicable",
    )
    kb = _kb(
        tmp_path,
        _statute(
            "dir",
            _change("InForce", "2020-01-01"),
            _change("Transposed", "2021-06-30", "Club"),
            kind="Directive",
        )
        + "ex:dir aikg:addressesIssue aikgv:LiabilityForHarm .",
    )
    assert _effects(kb, "dir", "Club") == [("2021-06-30", None, "EffectApplicable", None)]
    assert ("2021-06-30", None, "AnswerBindingApplicable", "EffectApplicable") in _answers(
        kb, "aikgv:LiabilityForHarm", "Club"
    )


# --------------------------------------------------------------------------- application rules


def _ai_act(extra: str = "") -> str:
    return (
        _statute("act", _change("Adopted", "2024-06-13"), _change("InForce", "2024-08-01"), kind="Regulation")
        + """
        ex:ch1 a aikg:Provision ; aikg:provisionOf ex:act ; aikg:locator "Chapter I" .
        ex:art3 a aikg:Provision ; aikg:provisionOf ex:act ; aikg:locator "Art. 3" ; aikg:withinProvision ex:ch1 .
        ex:ch12 a aikg:Provision ; aikg:provisionOf ex:act ; aikg:locator "Chapter XII" .
        ex:art99 a aikg:Provision ; aikg:provisionOf ex:act ; aikg:locator "Art. 99" ; aikg:withinProvision ex:ch12 .
        ex:art101 a aikg:Provision ; aikg:provisionOf ex:act ; aikg:locator "Art. 101" ; aikg:withinProvision ex:ch12 .
        ex:art9 a aikg:Provision ; aikg:provisionOf ex:act ; aikg:locator "Art. 9" .
        ex:art113 a aikg:Provision ; aikg:provisionOf ex:act ; aikg:locator "Art. 113" .
        ex:r-general a aikg:ApplicationRule ; aikg:ruleOf ex:act ; aikg:date "2026-08-02"^^xsd:date ; aikg:boundary aikgv:From ; aikg:setBy ex:art113 .
        ex:r-a a aikg:ApplicationRule ; aikg:ruleOf ex:act ; aikg:date "2025-02-02"^^xsd:date ; aikg:boundary aikgv:From ;
            aikg:appliesProvision ex:ch1 ; aikg:setBy ex:art113 .
        ex:r-b a aikg:ApplicationRule ; aikg:ruleOf ex:act ; aikg:date "2025-08-02"^^xsd:date ; aikg:boundary aikgv:From ;
            aikg:appliesProvision ex:ch12 ; aikg:exceptProvision ex:art101 ; aikg:setBy ex:art113 .
        ex:r-c a aikg:ApplicationRule ; aikg:ruleOf ex:act ; aikg:date "2027-08-02"^^xsd:date ; aikg:boundary aikgv:From ;
            aikg:appliesProvision ex:art9 ; aikg:appliesTo "high-risk AI systems referred to in Article 6(1)"@en ; aikg:setBy ex:art113 .
    """
        + extra
    )


def test_a_provision_follows_the_closest_rule_and_exceptions_fall_back(tmp_path: Path) -> None:
    kb = _kb(tmp_path, _ai_act())
    assert _effects(kb, "art3") == [
        ("2024-06-13", "2024-07-31", "EffectNotInForce", None),
        ("2024-08-01", "2025-02-01", "EffectNotYetApplicable", None),
        ("2025-02-02", None, "EffectApplicable", None),
    ]
    assert _effects(kb, "art99")[-1] == ("2025-08-02", None, "EffectApplicable", None)
    assert _effects(kb, "art101")[-1] == (
        "2026-08-02",
        None,
        "EffectApplicable",
        None,
    )  # "with the exception of Article 101"


def test_a_scoped_rule_gives_its_own_intervals_beside_the_general_one(tmp_path: Path) -> None:
    kb = _kb(tmp_path, _ai_act())
    effects = _effects(kb, "art9")
    assert ("2026-08-02", None, "EffectApplicable", None) in effects
    scoped = [e for e in effects if e[3] is not None]
    assert scoped == [
        ("2024-06-13", "2024-07-31", "EffectNotInForce", "high-risk AI systems referred to in Article 6(1)"),
        (
            "2024-08-01",
            "2027-08-01",
            "EffectNotYetApplicable",
            "high-risk AI systems referred to in Article 6(1)",
        ),
        ("2027-08-02", None, "EffectApplicable", "high-risk AI systems referred to in Article 6(1)"),
    ]


def test_an_amending_act_moves_a_date_only_from_its_own_entry_into_force(tmp_path: Path) -> None:
    kb = _kb(
        tmp_path,
        _ai_act(
            _statute(
                "omnibus",
                _change("Adopted", "2026-07-08"),
                _change("InForce", "2026-07-27"),
                kind="Regulation",
            )
            + """
        ex:omnibus-art1 a aikg:Provision ; aikg:provisionOf ex:omnibus ; aikg:locator "Art. 1(40)" .
        ex:r-c-new a aikg:ApplicationRule ; aikg:ruleOf ex:act ; aikg:date "2028-08-02"^^xsd:date ; aikg:boundary aikgv:From ;
            aikg:appliesProvision ex:art9 ; aikg:appliesTo "high-risk AI systems referred to in Article 6(1)"@en ;
            aikg:setBy ex:omnibus-art1 ; aikg:replacesRule ex:r-c ."""
        ),
    )
    scoped = [e for e in _effects(kb, "art9") if e[3] is not None]
    # The old rule speaks until the amending act enters into force; the new one from then on.
    assert [(s, t, e) for s, t, e, _ in scoped] == [
        ("2024-06-13", "2024-07-31", "EffectNotInForce"),
        ("2024-08-01", "2026-07-26", "EffectNotYetApplicable"),
        ("2026-07-27", "2028-08-01", "EffectNotYetApplicable"),
        ("2028-08-02", None, "EffectApplicable"),
    ]


def test_a_provision_an_amending_act_inserts_does_not_apply_before_the_act(tmp_path: Path) -> None:
    kb = _kb(
        tmp_path,
        _ai_act(
            _statute("omnibus", _change("InForce", "2026-07-27"), kind="Regulation")
            + """
        ex:omnibus-art1 a aikg:Provision ; aikg:provisionOf ex:omnibus ; aikg:locator "Art. 1(3)" .
        ex:art5ba a aikg:Provision ; aikg:provisionOf ex:act ; aikg:locator "Art. 5(1)(ba)" .
        ex:r-ba a aikg:ApplicationRule ; aikg:ruleOf ex:act ; aikg:date "2026-12-02"^^xsd:date ; aikg:boundary aikgv:From ;
            aikg:appliesProvision ex:art5ba ; aikg:setBy ex:omnibus-art1 ."""
        ),
    )
    assert _effects(kb, "art5ba")[-2:] == [
        ("2024-08-01", "2026-12-01", "EffectNotYetApplicable", None),
        ("2026-12-02", None, "EffectApplicable", None),
    ]


# --------------------------------------------------------------------------- answers


def _coded(extra: str = "") -> str:
    return (
        _statute("guide", _change("Adopted", "2019-04-08"), force="NonBinding", kind="Guidelines")
        + "ex:guide aikg:upholdsPrinciple aikgv:Transparency .\n"
        + extra
    )


def _complete(subject: str, dimension: str, date: str, prop: str = "codingCoverage") -> str:
    return f"""{subject} aikg:{prop} [ a aikg:CoverageDeclaration ; aikg:dimension aikgv:{dimension} ;
        aikg:coverageLevel aikgv:CoverageComplete ; aikg:date "{date}"^^xsd:date ] .\n"""


def test_soft_law_alone_is_not_soft_law_only_unless_the_graph_is_complete(tmp_path: Path) -> None:
    kb = _kb(tmp_path, _coded())
    assert _answers(kb, "aikgv:Transparency") == [
        (None, "2019-04-07", "AnswerNotEstablished", None),
        ("2019-04-08", None, "AnswerNotEstablished", "EffectSoftLaw"),
    ]


def test_soft_law_only_and_none_need_a_complete_inventory_and_coding(tmp_path: Path) -> None:
    body = _coded(
        _complete("ex:guide", "DimensionPrinciples", "2026-12-01")
        + _complete("ex:XR", "DimensionPrinciples", "2026-12-01", "inventoryCoverage")
    )
    kb = _kb(tmp_path, body)
    assert _answers(kb, "aikgv:Transparency") == [
        (None, "2019-04-07", "AnswerNone", None),
        ("2019-04-08", "2026-12-01", "AnswerSoftLawOnly", "EffectSoftLaw"),
        ("2026-12-02", None, "AnswerNotEstablished", "EffectSoftLaw"),
    ]
    assert _answers(kb, "aikgv:Accountability") == [
        (None, "2026-12-01", "AnswerNone", None),
        ("2026-12-02", None, "AnswerNotEstablished", None),
    ]


def test_a_binding_applicable_rule_is_found_without_any_declaration(tmp_path: Path) -> None:
    kb = _kb(tmp_path, _ai_act("ex:art3 aikg:upholdsPrinciple aikgv:Transparency .\n"))
    assert _answers(kb, "aikgv:Transparency")[-1] == (
        "2025-02-02",
        None,
        "AnswerBindingApplicable",
        "EffectApplicable",
    )
    # A member-state jurisdiction within it has the same rule through nesting.
    assert _answers(kb, "aikgv:Transparency", "Club")[-1] == (
        "2025-02-02",
        None,
        "AnswerBindingApplicable",
        "EffectApplicable",
    )


def test_in_force_but_not_yet_applicable_is_claimed_only_when_complete(tmp_path: Path) -> None:
    kb = _kb(tmp_path, _ai_act("ex:art9 aikg:upholdsPrinciple aikgv:RiskManagement .\n"))
    assert ("2024-08-01", "2026-08-01", "AnswerNotEstablished", "EffectNotYetApplicable") in _answers(
        kb, "aikgv:RiskManagement"
    )


# --------------------------------------------------------------------------- definitions in a lens


def test_criteria_roll_up_only_where_the_codebook_says_and_renderings_count_as_their_text(
    tmp_path: Path,
) -> None:
    kb = _kb(
        tmp_path,
        """
        ex:official a aikg:AIDefinition ; aikg:hasCriterion aikgv:OutputGeneration , aikgv:SelfLearning .
        ex:rendering a aikg:AIDefinition ; aikg:renderingOf ex:official ;
            aikg:hasCriterion aikgv:DecisionMaking ; aikg:studyAttributesCriterion aikgv:CognitiveImitation .""",
    )
    query = """SELECT ?lens ?text ?criterion ?direct WHERE { ?m aikg:lens ?lens ; aikg:matchedText ?text ;
               aikg:matchedCriterion ?criterion ; aikg:codedDirectly ?direct }"""
    found = sorted(tuple(t.value.rsplit("/", 1)[-1] for t in row) for row in kb.query(query))  # type: ignore[union-attr]
    assert found == [
        ("StudyLens", "official", "CognitiveImitation", "true"),
        ("TextLens", "official", "AdaptivityLearning", "false"),
        ("TextLens", "official", "DataProcessing", "false"),
        ("TextLens", "official", "Learning", "false"),
        ("TextLens", "official", "OutputGeneration", "true"),
        ("TextLens", "official", "SelfLearning", "true"),
    ]


def test_the_derived_graph_is_the_same_on_every_run() -> None:
    first = load_profile("full").derived
    second = load_profile("full").derived
    assert [str(q) for q in first] == [str(q) for q in second]
    assert all(isinstance(q.graph_name, ox.NamedNode) for q in first)


def test_self_regulation_by_private_bodies_is_no_jurisdictions_law(tmp_path: Path) -> None:
    kb = _kb(
        tmp_path,
        _coded(
            """
        ex:assoc a aikg:Organisation ; rdfs:label "A professional association"@en .
        ex:ministry a aikg:PublicBody ; rdfs:label "A ministry"@en .
        ex:code a aikg:EthicalCharter ; aikg:formalForce aikgv:NonBinding ; aikg:hasJurisdiction ex:XR ;
            aikg:issuedBy ex:assoc ; aikg:upholdsPrinciple aikgv:Fairness ; aikg:hasStatusEvent ex:code-adopted .
        ex:code-adopted """
            + _change("Adopted", "2021-10-26")
            + """ .
        ex:guide aikg:issuedBy ex:ministry , ex:assoc ."""
        ),
    )
    # The association's code carries nothing for XR: the graph knows of no rule of XR's on fairness.
    assert _answers(kb, "aikgv:Fairness") == [(None, None, "AnswerNotEstablished", None)]
    assert _effects(kb, "code") == []  # no legal effect in any legal order
    assert _answers(kb, "aikgv:Transparency")[-1][3] == "EffectSoftLaw"  # co-issued by a ministry: it counts
