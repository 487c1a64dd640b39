"""The terms, the constants and the facts the derivation reads (see :mod:`aikg.derive`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import pyoxigraph as ox

from ..days import XSD_DATE
from ..namespaces import AIKG, AIKGV

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
    #: Only sources the evidence level set aside support it: whether and when it happened is unknown.
    doubtful: bool = False

    def happened(self, day: Day) -> Tri:
        if self.doubtful:
            return None
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
    doubtful: bool = False  # see _Event.doubtful: when the rule starts is unknown


@dataclass
class _Facts:
    store: ox.Store
    bounds: dict[str, tuple[Day, Day]] = field(default_factory=dict)
    instruments: dict[str, tuple[bool, tuple[str, ...]]] = field(
        default_factory=dict
    )  # binding, jurisdictions
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
    #: With official-only evidence: the dated facts (events, relations, rules) at least one
    #: official source supports; None when every fact counts.
    official: set[str] | None = None

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


def _rows(store: ox.Store, query: str) -> Iterable[list[Any]]:
    """The solutions of *query* as lists of terms (None where unbound); the callers test
    each term with :func:`_iri` or :func:`_key` before use, hence ``Any``."""
    prefixes = {
        "aikg": _A,
        "aikgv": _V,
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "skos": "http://www.w3.org/2004/02/skos/core#",
    }
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


def _complete(days: list[Day], day: Day) -> bool:
    """Whether a declaration valid up to one of *days* covers *day*."""
    return any(day <= valid for valid in days)


#: What counts as evidence for a dated fact: every citation, or official sources only.
Evidence = Literal["any", "official"]
EVIDENCE: Final[tuple[Evidence, ...]] = ("any", "official")
_OFFICIAL_LEVELS: Final = ("EvidenceOfficialText", "EvidenceOfficialPage")
