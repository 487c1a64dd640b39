"""Canonical RDF writers: the same triples give byte-identical files, every run.

Blank nodes are labelled by RDFC-1.0 (W3C RDF Dataset Canonicalization,
implemented by pyoxigraph), so no label depends on parse order, hash seeds or
time. N-Triples and N-Quads are written by pyoxigraph, one statement a line,
lines sorted. Turtle is written by rdflib's serializer (prefixes, grouped
subjects), fed the canonical triples: header first, then the TBox, then the rest.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from typing import Final

import pyoxigraph as ox
import rdflib
from rdflib.plugins.serializers.turtle import TurtleSerializer

from .namespaces import OWL, PREFIXES, RDFS

__all__ = ["canonical_triples", "canonical_quads", "to_ntriples", "to_nquads", "to_turtle", "to_rdflib_graph"]

# Subjects of these types open the Turtle file in this order: header, then the TBox.
_TOP_CLASSES: Final = [
    OWL.Ontology,
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    RDFS.Datatype,
]


def canonical_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """*quads* with blank nodes relabelled by RDFC-1.0, sorted."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(dataset, key=str)


def canonical_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """*triples* with blank nodes relabelled by RDFC-1.0, sorted."""
    default = ox.DefaultGraph()
    quads = canonical_quads(ox.Quad(t.subject, t.predicate, t.object, default) for t in triples)
    return [quad.triple for quad in quads]


def to_ntriples(triples: Iterable[ox.Triple]) -> bytes:
    """Canonical N-Triples (UTF-8, sorted lines)."""
    lines = sorted(f"{t.subject} {t.predicate} {t.object} .\n" for t in canonical_triples(triples))
    return "".join(lines).encode("utf-8")


def to_nquads(quads: Iterable[ox.Quad]) -> bytes:
    """Canonical N-Quads (UTF-8, sorted lines); the default graph is written without a graph name."""
    lines = []
    for quad in canonical_quads(quads):
        graph = "" if isinstance(quad.graph_name, ox.DefaultGraph) else f" {quad.graph_name}"
        lines.append(f"{quad.subject} {quad.predicate} {quad.object}{graph} .\n")
    return "".join(sorted(lines)).encode("utf-8")


def to_rdflib_graph(triples: Iterable[ox.Triple], prefixes: Mapping[str, str] = PREFIXES) -> rdflib.Graph:
    """An rdflib graph of *triples* (literals keep their lexical form), with *prefixes* bound."""
    from .load import to_rdflib

    graph = rdflib.Graph()
    for prefix, namespace in prefixes.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    for t in triples:
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return graph


def to_turtle(triples: Iterable[ox.Triple], prefixes: Mapping[str, str] = PREFIXES) -> bytes:
    """Canonical Turtle: header first, then the TBox, then the rest; blank nodes inline where rdflib can."""
    graph = to_rdflib_graph(canonical_triples(triples), prefixes)
    serializer = TurtleSerializer(graph)
    serializer.topClasses = _TOP_CLASSES
    buffer = io.BytesIO()
    serializer.serialize(buffer, encoding="utf-8")
    return buffer.getvalue()
