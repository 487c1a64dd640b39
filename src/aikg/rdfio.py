"""Canonical RDF writers: the same triples give byte-identical files, every run.

Blank nodes are labelled by RDFC-1.0 (W3C RDF Dataset Canonicalization,
implemented by pyoxigraph), so no label depends on parse order, hash seeds or
time. N-Triples and N-Quads are written by pyoxigraph, one statement a line,
lines sorted. Turtle is written by rdflib's serializer (prefixes, grouped
subjects), fed the canonical triples: header first, then the TBox, then the rest.
TriG is that Turtle, one block per named graph. RDF/XML is written here (rdflib's
writer fails on a predicate whose local name does not start with a letter, and
its namespace order is not fixed): one ``rdf:Description`` per subject, in the
Turtle order, each predicate split at the longest suffix that is an XML name.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from typing import Final
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
import rdflib
from rdflib.plugins.serializers.turtle import TurtleSerializer

from .namespaces import OWL, PREFIXES, RDFS

__all__ = [
    "term_value",
    "canonical_triples",
    "canonical_quads",
    "to_ntriples",
    "to_nquads",
    "to_turtle",
    "to_trig",
    "to_rdfxml",
    "to_rdflib_graph",
]

# Subjects of these types open the Turtle file in this order: header, then the TBox.
_TOP_CLASSES: Final = [
    OWL.Ontology,
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    RDFS.Datatype,
]


def term_value(term: object) -> str:
    """The IRI, label or lexical form of a pyoxigraph term (``str`` of anything else)."""
    if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal):
        return term.value
    return str(term)


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


def _canonical(triples: Iterable[ox.Triple], canonical: bool) -> list[ox.Triple]:
    """*triples* canonicalised, unless the caller says they already are (from :func:`canonical_triples`)."""
    return list(triples) if canonical else canonical_triples(triples)


def to_ntriples(triples: Iterable[ox.Triple], *, canonical: bool = False) -> bytes:
    """Canonical N-Triples (UTF-8, sorted lines)."""
    lines = sorted(f"{t.subject} {t.predicate} {t.object} .\n" for t in _canonical(triples, canonical))
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


class _LabelledTurtle(TurtleSerializer):
    """rdflib's Turtle writer, told to keep the labels of some blank nodes (never ``[ ]`` them)."""

    def __init__(self, graph: rdflib.Graph, labelled: Collection[rdflib.BNode]) -> None:
        super().__init__(graph)
        self._labelled = labelled

    def preprocess(self) -> None:
        super().preprocess()
        for node in self._labelled:
            self._references[node] += 2  # referenced "twice": written as _:label, not inline


def to_turtle(
    triples: Iterable[ox.Triple],
    prefixes: Mapping[str, str] = PREFIXES,
    *,
    canonical: bool = False,
    labelled: Collection[ox.BlankNode] = (),
) -> bytes:
    """Canonical Turtle: header first, then the TBox, then the rest; blank nodes inline where rdflib can.

    Blank nodes in *labelled* keep their label (TriG needs it for a node shared by two graphs).
    """
    graph = to_rdflib_graph(_canonical(triples, canonical), prefixes)
    serializer = _LabelledTurtle(graph, [rdflib.BNode(node.value) for node in labelled])
    serializer.topClasses = _TOP_CLASSES
    buffer = io.BytesIO()
    serializer.serialize(buffer, encoding="utf-8")
    return buffer.getvalue()


def _turtle_body(
    triples: Iterable[ox.Triple], prefixes: Mapping[str, str], labelled: Collection[ox.BlankNode]
) -> list[str]:
    """The statements of :func:`to_turtle` without its ``@prefix`` lines."""
    lines = to_turtle(triples, prefixes, canonical=True, labelled=labelled).decode("utf-8").splitlines()
    start = 0
    while start < len(lines) and (lines[start].startswith("@prefix ") or not lines[start].strip()):
        start += 1  # the prefix block only: a long literal may hold such a line
    return lines[start:]


def to_trig(quads: Iterable[ox.Quad], prefixes: Mapping[str, str] = PREFIXES) -> bytes:
    """Canonical TriG: every prefix once, the default graph's triples, then one block per
    named graph in IRI order, each written as :func:`to_turtle` writes it.

    Blank node labels are canonical over the whole dataset, so a node shared by two
    graphs keeps one label (TriG labels are scoped to the document).
    """
    graphs: dict[str, list[ox.Triple]] = defaultdict(list)
    homes: dict[ox.BlankNode, set[str]] = defaultdict(set)
    for quad in canonical_quads(quads):
        name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)
        graphs[name].append(quad.triple)
        for term in (quad.subject, quad.object):
            if isinstance(term, ox.BlankNode):
                homes[term].add(name)
    # A blank node in two graphs (the derived graph points into the modules) keeps its label.
    shared = {node for node, names in homes.items() if len(names) > 1}
    out = [f"@prefix {prefix}: <{namespace}> ." for prefix, namespace in prefixes.items()]
    for name in sorted(graphs):
        mine = [node for node in shared if name in homes[node]]
        # Blank lines stay: inside a long literal they are part of its text.
        body = "\n".join(_turtle_body(graphs[name], prefixes, mine)).strip("\n").splitlines()
        if not body:
            continue
        out.append("")
        if name:
            # Not indented: a long literal may span lines, and indenting would change it.
            out.append(f"{name} {{")
            out.extend(body)
            out.append("}")
        else:
            out.extend(body)
    return ("\n".join(out) + "\n").encode("utf-8")


