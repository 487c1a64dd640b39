"""The status and the effect of an instrument or a provision on a day, and the days they may change."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from ._model import (
    _ENDED_RANK,
    _HISTORY,
    _IN_FORCE_RANK,
    _RATIFIED_RANK,
    APPLICABLE,
    DRAFT,
    ENDED,
    NOT_IN_FORCE,
    NOT_YET,
    SOFT,
    UNKNOWN,
    Day,
    Tri,
    _after,
    _complete,
    _Event,
    _Facts,
    _Rule,
)

# --------------------------------------------------------------------------- evaluation on a day


def _dated_by_change(event: _Event, events: list[_Event]) -> bool:
    """An attestation of a status the graph records a dated change to, no later than it.

    "Still a bill on 10 December 2024" says nothing of when the bill became one
    if the graph has its presentation on 3 May 2023: the change dates the status.
    """
    return event.lo is None and any(
        e.lo is not None and not e.doubtful and e.rank == event.rank and e.hi <= event.hi for e in events
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
            or (
                e.party is None
                and e.rank != _IN_FORCE_RANK
                and first is not None
                and e.lo is not None
                and e.lo >= first
            )
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
                and not e.doubtful
                and day < e.lo
                for e in events
            )
            or any(e.lo is None and not e.doubtful and e.hi >= day and e.rank == certain for e in events)
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
                frontier = [
                    o for p in frontier for o in sorted(self.facts.within.get(p, ())) if o not in found
                ]
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
            if any(r.doubtful for r in level):
                return None  # the governing rule is known only from sources set aside
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
        return self._effect(
            inst, context, day, lambda: self.applicability(self.governing_rules(inst, None, False), day)
        )

    def _provision_effect(
        self, prov: str, context: str | None, day: Day, scope_rule: str | None = None
    ) -> str | None:
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


def _merge(
    values: Sequence[tuple[tuple[Day | None, Day | None], object]],
) -> list[tuple[Day | None, Day | None, object]]:
    merged: list[tuple[Day | None, Day | None, object]] = []
    for (start, end), value in values:
        if merged and merged[-1][2] == value:
            merged[-1] = (merged[-1][0], end, value)
        else:
            merged.append((start, end, value))
    return merged
