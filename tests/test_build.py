"""Release products: deterministic, canonical, complete and written atomically."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

from aikg import build as build_module
from aikg.build import build, canonical_graph, product_graph, to_ntriples
from aikg.errors import AikgSyntaxError
from aikg.load import PROFILES, KnowledgeBase, load_profile, to_rdflib

BAD = Path(__file__).resolve().parent / "fixtures" / "bad"
EX = "https://example.org/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    build(list(PROFILES), out)  # type: ignore[arg-type]
    return out


def test_build_writes_a_turtle_and_an_ntriples_file_per_profile(built: Path) -> None:
    names = sorted(p.name for p in built.iterdir())
    assert names == sorted(f"aikg-{p}.{ext}" for p in PROFILES for ext in ("ttl", "nt"))


def test_build_twice_is_byte_identical_even_across_hash_seeds(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build(list(PROFILES), again)  # type: ignore[arg-type]
    # A separate process with another hash seed: set and dict order must not leak out.
    other = tmp_path / "other"
    env = dict(os.environ, PYTHONHASHSEED="12345")
    subprocess.run(
        [sys.executable, "-m", "aikg", "build", "--profile", "all", "--out", str(other)],
        check=True,
        env=env,
        capture_output=True,
    )
    for product in sorted(built.iterdir()):
        assert (again / product.name).read_bytes() == product.read_bytes(), product.name
        assert (other / product.name).read_bytes() == product.read_bytes(), product.name


@pytest.mark.parametrize("profile", list(PROFILES))
def test_product_is_one_ontology_without_internal_imports(profile: str) -> None:
    kb = load_profile(profile)  # type: ignore[arg-type]
    graph = product_graph(kb)
    assert list(graph.subjects(RDF.type, OWL.Ontology)) == [URIRef(kb.root.iri)]
    assert (URIRef(kb.root.iri), OWL.versionIRI, None) in graph
    assert not list(graph.triples((None, OWL.imports, None)))
    # Nothing else is lost: every triple not about a module header survives.
    headers = {URIRef(m.iri) for m in kb.modules}
    kept = {t for t in kb.graph if t[0] not in headers - {URIRef(kb.root.iri)} and t[1] != OWL.imports}
    assert set(graph) >= {t for t in kept if not isinstance(t[0], BNode)}


def test_ntriples_product_is_sorted_and_canonical(built: Path) -> None:
    lines = (built / "aikg-full.nt").read_bytes().decode("utf-8").splitlines()
    assert lines == sorted(lines)
    assert all(line.endswith(" .") for line in lines)
    labels = set(re.findall(r"_:(\S+)", "\n".join(lines)))
    assert labels and all(re.fullmatch(r"b[0-9a-f]{32}", label) for label in labels)


def test_turtle_product_round_trips_to_the_ntriples_product(built: Path) -> None:
    # Parsing gives fresh random blank node IDs; canonical labelling must undo that.
    for profile in PROFILES:
        parsed = Graph()
        for triple in ox.parse(path=str(built / f"aikg-{profile}.ttl"), format=ox.RdfFormat.TURTLE):
            parsed.add(tuple(to_rdflib(term) for term in triple.triple))  # type: ignore[arg-type]
        assert to_ntriples(canonical_graph(parsed)) == (built / f"aikg-{profile}.nt").read_bytes()


def test_turtle_product_opens_with_the_header(built: Path) -> None:
    text = (built / "aikg-full.ttl").read_text(encoding="utf-8")
    first_statement = text.split("\n\n")[1]
    assert first_statement.startswith("<https://w3id.org/aikg/kb/full> a owl:Ontology")


def _graph(triples: list[tuple[object, object, object]]) -> Graph:
    graph = Graph()
    for triple in triples:
        graph.add(triple)  # type: ignore[arg-type]
    return graph


def test_canonical_labels_ignore_blank_node_ids_and_order() -> None:
    def citations(a: BNode, b: BNode, c: BNode, reverse: bool) -> Graph:
        triples = [
            (URIRef(EX + "x"), URIRef(EX + "citation"), a),
            (a, URIRef(EX + "source"), URIRef(EX + "study")),
            (a, URIRef(EX + "pages"), Literal("5")),
            # Two interchangeable citations of the same resource (automorphic nodes).
            (URIRef(EX + "y"), URIRef(EX + "citation"), b),
            (URIRef(EX + "y"), URIRef(EX + "citation"), c),
            (b, URIRef(EX + "source"), URIRef(EX + "study")),
            (c, URIRef(EX + "source"), URIRef(EX + "study")),
        ]
        return _graph(triples[::-1] if reverse else triples)

    one = to_ntriples(canonical_graph(citations(BNode("p"), BNode("q"), BNode("r"), False)))
    two = to_ntriples(canonical_graph(citations(BNode("z1"), BNode("z2"), BNode("z3"), True)))
    assert one == two
    assert len(set(re.findall(rb"_:\w+", one))) == 3  # three nodes stay three nodes


def test_canonical_labels_tell_different_graphs_apart() -> None:
    a = _graph([(URIRef(EX + "x"), URIRef(EX + "p"), BNode()), (URIRef(EX + "y"), URIRef(EX + "p"), BNode())])
    node = BNode()
    b = _graph([(URIRef(EX + "x"), URIRef(EX + "p"), node), (URIRef(EX + "y"), URIRef(EX + "p"), node)])
    assert to_ntriples(canonical_graph(a)) != to_ntriples(canonical_graph(b))


def test_failed_write_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "dist"
    real_replace = os.replace
    calls: list[str] = []

    def fail_on_second(source: str, target: str) -> None:
        calls.append(target)
        if len(calls) == 2:
            raise OSError("disk full (simulated)")
        real_replace(source, target)

    monkeypatch.setattr(build_module.os, "replace", fail_on_second)
    with pytest.raises(OSError, match="simulated"):
        build(["tbox"], out)
    # The first product may have been renamed into place whole; no temporary file remains.
    leftovers = [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
    for product in out.iterdir():
        list(ox.parse(path=str(product), format=ox.RdfFormat.from_extension(product.suffix[1:])))  # complete


def test_bad_input_leaves_no_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIKG_ONTOLOGY_DIR", str(BAD / "syntax-error"))
    out = tmp_path / "dist"
    with pytest.raises(AikgSyntaxError):
        build(["full"], out)
    assert not out.exists()


def test_products_are_readable_by_everyone(built: Path) -> None:
    mode = (built / "aikg-full.ttl").stat().st_mode
    assert mode & 0o044, oct(mode)


def test_build_reuses_a_loaded_knowledge_base(tmp_path: Path, kb_full: KnowledgeBase) -> None:
    (path_ttl, path_nt) = build(["full"], tmp_path, loaded=[kb_full])
    assert path_ttl.name == "aikg-full.ttl" and path_nt.name == "aikg-full.nt"
