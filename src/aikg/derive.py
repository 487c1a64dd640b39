"""The derived graph: what aikg computes once from the asserted data.

Questions and shapes never recompute time or absence: they read these triples,
so that pyoxigraph, rdflib, Jena or any SHACL engine given a product gives the
same answer. Everything here is a pure function of the asserted triples; the
as-of date is *not* an input (answers are intervals of days, and a question or
shape picks the interval that contains its date).

1. **Day bounds.** Every ``aikg:date`` gets ``aikg:earliestDay`` and
   ``aikg:latestDay`` (:mod:`aikg.days`); for an application rule "after" a day,
   both move one day on.
2. **Effect intervals** (``aikg:EffectInterval``) of every instrument and
   provision, for its own legal order and for each party (treaties, directives):
   the status on a day is the highest-ranked status whose event is certainly
   past; an event that may or may not be past, and would change that, makes the
   day "not established". A relation whose kind has an ``aikg:targetStatus``
   (repeal, revocation, withdrawal...) is an event of its target. A binding
   instrument in force is *applicable* on a day when the application rule that
   governs the provision (the most specific one, valid on that day) has started.
3. **Criterion matches** (``aikg:CriterionMatch``): which definition text meets
   which criterion in each lens, coded or through the codebook's ``aikg:implies``.
4. **Answer intervals** (``aikg:AnswerInterval``) per jurisdiction and concept
   (principle, legal issue, regulated party, and the topic "a definition of AI"):
   "binding and applicable" needs one applicable binding rule; any other answer
   claims an absence, and is given only where the jurisdiction's inventory and
   the coding of every instrument in effect for it are declared complete on that
   day. Otherwise the answer is "not established", with the strongest effect the
   graph knows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

import pyoxigraph as ox

from .days import XSD_DATE, day_bounds
from .namespaces import AIKG, AIKGV

__all__ = ["DERIVED_NS", "DERIVED_GRAPH", "EFFECT_ORDER", "derive"]

DERIVED_NS: Final = "https://w3id.org/aikg/derived/"
#: The named graph the derived triples live in (in the store and in TriG products).
DERIVED_GRAPH: Final = "https://w3id.org/aikg/derived"

_A, _V = str(AIKG), str(AIKGV)
_RDF_TYPE: Final = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_DATE: Final = ox.NamedNode(XSD_DATE)
_XSD_BOOLEAN: Final = "http://www.w3.org/2001/XMLSchema#boolean"

# Legal effects, strongest first (the order "strongest known" uses).
APPLICABLE, NOT_YET, NOT_IN_FORCE, SOFT, DRAFT, ENDED, UNKNOWN = (
    _V + "EffectApplicable",
    _V + "EffectNotYetApplicable",
    _V + "EffectNotInForce",
    _V + "EffectSoftLaw",
    _V + "EffectDraft",
    _V + "EffectEnded",
    _V + "EffectNotEstablished",
)
EFFECT_ORDER: Final = (APPLICABLE, NOT_YET, NOT_IN_FORCE, SOFT, DRAFT, ENDED)
_STRENGTH: Final = {effect: len(EFFECT_ORDER) - i for i, effect in enumerate(EFFECT_ORDER)}
# Effects that put an instrument "in effect" for the completeness rule.
_IN_EFFECT: Final = frozenset({APPLICABLE, NOT_YET, NOT_IN_FORCE, SOFT, UNKNOWN})
_ANSWER: Final = {
    APPLICABLE: _V + "AnswerBindingApplicable",
    NOT_YET: _V + "AnswerBindingNotYetApplicable",
    NOT_IN_FORCE: _V + "AnswerBindingNotInForce",
    SOFT: _V + "AnswerSoftLawOnly",
}
ANSWER_NONE: Final = _V + "AnswerNone"
ANSWER_UNKNOWN: Final = _V + "AnswerNotEstablished"
_BINDING: Final = _V + "LegallyBinding"
_AFTER: Final = _V + "After"
_COMPLETE: Final = _V + "CoverageComplete"
#: dimension concept -> (property from carrier to concept, concept scheme); the
#: definition dimension has one concept, the topic, and its carriers are the
#: instruments or provisions a definition is aikg:statedIn.
DEFINITION_TOPIC: Final = _V + "AIDefinitionTopic"
_DIMENSIONS: Final = {
    _V + "DimensionPrinciples": (_A + "upholdsPrinciple", _V + "principles"),
    _V + "DimensionLegalIssues": (_A + "addressesIssue", _V + "legal-issues"),
    _V + "DimensionRegulatedParties": (_A + "regulatesParty", _V + "party-roles"),
    _V + "DimensionDefinition": (None, None),
}
#: The dimension whose complete declaration says every status event up to its date is recorded.
_HISTORY: Final = _V + "DimensionStatusHistory"
_RATIFIED_RANK: Final = 25  # consent to be bound (ratification, acceptance, approval, accession)
_IN_FORCE_RANK: Final = 30
_ENDED_RANK: Final = 40

Day = dt.date
Tri = bool | None  # True, False, or not established


def _after(day: Day) -> Day:
    return day + dt.timedelta(days=1)


# --------------------------------------------------------------------------- the facts read


@dataclass(frozen=True)
class _Event:
    lo: Day | None  # None: may already have happened at any earlier day (an attestation)
    hi: Day
    rank: int
    party: str | None
    source: str

    def happened(self, day: Day) -> Tri:
        if self.hi <= day:
            return True
        if self.lo is not None and day < self.lo:
            return False
        return None


@dataclass
class _Rule:
    iri: str
    instrument: str
    lo: Day
    hi: Day
    provisions: set[str] = field(default_factory=set)
    excepted: set[str] = field(default_factory=set)
    scope: list[ox.Literal] = field(default_factory=list)
    setter: str | None = None  # the instrument whose entry into force makes the rule valid
    replaces: set[str] = field(default_factory=set)


@dataclass
class _Facts:
    store: ox.Store
    bounds: dict[str, tuple[Day, Day]] = field(default_factory=dict)
    instruments: dict[str, tuple[bool, tuple[str, ...]]] = field(default_factory=dict)  # binding, jurisdictions
    events: dict[str, list[_Event]] = field(default_factory=lambda: defaultdict(list))
    provision_of: dict[str, str] = field(default_factory=dict)
    within: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    rules: dict[str, _Rule] = field(default_factory=dict)
    parent_jurisdictions: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    coverage: dict[tuple[str, str], list[Day]] = field(default_factory=lambda: defaultdict(list))
    inventory: dict[tuple[str, str], list[Day]] = field(default_factory=lambda: defaultdict(list))
    carriers: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    concepts: dict[str, list[str]] = field(default_factory=dict)
    # Indexes, so that no step scans every rule, instrument or declaration (1M triples: thousands of each).
    rules_of: dict[str, list[_Rule]] = field(default_factory=lambda: defaultdict(list))
    by_jurisdiction: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_party: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    declared_by: dict[str, list[Day]] = field(default_factory=lambda: defaultdict(list))
    directives: set[str] = field(default_factory=set)
    private: set[str] = field(default_factory=set)

    def index(self) -> None:
        """Fill the indexes once every fact is read."""
        for rule in self.rules.values():
            self.rules_of[rule.instrument].append(rule)
        for inst, (_binding, jurisdictions) in self.instruments.items():
            for jurisdiction in jurisdictions:
                self.by_jurisdiction[jurisdiction].add(inst)
        for inst, events in self.events.items():
            for event in events:
                if event.party is not None:
                    self.by_party[event.party].add(inst)
        for (owner, _dim), valid in list(self.inventory.items()) + list(self.coverage.items()):
            self.declared_by[owner].extend(valid)


def _rows(store: ox.Store, query: str) -> Iterable[list[ox.NamedNode | ox.BlankNode | ox.Literal | None]]:
    prefixes = {"aikg": _A, "aikgv": _V, "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
                "skos": "http://www.w3.org/2004/02/skos/core#"}
    solutions = store.query(query, prefixes=prefixes, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    width = len(solutions.variables)
    for solution in solutions:
        yield [solution[i] for i in range(width)]  # type: ignore[misc]


def _iri(term: object) -> str | None:
    return term.value if isinstance(term, ox.NamedNode) else None


def _key(term: object) -> str | None:
    """A subject's key: an IRI, or ``_:label`` for a blank node (rules and coverage nodes may be blank)."""
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return None


