"""VoID and DCAT description of the release: the dataset, its profiles and their files.

``dist/aikg-void.ttl`` says, for harvesters (DCAT catalogues, VoID crawlers), what
the release holds:

* ``https://w3id.org/aikg/dataset``: the dataset (``void:Dataset``,
  ``dcat:Dataset``) with its title, description, licence, creator, publisher,
  issue date, version, URI space and vocabularies, and one subset per profile;
* per profile, a subset with its triple, class and property counts, an example
  resource, the ontology it is (its root's IRI) and one ``dcat:Distribution`` per
  file: media type, byte size, SHA-256 checksum (``spdx:checksum``) and a
  versioned download URL under ``https://w3id.org/aikg/<version>/``;
* per aligned target, a ``void:Linkset`` with the mapping predicate and the
  number of links.

Everything is computed from the products' bytes and the TBox header, nothing
from the clock, so the description is as byte-identical as the products.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping
from typing import Final

import pyoxigraph as ox

from .formats import CONTEXT_FILE, FORMATS
from .load import KnowledgeBase
from .rdfio import to_turtle

__all__ = ["DATASET_IRI", "VOID", "DCAT", "SPDX", "void_description"]

DATASET_IRI: Final = "https://w3id.org/aikg/dataset"
VOID: Final = "http://rdfs.org/ns/void#"
DCAT: Final = "http://www.w3.org/ns/dcat#"
SPDX: Final = "http://spdx.org/rdf/terms#"
_DCT: Final = "http://purl.org/dc/terms/"
_RDF: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_OWL: Final = "http://www.w3.org/2002/07/owl#"
_XSD: Final = "http://www.w3.org/2001/XMLSchema#"
_SKOS: Final = "http://www.w3.org/2004/02/skos/core#"
_IANA: Final = "https://www.iana.org/assignments/media-types/"
_PREFIXES: Final = {
    "aikgd": "https://w3id.org/aikg/data/",
    "dcat": DCAT,
    "dcterms": _DCT,
    "owl": _OWL,
    "rdf": _RDF,
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": _SKOS,
    "spdx": SPDX,
    "void": VOID,
    "xsd": _XSD,
}
#: Target namespaces of the alignments -> the dataset they belong to.
_TARGETS: Final = {
    "https://w3id.org/dpv": "https://w3id.org/dpv",
    "http://data.europa.eu/eli/ontology#": "http://data.europa.eu/eli/ontology",
    "http://www.wikidata.org/entity/": "http://www.wikidata.org/",
}
_EXAMPLES: Final = {"study": "eu-ai-act", "full": "eu-ai-act"}
_MAPPINGS: Final = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")


def _iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def _lit(value: str, datatype: str | None = None, lang: str | None = None) -> ox.Literal:
    if lang:
        return ox.Literal(value, language=lang)
    return ox.Literal(value, datatype=_iri(datatype)) if datatype else ox.Literal(value)


def _header(tbox: KnowledgeBase, predicate: str) -> list[ox.NamedNode | ox.BlankNode | ox.Literal]:
    root = _iri(tbox.root.iri)
    found = [
        t.object
        for t in tbox.root.triples
        if t.subject == root
        and t.predicate.value == predicate
        and isinstance(t.object, ox.NamedNode | ox.BlankNode | ox.Literal)
    ]
    return sorted(found, key=str)


def _counts(data: bytes) -> tuple[int, int, int]:
    """(triples, classes used, properties used) of an N-Triples product."""
    classes: set[str] = set()
    properties: set[str] = set()
    triples = 0
    for triple in ox.parse(data, ox.RdfFormat.N_TRIPLES):
        triples += 1
        properties.add(triple.predicate.value)
        if triple.predicate.value == _RDF + "type":
            classes.add(str(triple.object))
    return triples, len(classes), len(properties)


def _linksets(data: bytes) -> Counter[tuple[str, str]]:
    """(target dataset, mapping predicate) -> number of links, in an N-Triples product."""
    found: Counter[tuple[str, str]] = Counter()
    for triple in ox.parse(data, ox.RdfFormat.N_TRIPLES):
        predicate = triple.predicate.value
        if not predicate.startswith(_SKOS) or predicate[len(_SKOS) :] not in _MAPPINGS:
            continue
        if not triple.subject.value.startswith("https://w3id.org/aikg/"):
            continue
        target = next((ds for ns, ds in _TARGETS.items() if triple.object.value.startswith(ns)), None)
        if target is not None:
            found[(target, predicate)] += 1
    return found


def void_description(files: Mapping[str, bytes], roots: Mapping[str, str], tbox: KnowledgeBase) -> bytes:
    """The VoID and DCAT description (Turtle) of *files* (product name -> bytes).

    *roots* maps each built profile to its root ontology IRI; *tbox* gives the
    title, licence, creator, publisher, issue date and version.
    """
    version = next((str(v.value) for v in _header(tbox, _OWL + "versionInfo")), "0.0.0")
    base = f"https://w3id.org/aikg/{version}/"
    dataset = _iri(DATASET_IRI)
    triples: list[ox.Triple] = []

    def add(
        subject: ox.NamedNode | ox.BlankNode, predicate: str, obj: ox.NamedNode | ox.BlankNode | ox.Literal
    ) -> None:
        triples.append(ox.Triple(subject, _iri(predicate), obj))

    for kind in (VOID + "Dataset", DCAT + "Dataset"):
        add(dataset, _RDF + "type", _iri(kind))
    add(
        dataset,
        _DCT + "title",
        _lit("aikg: a knowledge graph of how legal systems define and regulate AI", lang="en"),
    )
    for predicate in ("description", "license", "creator", "publisher", "issued", "source"):
        for value in _header(tbox, _DCT + predicate):
            add(dataset, _DCT + predicate, value)
    add(dataset, DCAT + "version", _lit(version))
    add(dataset, VOID + "uriSpace", _lit("https://w3id.org/aikg/"))
    add(dataset, DCAT + "landingPage", _iri("https://w3id.org/aikg"))
    for vocabulary in (
        "https://w3id.org/aikg/ont/",
        "https://w3id.org/aikg/vocab/",
        _SKOS,
        _DCT,
        "http://www.w3.org/ns/prov#",
        _OWL,
    ):
        add(dataset, VOID + "vocabulary", _iri(vocabulary))
    for keyword in ("artificial intelligence", "AI regulation", "legal ontology", "comparative law"):
        add(dataset, DCAT + "keyword", _lit(keyword, lang="en"))

    linksets: Counter[tuple[str, str]] = Counter()
    for profile, root in sorted(roots.items()):
        subset = _iri(f"{DATASET_IRI}/{profile}")
        add(dataset, VOID + "subset", subset)
        for kind in (VOID + "Dataset", DCAT + "Dataset"):
            add(subset, _RDF + "type", _iri(kind))
        add(subset, _DCT + "title", _lit(f"aikg, profile {profile}", lang="en"))
        add(subset, _DCT + "isVersionOf", _iri(root))
        add(subset, DCAT + "version", _lit(version))
        nt = files.get(f"aikg-{profile}.nt")
        if nt is not None:
            count, classes, properties = _counts(nt)
            add(subset, VOID + "triples", _lit(str(count), _XSD + "integer"))
            add(subset, VOID + "classes", _lit(str(classes), _XSD + "integer"))
            add(subset, VOID + "properties", _lit(str(properties), _XSD + "integer"))
            if profile == "full":
                linksets.update(_linksets(nt))
        if profile in _EXAMPLES:
            add(subset, VOID + "exampleResource", _iri("https://w3id.org/aikg/data/" + _EXAMPLES[profile]))
        for suffix, fmt in FORMATS.items():
            name = f"aikg-{profile}.{suffix}"
            if name in files:
                _distribution(add, subset, base + name, name, fmt.media_type, files[name])
    for name, media in ((CONTEXT_FILE, "application/ld+json"), ("aikg-shapes.ttl", "text/turtle")):
        if name in files:
            _distribution(add, dataset, base + name, name, media, files[name])
    for number, ((target, predicate), links) in enumerate(sorted(linksets.items()), start=1):
        linkset = _iri(f"{DATASET_IRI}/linkset/{number}")
        add(dataset, VOID + "subset", linkset)
        add(linkset, _RDF + "type", _iri(VOID + "Linkset"))
        add(linkset, VOID + "subjectsTarget", _iri(f"{DATASET_IRI}/full"))
        add(linkset, VOID + "objectsTarget", _iri(target))
        add(linkset, VOID + "linkPredicate", _iri(predicate))
        add(linkset, VOID + "triples", _lit(str(links), _XSD + "integer"))
    return to_turtle(triples, _PREFIXES)


def _distribution(add, owner: ox.NamedNode, url: str, name: str, media: str, data: bytes) -> None:  # type: ignore[no-untyped-def]
    node = _iri(url)
    add(owner, DCAT + "distribution", node)
    add(node, _RDF + "type", _iri(DCAT + "Distribution"))
    add(node, _DCT + "title", _lit(name))
    add(node, DCAT + "downloadURL", node)
    add(node, DCAT + "mediaType", _iri(_IANA + media))
    add(node, DCAT + "byteSize", _lit(str(len(data)), _XSD + "nonNegativeInteger"))
    checksum = ox.BlankNode(f"sha256-{name.replace('.', '-')}")
    add(node, SPDX + "checksum", checksum)
    add(checksum, _RDF + "type", _iri(SPDX + "Checksum"))
    add(checksum, SPDX + "algorithm", _iri(SPDX + "checksumAlgorithm_sha256"))
    add(checksum, SPDX + "checksumValue", _lit(hashlib.sha256(data).hexdigest(), _XSD + "hexBinary"))
