"""Facts the foundation issue names, asserted on the shipped graph (study profile
unless the fact comes from an outside source)."""

from __future__ import annotations

from functools import lru_cache

import pytest
import rdflib
from rdflib import RDF, Literal, URIRef

from aikg.load import load_profile
from aikg.namespaces import AIKG, AIKGD, AIKGV, SKOS

# Plain IRIs rather than rdflib's closed XSD namespace, which pytest's collector trips over.
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
XSD_GYEAR = URIRef("http://www.w3.org/2001/XMLSchema#gYear")
XSD_GYEARMONTH = URIRef("http://www.w3.org/2001/XMLSchema#gYearMonth")


@lru_cache(maxsize=2)
def graph(profile: str) -> rdflib.Graph:
    return load_profile(profile).graph


def core_criteria(g: rdflib.Graph, definition: rdflib.URIRef) -> set[rdflib.URIRef]:
    found = set()
    for criterion in g.objects(definition, AIKG.hasCriterion):
        for ancestor in g.transitive_objects(criterion, SKOS.broader):
            if (ancestor, RDF.type, AIKG.CoreCriterion) in g:
                found.add(ancestor)
    return found


def event_dates(g: rdflib.Graph, instrument: rdflib.URIRef, status: rdflib.URIRef) -> set[Literal]:
    return {
        g.value(event, AIKG.date)
        for event in g.objects(instrument, AIKG.hasStatusEvent)
        if (event, AIKG.resultingStatus, status) in g
    }


def test_123_fl_definition_imitates_cognition_and_is_not_autonomous() -> None:
    g = graph("study")
    definition = AIKGD["def-ru-123-study"]
    assert (definition, AIKG.statedIn, AIKGD["ru-federal-law-123"]) in g
    assert core_criteria(g, definition) == {AIKGV.CognitiveImitation}
    assert AIKGV.Autonomy not in core_criteria(g, definition)
    # The study's own words are kept: "123-FL", not the official "123-ФЗ".
    assert (AIKGD["ru-federal-law-123"], AIKG.officialNumber, Literal("123-FL")) in g


def test_oecd_recommendation_is_soft_law_of_may_2019() -> None:
    g = graph("study")
    rec = AIKGD["oecd-ai-recommendation"]
    assert (rec, RDF.type, AIKG.Recommendation) in g
    assert g.value(rec, AIKG.hasBindingForce) == AIKGV.NonBinding
    assert event_dates(g, rec, AIKGV.Adopted) == {Literal("2019-05", datatype=XSD_GYEARMONTH)}


def test_framework_convention_is_binding_and_of_2024() -> None:
    g = graph("study")
    fc = AIKGD["framework-convention-ai"]
    assert (fc, RDF.type, AIKG.Treaty) in g
    assert g.value(fc, AIKG.hasBindingForce) == AIKGV.LegallyBinding
    assert event_dates(g, fc, AIKGV.Signed) == {Literal("2024", datatype=XSD_GYEAR)}
    parties = {g.value(e, AIKG.forParty) for e in g.objects(fc, AIKG.hasStatusEvent)}
    assert parties == {AIKGD.US, AIKGD.EU, AIKGD.UK}


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
    assert event_dates(g, AIKGD["kz-law-94-v"], AIKGV.Adopted) == {Literal("2013-05-21", datatype=XSD_DATE)}
    # "legislated in 2020": a year, never padded to a day
    assert event_dates(g, AIKGD["ru-federal-law-123"], AIKGV.Adopted) == {Literal("2020", datatype=XSD_GYEAR)}
    # Decree No. 674 of 15 October 2021 approves the Concept of Legal Policy until 2030
    assert (AIKGD["kz-decree-674"], AIKG.approves, AIKGD["kz-legal-policy-concept-2030"]) in g
    assert event_dates(g, AIKGD["kz-decree-674"], AIKGV.Adopted) == {Literal("2021-10-15", datatype=XSD_DATE)}


def test_ai_act_proposal_scope_as_the_study_reports_it() -> None:
    g = graph("study")
    aia = AIKGD["eu-aia-proposal"]
    assert {AIKGV.Provider, AIKGV.User, AIKGV.ThirdCountryProvider, AIKGV.ThirdCountryUser} <= set(
        g.objects(aia, AIKG.regulatesParty)
    )
    assert set(g.objects(aia, AIKG.excludesParty)) == {AIKGV.PrivateUser}
    assert set(g.objects(aia, AIKG.omitsIssue)) == {AIKGV.NoIndividualRemedies}
    assert event_dates(g, aia, AIKGV.Draft) == {Literal("2021-04-21", datatype=XSD_DATE)}


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
        int(g.value(c, AIKG.quantity))
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
    assert event_dates(g, AIKGD[instrument], AIKGV.InForce) == {Literal(in_force, datatype=XSD_DATE)}