def _read(store: ox.Store) -> _Facts:
    facts = _Facts(store)
    after: set[str] = {k for (k,) in ((_key(r[0]),) for r in _rows(store, "SELECT ?r { ?r aikg:boundary aikgv:After }")) if k}
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
    for inst, force, jur in _rows(store, """SELECT DISTINCT ?i ?f ?j {
            ?i a/rdfs:subClassOf* aikg:LegalInstrument . OPTIONAL { ?i aikg:formalForce ?f }
            OPTIONAL { ?i aikg:hasJurisdiction ?j } }"""):
        key = _iri(inst)
        if key is None:
            continue
        binding, jurisdictions = facts.instruments.get(key, (False, ()))
        binding = binding or _iri(force) == _BINDING
        if _iri(jur) and _iri(jur) not in jurisdictions:
            jurisdictions = (*jurisdictions, _iri(jur))  # type: ignore[assignment]
        facts.instruments[key] = (binding, tuple(sorted(jurisdictions)))  # type: ignore[arg-type]
    # Self-regulation: an instrument every known issuer of which is a private organisation
    # (a company, an association) is no jurisdiction's law, binding or soft. A bill a member
    # of a legislature presents (a person) is not self-regulation.
    public = "aikg:State aikg:PublicBody aikg:InternationalOrganisation aikg:ExpertGroup"
    for (inst,) in _rows(store, f"""SELECT DISTINCT ?i {{
            ?i a/rdfs:subClassOf* aikg:LegalInstrument ; aikg:issuedBy ?x .
            FILTER NOT EXISTS {{ ?i aikg:issuedBy ?y . ?y a/rdfs:subClassOf* ?kind . VALUES ?kind {{ {public} }} }}
            FILTER NOT EXISTS {{ ?i aikg:issuedBy ?z . FILTER NOT EXISTS {{ ?z a/rdfs:subClassOf* aikg:Organisation }} }} }}"""):
        if _iri(inst):
            facts.private.add(_iri(inst))  # type: ignore[arg-type]
    for (inst,) in _rows(store, "SELECT DISTINCT ?i { ?i a aikg:Directive }"):
        if _iri(inst):
            facts.directives.add(_iri(inst))  # type: ignore[arg-type]
    for inst, event, rank, party, attested in _rows(store, """SELECT ?i ?e ?rank ?p ?att {
            ?i aikg:hasStatusEvent ?e . ?e aikg:resultingStatus/aikg:statusRank ?rank .
            OPTIONAL { ?e aikg:forParty ?p } BIND (EXISTS { ?e a aikg:StatusAttestation } AS ?att) }"""):
        _add_event(facts, _iri(inst), _key(event), rank, _iri(party), isinstance(attested, ox.Literal) and attested.value == "true")
    for target, relation, rank in _rows(store, """SELECT ?t ?r ?rank {
            ?r aikg:targetInstrument ?t ; aikg:relationKind/aikg:targetStatus/aikg:statusRank ?rank }"""):
        _add_event(facts, _iri(target), _key(relation), rank, None, False)
    for prov, inst in _rows(store, "SELECT ?p ?i { ?p aikg:provisionOf ?i }"):
        if _iri(prov) and _iri(inst):
            facts.provision_of[_iri(prov)] = _iri(inst)  # type: ignore[index]
    for prov, outer in _rows(store, "SELECT ?p ?o { ?p aikg:withinProvision ?o }"):
        if _iri(prov) and _iri(outer):
            facts.within[_iri(prov)].add(_iri(outer))  # type: ignore[index,arg-type]
    _read_rules(facts)
    for child, parent in _rows(store, "SELECT ?c ?p { ?c aikg:withinJurisdiction+ ?p }"):
        if _iri(child) and _iri(parent):
            facts.parent_jurisdictions[_iri(child)].add(_iri(parent))  # type: ignore[index,arg-type]
    for owner, dim, node, prop in _rows(store, """SELECT ?o ?d ?n ?prop {
            { ?o aikg:codingCoverage ?n BIND ("coverage" AS ?prop) } UNION { ?o aikg:inventoryCoverage ?n BIND ("inventory" AS ?prop) }
            ?n aikg:dimension ?d ; aikg:coverageLevel aikgv:CoverageComplete }"""):
        bounds = facts.bounds.get(_key(node) or "")
        if bounds and _iri(owner) and _iri(dim):
            target = facts.coverage if isinstance(prop, ox.Literal) and prop.value == "coverage" else facts.inventory
            target[(_iri(owner), _iri(dim))].append(bounds[0])  # type: ignore[index]
    for dim, (prop, scheme) in _DIMENSIONS.items():
        if prop is None:
            facts.concepts[dim] = [DEFINITION_TOPIC]
            for (carrier,) in _rows(store, "SELECT DISTINCT ?x { ?d a aikg:AIDefinition ; aikg:statedIn ?x }"):
                if _iri(carrier):
                    facts.carriers[(dim, DEFINITION_TOPIC)].add(_iri(carrier))  # type: ignore[arg-type]
            continue
        facts.concepts[dim] = sorted(
            c for (c,) in ((_iri(r[0]),) for r in _rows(store, f"SELECT ?c {{ ?c skos:inScheme <{scheme}> }}")) if c
        )
        for carrier, concept in _rows(store, f"SELECT DISTINCT ?x ?c {{ ?x <{prop}> ?c }}"):
            if _iri(carrier) and _iri(concept):
                facts.carriers[(dim, _iri(concept))].add(_iri(carrier))  # type: ignore[arg-type]
    facts.index()
    return facts


