"""Alignments at the right meta-level, to targets that exist in the real copies of the target
ontologies (../shared/ontologies), with their labels; the bridge module's axioms; the SSSOM
table generated with sssom-py, complete, up to date and valid for `sssom validate`."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, RDFS, URIRef

from aikg.build import BRIDGE_MODULE
from aikg.load import KnowledgeBase, parse_file
from aikg.namespaces import OWL, SKOS
from aikg.rdfio import to_rdflib_graph
from aikg.resources import ontology_dir

REPO = Path(__file__).resolve().parents[1]
MAPPINGS = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)
AXIOMS = (RDFS.subClassOf, RDFS.subPropertyOf)
# target namespace -> files in shared/ontologies (none: not shipped, e.g. Wikidata)
TARGETS: dict[str, list[str]] = {
    "http://data.europa.eu/eli/ontology#": ["eli/eli.rdf"],
    "http://www.estrellaproject.org/lkif-core/": ["lkif-core/norm.owl", "lkif-core/legal-action.owl"],
    "https://w3id.org/dpv/owl#": ["dpv/dpv-owl.ttl"],
    "https://w3id.org/dpv/tech/owl#": ["dpv-tech/tech-owl.ttl"],
    "https://w3id.org/dpv/loc/owl#": ["dpv-loc/loc-owl.ttl"],
    "https://w3id.org/dpv/legal/eu/owl#": ["dpv-legal/legal-eu-owl.ttl"],
    "https://w3id.org/dpv/legal/eu/aiact#": ["dpv-eu-aiact/eu-aiact.ttl"],
    "https://w3id.org/dpv/legal/eu#": ["dpv-legal/legal-eu.ttl"],
    "https://w3id.org/dpv/tech#": ["dpv-tech/tech.ttl"],
    "https://w3id.org/dpv/loc#": ["dpv-loc/loc.ttl"],
    "https://w3id.org/dpv#": ["dpv/dpv.ttl"],
    "https://w3id.org/airo#": ["airo/airo.ttl"],
    "http://www.wikidata.org/entity/": [],
}
META = (str(OWL), str(RDF), str(RDFS))


def _namespace(iri: str) -> str:
    found = [ns for ns in TARGETS if iri.startswith(ns)]
    assert found, f"<{iri}>: not in a known target ontology"
    return max(found, key=len)


@pytest.fixture(scope="module")
def bridge() -> rdflib.Graph:
    return to_rdflib_graph(parse_file(ontology_dir() / BRIDGE_MODULE))


@cache
def _target(shared: str, namespace: str) -> rdflib.Graph:
    graph = rdflib.Graph()
    for name in TARGETS[namespace]:
        path = Path(shared) / "ontologies" / name
        graph.parse(path, format="xml" if path.suffix in (".rdf", ".owl") else "turtle")
    return graph


def _mappings(kb: KnowledgeBase) -> list[tuple[URIRef, URIRef, URIRef]]:
    """The SKOS mappings of the alignment modules (ontology/alignments/*.ttl)."""
    graph = to_rdflib_graph(t for m in kb.modules if m.path.parent.name == "alignments" for t in m.triples)
    return sorted(
        (s, p, o)
        for p in MAPPINGS
        for s, o in graph.subject_objects(p)  # type: ignore[misc]
        if isinstance(o, URIRef) and str(s).startswith("https://w3id.org/aikg/")
    )


def test_skos_maps_only_individuals_or_concepts(kb_full: KnowledgeBase) -> None:
    graph = kb_full.graph
    for subject, _predicate, _obj in _mappings(kb_full):
        kinds = set(graph.objects(subject, RDF.type))
        assert OWL.Class not in kinds and not kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}, subject
        assert any(not str(k).startswith(META) for k in kinds), (
            f"{subject} is neither an individual nor a concept"
        )


def test_skos_targets_are_individuals_or_concepts_in_their_own_ontology(
    kb_full: KnowledgeBase, shared_dir: Path
) -> None:
    wrong = []
    for subject, predicate, obj in _mappings(kb_full):
        namespace = _namespace(str(obj))
        if not TARGETS[namespace]:
            continue
        target = _target(str(shared_dir), namespace)
        kinds = set(target.objects(obj, RDF.type))
        assert kinds, f"{subject} {predicate} {obj}: the target does not define it"
        if SKOS.Concept not in kinds and all(str(k).startswith(META) for k in kinds):
            wrong.append(f"{subject} -> {obj} (only a class there)")
    assert not wrong, wrong


def test_every_target_ontology_is_reached(kb_full: KnowledgeBase, bridge: rdflib.Graph) -> None:
    objects = {str(o) for _s, _p, o in _mappings(kb_full)}
    objects |= {str(o) for p in AXIOMS for o in bridge.objects(None, p) if isinstance(o, URIRef)}
    for namespace in (
        "http://data.europa.eu/eli/",
        "http://www.estrellaproject.org/lkif-core/",
        "https://w3id.org/dpv#",
        "https://w3id.org/dpv/owl#",
        "https://w3id.org/dpv/loc/owl#",
        "https://w3id.org/airo#",
        "http://www.wikidata.org/entity/",
    ):
        assert any(o.startswith(namespace) for o in objects), namespace


def test_bridge_axioms_join_classes_to_classes_and_properties_to_properties(
    bridge: rdflib.Graph, shared_dir: Path
) -> None:
    count = 0
    for predicate in AXIOMS:
        for subject, obj in bridge.subject_objects(predicate):
            if (
                not isinstance(subject, URIRef)
                or not isinstance(obj, URIRef)
                or str(obj).startswith("https://w3id.org/aikg/")
            ):
                continue
            count += 1
            wanted = (
                {OWL.Class, RDFS.Class}
                if predicate == RDFS.subClassOf
                else {OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property}
            )
            target = _target(str(shared_dir), _namespace(str(obj)))
            assert set(target.objects(obj, RDF.type)) & wanted, (
                f"{subject} {predicate} {obj}: not that kind there"
            )
            assert set(bridge.objects(obj, RDF.type)) & wanted, f"{obj} is not declared in the bridge"
    assert count >= 30


def test_recorded_target_labels_are_the_targets_own(
    kb_full: KnowledgeBase, bridge: rdflib.Graph, shared_dir: Path
) -> None:
    graph = kb_full.graph + bridge
    checked = 0
    for obj in {o for _s, _p, o in _mappings(kb_full)} | {o for p in AXIOMS for o in bridge.objects(None, p)}:
        if not isinstance(obj, URIRef) or str(obj).startswith("https://w3id.org/aikg/"):
            continue
        ours = [str(v) for v in graph.objects(obj, RDFS.label)]
        assert len(ours) == 1, f"{obj}: {ours}"
        namespace = _namespace(str(obj))
        if not TARGETS[namespace]:
            continue
        target = _target(str(shared_dir), namespace)
        theirs = {
            str(v)
            for p in (SKOS.prefLabel, RDFS.label)
            for v in target.objects(obj, p)
            if getattr(v, "language", None) in ("en", None)
        }
        spaced = re.split(r"[#/]", str(obj))[-1].replace("_", " ")
        assert ours[0] in theirs or (not theirs and ours[0] == spaced), (
            f"{obj}: ours {ours[0]!r}, theirs {theirs}"
        )
        checked += 1
    assert checked > 40


# --------------------------------------------------------------------------- SSSOM


@pytest.fixture(scope="module")
def sssom_text(kb_full: KnowledgeBase) -> str:
    pytest.importorskip("sssom", reason="sssom-py is in the dev extra")
    from aikg import __version__
    from aikg.sssom import sssom_tsv

    return sssom_tsv(kb_full, parse_file(ontology_dir() / BRIDGE_MODULE), __version__)


def _rows(text: str) -> list[dict[str, str]]:
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    head = lines[0].split("\t")
    return [dict(zip(head, line.split("\t"), strict=True)) for line in lines[1:]]


def test_sssom_table_has_one_complete_row_per_mapping(
    sssom_text: str, kb_full: KnowledgeBase, bridge: rdflib.Graph
) -> None:
    rows = _rows(sssom_text)
    axioms = [
        (s, o)
        for p in AXIOMS
        for s, o in bridge.subject_objects(p)
        if isinstance(s, URIRef) and isinstance(o, URIRef) and not str(o).startswith("https://w3id.org/aikg/")
    ]
    assert len(rows) == len(_mappings(kb_full)) + len(axioms)
    header = sssom_text.split("subject_id\t")[0]
    for slot in ("license:", "mapping_set_version:", "creator_id:", "mapping_set_id:", "mapping_set_title:"):
        assert f"# {slot}" in header, slot
    for row in rows:
        for slot in ("subject_label", "object_label", "mapping_justification", "mapping_date"):
            assert row.get(slot), (slot, row)
        types = {row.get("subject_type") or "", row.get("object_type") or ""} - {""}
        assert types or "subject_type:" in header, row
    levels = {(r["predicate_id"].split(":")[0], r.get("subject_type", "")) for r in rows}
    assert (
        ("rdfs", "owl class") in levels
        and ("skos", "owl named individual") in levels
        and ("skos", "skos concept") in levels
    )


def test_sssom_table_in_docs_is_up_to_date(sssom_text: str) -> None:
    assert (REPO / "docs" / "alignments.sssom.tsv").read_text(encoding="utf-8") == sssom_text, (
        "docs/alignments.sssom.tsv is stale: python -c 'from aikg.sssom import write_sssom; "
        'from pathlib import Path; write_sssom(Path("docs/alignments.sssom.tsv"))\''
    )


def test_sssom_validate_passes(sssom_text: str, tmp_path: Path) -> None:
    # The command sits beside this Python (a venv's bin/, which need not be on PATH).
    beside = Path(sys.executable).with_name("sssom")
    executable = str(beside) if beside.exists() else shutil.which("sssom")
    assert executable, "sssom-py is installed but its command is not on PATH"
    path = tmp_path / "aikg.sssom.tsv"
    path.write_text(sssom_text, encoding="utf-8")
    done = subprocess.run([executable, "validate", str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_sssom_writer_is_deterministic(sssom_text: str, kb_full: KnowledgeBase) -> None:
    from aikg import __version__
    from aikg.sssom import sssom_tsv

    assert sssom_tsv(kb_full, parse_file(ontology_dir() / BRIDGE_MODULE), __version__) == sssom_text


def test_individuals_mapped_to_dpv_are_individuals_there_too(
    kb_full: KnowledgeBase, shared_dir: Path
) -> None:
    # DPV's OWL family puns a country: a class and an instance of dpv-owl:Country. aikg maps its
    # jurisdiction to the instance reading.
    target = _target(str(shared_dir), "https://w3id.org/dpv/loc/owl#")
    kz = URIRef("https://w3id.org/dpv/loc/owl#KZ")
    assert (URIRef("https://w3id.org/aikg/data/KZ"), SKOS.exactMatch, kz) in kb_full.graph
    assert (kz, RDF.type, URIRef("https://w3id.org/dpv/owl#Country")) in target


def test_wikidata_links_name_items_not_pages(kb_full: KnowledgeBase) -> None:
    links = [
        (s, o) for s, _p, o in _mappings(kb_full) if str(o).startswith("http://www.wikidata.org/entity/")
    ]
    assert len(links) >= 15
    assert all(re.fullmatch(r"http://www\.wikidata\.org/entity/Q[0-9]+", str(o)) for _s, o in links)
    assert (URIRef("https://w3id.org/aikg/data/KZ"), URIRef("http://www.wikidata.org/entity/Q232")) in links
