"""Release products: every format, deterministic across runs and hash seeds, canonical,
complete, written atomically; individuals declared; the bridge product reaches DPV and ELI."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import _missing
from products import dist_dir, have_java, rendered

from aikg.build import BRIDGE_PRODUCT, build, product_triples
from aikg.errors import AikgOutputError, AikgSyntaxError
from aikg.formats import FORMATS
from aikg.load import PROFILES, KnowledgeBase, load_profile
from aikg.rdfio import canonical_triples, to_ntriples

BAD = Path(__file__).resolve().parent / "fixtures" / "bad"
OWL = "http://www.w3.org/2002/07/owl#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
NAMED_INDIVIDUAL = ox.NamedNode(OWL + "NamedIndividual")


def test_every_profile_is_written_in_every_format() -> None:
    names = set(rendered())
    expected = {f"aikg-{p}.{suffix}" for p in PROFILES for suffix in FORMATS}
    expected |= {
        "aikg-shapes.ttl",
        "aikg-context.jsonld",
        "aikg-void.ttl",
        "doc/index.html",
        "doc/vocab.html",
        "doc/shapes.html",
    }
    if have_java():
        expected.add(BRIDGE_PRODUCT)
    assert names == expected


def test_build_is_byte_identical_in_another_process_with_another_hash_seed(tmp_path: Path) -> None:
    if not have_java():
        _missing("java not found: the bridge product needs HermiT")
    other = tmp_path / "other"
    env = dict(os.environ, PYTHONHASHSEED="12345")
    subprocess.run(
        [sys.executable, "-m", "aikg", "build", "--profile", "all", "--out", str(other)],
        check=True,
        env=env,
        capture_output=True,
    )
    built = {p.relative_to(other).as_posix(): p.read_bytes() for p in other.rglob("*") if p.is_file()}
    assert sorted(built) == sorted(rendered())
    for name, data in rendered().items():
        assert built[name] == data, name


@pytest.mark.parametrize("profile", list(PROFILES))
def test_product_is_one_ontology_without_internal_imports(profile: str) -> None:
    kb = load_profile(profile)  # type: ignore[arg-type]
    triples = product_triples(kb)
    ontologies = {
        t.subject for t in triples if t.predicate == RDF_TYPE and t.object == ox.NamedNode(OWL + "Ontology")
    }
    assert ontologies == {ox.NamedNode(kb.root.iri)}
    root = ox.NamedNode(kb.root.iri)
    assert any(t.subject == root and t.predicate.value == OWL + "versionIRI" for t in triples)
    assert any(t.subject == root and t.predicate.value == "http://purl.org/dc/terms/issued" for t in triples)
    assert not [t for t in triples if t.predicate.value == OWL + "imports"]
    headers = {ox.NamedNode(m.iri) for m in kb.modules} - {root}
    kept = {t for t in kb.triples() if t.subject not in headers and t.predicate.value != OWL + "imports"}
    assert {t for t in kept if not isinstance(t.subject, ox.BlankNode)} <= set(triples)


def test_individuals_are_declared_named_individuals() -> None:
    triples = product_triples(load_profile("full"))
    declared = {t.subject for t in triples if t.predicate == RDF_TYPE and t.object == NAMED_INDIVIDUAL}
    for iri in (
        "https://w3id.org/aikg/data/eu-ai-act",
        "https://w3id.org/aikg/data/KZ",
        "https://w3id.org/aikg/vocab/Autonomy",
    ):
        assert ox.NamedNode(iri) in declared, iri
    # Classes, properties and ontologies are not individuals.
    assert not [s for s in declared if s.value.startswith("https://w3id.org/aikg/ont/")]
    assert ox.NamedNode("https://w3id.org/aikg/kb/full") not in declared


def test_ntriples_product_is_sorted_and_canonical() -> None:
    lines = rendered()["aikg-full.nt"].decode("utf-8").splitlines()
    assert lines == sorted(lines)
    assert all(line.endswith(" .") for line in lines)
    labels = set(re.findall(r"_:(\S+)", "\n".join(lines)))
    assert labels and all(re.fullmatch(r"c14n[0-9]+", label) for label in labels)


def test_turtle_product_opens_with_the_header() -> None:
    text = rendered()["aikg-full.ttl"].decode("utf-8")
    first_statement = text.split("\n\n")[1]
    assert first_statement.startswith("<https://w3id.org/aikg/kb/full> a owl:Ontology")


def test_canonical_labels_ignore_blank_node_ids_and_order() -> None:
    ex = "https://example.org/"

    def citations(a: str, b: str, c: str, reverse: bool) -> list[ox.Triple]:
        p, s, n = ox.NamedNode(ex + "citation"), ox.NamedNode(ex + "source"), ox.NamedNode(ex + "study")
        triples = [
            ox.Triple(ox.NamedNode(ex + "x"), p, ox.BlankNode(a)),
            ox.Triple(ox.BlankNode(a), s, n),
            ox.Triple(ox.NamedNode(ex + "y"), p, ox.BlankNode(b)),
            ox.Triple(ox.NamedNode(ex + "y"), p, ox.BlankNode(c)),
            ox.Triple(ox.BlankNode(b), s, n),
            ox.Triple(ox.BlankNode(c), s, n),
        ]
        return triples[::-1] if reverse else triples

    one = to_ntriples(citations("p", "q", "r", False))
    assert one == to_ntriples(citations("z1", "z2", "z3", True))
    assert len(set(re.findall(rb"_:\w+", one))) == 3  # three nodes stay three nodes


def test_failed_write_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "dist"
    real_replace = os.replace
    calls: list[str] = []

    def fail_on_second(source: str, target: str) -> None:
        calls.append(target)
        if len(calls) == 2:
            raise OSError("disk full (simulated)")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", fail_on_second)
    with pytest.raises(AikgOutputError, match="simulated"):
        build(["tbox"], out, bridge=False)
    assert [p.name for p in out.rglob("*.tmp")] == []
    assert list(out.rglob("aikg-tbox.*")) == []  # the first file was restored away: all or nothing


def test_bad_input_leaves_no_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIKG_ONTOLOGY_DIR", str(BAD / "syntax-error"))
    out = tmp_path / "dist"
    with pytest.raises(AikgSyntaxError):
        build(["full"], out)
    assert not out.exists()


def test_products_are_readable_by_everyone() -> None:
    mode = (dist_dir() / "aikg-full.ttl").stat().st_mode
    assert mode & 0o044, oct(mode)


def test_build_reuses_a_loaded_knowledge_base(tmp_path: Path, kb_full: KnowledgeBase) -> None:
    paths = build(["tbox"], tmp_path, loaded=[kb_full], bridge=False, docs=False)
    assert {p.name for p in paths} >= {"aikg-tbox.ttl", "aikg-tbox.rdf", "aikg-tbox.trig"}


def test_the_bridge_product_lets_plain_sparql_reach_dpv_eli_lkif_and_airo_classes() -> None:
    if not have_java():
        _missing("java not found: the bridge product needs HermiT")
    store = ox.Store()
    store.load(rendered()["aikg-full.nt"], ox.RdfFormat.N_TRIPLES)
    store.load(rendered()[BRIDGE_PRODUCT], ox.RdfFormat.TURTLE)
    statutes = {
        r[0].value for r in store.query("SELECT ?s WHERE { ?s a <https://w3id.org/aikg/ont/Statute> }")
    }
    assert "https://w3id.org/aikg/data/kz-law-ai-230-viii" in statutes
    for target in (
        "https://w3id.org/dpv#Law",
        "https://w3id.org/dpv/owl#Law",
        "http://data.europa.eu/eli/ontology#LegalResource",
        "https://w3id.org/airo#Regulation",
        "http://www.estrellaproject.org/lkif-core/norm.owl#Statute",
    ):
        found = {r[0].value for r in store.query(f"SELECT ?s WHERE {{ ?s a <{target}> }}")}
        assert statutes <= found, target
    soft = {
        r[0].value
        for r in store.query(
            "SELECT ?s WHERE { ?s a <http://www.estrellaproject.org/lkif-core/norm.owl#Soft_Law> }"
        )
    }
    assert "https://w3id.org/aikg/data/oecd-ai-recommendation" in soft  # through the general axiom
    assert "https://w3id.org/aikg/data/eu-ai-act" not in soft
    # Without the bridge product, plain SPARQL reaches none of them.
    plain = ox.Store()
    plain.load(rendered()["aikg-full.nt"], ox.RdfFormat.N_TRIPLES)
    assert not list(plain.query("SELECT ?s WHERE { ?s a <https://w3id.org/dpv#Law> }"))


def test_canonical_triples_are_stable_under_reparsing() -> None:
    data = rendered()["aikg-tbox.ttl"]
    parsed = [q.triple for q in ox.parse(data, ox.RdfFormat.TURTLE)]
    assert to_ntriples(canonical_triples(parsed), canonical=True) == rendered()["aikg-tbox.nt"]


def test_void_and_dcat_describe_every_file_with_its_size_and_checksum() -> None:
    import hashlib

    store = ox.Store()
    store.load(rendered()["aikg-void.ttl"], ox.RdfFormat.TURTLE)
    rows = store.query(
        """SELECT ?name ?size ?sum ?media WHERE {
             ?d a <http://www.w3.org/ns/dcat#Distribution> ; <http://purl.org/dc/terms/title> ?name ;
                <http://www.w3.org/ns/dcat#byteSize> ?size ; <http://www.w3.org/ns/dcat#mediaType> ?media ;
                <http://spdx.org/rdf/terms#checksum>/<http://spdx.org/rdf/terms#checksumValue> ?sum }"""
    )
    described = {r[0].value: (int(r[1].value), r[2].value, r[3].value) for r in rows}  # type: ignore[union-attr]
    expected = {f"aikg-{p}.{s}" for p in PROFILES for s in FORMATS} | {
        "aikg-context.jsonld",
        "aikg-shapes.ttl",
    }
    assert set(described) == expected
    for name, (size, digest, media) in described.items():
        data = rendered()[name]
        assert size == len(data) and digest == hashlib.sha256(data).hexdigest(), name
        suffix = name.rsplit(".", 1)[1]
        if suffix in FORMATS:
            assert media.endswith(FORMATS[suffix].media_type), name
    triples = store.query(
        "SELECT ?n WHERE { <https://w3id.org/aikg/dataset/full> <http://rdfs.org/ns/void#triples> ?n }"
    )
    assert [int(r[0].value) for r in triples] == [len(rendered()["aikg-full.nt"].splitlines())]  # type: ignore[union-attr]
    void = "http://rdfs.org/ns/void#"
    linksets = store.query(f"SELECT ?t WHERE {{ ?l a <{void}Linkset> ; <{void}objectsTarget> ?t }}")
    targets = {r[0].value for r in linksets}  # type: ignore[union-attr]
    assert targets == {
        "https://w3id.org/dpv",
        "http://data.europa.eu/eli/ontology",
        "http://www.wikidata.org/",
    }
