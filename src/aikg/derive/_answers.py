"""Writing the derived graph: effect and answer intervals, criterion matches."""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections import defaultdict
from functools import cache
from typing import cast

import pyoxigraph as ox

from ._model import (
    _A,
    _ANSWER,
    _DATE,
    _IN_EFFECT,
    _RDF_TYPE,
    _STRENGTH,
    _V,
    _XSD_BOOLEAN,
    ANSWER_NONE,
    ANSWER_UNKNOWN,
    APPLICABLE,
    DERIVED_GRAPH,
    DERIVED_NS,
    EFFECT_ORDER,
    UNKNOWN,
    Day,
    _after,
    _complete,
    _Facts,
    _iri,
    _rows,
)
from ._timeline import (
    _breakpoints,
    _merge,
    _probe,
    _segments,
    _Timeline,
)


class _Writer:
    def __init__(self) -> None:
        self.quads: list[ox.Quad] = []
        self.graph = ox.NamedNode(DERIVED_GRAPH)
        self._terms: dict[object, ox.NamedNode | ox.Literal] = {}  # millions of quads, thousands of terms

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


# --------------------------------------------------------------------------- answers


def _relevant(facts: _Facts, jurisdiction: str) -> list[tuple[str, str | None]]:
    """(instrument, context) pairs whose effect counts for *jurisdiction*."""
    own = {jurisdiction} | facts.parent_jurisdictions.get(jurisdiction, set())
    candidates = set(facts.by_party.get(jurisdiction, ()))
    for legal_order in own:
        candidates.update(facts.by_jurisdiction.get(legal_order, ()))
    found: list[tuple[str, str | None]] = []
    for inst in sorted(candidates - facts.private):  # (self-regulation has no intervals either)
        home = set(facts.instruments[inst][1])
        if jurisdiction in home or (own & home and inst not in facts.directives):
            # A directive binds a member State as to the result (Art. 288 TFEU): it reaches
            # the State only through its own transposition events, never by inheritance.
            found.append((inst, None))
        elif any(e.party == jurisdiction for e in facts.events.get(inst, ())):
            found.append((inst, jurisdiction))
    return found


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
    for key, carriers_of_concept in facts.carriers.items():  # by instrument: not scanned per jurisdiction
        for carrier in carriers_of_concept:
            carried_by[key][facts.provision_of.get(carrier, carrier)].append(carrier)

    def watched(inst: str) -> set[Day]:
        """Days an effect of *inst* may change: its breakpoints and those of the acts setting its rules."""
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
        starts = [segment[0] for segment in segments[1:] if segment[0] is not None]  # all but the first
        probes = [_probe(segment) for segment in segments]

        def segment_of(day: Day, starts: list[Day] = starts) -> int:
            """The first segment whose probe day sees a change made on *day* (len(segments): none)."""
            return 1 + bisect_left(starts, day)

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
                    days = watched(facts.provision_of.get(carrier, carrier))
                    for index in {segment_of(day) for day in days}:
                        changed_at[index].append(k)
                effects: list[tuple[str, str | None]] = [(c, None) for c, _ctx in carriers]
                values: list[tuple[tuple[Day | None, Day | None], object]] = []
                current: tuple[str, str | None, tuple[str, ...]] | None = None
                for index, (segment, day) in enumerate(zip(segments, probes, strict=True)):
                    changed = index == 0 or completeness[index] != completeness[index - 1]
                    for k in range(len(carriers)) if index == 0 else changed_at.get(index, ()):
                        effect = _effect_of(timeline, carriers[k][0], carriers[k][1], day)
                        if index == 0 or effect != effects[k][1]:
                            effects[k], changed = (carriers[k][0], effect), True
                    if changed:
                        current = _answer_of(effects, completeness[index])
                    values.append((segment, current))
                for start, end, value in _merge(values):
                    status, strongest, basis = cast("tuple[str, str | None, tuple[str, ...]]", value)
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


def _answer_of(
    effects: list[tuple[str, str | None]], complete: bool
) -> tuple[str, str | None, tuple[str, ...]]:
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

    @cache
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
    for lens, coded, original, criterion in _rows(
        store,
        """SELECT DISTINCT ?lens ?coded ?original ?criterion {
            ?lens aikg:lensProperty ?p . ?coded a aikg:AIDefinition ; ?p ?criterion .
            OPTIONAL { ?coded aikg:renderingOf ?original } }""",
    ):
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
        out.add(
            node,
            _A + "codedDirectly",
            ox.Literal("true" if direct else "false", datatype=ox.NamedNode(_XSD_BOOLEAN)),
        )
