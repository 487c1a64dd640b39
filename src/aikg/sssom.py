"""The alignments as an SSSOM mapping set (``docs/alignments.sssom.tsv``), written with sssom-py.

Two kinds of mapping, each at its meta-level:

* the SKOS mappings of ``ontology/alignments/*.ttl`` (individual to individual,
  concept to concept), typed ``owl named individual`` or ``skos concept``;
* the subclass and sub-property axioms of the optional bridge module
  (``ontology/bridges/aikg-bridge.ttl``), typed ``owl class``, ``owl object
  property`` or ``owl data property``. (Its one general axiom, "whatever has the
  non-binding force is LKIF soft law", maps no named term and is not a row.)

Each row has the subject's and object's label (the object's as aikg records it
from the target's own file), both entity types, the justification (manual
curation), the creator (the aikg project), and the date the module holding it
was issued; the set has its version (aikg's), licence, title and description.
sssom-py is an optional dependency (the ``dev`` extra): it is imported only here.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import Final

import pyoxigraph as ox

from .load import KnowledgeBase, parse_file
from .rdfio import term_value
from .resources import ontology_dir as default_ontology_dir

__all__ = ["MAPPING_SET_ID", "CURIE_MAP", "sssom_rows", "sssom_tsv", "write_sssom"]

MAPPING_SET_ID: Final = "https://w3id.org/aikg/alignment/sssom"
#: The curie map of the table: aikg's prefixes, the targets', and SSSOM's own.
CURIE_MAP: Final = {
    "aikg": "https://w3id.org/aikg/ont/",
    "aikgv": "https://w3id.org/aikg/vocab/",
    "aikgd": "https://w3id.org/aikg/data/",
    "w3id": "https://w3id.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "semapv": "https://w3id.org/semapv/vocab/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "lkifn": "http://www.estrellaproject.org/lkif-core/norm.owl#",
    "lkifa": "http://www.estrellaproject.org/lkif-core/legal-action.owl#",
    "dpv": "https://w3id.org/dpv#",
    "dpv-owl": "https://w3id.org/dpv/owl#",
    "tech": "https://w3id.org/dpv/tech#",
    "tech-owl": "https://w3id.org/dpv/tech/owl#",
    "loc": "https://w3id.org/dpv/loc#",
    "loc-owl": "https://w3id.org/dpv/loc/owl#",
    "eu": "https://w3id.org/dpv/legal/eu#",
    "eu-owl": "https://w3id.org/dpv/legal/eu/owl#",
    "aiact": "https://w3id.org/dpv/legal/eu/aiact#",
    "airo": "https://w3id.org/airo#",
    "wd": "http://www.wikidata.org/entity/",
}
_SKOS: Final = "http://www.w3.org/2004/02/skos/core#"
_RDFS: Final = "http://www.w3.org/2000/01/rdf-schema#"
_OWL: Final = "http://www.w3.org/2002/07/owl#"
_TYPE: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_ISSUED: Final = "http://purl.org/dc/terms/issued"
_SKOS_MAPPINGS: Final = tuple(
    _SKOS + p for p in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
)
_AXIOMS: Final = (
    _RDFS + "subClassOf",
    _RDFS + "subPropertyOf",
    _OWL + "equivalentClass",
    _OWL + "equivalentProperty",
)
_ENTITY_TYPES: Final = {
    _OWL + "Class": "owl class",
    _OWL + "ObjectProperty": "owl object property",
    _OWL + "DatatypeProperty": "owl data property",
    _OWL + "AnnotationProperty": "owl annotation property",
}
_OWN: Final = "https://w3id.org/aikg/"
_CREATOR: Final = "w3id:aikg"


def _curie(iri: str) -> str:
    best = max(
        ((p, ns) for p, ns in CURIE_MAP.items() if iri.startswith(ns)),
        key=lambda pn: len(pn[1]),
        default=None,
    )
    if best is None:
        raise ValueError(f"no prefix of the SSSOM curie map covers <{iri}>")
    return f"{best[0]}:{iri[len(best[1]) :]}"


def _labels(triples: Iterable[ox.Triple]) -> dict[str, str]:
    labels: dict[str, str] = {}
    for t in triples:
        if t.predicate.value in (_RDFS + "label", _SKOS + "prefLabel") and isinstance(t.object, ox.Literal):
            if t.object.language == "en":
                current = labels.get(term_value(t.subject))
                labels[term_value(t.subject)] = (
                    min(current, term_value(t.object)) if current else term_value(t.object)
                )
    return labels


def _types(triples: Iterable[ox.Triple]) -> dict[str, str]:
    found: dict[str, str] = {}
    for t in triples:
        if t.predicate.value == _TYPE and term_value(t.object) in _ENTITY_TYPES:
            found.setdefault(term_value(t.subject), _ENTITY_TYPES[term_value(t.object)])
    return found


def _issued(triples: Iterable[ox.Triple]) -> str:
    """The dcterms:issued of the module header among *triples*."""
    triples = list(triples)
    headers = {
        t.subject for t in triples if t.predicate.value == _TYPE and term_value(t.object) == _OWL + "Ontology"
    }
    return min(
        (term_value(t.object) for t in triples if t.subject in headers and t.predicate.value == _ISSUED),
        default="",
    )


def sssom_rows(kb: KnowledgeBase, bridge: Iterable[ox.Triple]) -> list[dict[str, str]]:
    """One dict per mapping (SSSOM slot -> value), sorted; *kb* is the full profile."""
    bridge = list(bridge)
    everything = [*kb.triples(), *bridge]
    labels, types = _labels(everything), _types(everything)
    rows = []
    sources = [(m.triples, False) for m in kb.modules if m.path.parent.name == "alignments"] + [
        (tuple(bridge), True)
    ]
    for triples, is_bridge in sources:
        date = _issued(triples)
        for t in triples:
            subject, predicate, obj = t.subject, t.predicate.value, t.object
            if not isinstance(subject, ox.NamedNode) or not isinstance(obj, ox.NamedNode):
                continue
            if not subject.value.startswith(_OWN) or obj.value.startswith(_OWN):
                continue
            if predicate in _SKOS_MAPPINGS:
                kind = (
                    "skos concept" if subject.value.startswith(CURIE_MAP["aikgv"]) else "owl named individual"
                )
                subject_type = object_type = kind
            elif is_bridge and predicate in _AXIOMS:
                subject_type, object_type = (
                    types.get(subject.value, "owl class"),
                    types.get(obj.value, "owl class"),
                )
            else:
                continue
            rows.append(
                {
                    "subject_id": _curie(subject.value),
                    "subject_label": labels.get(subject.value, ""),
                    "subject_type": subject_type,
                    "predicate_id": _curie(predicate),
                    "object_id": _curie(obj.value),
                    "object_label": labels.get(obj.value, ""),
                    "object_type": object_type,
                    "mapping_justification": "semapv:ManualMappingCuration",
                    "creator_id": _CREATOR,
                    "mapping_date": date,
                }
            )
    return sorted(rows, key=lambda r: (r["subject_id"], r["predicate_id"], r["object_id"]))


def sssom_tsv(kb: KnowledgeBase, bridge: Iterable[ox.Triple], version: str) -> str:
    """The SSSOM/TSV text of the mapping set, written by sssom-py (deterministic)."""
    import logging

    from curies import Converter
    from sssom.util import MappingSetDataFrame
    from sssom.writers import write_table
    from sssom_schema import Mapping, MappingSet

    rows = sssom_rows(kb, bridge)
    mappings = [Mapping(**{**row, "creator_id": [row["creator_id"]]}) for row in rows]  # type: ignore[arg-type]
    mapping_set = MappingSet(
        mapping_set_id=MAPPING_SET_ID,
        mapping_set_version=version,
        mapping_set_title="aikg alignments to DPV, ELI, LKIF-Core, AIRO and Wikidata",
        mapping_set_description=(
            "Generated from ontology/alignments/*.ttl (SKOS mappings between individuals or between "
            "concepts) "
            "and ontology/bridges/aikg-bridge.ttl (subclass and sub-property axioms between classes or "
            "properties); do not edit by hand."
        ),
        license="https://creativecommons.org/licenses/by/4.0/",
        creator_id=[_CREATOR],
        mappings=mappings,
    )
    level = logging.getLogger("sssom").level
    logging.getLogger("sssom").setLevel(logging.ERROR)  # "not condensing" notes are not problems
    try:
        frame = MappingSetDataFrame.from_mapping_set(
            mapping_set, converter=Converter.from_prefix_map(CURIE_MAP)
        )
        buffer = io.StringIO()
        write_table(frame, buffer)
    finally:
        logging.getLogger("sssom").setLevel(level)
    return buffer.getvalue()


def write_sssom(path: Path, *, ontology_dir: Path | None = None) -> str:
    """Write the table for the shipped ontology to *path* (atomically) and return it."""
    from . import __version__
    from .build import BRIDGE_MODULE
    from .fileio import write_file
    from .load import load_profile

    folder = ontology_dir if ontology_dir is not None else default_ontology_dir()
    text = sssom_tsv(load_profile("full", folder), parse_file(folder / BRIDGE_MODULE), __version__)
    write_file(path, text)
    return text