def _add_event(facts: _Facts, inst: str | None, event: str | None, rank: object, party: str | None, attested: bool) -> None:
    bounds = facts.bounds.get(event or "")
    if inst is None or event is None or bounds is None or not isinstance(rank, ox.Literal):
        return
    try:
        value = int(rank.value)
    except ValueError:
        return
    facts.events[inst].append(_Event(None if attested else bounds[0], bounds[1], value, party, event))


def _read_rules(facts: _Facts) -> None:
    store = facts.store
    for rule, inst in _rows(store, "SELECT ?r ?i { ?r aikg:ruleOf ?i }"):
        key, bounds = _key(rule), facts.bounds.get(_key(rule) or "")
        if key and bounds and _iri(inst):
            facts.rules[key] = _Rule(key, _iri(inst), bounds[0], bounds[1], setter=_iri(inst))  # type: ignore[arg-type]
    for rule, value, prop in _rows(store, """SELECT ?r ?v ?p {
            VALUES ?p { aikg:appliesProvision aikg:exceptProvision aikg:appliesTo aikg:replacesRule }
            ?r aikg:ruleOf ?i ; ?p ?v }"""):
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


# --------------------------------------------------------------------------- evaluation on a day


def _dated_by_change(event: _Event, events: list[_Event]) -> bool:
    """An attestation of a status the graph records a dated change to, no later than it.

    "Still a bill on 10 December 2024" says nothing of when the bill became one
    if the graph has its presentation on 3 May 2023: the change dates the status.
    """
    return event.lo is None and any(
        e.lo is not None and e.rank == event.rank and e.hi <= event.hi for e in events
    )


