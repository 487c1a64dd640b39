"""Merging aikg (the full product and the optional bridge module) with ELI, LKIF-Core, DPV's
OWL family or AIRO adds no illegal punning: the OWL API's OWL 2 DL profile checker finds no
violation in the merge that neither aikg nor the target has alone.

The checker runs without HermiT (aikg.owlprofile): reasoning over DPV's 64,000-triple country
list takes minutes, and punning is the profile checker's question. Each merge is written as
N-Triples (what the OWL API reads fastest) and the checks run in parallel (one JVM each)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import pytest
from products import rendered

from aikg.build import BRIDGE_MODULE
from aikg.load import parse_file
from aikg.owl import ProfileReport, Violation
from aikg.resources import ontology_dir

LKIF = [
    "norm",
    "legal-action",
    "lkif-top",
    "mereology",
    "expression",
    "action",
    "role",
    "process",
    "time",
    "relative-places",
    "legal-role",
    "lkif-core",
]
TARGETS = {
    "eli": ["eli/eli.rdf"],
    "lkif": [f"lkif-core/{name}.owl" for name in LKIF],
    "dpv-owl": [
        "dpv/dpv-owl.ttl",
        "dpv-legal/legal-eu-owl.ttl",
        "dpv-tech/tech-owl.ttl",
        "dpv-eu-aiact/eu-aiact-owl.ttl",
        "dpv-loc/loc-owl.ttl",
    ],
    "airo": ["airo/airo.ttl"],
}
# DPV's loc-owl makes its ISO-code properties (owl:ObjectProperty, with string values) sub-properties
# of skos:altLabel, which SKOS, aikg and the rest of DPV use as an annotation property: that one IRI
# puns in any merge of loc-owl with an ontology that declares skos:altLabel (loc-owl alone already
# has 5,763 IllegalPunning violations of its own).
LOC_ALTLABEL = "http://www.w3.org/2004/02/skos/core#altLabel"
IMPORTS = ox.NamedNode("http://www.w3.org/2002/07/owl#imports")


def _key(violation: Violation) -> tuple[str, str]:
    """The violation without the ontology's ID (the merge's ID is not the target's)."""
    return violation.kind, re.sub(r" in OntologyID\(.*$", "", violation.axiom or violation.message)


def _triples(files: Iterable[Path]) -> list[str]:
    """N-Triples lines of *files* (blank nodes renamed apart, so that files never share one)."""
    lines = []
    for path in files:
        fmt = ox.RdfFormat.RDF_XML if path.suffix in (".rdf", ".owl") else ox.RdfFormat.TURTLE
        for quad in ox.parse(path=str(path), format=fmt, rename_blank_nodes=True):
            if quad.predicate != IMPORTS:  # the OWL API would try to fetch them
                lines.append(f"{quad.subject} {quad.predicate} {quad.object} .\n")
    return lines


@pytest.fixture(scope="module")
def reports(
    java: str, shared_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, ProfileReport]:
    from aikg.owlprofile import check_file_only

    folder = tmp_path_factory.mktemp("merges")
    module = parse_file(ontology_dir() / BRIDGE_MODULE)
    bridge = [f"{t.subject} {t.predicate} {t.object} .\n" for t in module if t.predicate != IMPORTS]
    aikg = rendered()["aikg-full.nt"].decode("utf-8").splitlines(keepends=True) + bridge
    files = {"aikg": aikg}
    for name, names in TARGETS.items():
        target = _triples(shared_dir / "ontologies" / f for f in names)
        files[f"{name}-alone"] = target
        files[name] = target + aikg
    paths = {}
    for name, lines in files.items():
        paths[name] = folder / f"{name}.nt"
        paths[name].write_text("".join(lines), encoding="utf-8")
    with ThreadPoolExecutor(max_workers=3) as pool:
        done = dict(zip(paths, pool.map(check_file_only, paths.values()), strict=True))
    return done


def test_aikg_with_the_bridge_is_owl2_dl(reports: dict[str, ProfileReport]) -> None:
    assert reports["aikg"].ok, [str(v) for v in reports["aikg"].problems[:5]]
    assert reports["aikg"].axioms > 30000


@pytest.mark.parametrize("target", list(TARGETS))
def test_merging_adds_no_illegal_punning(target: str, reports: dict[str, ProfileReport]) -> None:
    merged = reports[target]
    assert merged.axioms > reports["aikg"].axioms
    before = {_key(v) for v in (*reports[f"{target}-alone"].problems, *reports["aikg"].problems)}
    new = [v for v in merged.problems if _key(v) not in before]
    if target == "dpv-owl":
        assert all(LOC_ALTLABEL in (v.axiom or v.message) for v in new), [str(v) for v in new[:5]]
        new = []
    assert not [v for v in new if v.kind == "IllegalPunning"], [str(v) for v in new[:5]]
    assert not new, [str(v) for v in new[:5]]


def test_without_loc_owl_dpv_merges_with_no_new_violation_at_all(
    java: str, shared_dir: Path, reports: dict[str, ProfileReport]
) -> None:
    # The loc-owl exception above is loc-owl's alone: the rest of DPV's OWL family merges cleanly.
    merged = [v for v in reports["dpv-owl"].problems if v.kind == "IllegalPunning"]
    alone = {_key(v) for v in reports["dpv-owl-alone"].problems}
    assert {LOC_ALTLABEL in (v.axiom or v.message) for v in merged if _key(v) not in alone} <= {True}


def test_the_merge_with_eli_even_removes_elis_own_punning(reports: dict[str, ProfileReport]) -> None:
    # ELI leaves skos:inScheme and most SKOS terms undeclared; aikg's declarations settle them.
    assert any(v.kind == "IllegalPunning" for v in reports["eli-alone"].problems)
    assert not any(v.kind == "IllegalPunning" for v in reports["eli"].problems)
