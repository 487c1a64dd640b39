"""The one place where aikg's namespaces and prefixes are declared.

Everything else (loading, building, SPARQL queries, summaries) imports from
here, so a prefix is never spelled twice. SPARQL files under ``queries/`` do
not declare ``PREFIX`` lines: :func:`prefix_map` is passed to the query engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, VANN, XSD

__all__ = [
    "AIKG",
    "AIKGV",
    "AIKGD",
    "AIKGSH",
    "OWN_NAMESPACES",
    "RDF",
    "RDFS",
    "OWL",
    "XSD",
    "SKOS",
    "DCTERMS",
    "VANN",
    "PROV",
    "FOAF",
    "ELI",
    "DPV",
    "DPV_AI",
    "DPV_AIACT",
    "AIRO",
    "VAIR",
    "LKIF_NORM",
    "ODRL",
    "PREFIXES",
    "prefix_map",
    "bind_prefixes",
    "is_own",
]

#: Classes and properties (the TBox).
AIKG: Final = Namespace("https://w3id.org/aikg/ont/")
#: Controlled vocabularies: SKOS concept schemes and their concepts.
AIKGV: Final = Namespace("https://w3id.org/aikg/vocab/")
#: Individuals: instruments, agents, jurisdictions, definitions, claims, sources...
AIKGD: Final = Namespace("https://w3id.org/aikg/data/")
#: SHACL shapes (``aikgsh:S03``, ``aikgsh:G01``, ...); not part of the ontology.
AIKGSH: Final = Namespace("https://w3id.org/aikg/shapes/")

#: Namespaces the hygiene rules hold to aikg's conventions (others are reused, not ours).
OWN_NAMESPACES: Final[tuple[str, ...]] = (str(AIKG), str(AIKGV), str(AIKGD))

# Ontologies aikg aligns to (their copies live in ../shared/ontologies). DPV is
# used in its RDFS+SKOS namespace family, not the parallel ".../owl#" one.
ELI: Final = Namespace("http://data.europa.eu/eli/ontology#")
DPV: Final = Namespace("https://w3id.org/dpv#")
DPV_AI: Final = Namespace("https://w3id.org/dpv/ai#")
DPV_AIACT: Final = Namespace("https://w3id.org/dpv/legal/eu/aiact#")
AIRO: Final = Namespace("https://w3id.org/airo#")
VAIR: Final = Namespace("https://w3id.org/vair#")
#: LKIF-Core's norm module, where Legal_Document, Statute, Soft_Law and Regulation live.
LKIF_NORM: Final = Namespace("http://www.estrellaproject.org/lkif-core/norm.owl#")
ODRL: Final = Namespace("http://www.w3.org/ns/odrl/2/")

#: prefix -> namespace IRI, in the order products print them.
PREFIXES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "aikg": str(AIKG),
        "aikgv": str(AIKGV),
        "aikgd": str(AIKGD),
        "rdf": str(RDF),
        "rdfs": str(RDFS),
        "owl": str(OWL),
        "xsd": str(XSD),
        "skos": str(SKOS),
        "dcterms": str(DCTERMS),
        "vann": str(VANN),
        "prov": str(PROV),
        "foaf": str(FOAF),
        "eli": str(ELI),
        "dpv": str(DPV),
        "dpv-ai": str(DPV_AI),
        "aiact": str(DPV_AIACT),
        "airo": str(AIRO),
        "vair": str(VAIR),
        "lkif-norm": str(LKIF_NORM),
        "odrl": str(ODRL),
    }
)


def prefix_map() -> dict[str, str]:
    """Return a fresh prefix -> IRI dict, e.g. for ``pyoxigraph.Store.query(prefixes=...)``."""
    return dict(PREFIXES)


def bind_prefixes(graph: Graph) -> Graph:
    """Bind every aikg prefix on *graph* (replacing rdflib's defaults) and return it."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph


def is_own(iri: str) -> bool:
    """True if *iri* is in one of aikg's own namespaces (aikg:, aikgv:, aikgd:)."""
    return iri.startswith(OWN_NAMESPACES)