class _Timeline:
    """Effects on a day, memoised; every function returns an effect IRI or ``None`` (no status yet)."""

    def __init__(self, facts: _Facts) -> None:
        self.facts = facts
        self.replaced_by: dict[str, set[str]] = defaultdict(set)
        for rule in facts.rules.values():
            for old in rule.replaces:
                self.replaced_by[old].add(rule.iri)
        self.ancestors: dict[str, dict[str, int]] = {}
        self.status = lru_cache(maxsize=None)(self._status)
        self.instrument_effect = lru_cache(maxsize=None)(self._instrument_effect)
        self.provision_effect = lru_cache(maxsize=None)(self._provision_effect)
        self.governing_rules = lru_cache(maxsize=None)(self._governing_rules)  # callers never change the list

    def events(self, inst: str, context: str | None) -> list[_Event]:
        """The events that decide *inst*'s status: its own (*context* None), or for a party
        its own events and the instrument's later party-less ones (an amendment, an end):
        before a State's first act the treaty has no status for it."""
        everything = self.facts.events.get(inst, ())
        if context is None:
            return [e for e in everything if e.party is None]
        first = min((e.hi for e in everything if e.party == context), default=None)
        return [
            e
            for e in everything
            if e.party == context
            or (e.party is None and e.rank != _IN_FORCE_RANK and first is not None and e.lo is not None and e.lo >= first)
        ]

    def _status(self, inst: str, context: str | None, day: Day) -> tuple[int, bool]:
        """(rank of the status, whether it is established) on *day*.

        The status is the highest rank among events certainly past. It is not
        established while an event of higher rank may or may not be past. A status
        that waits for a next step (a draft, or a binding instrument adopted or
        signed but not in force) is established only where the graph knows the next
        step has not happened: a later event is dated after *day*, an attestation
        states that very status on *day* or later (statuses only move forward), or
        the instrument's status history is declared complete up to *day*. Otherwise "not in force" would be read from
        a missing entry into force.
        """
        certain, possible = 0, 0
        events = self.events(inst, context)
        for event in events:
            happened = event.happened(day)
            if happened is True:
                certain = max(certain, event.rank)
            elif happened is None and not _dated_by_change(event, events):
                possible = max(possible, event.rank)
        if certain >= _ENDED_RANK:
            return certain, True
        if possible > certain:
            return certain, False
        binding = self.facts.instruments.get(inst, (False, ()))[0]
        pending = 0 < certain < (_IN_FORCE_RANK if binding else 20)
        if pending and not (
            any(
                certain < e.rank
                and (e.rank < _ENDED_RANK or certain < 20)
                # Publication is not a step every act takes before entry into force (many
                # decisions enter into force on adoption): only consent to be bound, entry
                # into force or transposition, dated later, prove "not in force yet".
                and (certain < 20 or e.rank >= _RATIFIED_RANK)
                and e.lo is not None
                and day < e.lo
                for e in events
            )
            or any(e.lo is None and e.hi >= day and e.rank == certain for e in events)
            or _complete(self.facts.coverage.get((inst, _HISTORY), []), day)
        ):
            return certain, False
        return certain, True

    def in_force(self, inst: str, day: Day) -> Tri:
        rank, known = self.status(inst, None, day)
        if not known:
            return None
        return rank >= _IN_FORCE_RANK

    def rule_valid(self, rule: _Rule, day: Day) -> Tri:
        """A rule is valid from its setter's entry into force until a replacing rule becomes valid."""
        if rule.setter != rule.instrument:
            started = self.in_force(rule.setter, day) if rule.setter else True
            if started is not True:
                return started
        result: Tri = True
        for newer in sorted(self.replaced_by.get(rule.iri, ())):
            valid = self.rule_valid(self.facts.rules[newer], day)
            if valid is True:
                return False
            if valid is None:
                result = None
        return result

    def _ancestors(self, prov: str) -> dict[str, int]:
        found = self.ancestors.get(prov)
        if found is None:
            found, frontier, distance = {prov: 0}, [prov], 0
            while frontier:
                distance += 1
                frontier = [o for p in frontier for o in sorted(self.facts.within.get(p, ())) if o not in found]
                for outer in frontier:
                    found[outer] = distance
            self.ancestors[prov] = found
        return found

    def _governing_rules(self, inst: str, prov: str | None, scoped: bool) -> list[tuple[int, _Rule]]:
        """Rules that could govern *prov* (or the whole instrument), with their specificity (0 = closest)."""
        ancestors = self._ancestors(prov) if prov else {}
        found = []
        for rule in self.facts.rules_of.get(inst, ()):
            if bool(rule.scope) != scoped:
                continue
            if rule.excepted & ancestors.keys():
                continue
            if not rule.provisions:
                found.append((1_000_000, rule))
            else:
                hits = [ancestors[p] for p in rule.provisions if p in ancestors]
                if hits:
                    found.append((min(hits), rule))
        return sorted(found, key=lambda pair: (pair[0], pair[1].iri))

    def applicability(self, rules: list[tuple[int, _Rule]], day: Day) -> Tri:
        """Whether the valid rule of the closest specificity has started; True when no rule applies."""
        if not rules:
            return True
        for specificity in sorted({s for s, _r in rules}):
            level = [r for s, r in rules if s == specificity]
            valid = [(r, self.rule_valid(r, day)) for r in level]
            if any(v is None for _r, v in valid):
                return None
            live = [r for r, v in valid if v]
            if not live:
                # A rule an amending act lays down that replaces no earlier rule brings in a
                # provision the act inserts: before the act is in force, it does not apply yet.
                if any(r.setter != r.instrument and not r.replaces for r in level):
                    return False
                continue
            started = [_Event(r.lo, r.hi, 0, None, r.iri).happened(day) for r in live]
            if any(s is True for s in started):
                return True
            return None if any(s is None for s in started) else False
        return True

    def _effect(self, inst: str, context: str | None, day: Day, applicable: Callable[[], Tri]) -> str | None:
        binding = self.facts.instruments.get(inst, (False, ()))[0]
        rank, known = self.status(inst, context, day)
        if not known:
            return UNKNOWN
        if rank == 0:
            return None
        if rank >= _ENDED_RANK:
            return ENDED
        if rank < 20:
            return DRAFT
        if not binding:
            return SOFT
        if rank < _IN_FORCE_RANK:
            return NOT_IN_FORCE
        started = applicable()
        return UNKNOWN if started is None else (APPLICABLE if started else NOT_YET)

    def _instrument_effect(self, inst: str, context: str | None, day: Day) -> str | None:
        return self._effect(inst, context, day, lambda: self.applicability(self.governing_rules(inst, None, False), day))

    def _provision_effect(self, prov: str, context: str | None, day: Day, scope_rule: str | None = None) -> str | None:
        inst = self.facts.provision_of.get(prov)
        if inst is None:
            return None
        if scope_rule is not None:
            # A scoped rule speaks only while it is valid: before the act laying it down is
            # in force, or once a later rule replaces it, it gives no interval at all.
            rule = self.facts.rules[scope_rule]
            valid = self.rule_valid(rule, day)
            if valid is not True:
                return None if valid is False else UNKNOWN
            rules = [(0, rule)]
        else:
            rules = self.governing_rules(inst, prov, False)
        return self._effect(inst, context, day, lambda: self.applicability(rules, day))


