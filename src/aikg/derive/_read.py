"""Reading the asserted facts the derivation needs, once, from the store."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from ..days import day_bounds
from ._model import (
    _A,
    _BINDING,
    _DIMENSIONS,
    _OFFICIAL_LEVELS,
    DEFINITION_TOPIC,
    EVIDENCE,
    Evidence,
    _after,
    _Event,
    _Facts,
    _iri,
    _key,
    _rows,
    _Rule,
)


def _read(store: ox.Store, evidence: Evidence = "any") -> _Facts:
    facts = _Facts(store)
    if evidence == "official":
        # A dated fact counts only when one of its citations names a source of official
        # evidence (the instrument's official text, or an official body's page).
        levels = " ".join(f"aikgv:{level}" for level in _OFFICIAL_LEVELS)
        facts.official = {
            key
            for (node,) in _rows(
                store,
                f"""SELECT DISTINCT ?x {{ VALUES ?l {{ {levels} }}
                    ?x aikg:citation/aikg:source/aikg:evidenceLevel ?l }}""",
            )
            if (key := _key(node))
        }
    elif evidence != "any":
        raise ValueError(f"unknown evidence {evidence!r}; choose one of {', '.join(EVIDENCE)}")
    after: set[str] = {
        k for (k,) in ((_key(r[0]),) for r in _rows(store, "SELECT ?r { ?r aikg:boundary aikgv:After }")) if k
    }
    for subject, date in _rows(store, "SELECT ?s ?d { ?s aikg:date ?d }"):
        key = _key(subject)
        if key is None or not isinstance(date, ox.Literal):
            continue
        bounds = day_bounds(date.value, date.datatype.value)
        if bounds is None:
            continue  # an ill-formed date: the shapes report it
        if key in after:
            bounds = (_after(bounds[0]), _after(bounds[1]))
        facts.bounds[key] = bounds
    for inst, force, jur in _rows(
        store,
        """SELECT DISTINCT ?i ?f ?j {
            ?i a/rdfs:subClassOf* aikg:LegalInstrument . OPTIONAL { ?i aikg:formalForce ?f }
            OPTIONAL { ?i aikg:hasJurisdiction ?j } }""",
    ):
        key = _iri(inst)
        if key is None:
            continue
        binding, jurisdictions = facts.instruments.get(key, (False, ()))
        binding = binding or _iri(force) == _BINDING
        home = _iri(jur)
        if home and home not in jurisdictions:
            jurisdictions = (*jurisdictions, home)
        facts.instruments[key] = (binding, tuple(sorted(jurisdictions)))
    # Self-regulation: an instrument every known issuer of which is a private organisation
    # (a company, an association) is no jurisdiction's law, binding or soft. A bill a member
    # of a legislature presents (a person) is not self-regulation.
    # (Read as plain rows and decided here: two correlated FILTER NOT EXISTS over class paths
    # took minutes at 100k triples in pyoxigraph.)
    public = {ox.NamedNode(_A + k) for k in "State PublicBody InternationalOrganisation ExpertGroup".split()}
    organisation = ox.NamedNode(_A + "Organisation")
    supers: dict[object, set[object]] = defaultdict(set)
    for sub, sup in _rows(store, "SELECT ?c ?s { ?c rdfs:subClassOf ?s }"):
        supers[sub].add(sup)
    issued: dict[str, set[object]] = defaultdict(set)
    types: dict[object, set[object]] = defaultdict(set)
    issuers_query = "SELECT DISTINCT ?i ?x ?t { ?i aikg:issuedBy ?x OPTIONAL { ?x a ?t } }"
    for inst, issuer, kind in _rows(store, issuers_query):
        if _iri(inst) in facts.instruments:
            issued[_iri(inst)].add(issuer)  # type: ignore[index]
            if kind is not None:
                types[issuer].add(kind)
    kinds_of: dict[object, set[object]] = {}

    def kinds(agent: object) -> set[object]:  # a/rdfs:subClassOf*
        found = kinds_of.get(agent)
        if found is None:
            found, pending = set(types.get(agent, ())), list(types.get(agent, ()))
            while pending:
                for parent in supers.get(pending.pop(), ()):
                    if parent not in found:
                        found.add(parent)
                        pending.append(parent)
            kinds_of[agent] = found
        return found

    for inst, issuers in issued.items():
        if all(organisation in kinds(x) for x in issuers) and not any(kinds(x) & public for x in issuers):
            facts.private.add(inst)
    for (inst,) in _rows(store, "SELECT DISTINCT ?i { ?i a aikg:Directive }"):
        if _iri(inst):
            facts.directives.add(_iri(inst))  # type: ignore[arg-type]
    for inst, event, rank, party, attested in _rows(
        store,
        """SELECT ?i ?e ?rank ?p ?att {
            ?i aikg:hasStatusEvent ?e . ?e aikg:resultingStatus/aikg:statusRank ?rank .
            OPTIONAL { ?e aikg:forParty ?p } BIND (EXISTS { ?e a aikg:StatusAttestation } AS ?att) }""",
    ):
        _add_event(
            facts,
            _iri(inst),
            _key(event),
            rank,
            _iri(party),
            isinstance(attested, ox.Literal) and attested.value == "true",
        )
    for target, relation, rank in _rows(
        store,
        """SELECT ?t ?r ?rank {
            ?r aikg:targetInstrument ?t ; aikg:relationKind/aikg:targetStatus/aikg:statusRank ?rank }""",
    ):
        _add_event(facts, _iri(target), _key(relation), rank, None, False)
    for prov, inst in _rows(store, "SELECT ?p ?i { ?p aikg:provisionOf ?i }"):
        if (provision := _iri(prov)) and (instrument := _iri(inst)):
            facts.provision_of[provision] = instrument
    for prov, outer in _rows(store, "SELECT ?p ?o { ?p aikg:withinProvision ?o }"):
        if _iri(prov) and _iri(outer):
            facts.within[_iri(prov)].add(_iri(outer))  # type: ignore[index,arg-type]
    _read_rules(facts)
    for child, parent in _rows(store, "SELECT ?c ?p { ?c aikg:withinJurisdiction+ ?p }"):
        if _iri(child) and _iri(parent):
            facts.parent_jurisdictions[_iri(child)].add(_iri(parent))  # type: ignore[index,arg-type]
    for owner, dim, node, prop in _rows(
        store,
        """SELECT ?o ?d ?n ?prop {
            { ?o aikg:codingCoverage ?n BIND ("coverage" AS ?prop) }
            UNION { ?o aikg:inventoryCoverage ?n BIND ("inventory" AS ?prop) }
            ?n aikg:dimension ?d ; aikg:coverageLevel aikgv:CoverageComplete }""",
    ):
        bounds = facts.bounds.get(_key(node) or "")
        if bounds and _iri(owner) and _iri(dim):
            target = (
                facts.coverage
                if isinstance(prop, ox.Literal) and prop.value == "coverage"
                else facts.inventory
            )
            target[(_iri(owner), _iri(dim))].append(bounds[0])  # type: ignore[index]
    for dim, (prop, scheme) in _DIMENSIONS.items():
        if prop is None:
            facts.concepts[dim] = [DEFINITION_TOPIC]
            for (carrier,) in _rows(
                store, "SELECT DISTINCT ?x { ?d a aikg:AIDefinition ; aikg:statedIn ?x }"
            ):
                if _iri(carrier):
                    facts.carriers[(dim, DEFINITION_TOPIC)].add(_iri(carrier))  # type: ignore[arg-type]
            continue
        facts.concepts[dim] = sorted(
            c
            for (c,) in ((_iri(r[0]),) for r in _rows(store, f"SELECT ?c {{ ?c skos:inScheme <{scheme}> }}"))
            if c
        )
        for carrier, concept in _rows(store, f"SELECT DISTINCT ?x ?c {{ ?x <{prop}> ?c }}"):
            if (carrier_iri := _iri(carrier)) and (concept_iri := _iri(concept)):
                facts.carriers[(dim, concept_iri)].add(carrier_iri)
    facts.index()
    return facts


def _add_event(
    facts: _Facts, inst: str | None, event: str | None, rank: object, party: str | None, attested: bool
) -> None:
    bounds = facts.bounds.get(event or "")
    if inst is None or event is None or bounds is None or not isinstance(rank, ox.Literal):
        return
    # Official-only evidence: a fact no official source supports stays, as unknown (dropping
    # it would turn the silence of the official sources into a claim, e.g. that a postponed
    # obligation applies from entry into force).
    doubtful = facts.official is not None and event not in facts.official
    try:
        value = int(rank.value)
    except ValueError:
        return
    facts.events[inst].append(
        _Event(None if attested else bounds[0], bounds[1], value, party, event, doubtful)
    )


def _read_rules(facts: _Facts) -> None:
    store = facts.store
    for rule, inst in _rows(store, "SELECT ?r ?i { ?r aikg:ruleOf ?i }"):
        key, bounds = _key(rule), facts.bounds.get(_key(rule) or "")
        if key and bounds and _iri(inst):
            facts.rules[key] = _Rule(key, _iri(inst), bounds[0], bounds[1], setter=_iri(inst))  # type: ignore[arg-type]
            facts.rules[key].doubtful = facts.official is not None and key not in facts.official
    for rule, value, prop in _rows(
        store,
        """SELECT ?r ?v ?p {
            VALUES ?p { aikg:appliesProvision aikg:exceptProvision aikg:appliesTo aikg:replacesRule }
            ?r aikg:ruleOf ?i ; ?p ?v }""",
    ):
        found = facts.rules.get(_key(rule) or "")
        name = _iri(prop)
        if found is None or name is None:
            continue
        if name.endswith("appliesProvision") and _iri(value):
            found.provisions.add(_iri(value))  # type: ignore[arg-type]
        elif name.endswith("exceptProvision") and _iri(value):
            found.excepted.add(_iri(value))  # type: ignore[arg-type]
        elif name.endswith("appliesTo") and isinstance(value, ox.Literal):
            found.scope.append(value)
        elif name.endswith("replacesRule") and _key(value):
            found.replaces.add(_key(value))  # type: ignore[arg-type]
    for rule, setter in _rows(store, "SELECT ?r ?i { ?r aikg:ruleOf ?x ; aikg:setBy/aikg:provisionOf ?i }"):
        found = facts.rules.get(_key(rule) or "")
        if found is not None and _iri(setter):
            found.setter = _iri(setter)