_RDF_NS: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XSD_STRING: Final = "http://www.w3.org/2001/XMLSchema#string"
# An XML name (NCName) as RDF/XML needs for the local part of a predicate, ASCII only.
_NCNAME_TAIL: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*$")
# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _split_predicate(iri: str) -> tuple[str, str]:
    """(namespace, local name) with the longest local name that is an XML name."""
    match = _NCNAME_TAIL.search(iri)
    if match is None or match.start() == 0:
        raise ValueError(f"RDF/XML cannot write the predicate <{iri}>: no suffix of it is an XML name")
    return iri[: match.start()], iri[match.start() :]


def _xml_text(text: str, what: str) -> str:
    if _NOT_XML.search(text):
        raise ValueError(f"RDF/XML cannot carry the control characters in {what}")
    return escape(text, {"\r": "&#13;"})


def _xml_attr(text: str) -> str:
    if _NOT_XML.search(text):
        raise ValueError(f"RDF/XML cannot carry the control characters in {text!r}")
    return quoteattr(text, {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def _node_attr(term: ox.NamedNode | ox.BlankNode, iri_attr: str) -> str:
    if isinstance(term, ox.BlankNode):
        return f"rdf:nodeID={_xml_attr(term.value)}"
    return f"{iri_attr}={_xml_attr(term.value)}"


def _subject_order(triples: list[ox.Triple]) -> list[ox.NamedNode | ox.BlankNode]:
    """Subjects as the Turtle product orders them: header, TBox, the rest; IRIs before blank nodes."""
    rank: dict[str, int] = {}
    top = [str(c) for c in _TOP_CLASSES]
    for t in triples:
        if t.predicate.value == _RDF_NS + "type" and term_value(t.object) in top:
            key = str(t.subject)
            rank[key] = min(rank.get(key, len(top)), top.index(term_value(t.object)))
    subjects: dict[str, ox.NamedNode | ox.BlankNode] = {
        str(t.subject): t.subject for t in triples if isinstance(t.subject, ox.NamedNode | ox.BlankNode)
    }
    return [
        subjects[key]
        for key in sorted(
            subjects, key=lambda k: (rank.get(k, len(top)), isinstance(subjects[k], ox.BlankNode), k)
        )
    ]  # type: ignore[misc]


def to_rdfxml(
    triples: Iterable[ox.Triple], prefixes: Mapping[str, str] = PREFIXES, *, canonical: bool = False
) -> bytes:
    """Canonical RDF/XML that the OWL API and owlready2 read (striped, no abbreviations).

    Namespaces get aikg's prefixes where they have one and ``ns1``, ``ns2``... (in IRI
    order) otherwise. Raises :class:`ValueError` for what RDF/XML cannot express: a
    predicate with no XML-name suffix, or a control character XML forbids.
    """
    ordered = _canonical(triples, canonical)
    by_subject: dict[str, list[ox.Triple]] = defaultdict(list)
    for t in ordered:
        by_subject[str(t.subject)].append(t)
    split = {t.predicate.value: _split_predicate(t.predicate.value) for t in ordered}
    names = {ns: p for p, ns in prefixes.items()}
    names[_RDF_NS] = "rdf"
    others = sorted({ns for ns, _ in split.values()} - set(names))
    names.update({ns: f"ns{i}" for i, ns in enumerate(others, start=1)})
    used = sorted({ns for ns, _ in split.values()} | {_RDF_NS}, key=lambda ns: (names[ns], ns))
    out = ['<?xml version="1.0" encoding="utf-8"?>', "<rdf:RDF"]
    out += [f"   xmlns:{names[ns]}={_xml_attr(ns)}" for ns in used]
    out[-1] += ">"
    for subject in _subject_order(ordered):
        out.append(f"  <rdf:Description {_node_attr(subject, 'rdf:about')}>")
        for t in by_subject[str(subject)]:
            namespace, local = split[t.predicate.value]
            tag = f"{names[namespace]}:{local}"
            obj = t.object
            if isinstance(obj, ox.NamedNode | ox.BlankNode):
                out.append(f"    <{tag} {_node_attr(obj, 'rdf:resource')}/>")
                continue
            assert isinstance(obj, ox.Literal)
            text = _xml_text(obj.value, f"a literal of {t.subject}")
            if obj.language:
                attr = f" xml:lang={_xml_attr(obj.language)}"
            elif obj.datatype.value != _XSD_STRING:
                attr = f" rdf:datatype={_xml_attr(obj.datatype.value)}"
            else:
                attr = ""
            out.append(f"    <{tag}{attr}>{text}</{tag}>")
        out.append("  </rdf:Description>")
    out.append("</rdf:RDF>")
    return ("\n".join(out) + "\n").encode("utf-8")