# --------------------------------------------------------------------------- intervals


def _breakpoints(facts: _Facts, instruments: Iterable[str]) -> list[Day]:
    """Every day on which an effect of *instruments* may change (see :class:`_Timeline`)."""
    days: set[Day] = set()
    for inst in instruments:
        for event in facts.events.get(inst, ()):
            if event.lo is not None:
                days.add(event.lo)
            else:  # an attestation establishes a waiting status on its day only
                days.add(_after(event.hi))
            days.add(event.hi)
        days.update(_after(day) for day in facts.coverage.get((inst, _HISTORY), ()))
        for rule in facts.rules_of.get(inst, ()):
            days.update((rule.lo, rule.hi))
            if rule.setter and rule.setter != inst:
                for event in facts.events.get(rule.setter, ()):
                    days.update(d for d in (event.lo, event.hi) if d is not None)
    return sorted(days)


def _segments(points: list[Day]) -> list[tuple[Day | None, Day | None]]:
    """(first day, last day) of each segment the points cut the time line into; None is unbounded."""
    segments: list[tuple[Day | None, Day | None]] = []
    previous: Day | None = None
    for point in points:
        segments.append((previous, point - dt.timedelta(days=1)))
        previous = point
    segments.append((previous, None))
    return segments


def _probe(segment: tuple[Day | None, Day | None]) -> Day:
    """A day inside *segment*: nothing changes within it, so any day of it answers for all."""
    start, end = segment
    if start is not None:
        return start
    return end if end is not None else dt.date(2000, 1, 1)  # no breakpoint at all: every day alike


def _merge(values: list[tuple[tuple[Day | None, Day | None], object]]) -> list[tuple[Day | None, Day | None, object]]:
    merged: list[tuple[Day | None, Day | None, object]] = []
    for (start, end), value in values:
        if merged and merged[-1][2] == value:
            merged[-1] = (merged[-1][0], end, value)
        else:
            merged.append((start, end, value))
    return merged


