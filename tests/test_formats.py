"""Every format of every product round-trips to the graph (or dataset) it was written from;
JSON-LD reads with aikg's context and no fetch; RDF/XML loads in the OWL API and owlready2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from products import dist_dir, rendered

from aikg.build import product_quads, product_triples
from aikg.errors import AikgSyntaxError
from aikg.formats import CONTEXT_FILE, CONTEXT_IRI, parse_jsonld
from aikg.load import PROFILES, load_profile, to_oxigraph
from aikg.rdfio import to_nquads, to_ntriples, to_rdfxml

MERGED = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "rdf": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
}
DATASETS = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS}


@pytest.mark.parametrize("profile", list(PROFILES))
def test_the_ntriples_product_is_the_source_graph(profile: str) -> None:
    kb = load_profile(profile)  # type: ignore[arg-type]
    assert to_ntriples(product_triples(kb)) == rendered()[f"aikg-{profile}.nt"]
    assert to_nquads(product_quads(kb)) == rendered()[f"aikg-{profile}.nq"]


@pytest.mark.parametrize("suffix", list(MERGED))
@pytest.mark.parametrize("profile", list(PROFILES))
def test_merged_formats_round_trip_to_an_isomorphic_graph(profile: str, suffix: str) -> None:
    parsed = [q.triple for q in ox.parse(rendered()[f"aikg-{profile}.{suffix}"], MERGED[suffix])]
    # Canonical N-Triples are equal exactly when the graphs are isomorphic.
    assert to_ntriples(parsed) == rendered()[f"aikg-{profile}.nt"]


@pytest.mark.parametrize("suffix", ["rdf", "jsonld", "ttl"])
def test_rdflib_reads_the_full_product_to_the_same_graph(suffix: str) -> None:
    fmt = {"rdf": "xml", "jsonld": "json-ld", "ttl": "turtle"}[suffix]
    graph = rdflib.Graph().parse(data=rendered()[f"aikg-full.{suffix}"], format=fmt)
    triples = [ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph]  # type: ignore[arg-type]
    assert to_ntriples(triples) == rendered()["aikg-full.nt"]


@pytest.mark.parametrize("suffix", list(DATASETS))
@pytest.mark.parametrize("profile", list(PROFILES))
def test_datasets_keep_one_named_graph_per_module_and_the_derived_graph(profile: str, suffix: str) -> None:
    quads = list(ox.parse(rendered()[f"aikg-{profile}.{suffix}"], DATASETS[suffix]))
    assert to_nquads(quads) == rendered()[f"aikg-{profile}.nq"]
    kb = load_profile(profile)  # type: ignore[arg-type]
    graphs = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    expected = {m.iri for m in kb.modules}
    if kb.derived:
        expected.add("https://w3id.org/aikg/derived")
    assert graphs == expected
    assert not [q for q in quads if isinstance(q.graph_name, ox.DefaultGraph)]


def test_jsonld_embeds_the_vocabulary_context() -> None:
    document = json.loads(rendered()["aikg-full.jsonld"])
    context = json.loads(rendered()[CONTEXT_FILE])["@context"]
    assert document["@context"] == context
    assert context["hasJurisdiction"] == {"@id": "aikg:hasJurisdiction", "@type": "@id"}
    assert context["Statute"] == "aikg:Statute"
    act = next(n for n in document["@graph"] if n["@id"] == "aikgd:eu-ai-act")
    assert "Regulation" in act["@type"] and act["hasJurisdiction"] == ["aikgd:EU"]


def test_aikgs_reader_maps_the_context_iri_to_the_local_tbox() -> None:
    document = json.loads(rendered()["aikg-tbox.jsonld"])
    document["@context"] = CONTEXT_IRI
    triples = parse_jsonld(json.dumps(document).encode(), "mine.jsonld")
    assert to_ntriples(triples) == rendered()["aikg-tbox.nt"]


def test_a_remote_context_is_refused_not_fetched() -> None:
    data = b'{"@context": "https://example.org/context.jsonld", "@id": "https://example.org/x", "name": "x"}'
    with pytest.raises(AikgSyntaxError, match="never fetches"):
        parse_jsonld(data, "remote.jsonld")
    with pytest.raises(AikgSyntaxError, match="not JSON") as caught:
        parse_jsonld(b'{"@context": {}\n  "x": 1}', "broken.jsonld")
    assert caught.value.line == 2


def test_rdfxml_refuses_what_it_cannot_write() -> None:
    triple = ox.Triple(
        ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/2024"), ox.Literal("x")
    )
    with pytest.raises(ValueError, match="no suffix of it is an XML name"):
        to_rdfxml([triple])
    bad = ox.Triple(
        ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p"), ox.Literal("a\x01b")
    )
    with pytest.raises(ValueError, match="control characters"):
        to_rdfxml([bad])
    odd = ox.Triple(
        ox.NamedNode("https://example.org/s"),
        ox.NamedNode("https://example.org/v1/2nd-p"),
        ox.Literal("<&>\r"),
    )
    parsed = [q.triple for q in ox.parse(to_rdfxml([odd]), ox.RdfFormat.RDF_XML)]
    assert parsed == [odd]  # split as ns "https://example.org/v1/2" + "nd-p"; text escaped


def test_the_owl_api_loads_the_rdfxml_products(java: str) -> None:
    from aikg.owlprofile import check_file_only

    report = check_file_only(dist_dir() / "aikg-full.rdf")
    assert report.axioms > 30000
    assert report.ok, [str(v) for v in report.problems[:5]]


def test_owlready2_loads_the_rdfxml_product_and_lists_its_individuals() -> None:
    path = dist_dir() / "aikg-full.rdf"
    script = (
        "import owlready2, sys\n"
        f"onto = owlready2.get_ontology({path.as_uri()!r}).load()\n"
        "names = {i.iri for i in onto.individuals()}\n"
        "print(len(names)); print('\\n'.join(sorted(names)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=300
    )
    count, *names = done.stdout.splitlines()
    assert int(count) > 1000
    for iri in (
        "https://w3id.org/aikg/data/eu-ai-act",
        "https://w3id.org/aikg/data/KZ",
        "https://w3id.org/aikg/vocab/Autonomy",
    ):
        assert iri in names, iri


def test_context_terms_name_declared_terms() -> None:
    context = json.loads(rendered()[CONTEXT_FILE])["@context"]
    tbox = rendered()["aikg-tbox.nt"].decode("utf-8")
    for term, definition in context.items():
        iri = definition["@id"] if isinstance(definition, dict) else definition
        if isinstance(iri, str) and iri.startswith("aikg:"):
            assert (
                f"<https://w3id.org/aikg/ont/{iri[5:]}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
                in tbox
            ), term


def test_products_on_disk_are_the_rendered_bytes() -> None:
    folder: Path = dist_dir()
    assert (folder / "aikg-study.trig").read_bytes() == rendered()["aikg-study.trig"]
