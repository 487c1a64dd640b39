"""Facts a lawyer would check first, asserted on the shipped graph and on the derived answers
(study profile unless the fact comes from an outside source; full profile otherwise).

Each test names the instrument, the provision and the day, so that a failure reads as a
statement about the law that has stopped being true in the graph.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pytest
import rdflib
from rdflib import RDF, BNode, Literal, URIRef

from aikg.load import load_profile
from aikg.namespaces import AIKG, AIKGD, AIKGV, SKOS

# Plain IRIs rather than rdflib's closed XSD namespace, which pytest's collector trips over.
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
XSD_GYEAR = URIRef("http://www.w3.org/2001/XMLSchema#gYear")
XSD_GYEARMONTH = URIRef("http://www.w3.org/2001/XMLSchema#gYearMonth")


@lru_cache(maxsize=3)
def graph(profile: str) -> rdflib.Graph:
    return load_profile(profile).graph


def day(text: str) -> Literal:
    return Literal(text, datatype=XSD_DATE)


def core_criteria(g: rdflib.Graph, definition: URIRef) -> set[rdflib.term.Node]:
    found: set[rdflib.term.Node] = set()
    for criterion in g.objects(definition, AIKG.hasCriterion):
        for ancestor in g.transitive_objects(criterion, SKOS.broader):
            if (ancestor, RDF.type, AIKG.CoreCriterion) in g:
                found.add(ancestor)  # type: ignore[arg-type]
    return found


def event_dates(
    g: rdflib.Graph, instrument: URIRef, status: URIRef, party: URIRef | None = None
) -> set[Literal]:
    return {
        g.value(event, AIKG.date)  # type: ignore[misc]
        for event in g.objects(instrument, AIKG.hasStatusEvent)
        if (event, AIKG.resultingStatus, status) in g and g.value(event, AIKG.forParty) == party
    }


def intervals(
    g: rdflib.Graph, item: URIRef, jurisdiction: URIRef, scoped: bool = False
) -> list[tuple[str, str, str]]:
    """(effect, from, to) of the derived effect intervals of *item* for *jurisdiction*, in date order;
    unscoped ones unless *scoped*; '' for an open end."""
    found = []
    for node in g.subjects(AIKG.intervalOf, item):
        if g.value(node, AIKG.forJurisdiction) != jurisdiction:
            continue
        if ((node, AIKG.appliesTo, None) in g) != scoped:
            continue
        effect = str(g.value(node, AIKG.effect)).rsplit("/", 1)[-1]
        found.append((effect, str(g.value(node, AIKG.fromDay) or ""), str(g.value(node, AIKG.toDay) or "")))
    return sorted(found, key=lambda t: t[1])


def effect_on(g: rdflib.Graph, item: URIRef, jurisdiction: URIRef, on: str) -> str | None:
    for effect, start, end in intervals(g, item, jurisdiction):
        if (not start or start <= on) and (not end or on <= end):
            return effect
    return None


# --------------------------------------------------------------------------- the study's own facts


def test_123_fl_definition_imitates_cognition_and_is_not_autonomous() -> None:
    g = graph("study")
    definition = AIKGD["def-ru-123-study"]
    assert (definition, AIKG.statedIn, AIKGD["ru-federal-law-123"]) in g
    assert core_criteria(g, definition) == {AIKGV.CognitiveImitation}
    assert AIKGV.Autonomy not in core_criteria(g, definition)
    # The study's own words are kept: "123-FL", not the official "123-ФЗ" (which the full profile adds).
    assert (AIKGD["ru-federal-law-123"], AIKG.officialNumber, Literal("123-FL")) in g
    assert (AIKGD["ru-federal-law-123"], AIKG.officialNumber, Literal("123-ФЗ")) in graph("full")


def test_oecd_recommendation_is_soft_law_of_may_2019() -> None:
    g = graph("study")
    rec = AIKGD["oecd-ai-recommendation"]
    assert (rec, RDF.type, AIKG.Recommendation) in g
    assert g.value(rec, AIKG.formalForce) == AIKGV.NonBinding
    assert event_dates(g, rec, AIKGV.Adopted) == {Literal("2019-05", datatype=XSD_GYEARMONTH)}
    # The study's month, 2019-05, is certain only from its last day; the full profile knows 22 May.
    assert intervals(g, rec, AIKGD.OECD) == [
        ("EffectNotEstablished", "2019-05-01", "2019-05-30"),
        ("EffectSoftLaw", "2019-05-31", ""),
    ]
    assert effect_on(graph("full"), rec, AIKGD.OECD, "2019-05-22") == "EffectSoftLaw"


def test_framework_convention_is_binding_and_signed_in_2024_per_the_study() -> None:
    g = graph("study")
    fc = AIKGD["framework-convention-ai"]
    assert (fc, RDF.type, AIKG.Treaty) in g
    assert g.value(fc, AIKG.formalForce) == AIKGV.LegallyBinding
    parties = {g.value(e, AIKG.forParty) for e in g.objects(fc, AIKG.hasStatusEvent)}
    assert parties == {AIKGD.US, AIKGD.EU, AIKGD.UK}
    for party in parties:
        assert event_dates(g, fc, AIKGV.Signed, party) == {Literal("2024", datatype=XSD_GYEAR)}  # type: ignore[arg-type]


def test_the_study_placing_the_convention_in_the_usa_is_kept_and_corrected() -> None:
    g = graph("study")
    claim = AIKGD["claim-fc-in-usa"]
    assert (claim, AIKG.about, AIKGD["framework-convention-ai"]) in g
    errata = list(g.subjects(AIKG.corrects, claim))
    assert len(errata) == 1
    assert g.value(errata[0], AIKG.verificationStatus) == AIKGV.Verified
    assert "CETS No. 225" in str(g.value(errata[0], AIKG.correctionText))


def test_dates_keep_the_source_precision() -> None:
    g = graph("study")
    # "dated 21 May 2013": the adoption date, as a day
    assert event_dates(g, AIKGD["kz-law-94-v"], AIKGV.Adopted) == {day("2013-05-21")}
    # "legislated in 2020": a year, never padded to a day
    assert event_dates(g, AIKGD["ru-federal-law-123"], AIKGV.Adopted) == {Literal("2020", datatype=XSD_GYEAR)}
    # Decree No. 674 of 15 October 2021 approves the Concept of Legal Policy until 2030
    assert (AIKGD["kz-decree-674"], AIKG.approves, AIKGD["kz-legal-policy-concept-2030"]) in g
    assert event_dates(g, AIKGD["kz-decree-674"], AIKGV.Adopted) == {day("2021-10-15")}
    # A year means a range of days: 123-FL is "adopted" with certainty only from 31 December 2020.
    assert intervals(g, AIKGD["ru-federal-law-123"], AIKGD.RU)[0][1:] == ("2020-01-01", "")


def test_ai_act_proposal_scope_as_the_study_reports_it() -> None:
    g = graph("study")
    aia = AIKGD["eu-aia-proposal"]
    assert {AIKGV.Provider, AIKGV.User, AIKGV.ThirdCountryProvider, AIKGV.ThirdCountryUser} <= set(
        g.objects(aia, AIKG.regulatesParty)
    )
    assert set(g.objects(aia, AIKG.excludesParty)) == {AIKGV.PrivateUser}
    assert set(g.objects(aia, AIKG.omitsIssue)) == {AIKGV.NoIndividualRemedies}
    assert event_dates(g, aia, AIKGV.Draft) == {day("2021-04-21")}


def test_three_legal_status_models_and_legal_entity_criteria() -> None:
    g = graph("study")
    models = set(g.subjects(RDF.type, AIKG.LegalStatusModel))
    assert {AIKGV.ObjectOfLaw, AIKGV.LegalEntity, AIKGV.ElectronicPerson} <= models
    assert set(g.objects(AIKGV.LegalEntity, AIKG.recognitionCriterion)) == {
        AIKGV.ExternalIsolation,
        AIKGV.Personification,
        AIKGV.UnifiedWill,
    }


def test_five_core_criteria_from_the_study() -> None:
    g = graph("tbox")
    assert set(g.subjects(RDF.type, AIKG.CoreCriterion)) == {
        AIKGV.DataProcessing,
        AIKGV.CognitiveImitation,
        AIKGV.Autonomy,
        AIKGV.AdaptivityLearning,
        AIKGV.EthicalLegalCompliance,
    }
    # every specific criterion sits under exactly one core criterion
    for specific in g.subjects(RDF.type, AIKG.SpecificCriterion):
        parents = set(g.objects(specific, SKOS.broader))
        assert len(parents) == 1 and (next(iter(parents)), RDF.type, AIKG.CoreCriterion) in g, specific


def test_un_expert_group_recommendations_and_counts() -> None:
    g = graph("study")
    measures = {
        m: g.value(m, AIKG.measureStatus)
        for m in g.subjects(AIKG.proposedIn, AIKGD["un-expert-group-recommendations"])
    }
    assert measures == {
        AIKGD["un-measure-scientific-committee"]: AIKGV.Recommended,
        AIKGD["un-measure-global-dialogue"]: AIKGV.Recommended,
        AIKGD["un-measure-global-fund"]: AIKGV.Recommended,
        AIKGD["un-measure-standards-exchange"]: AIKGV.Recommended,
        AIKGD["un-measure-ai-agency"]: AIKGV.DeferredForFuture,
    }
    counts = {
        int(g.value(c, AIKG.quantity))  # type: ignore[arg-type]
        for c in g.subjects(AIKG.about, AIKGD.UN)
        if (c, AIKG.quantity, None) in g
    }
    assert counts == {7, 193, 118}


@pytest.mark.parametrize(
    "instrument, in_force",
    [("eu-ai-act", "2024-08-01"), ("kz-law-ai-230-viii", "2026-01-18")],
)
def test_later_facts_are_only_in_the_full_profile(instrument: str, in_force: str) -> None:
    assert (AIKGD[instrument], None, None) not in graph("study")
    g = graph("full")
    assert event_dates(g, AIKGD[instrument], AIKGV.InForce) == {day(in_force)}


# --------------------------------------------------------------------------- in force is not applies


def test_ai_act_in_force_1_august_2024_but_article_3_applies_from_2_february_2025() -> None:
    g = graph("full")
    act, art3 = AIKGD["eu-ai-act"], AIKGD["eu-ai-act-art-3-1"]
    # Regulation (EU) 2024/1689: signed 13 June 2024, OJ 12 July 2024,
    # in force 1 August 2024 (Art. 113, first paragraph)
    assert event_dates(g, act, AIKGV.Adopted) == {day("2024-06-13")}
    assert event_dates(g, act, AIKGV.Published) == {day("2024-07-12")}
    assert event_dates(g, act, AIKGV.InForce) == {day("2024-08-01")}
    # Art. 3(1) sits in Chapter I, which Art. 113, third paragraph, point (a)
    # makes applicable from 2 February 2025
    assert AIKGD["eu-ai-act-ch-1"] in set(g.transitive_objects(art3, AIKG.withinProvision))
    assert intervals(g, art3, AIKGD.EU) == [
        ("EffectNotInForce", "2024-06-13", "2024-07-31"),
        ("EffectNotYetApplicable", "2024-08-01", "2025-02-01"),
        ("EffectApplicable", "2025-02-02", ""),
    ]
    # The Act as a whole applies from 2 August 2026 (Art. 113, second paragraph)
    assert intervals(g, act, AIKGD.EU) == [
        ("EffectNotInForce", "2024-06-13", "2024-07-31"),
        ("EffectNotYetApplicable", "2024-08-01", "2026-08-01"),
        ("EffectApplicable", "2026-08-02", ""),
    ]
    # High-risk requirements (Chapter III Section 2) apply from 2 December 2027 (Annex III systems),
    # as Regulation (EU) 2026/1744 (in force 27 July 2026) provides; Annex I systems from 2 August 2028.
    assert effect_on(g, AIKGD["eu-ai-act-art-10"], AIKGD.EU, "2026-12-01") == "EffectNotYetApplicable"
    assert effect_on(g, AIKGD["eu-ai-act-art-10"], AIKGD.EU, "2027-12-02") == "EffectApplicable"
    assert event_dates(g, AIKGD["eu-omnibus-2026-1744"], AIKGV.InForce) == {day("2026-07-27")}


def test_gdpr_in_force_24_may_2016_applies_from_25_may_2018() -> None:
    g = graph("full")
    gdpr = AIKGD["eu-gdpr"]
    assert event_dates(g, gdpr, AIKGV.InForce) == {day("2016-05-24")}
    assert effect_on(g, gdpr, AIKGD.EU, "2018-05-24") == "EffectNotYetApplicable"
    assert effect_on(g, gdpr, AIKGD.EU, "2018-05-25") == "EffectApplicable"


def test_product_liability_directive_applies_after_9_december_2026_and_repeals_85_374() -> None:
    g = graph("full")
    # "placed on the market or put into service after 9 December 2026": the day itself is excluded
    assert effect_on(g, AIKGD["eu-pld-2024-2853"], AIKGD.EU, "2026-12-09") == "EffectNotYetApplicable"
    assert effect_on(g, AIKGD["eu-pld-2024-2853"], AIKGD.EU, "2026-12-10") == "EffectApplicable"
    assert effect_on(g, AIKGD["eu-dir-85-374"], AIKGD.EU, "2026-12-08") == "EffectApplicable"
    assert effect_on(g, AIKGD["eu-dir-85-374"], AIKGD.EU, "2026-12-09") == "EffectEnded"


# --------------------------------------------------------------------------- drafts and treaties


def _effects_of_answer_bases(
    g: rdflib.Graph, statuses: set[URIRef]
) -> list[tuple[rdflib.term.Node, rdflib.term.Node, str]]:
    """(answer, carrier, carrier's effect on the answer's first day) for answers with one of *statuses*."""
    found = []
    for answer in g.subjects(RDF.type, AIKG.AnswerInterval):
        if g.value(answer, AIKG.answerStatus) not in statuses:
            continue
        jurisdiction = g.value(answer, AIKG.forJurisdiction)
        start = str(g.value(answer, AIKG.fromDay) or "1900-01-01")
        parents = set(g.transitive_objects(jurisdiction, AIKG.withinJurisdiction))
        for carrier in g.objects(answer, AIKG.basedOn):
            effects = {effect_on(g, carrier, j, start) for j in parents}  # type: ignore[arg-type]
            effects.discard(None)
            found.append((answer, carrier, ",".join(sorted(effects))))  # type: ignore[arg-type]
    return found


@pytest.mark.parametrize("profile", ["study", "full"])
def test_a_draft_never_counts_as_binding(profile: str) -> None:
    g = graph(profile)
    binding = {
        AIKGV.AnswerBindingApplicable,
        AIKGV.AnswerBindingNotYetApplicable,
        AIKGV.AnswerBindingNotInForce,
    }
    checked = _effects_of_answer_bases(g, binding)
    assert checked, "no binding answer was checked"
    bad = [(a, c, e) for a, c, e in checked if "EffectDraft" in e or not e]
    assert not bad, bad[:5]
    # The study's draft Kazakh AI law is a draft on 31 December 2024 and carries no binding answer.
    draft = AIKGD["kz-draft-ai-law"]
    assert effect_on(g, draft, AIKGD.KZ, "2024-12-31") == "EffectDraft"
    for answer in g.subjects(AIKG.basedOn, draft):
        assert g.value(answer, AIKG.answerStatus) == AIKGV.AnswerNotEstablished
    if profile == "full":  # enacted as Law No. 230-VIII on 17 November 2025: the draft has ended
        assert effect_on(g, draft, AIKGD.KZ, "2025-11-17") == "EffectEnded"


@pytest.mark.parametrize("profile", ["study", "full"])
def test_a_treaty_binds_only_parties_for_which_it_is_in_force(profile: str) -> None:
    g = graph(profile)
    binding = {"EffectApplicable", "EffectNotYetApplicable"}
    for treaty in g.subjects(RDF.type, AIKG.Treaty):
        own = set(g.objects(treaty, AIKG.hasJurisdiction))
        for node in g.subjects(AIKG.intervalOf, treaty):
            effect = str(g.value(node, AIKG.effect)).rsplit("/", 1)[-1]
            party = g.value(node, AIKG.forJurisdiction)
            if effect in binding:
                in_force = event_dates(g, treaty, AIKGV.InForce, None if party in own else party)  # type: ignore[arg-type]
                assert in_force, f"{treaty} is {effect} for {party} without entering into force for it"
    fc = AIKGD["framework-convention-ai"]
    # Signatories only: the convention is not in force for any of them (CETS No. 225, V01 open).
    for party in (AIKGD.US, AIKGD.UK) if profile == "full" else (AIKGD.US, AIKGD.UK, AIKGD.EU):
        assert effect_on(g, fc, party, "2024-12-31") == "EffectNotEstablished"
    # Not a signatory: no effect at all.
    for state in (AIKGD.KZ, AIKGD.RU):
        assert not intervals(g, fc, state)
    if profile == "full":
        # The EU's consent (approval, deposited 15 May 2026) comes after signature: before it the
        # convention is certainly not in force for the EU; after it, entry into force is not established.
        assert effect_on(g, fc, AIKGD.EU, "2024-12-31") == "EffectNotInForce"
        assert effect_on(g, fc, AIKGD.EU, "2026-05-14") == "EffectNotInForce"
        assert effect_on(g, fc, AIKGD.EU, "2026-12-01") == "EffectNotEstablished"
        # Italy is within the EU but is no party: the EU's treaty context is not inherited.
        assert not intervals(g, fc, AIKGD.IT)


def test_a_member_state_inherits_eu_regulations_but_not_the_eus_treaties() -> None:
    g = graph("full")
    answers = {
        str(g.value(a, AIKG.answerStatus)).rsplit("/", 1)[-1]
        for a in g.subjects(AIKG.forJurisdiction, AIKGD.IT)
        if g.value(a, AIKG.answerConcept) == AIKGV.AIDefinitionTopic
        and (a, AIKG.basedOn, AIKGD["eu-ai-act-art-3-1"]) in g
    }
    assert "AnswerBindingApplicable" in answers  # Regulation (EU) 2024/1689, Art. 3(1), directly applicable


# --------------------------------------------------------------------------- Kazakhstan's AI law


def test_kazakh_ai_law_230_viii_dates() -> None:
    g = graph("full")
    law = AIKGD["kz-law-ai-230-viii"]
    assert (law, AIKG.officialNumber, Literal("230-VIII")) in g
    assert event_dates(g, law, AIKGV.Adopted) == {day("2025-11-17")}  # signed by the President
    assert event_dates(g, law, AIKGV.Published) == {day("2025-11-18")}  # Kazakhstanskaya Pravda
    assert event_dates(g, law, AIKGV.InForce) == {day("2026-01-18")}  # 60 days after publication
    assert intervals(g, law, AIKGD.KZ) == [
        ("EffectNotInForce", "2025-11-17", "2026-01-17"),
        ("EffectApplicable", "2026-01-18", ""),
    ]
    # The study's draft became this law; its definition is stated in Art. 1(3), in Kazakh and Russian.
    assert (AIKGD["kz-draft-ai-law"], AIKG.resultedIn, law) in g
    definition = AIKGD["def-kz-ai-law"]
    assert set(g.objects(definition, AIKG.statedIn)) == {AIKGD["kz-law-ai-230-viii-art-1-3"]}
    assert {w.language for w in g.objects(definition, AIKG.wording)} == {"kk", "ru"}  # type: ignore[attr-defined]
    assert core_criteria(g, definition) == {AIKGV.CognitiveImitation}


# --------------------------------------------------------------------------- relations and errata

#: Kinds of relation with no verified instance yet (see docs/to-verify.md, A16).
UNUSED_RELATION_KINDS = {AIKGV.Expires}


def test_every_relation_kind_is_used_with_real_instruments() -> None:
    g = graph("full")
    kinds = set(g.subjects(RDF.type, AIKG.RelationKind))
    assert len(kinds) == 15
    instrument_kinds = set(g.transitive_subjects(RDFS_SUBCLASS, AIKG.LegalInstrument))
    used: dict[rdflib.term.Node | None, rdflib.term.Node] = {}
    for relation in g.subjects(RDF.type, AIKG.InstrumentRelation):
        kind = g.value(relation, AIKG.relationKind)
        target = g.value(relation, AIKG.targetInstrument)
        acting = g.value(relation, AIKG.actingInstrument)
        for instrument in (target, acting):
            if instrument is not None:
                assert set(g.objects(instrument, RDF.type)) & instrument_kinds, f"{relation}: {instrument}"
        assert g.value(relation, AIKG.date) is not None and (relation, AIKG.citation, None) in g, relation
        used.setdefault(kind, relation)
    assert set(used) == kinds - UNUSED_RELATION_KINDS, sorted(str(k) for k in kinds - set(used))
    # Named instances a lawyer can check.
    assert used[AIKGV.Approves] == AIKGD["kz-decree-674-approves-legal-policy-concept"]
    assert (AIKGD["us-eo-14148-revokes-eo-14110"], AIKG.relationKind, AIKGV.Revokes) in g
    assert (AIKGD["eu-pld-2024-2853-repeals-dir-85-374"], AIKG.date, day("2026-12-09")) in g


RDFS_SUBCLASS = URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf")

#: E01–E29: the resource each erratum marks, and the kind of error (docs/errata.md).
ERRATA = {
    1: ("claim-fc-in-usa", "FactualError"),
    2: ("claim-ege-name", "FactualError"),
    3: ("claim-ege-principles-count", "InternalInconsistency"),
    4: ("def-coe-charter-16", "Misattribution"),
    5: ("us-genai-principles", "Misattribution"),
    6: ("study", "Typo"),
    7: ("def-eu-ai-hleg-2019", "Misattribution"),
    8: ("framework-convention-ai", "InexactTranslation"),
    9: ("claim-hleg-three-criteria", "InexactTranslation"),
    10: ("def-ru-123-study", "Omission"),
    11: ("claim-mayorkas-uncoordinated-regulation", "Typo"),
    12: ("def-us-nist", "Misattribution"),
    13: ("claim-us-no-federal-definition", "Omission"),
    14: ("us-ai-bill-of-rights", "InexactTranslation"),
    15: ("ref-23", "Typo"),
    16: ("ref-26", "InternalInconsistency"),
    17: ("ref-2", "InternalInconsistency"),
    18: ("ref-21", "InternalInconsistency"),
    19: ("claim-study-law-lag-causes", "InternalInconsistency"),
    20: ("coe-ethical-charter", "InexactTranslation"),
    21: ("eu-aia-proposal", "InexactTranslation"),
    22: ("oecd-ai-recommendation", "InexactTranslation"),
    23: ("claim-un-ecosoc-2024-call", "Misattribution"),
    24: ("eu-aia-proposal", "Omission"),
    25: ("claim-aia-needs-improvement", "FactualError"),
    26: ("claim-oecd-46-signatories", "InexactTranslation"),
    27: ("ref-6", "InternalInconsistency"),
    28: ("claim-un-governance-mandatory", "InexactTranslation"),
    29: ("un-expert-group-recommendations", "InexactTranslation"),
}


def _shingles(text: str, n: int = 4) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _texts(g: rdflib.Graph, node: URIRef) -> list[str]:
    """The literals said of *node* (one level into its citations), and of what is proposed in it."""
    out: list[str] = []
    for subject in (node, *g.subjects(AIKG.proposedIn, node)):
        for _p, o in g.predicate_objects(subject):
            if isinstance(o, Literal):
                out.append(str(o))
            elif isinstance(o, BNode):
                out += [str(x) for _q, x in g.predicate_objects(o) if isinstance(x, Literal)]
    return out


@pytest.mark.parametrize("number", sorted(ERRATA), ids=[f"E{n:02d}" for n in sorted(ERRATA)])
def test_each_erratum_marks_the_statement_it_corrects(number: int) -> None:
    g = graph("study")
    erratum = AIKGD[f"erratum-{number:02d}"]
    target, kind = ERRATA[number]
    assert set(g.objects(erratum, AIKG.corrects)) == {AIKGD[target]}
    assert g.value(erratum, AIKG.erratumType) == AIKGV[kind]
    # The marked statement stays in the study graph, in the study's words.
    assert (AIKGD[target], None, None) in g
    study_text = str(g.value(erratum, AIKG.studyText))
    assert study_text.strip() and str(g.value(erratum, AIKG.correctionText)).strip()
    if target == "study":
        # E06: a typo in the Kazakh abstract, which the graph does not hold; left unverified.
        assert g.value(erratum, AIKG.verificationStatus) == AIKGV.Unverified
        return
    # The study's words the erratum quotes are those the graph records for the marked resource.
    overlap = max((len(_shingles(study_text) & _shingles(t)) for t in _texts(g, AIKGD[target])), default=0)
    assert overlap >= min(5, len(_shingles(study_text))), f"E{number:02d}: study text not found on {target}"
    # A verified correction of a fact cites a source other than the study itself (a typo or an
    # inconsistency inside the study is verified on the study).
    if g.value(erratum, AIKG.verificationStatus) == AIKGV.Verified and kind not in (
        "Typo",
        "InternalInconsistency",
    ):
        sources = {g.value(c, AIKG.source) for c in g.objects(erratum, AIKG.citation)}
        assert sources - {AIKGD.study}, f"E{number:02d}: verified against the study only"


def test_no_other_errata() -> None:
    g = graph("full")
    assert {str(e).rsplit("-", 1)[-1] for e in g.subjects(RDF.type, AIKG.Erratum)} == {
        f"{n:02d}" for n in ERRATA
    }


def test_study_errors_do_not_reach_the_full_text_lens() -> None:
    """E04, E07, E12: on the full profile the study's misattributed renderings count as the texts
    they render, so the text lens codes official wordings, never the study's paraphrases."""
    g = graph("full")
    assert g.value(AIKGD["def-coe-charter-16"], AIKG.renderingOf) == AIKGD["def-ec-2018"]
    assert g.value(AIKGD["def-eu-ai-hleg-2019"], AIKG.renderingOf) == AIKGD["def-ec-2018"]
    assert g.value(AIKGD["def-us-nist"], AIKG.renderingOf) == AIKGD["def-nist-ai-rmf"]
    texts_in_text_lens = {g.value(m, AIKG.matchedText) for m in g.subjects(AIKG.lens, AIKGV.TextLens)}
    for rendering in ("def-coe-charter-16", "def-eu-ai-hleg-2019", "def-us-nist", "def-ru-123-study"):
        assert AIKGD[rendering] not in texts_in_text_lens
    assert AIKGD["def-nist-ai-rmf"] in texts_in_text_lens


def test_as_of_dates_of_the_profiles() -> None:
    for profile, expected in (("study", "2024-12-31"), ("full", "2026-12-01")):
        g = graph(profile)
        dates = {str(o) for o in g.objects(None, AIKG.asOfDate)}
        assert dates == {expected}
