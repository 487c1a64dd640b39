"""derive.py is fast at a million triples and still derives the same graph, byte for byte.

Its answers are computed incrementally: a carrier's effect is read again only where its
instrument (or an act laying down its rules) may change, and completeness only where an
instrument's effect or coverage may. :func:`_dense_answers` is the plain definition it
replaced: every carrier and every instrument read on every day segment of the
jurisdiction. Both run on the shipped profiles and on a synthetic extension; their
derived graphs, written as canonical N-Quads (:func:`aikg.rdfio.to_nquads`), must be
identical. Being a definition rather than a stored digest, the check holds whatever
the data says next week.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pyoxigraph as ox
import pytest

from aikg import derive
from aikg.load import KnowledgeBase, load_profile
from aikg.rdfio import to_nquads
from aikg.synth import write_synth

# The derivation's private parts, from the modules of the aikg.derive package, under one name.
d = SimpleNamespace(derive=derive.derive)
for _part in ("_model", "_timeline", "_answers"):
    vars(d).update(
        (k, v)
        for k, v in vars(importlib.import_module(f"aikg.derive.{_part}")).items()
        if not k.startswith("__")
    )


def _dense_answers(facts: Any, timeline: Any, out: Any) -> None:
    jurisdictions: set[str] = set()
    for _inst, (_binding, own) in facts.instruments.items():
        jurisdictions.update(own)
    for events in facts.events.values():
        jurisdictions.update(e.party for e in events if e.party)
    jurisdictions.update(j for j, _dim in facts.inventory)
    jurisdictions.update(facts.parent_jurisdictions)
    for jurisdiction in sorted(jurisdictions):
        relevant = d._relevant(facts, jurisdiction)
        by_instrument = dict(relevant)
        points = set(d._breakpoints(facts, by_instrument))
        for (owner, _dim), valid in list(facts.inventory.items()) + list(facts.coverage.items()):
            if owner == jurisdiction or owner in by_instrument:
                points.update(d._after(v) for v in valid)
        segments = d._segments(sorted(points))
        for dim, concepts in sorted(facts.concepts.items()):
            complete = {
                d._probe(s): d._complete(facts.inventory.get((jurisdiction, dim), []), d._probe(s))
                and not any(d._blocks(facts, timeline, i, c, dim, d._probe(s)) for i, c in relevant)
                for s in segments
            }
            for concept in concepts:
                carriers = [
                    (c, by_instrument[inst])
                    for c in sorted(facts.carriers.get((dim, concept), ()))
                    if (inst := facts.provision_of.get(c, c)) in by_instrument
                ]
                values: list[tuple[tuple[d.Day | None, d.Day | None], object]] = []
                for segment in segments:
                    day = d._probe(segment)
                    effects = [(c, d._effect_of(timeline, c, ctx, day)) for c, ctx in carriers]
                    values.append((segment, d._answer_of(effects, complete[day])))
                for start, end, value in d._merge(values):
                    status, strongest, basis = value  # type: ignore[misc]
                    node = out.node("answer", jurisdiction, concept, start)
                    out.add(node, str(d._RDF_TYPE.value), ox.NamedNode(d._A + "AnswerInterval"))
                    out.add(node, d._A + "forJurisdiction", ox.NamedNode(jurisdiction))
                    out.add(node, d._A + "answerConcept", ox.NamedNode(concept))
                    out.add(node, d._A + "answerStatus", ox.NamedNode(status))
                    if strongest is not None:
                        out.add(node, d._A + "strongestKnown", ox.NamedNode(strongest))
                    for carrier in basis:
                        out.add(node, d._A + "basedOn", ox.NamedNode(carrier))
                    out.interval(node, start, end)


def _asserted(kb: KnowledgeBase) -> ox.Store:
    store = ox.Store()
    store.bulk_extend(
        ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(m.iri)) for m in kb.modules for t in m.triples
    )
    return store


def _nquads(store: ox.Store, answers: Callable[..., None] | None = None) -> bytes:
    if answers is None:
        return to_nquads(d.derive(store))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(derive, "_answers", answers)
        return to_nquads(d.derive(store))


@pytest.mark.parametrize("profile", ["study", "full"])
def test_shipped_profiles_derive_the_same_graph(profile: str) -> None:
    store = _asserted(load_profile(profile))  # type: ignore[arg-type]
    fast = _nquads(store)
    assert b"AnswerInterval" in fast
    assert fast == _nquads(store, _dense_answers)


def test_a_synthetic_extension_derives_the_same_graph(tmp_path: Path) -> None:
    files = write_synth(tmp_path / "synth", 12_000, seed=3)
    store = _asserted(load_profile("full", data=files))
    assert _nquads(store) == _nquads(store, _dense_answers)