class _Writer:
    def __init__(self) -> None:
        self.quads: list[ox.Quad] = []
        self.graph = ox.NamedNode(DERIVED_GRAPH)
        self._terms: dict[object, ox.NamedNode | ox.Literal] = {}  # a million quads share a few thousand terms

    def iri(self, value: str) -> ox.NamedNode:
        term = self._terms.get(value)
        if term is None:
            term = self._terms[value] = ox.NamedNode(value)
        return term  # type: ignore[return-value]

    def add(self, s: ox.NamedNode | ox.BlankNode, p: str, o: ox.NamedNode | ox.Literal) -> None:
        self.quads.append(ox.Quad(s, self.iri(p), o, self.graph))

    def _day(self, day: Day) -> ox.Literal:
        term = self._terms.get(day)
        if term is None:
            term = self._terms[day] = ox.Literal(day.isoformat(), datatype=_DATE)
        return term  # type: ignore[return-value]

    def node(self, kind: str, *parts: object) -> ox.NamedNode:
        digest = hashlib.sha1("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]
        return ox.NamedNode(f"{DERIVED_NS}{kind}-{digest}")

    def interval(self, node: ox.NamedNode, start: Day | None, end: Day | None) -> None:
        if start is not None:
            self.add(node, _A + "fromDay", self._day(start))
        if end is not None:
            self.add(node, _A + "toDay", self._day(end))


def _subject(key: str) -> ox.NamedNode | ox.BlankNode:
    return ox.BlankNode(key[2:]) if key.startswith("_:") else ox.NamedNode(key)


def _contexts(facts: _Facts, inst: str) -> list[tuple[str | None, str]]:
    """(context, jurisdiction) pairs: the instrument's own legal order(s), then each party.

    None for self-regulation (issued only by private bodies): it has no effect in any legal order.
    """
    if inst in facts.private:
        return []
    pairs: list[tuple[str | None, str]] = [(None, j) for j in facts.instruments.get(inst, (False, ()))[1]]
    parties = sorted({e.party for e in facts.events.get(inst, ()) if e.party is not None})
    return pairs + [(p, p) for p in parties]


def derive(store: ox.Store) -> list[ox.Quad]:
    """The derived graph of the triples in *store* (default graph = union of its graphs)."""
    facts = _read(store)
    timeline = _Timeline(facts)
    out = _Writer()
    for key, (lo, hi) in sorted(facts.bounds.items()):
        subject = _subject(key)
        out.add(subject, _A + "earliestDay", ox.Literal(lo.isoformat(), datatype=_DATE))
        out.add(subject, _A + "latestDay", ox.Literal(hi.isoformat(), datatype=_DATE))
    provisions_of: dict[str, list[str]] = defaultdict(list)
    for prov, inst in sorted(facts.provision_of.items()):
        provisions_of[inst].append(prov)
    for inst in sorted(facts.instruments):
        segments = _segments(_breakpoints(facts, [inst]))
        for context, jurisdiction in _contexts(facts, inst):
            subjects: list[tuple[str, str | None]] = [(inst, None)]
            subjects += [(p, None) for p in provisions_of.get(inst, ())]
            subjects += [(p, r.iri) for p in provisions_of.get(inst, ()) for _s, r in timeline.governing_rules(inst, p, True)]
            for subject, scope_rule in subjects:
                if subject == inst:
                    values = [(s, timeline.instrument_effect(inst, context, _probe(s))) for s in segments]
                else:
                    values = [(s, timeline.provision_effect(subject, context, _probe(s), scope_rule)) for s in segments]
                for start, end, effect in _merge(values):
                    if effect is None:
                        continue
                    node = out.node("effect", subject, context, jurisdiction, scope_rule, start)
                    out.add(node, str(_RDF_TYPE.value), ox.NamedNode(_A + "EffectInterval"))
                    out.add(node, _A + "intervalOf", ox.NamedNode(subject))
                    out.add(node, _A + "forJurisdiction", ox.NamedNode(jurisdiction))
                    out.add(node, _A + "effect", ox.NamedNode(str(effect)))
                    out.interval(node, start, end)
                    if scope_rule is not None:
                        for text in facts.rules[scope_rule].scope:
                            out.quads.append(ox.Quad(node, ox.NamedNode(_A + "appliesTo"), text, out.graph))
                        out.add(node, _A + "basedOn", _subject(scope_rule))  # type: ignore[arg-type]
    _answers(facts, timeline, out)
    _criterion_matches(store, out)
    return out.quads


# --------------------------------------------------------------------------- answers


def _relevant(facts: _Facts, jurisdiction: str) -> list[tuple[str, str | None]]:
    """(instrument, context) pairs whose effect counts for *jurisdiction*."""
    own = {jurisdiction} | facts.parent_jurisdictions.get(jurisdiction, set())
    candidates = set(facts.by_party.get(jurisdiction, ()))
    for legal_order in own:
        candidates.update(facts.by_jurisdiction.get(legal_order, ()))
    found = []
    for inst in sorted(candidates - facts.private):  # (self-regulation has no intervals either)
        home = set(facts.instruments[inst][1])
        if jurisdiction in home or (own & home and inst not in facts.directives):
            # A directive binds a member State as to the result (Art. 288 TFEU): it reaches
            # the State only through its own transposition events, never by inheritance.
            found.append((inst, None))
        elif any(e.party == jurisdiction for e in facts.events.get(inst, ())):
            found.append((inst, jurisdiction))
    return found


def _complete(days: list[Day], day: Day) -> bool:
    return any(day <= valid for valid in days)


def _answers(facts: _Facts, timeline: _Timeline, out: _Writer) -> None:
    jurisdictions: set[str] = set()
    for _inst, (_b, own) in facts.instruments.items():
        jurisdictions.update(own)
    for events in facts.events.values():
        jurisdictions.update(e.party for e in events if e.party)
    jurisdictions.update(j for j, _d in facts.inventory)
    for child in list(facts.parent_jurisdictions):
        jurisdictions.add(child)
    watch_of: dict[str, set[Day]] = {}
    carried_by: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for key, carriers_of_concept in facts.carriers.items():  # carriers by instrument, not scanned per jurisdiction
        for carrier in carriers_of_concept:
            carried_by[key][facts.provision_of.get(carrier, carrier)].append(carrier)

    def watched(inst: str) -> set[Day]:
        """Days an effect of *inst* may change: its breakpoints and those of the acts laying down its rules."""
        found = watch_of.get(inst)
        if found is None:
            setters = sorted({r.setter for r in facts.rules_of.get(inst, ()) if r.setter})
            found = watch_of[inst] = set(_breakpoints(facts, [inst, *setters]))
        return found

    for jurisdiction in sorted(jurisdictions):
        relevant = _relevant(facts, jurisdiction)
        by_instrument = dict(relevant)
        points = set(_breakpoints(facts, by_instrument))
        for owner in (jurisdiction, *by_instrument):
            points.update(_after(v) for v in facts.declared_by.get(owner, ()))
        segments = _segments(sorted(points))
        starts = [segment[0] for segment in segments[1:]]
        probes = [_probe(segment) for segment in segments]

        def segment_of(day: Day) -> int:
            """The first segment whose probe day sees a change made on *day* (len(segments): none)."""
            return 1 + bisect_left(starts, day)  # type: ignore[arg-type]

        for dim, concepts in sorted(facts.concepts.items()):
            # Evaluated incrementally: an instrument is looked at again only in the segment
            # where its effect or its coverage may change (the result is the same as
            # evaluating every instrument on every probe day).
            blocked_at: dict[int, list[int]] = defaultdict(list)
            for k, (inst, _context) in enumerate(relevant):
                days = watched(inst) | {_after(v) for v in facts.coverage.get((inst, dim), ())}
                for index in {segment_of(day) for day in days}:
                    blocked_at[index].append(k)
            blocked, blocking = [False] * len(relevant), 0
            completeness: list[bool] = []
            inventory = facts.inventory.get((jurisdiction, dim), [])
            for index, day in enumerate(probes):
                for k in range(len(relevant)) if index == 0 else blocked_at.get(index, ()):
                    now = _blocks(facts, timeline, relevant[k][0], relevant[k][1], dim, day)
                    if now != blocked[k]:
                        blocked[k], blocking = now, blocking + (1 if now else -1)
                completeness.append(_complete(inventory, day) and blocking == 0)
            for concept in concepts:
                by_carrier = carried_by.get((dim, concept), {})
                carriers = sorted(
                    (c, context) for inst, context in by_instrument.items() for c in by_carrier.get(inst, ())
                )
                # The same incremental reading: a carrier's effect is read again only in the
                # segment where it may change, and the answer is recomputed only when an
                # effect or the completeness did change.
                changed_at: dict[int, list[int]] = defaultdict(list)
                for k, (carrier, _context) in enumerate(carriers):
                    for index in {segment_of(day) for day in watched(facts.provision_of.get(carrier, carrier))}:
                        changed_at[index].append(k)
                effects: list[tuple[str, str | None]] = [(c, None) for c, _ctx in carriers]
                values: list[tuple[tuple[Day | None, Day | None], object]] = []
                value: object = None
                for index, (segment, day) in enumerate(zip(segments, probes, strict=True)):
                    changed = index == 0 or completeness[index] != completeness[index - 1]
                    for k in range(len(carriers)) if index == 0 else changed_at.get(index, ()):
                        effect = _effect_of(timeline, carriers[k][0], carriers[k][1], day)
                        if index == 0 or effect != effects[k][1]:
                            effects[k], changed = (carriers[k][0], effect), True
                    if changed:
                        value = _answer_of(effects, completeness[index])
                    values.append((segment, value))
                for start, end, value in _merge(values):
                    status, strongest, basis = value  # type: ignore[misc]
                    node = out.node("answer", jurisdiction, concept, start)
                    out.add(node, str(_RDF_TYPE.value), out.iri(_A + "AnswerInterval"))
                    out.add(node, _A + "forJurisdiction", out.iri(jurisdiction))
                    out.add(node, _A + "answerConcept", out.iri(concept))
                    out.add(node, _A + "answerStatus", out.iri(status))
                    if strongest is not None:
                        out.add(node, _A + "strongestKnown", out.iri(strongest))
                    for carrier in basis:
                        out.add(node, _A + "basedOn", out.iri(carrier))
                    out.interval(node, start, end)


def _effect_of(timeline: _Timeline, carrier: str, context: str | None, day: Day) -> str | None:
    if carrier in timeline.facts.provision_of:
        return timeline.provision_effect(carrier, context, day, None)
    return timeline.instrument_effect(carrier, context, day)


def _answer_of(effects: list[tuple[str, str | None]], complete: bool) -> tuple[str, str | None, tuple[str, ...]]:
    """The answer, given each carrier's effect on the day and whether the dimension is complete."""
    known = [(c, e) for c, e in effects if e is not None and e != UNKNOWN]
    best = max((_STRENGTH[e] for _c, e in known), default=0)
    strongest = next((e for e in EFFECT_ORDER if _STRENGTH[e] == best), None)
    if strongest is None and any(e == UNKNOWN for _c, e in effects):
        strongest = UNKNOWN  # the graph holds rules on it whose effect on the day it cannot tell
        known = [(c, e) for c, e in effects if e == UNKNOWN]
    basis = tuple(sorted(c for c, e in known if e == strongest))
    if strongest == APPLICABLE:
        return _ANSWER[APPLICABLE], strongest, basis
    if any(e == UNKNOWN for _c, e in effects) or not complete:
        return ANSWER_UNKNOWN, strongest, basis
    return _ANSWER.get(strongest or "", ANSWER_NONE), strongest, basis


def _blocks(facts: _Facts, timeline: _Timeline, inst: str, context: str | None, dim: str, day: Day) -> bool:
    """Whether *inst* keeps *dim* from being complete on *day*: in effect, its coding not declared complete."""
    return timeline.instrument_effect(inst, context, day) in _IN_EFFECT and not _complete(
        facts.coverage.get((inst, dim), []), day
    )


# --------------------------------------------------------------------------- definitions in a lens


def _criterion_matches(store: ox.Store, out: _Writer) -> None:
    """``aikg:CriterionMatch`` nodes: which text meets which criterion, in which lens.

    A text is a definition that renders no other, or the text a rendering renders
    (the study lens reads renderings; the text lens codes texts only). A criterion
    is met when it is coded, or when a coded criterion implies it (``aikg:implies``,
    transitively: the codebook's roll-up, never ``skos:broader``).
    """
    implies: dict[str, set[str]] = defaultdict(set)
    for narrower, broader in _rows(store, "SELECT ?n ?b { ?n aikg:implies ?b }"):
        if _iri(narrower) and _iri(broader):
            implies[_iri(narrower)].add(_iri(broader))  # type: ignore[index,arg-type]

    @lru_cache(maxsize=None)
    def closure(criterion: str) -> frozenset[str]:
        seen, pending = {criterion}, [criterion]
        while pending:
            for nxt in implies.get(pending.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    pending.append(nxt)
        return frozenset(seen)

    study_lens = _V + "StudyLens"
    found: dict[tuple[str, str, str], bool] = {}
    for lens, coded, original, criterion in _rows(store, """SELECT DISTINCT ?lens ?coded ?original ?criterion {
            ?lens aikg:lensProperty ?p . ?coded a aikg:AIDefinition ; ?p ?criterion .
            OPTIONAL { ?coded aikg:renderingOf ?original } }"""):
        lens_iri, coded_iri, criterion_iri = _iri(lens), _iri(coded), _iri(criterion)
        if lens_iri is None or coded_iri is None or criterion_iri is None:
            continue
        if _iri(original) is not None and lens_iri != study_lens:
            continue  # the text lens codes texts, not their renderings
        text = _iri(original) or coded_iri
        for met in closure(criterion_iri):
            key = (lens_iri, text, met)
            found[key] = found.get(key, False) or met == criterion_iri
    for (lens_iri, text, met), direct in sorted(found.items()):
        node = out.node("match", lens_iri, text, met)
        out.add(node, str(_RDF_TYPE.value), ox.NamedNode(_A + "CriterionMatch"))
        out.add(node, _A + "lens", ox.NamedNode(lens_iri))
        out.add(node, _A + "matchedText", ox.NamedNode(text))
        out.add(node, _A + "matchedCriterion", ox.NamedNode(met))
        out.add(node, _A + "codedDirectly", ox.Literal("true" if direct else "false", datatype=ox.NamedNode(_XSD_BOOLEAN)))
