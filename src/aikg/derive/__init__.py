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

from collections import defaultdict

import pyoxigraph as ox

from ._answers import (
    _answers,
    _contexts,
    _criterion_matches,
    _subject,
    _Writer,
)
from ._model import (
    _A,
    _DATE,
    _RDF_TYPE,
    ANSWER_NONE,
    ANSWER_UNKNOWN,
    APPLICABLE,
    DEFINITION_TOPIC,
    DERIVED_GRAPH,
    DERIVED_NS,
    DRAFT,
    EFFECT_ORDER,
    ENDED,
    EVIDENCE,
    NOT_IN_FORCE,
    NOT_YET,
    SOFT,
    UNKNOWN,
    Evidence,
)
from ._read import (
    _read,
)
from ._timeline import (
    _breakpoints,
    _merge,
    _probe,
    _segments,
    _Timeline,
)

__all__ = [
    "EVIDENCE",
    "Evidence",
    "DERIVED_NS",
    "DERIVED_GRAPH",
    "EFFECT_ORDER",
    "ANSWER_NONE",
    "ANSWER_UNKNOWN",
    "DEFINITION_TOPIC",
    "APPLICABLE",
    "NOT_YET",
    "NOT_IN_FORCE",
    "SOFT",
    "DRAFT",
    "ENDED",
    "UNKNOWN",
    "derive",
]


def derive(store: ox.Store, *, evidence: Evidence = "any") -> list[ox.Quad]:
    """The derived graph of the triples in *store* (default graph = union of its graphs).

    ``evidence="official"`` reads a dated fact (a status event or attestation, a
    relation between instruments, an application rule) only when at least one of
    its citations names a source whose ``aikg:evidenceLevel`` is official (official
    text or official page): the effects and answers are then those the official
    sources alone establish, and what only secondary sources support is unknown.
    """
    facts = _read(store, evidence)
    timeline = _Timeline(facts)
    out = _Writer()
    for key, (lo, hi) in sorted(facts.bounds.items()):
        dated = _subject(key)
        out.add(dated, _A + "earliestDay", ox.Literal(lo.isoformat(), datatype=_DATE))
        out.add(dated, _A + "latestDay", ox.Literal(hi.isoformat(), datatype=_DATE))
    provisions_of: dict[str, list[str]] = defaultdict(list)
    for prov, inst in sorted(facts.provision_of.items()):
        provisions_of[inst].append(prov)
    for inst in sorted(facts.instruments):
        segments = _segments(_breakpoints(facts, [inst]))
        for context, jurisdiction in _contexts(facts, inst):
            subjects: list[tuple[str, str | None]] = [(inst, None)]
            subjects += [(p, None) for p in provisions_of.get(inst, ())]
            subjects += [
                (p, r.iri)
                for p in provisions_of.get(inst, ())
                for _s, r in timeline.governing_rules(inst, p, True)
            ]
            for subject, scope_rule in subjects:
                if subject == inst:
                    values = [(s, timeline.instrument_effect(inst, context, _probe(s))) for s in segments]
                else:
                    values = [
                        (s, timeline.provision_effect(subject, context, _probe(s), scope_rule))
                        for s in segments
                    ]
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
