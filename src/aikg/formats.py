"""The release formats, and JSON-LD with aikg's own context.

:data:`FORMATS` lists every serialisation a product is written in (file suffix,
media type, whether it keeps named graphs); :mod:`aikg.build` writes them,
:mod:`aikg.void` describes them and the w3id rules serve them by media type.

JSON-LD
-------
:func:`jsonld_context` derives the context of the vocabulary from the TBox: the
prefixes of :data:`aikg.namespaces.PREFIXES`, a term per aikg class and property
(its local name; an object property's values are IRIs), and a few reused terms
(``label``, ``prefLabel``, ``definition``...). It is published at
:data:`CONTEXT_IRI` and written as ``dist/aikg-context.jsonld``; a product embeds
it, so that it reads without any context fetched.

:func:`to_jsonld` writes flattened JSON-LD (one node object per subject, in the
Turtle product's order, properties sorted): byte-identical for the same triples.
Values keep their lexical form (``{"@value": "2024", "@type": "xsd:gYear"}``),
so the file round-trips to the same graph.

:func:`parse_jsonld` is aikg's reader: a document whose ``@context`` names
:data:`CONTEXT_IRI` gets the context derived from the local TBox, never a
download; any other remote context is refused.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

import pyoxigraph as ox

from .errors import AikgSyntaxError
from .namespaces import AIKG, PREFIXES
from .rdfio import _subject_order, canonical_triples, term_value
from .terms import compact

__all__ = [
    "Format",
    "FORMATS",
    "CONTEXT_IRI",
    "CONTEXT_FILE",
    "jsonld_context",
    "shipped_context",
    "to_jsonld",
    "parse_jsonld",
]

#: Where the context of aikg's vocabulary is published (mapped to the local TBox when read).
CONTEXT_IRI: Final = "https://w3id.org/aikg/context.jsonld"
#: The context's file name in ``dist/``.
CONTEXT_FILE: Final = "aikg-context.jsonld"


@dataclass(frozen=True)
class Format:
    """One serialisation of a product."""

    suffix: str  # file suffix, without the dot
    media_type: str  # what the w3id rules negotiate and DCAT announces
    name: str  # for people
    datasets: bool  # keeps named graphs (one per module)


#: Every format a product is written in, in the order ``dist/`` lists them.
FORMATS: Final[Mapping[str, Format]] = MappingProxyType(
    {
        "ttl": Format("ttl", "text/turtle", "Turtle", False),
        "nt": Format("nt", "application/n-triples", "N-Triples", False),
        "rdf": Format("rdf", "application/rdf+xml", "RDF/XML", False),
        "jsonld": Format("jsonld", "application/ld+json", "JSON-LD", False),
        "trig": Format("trig", "application/trig", "TriG", True),
        "nq": Format("nq", "application/n-quads", "N-Quads", True),
    }
)

_RDF_TYPE: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING: Final = "http://www.w3.org/2001/XMLSchema#string"
_OWL: Final = "http://www.w3.org/2002/07/owl#"
_OBJECT_KINDS: Final = frozenset({_OWL + "ObjectProperty"})
_PROPERTY_KINDS: Final = frozenset(
    {_OWL + "ObjectProperty", _OWL + "DatatypeProperty", _OWL + "AnnotationProperty"}
)
_CLASS_KINDS: Final = frozenset({_OWL + "Class"})
#: Reused terms with a short name in the context (term -> (IRI, values are IRIs)).
_REUSED: Final = {
    "label": ("http://www.w3.org/2000/01/rdf-schema#label", False),
    "comment": ("http://www.w3.org/2000/01/rdf-schema#comment", False),
    "subClassOf": ("http://www.w3.org/2000/01/rdf-schema#subClassOf", True),
    "prefLabel": ("http://www.w3.org/2004/02/skos/core#prefLabel", False),
    "altLabel": ("http://www.w3.org/2004/02/skos/core#altLabel", False),
    "definition": ("http://www.w3.org/2004/02/skos/core#definition", False),
    "scopeNote": ("http://www.w3.org/2004/02/skos/core#scopeNote", False),
    "example": ("http://www.w3.org/2004/02/skos/core#example", False),
    "inScheme": ("http://www.w3.org/2004/02/skos/core#inScheme", True),
    "broader": ("http://www.w3.org/2004/02/skos/core#broader", True),
    "topConceptOf": ("http://www.w3.org/2004/02/skos/core#topConceptOf", True),
    "exactMatch": ("http://www.w3.org/2004/02/skos/core#exactMatch", True),
    "closeMatch": ("http://www.w3.org/2004/02/skos/core#closeMatch", True),
}


def jsonld_context(tbox: Iterable[ox.Triple]) -> dict[str, Any]:
    """The JSON-LD context of aikg's vocabulary, derived from the TBox's declarations."""
    kinds: dict[str, set[str]] = defaultdict(set)
    for t in tbox:
        if t.predicate.value == _RDF_TYPE and isinstance(t.subject, ox.NamedNode):
            kinds[term_value(t.subject)].add(term_value(t.object))
    context: dict[str, Any] = dict(PREFIXES)
    terms: dict[str, Any] = {}
    for term, (iri, is_id) in _REUSED.items():
        terms[term] = {"@id": compact(iri) or iri, "@type": "@id"} if is_id else compact(iri) or iri
    for iri in sorted(kinds):
        if not iri.startswith(str(AIKG)):
            continue
        local = iri[len(str(AIKG)) :]
        if not local or local in context or local in terms or local.startswith("@"):
            continue
        if kinds[iri] & _OBJECT_KINDS:
            terms[local] = {"@id": f"aikg:{local}", "@type": "@id"}
        elif kinds[iri] & (_PROPERTY_KINDS | _CLASS_KINDS):
            terms[local] = f"aikg:{local}"
    context.update(dict(sorted(terms.items())))
    return context


@lru_cache(maxsize=1)
def _shipped_context_text(ontology_dir: str | None) -> str:
    from .load import load_profile

    kb = load_profile("tbox", Path(ontology_dir) if ontology_dir else None)
    return json.dumps(jsonld_context(kb.triples()), ensure_ascii=False)


def shipped_context(ontology_dir: Path | None = None) -> dict[str, Any]:
    """The context of the TBox in *ontology_dir* (default: the project's); cached per process."""
    return json.loads(_shipped_context_text(str(ontology_dir) if ontology_dir else None))  # type: ignore[no-any-return]


def _term_index(context: Mapping[str, Any]) -> dict[str, tuple[str, bool]]:
    """Property IRI -> (the context's term for it, whether its values are coerced to IRIs)."""
    index: dict[str, tuple[str, bool]] = {}
    prefixes = {k: v for k, v in context.items() if isinstance(v, str) and v.endswith(("/", "#"))}

    def expand(value: str) -> str:
        prefix, sep, local = value.partition(":")
        return prefixes[prefix] + local if sep and prefix in prefixes else value

    for term, definition in context.items():
        if isinstance(definition, dict) and isinstance(definition.get("@id"), str):
            index.setdefault(expand(definition["@id"]), (term, definition.get("@type") == "@id"))
        elif isinstance(definition, str) and term not in prefixes:
            index.setdefault(expand(definition), (term, False))
    return index


@lru_cache(maxsize=65536)
def _compact(iri: str) -> str:
    return compact(iri) or iri


def _ref(term: ox.NamedNode | ox.BlankNode) -> str:
    return str(term) if isinstance(term, ox.BlankNode) else _compact(term.value)


def _literal(term: ox.Literal) -> Any:
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == _XSD_STRING:
        return term.value
    return {"@value": term.value, "@type": _compact(term.datatype.value)}


def _type_name(iri: str, context: Mapping[str, Any]) -> str:
    local = iri[len(str(AIKG)) :] if iri.startswith(str(AIKG)) else None
    if local and context.get(local) == f"aikg:{local}":
        return local
    return _compact(iri)


def to_jsonld(triples: Iterable[ox.Triple], context: Mapping[str, Any], *, canonical: bool = False) -> bytes:
    """Flattened JSON-LD with *context* embedded: one node object per subject, sorted."""
    canonical_list = list(triples) if canonical else canonical_triples(triples)
    by_subject: dict[str, list[ox.Triple]] = defaultdict(list)
    for t in canonical_list:
        by_subject[str(t.subject)].append(t)
    index = _term_index(context)
    nodes = []
    for subject in _subject_order(canonical_list):
        node: dict[str, Any] = {"@id": _ref(subject)}
        types = [t.object for t in by_subject[str(subject)] if t.predicate.value == _RDF_TYPE]
        if types and all(isinstance(o, ox.NamedNode) for o in types):
            node["@type"] = sorted(_type_name(o.value, context) for o in types)  # type: ignore[union-attr]
        grouped: dict[str, list[ox.Triple]] = defaultdict(list)
        for t in by_subject[str(subject)]:
            if t.predicate.value == _RDF_TYPE and "@type" in node:
                continue
            grouped[t.predicate.value].append(t)
        properties: dict[str, list[Any]] = {}
        for predicate, group in grouped.items():
            key, as_ids = index.get(predicate) or (_compact(predicate), False)
            if as_ids and any(isinstance(t.object, ox.Literal) for t in group):
                key, as_ids = _compact(predicate), False  # a literal under an IRI-valued term
            values = []
            for t in group:
                obj = t.object
                if isinstance(obj, ox.Literal):
                    values.append(_literal(obj))
                elif as_ids:
                    values.append(_ref(obj))  # type: ignore[arg-type]
                else:
                    values.append({"@id": _ref(obj)})  # type: ignore[arg-type]
            properties[key] = values
        node.update(sorted(properties.items()))
        nodes.append(node)
    document = {"@context": dict(context), "@graph": nodes}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _local_contexts(value: Any, path: Path, context: Mapping[str, Any]) -> Any:
    """*value* with every ``@context`` naming :data:`CONTEXT_IRI` replaced by *context*."""
    if isinstance(value, list):
        return [_local_contexts(v, path, context) for v in value]
    if not isinstance(value, dict):
        return value
    result = {}
    for key, item in value.items():
        if key == "@context":
            result[key] = _resolve_context(item, path, context)
        else:
            result[key] = _local_contexts(item, path, context)
    return result


def _resolve_context(item: Any, path: Path, context: Mapping[str, Any]) -> Any:
    if isinstance(item, list):
        return [_resolve_context(i, path, context) for i in item]
    if isinstance(item, str):
        if item == CONTEXT_IRI:
            return dict(context)
        raise AikgSyntaxError(
            path, f"remote JSON-LD context {item!r} is not read (aikg never fetches contexts; embed it)"
        )
    return item


def parse_jsonld(
    data: bytes, path: Path | str, *, context: Mapping[str, Any] | None = None
) -> list[ox.Triple]:
    """Parse JSON-LD strictly; :data:`CONTEXT_IRI` is read from the local TBox, nothing is fetched."""
    file = Path(path)
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        column = getattr(exc, "colno", None)
        raise AikgSyntaxError(file, f"not JSON: {exc}", line, column) from None
    local = _local_contexts(document, file, context if context is not None else shipped_context())
    try:
        quads = ox.parse(json.dumps(local).encode("utf-8"), ox.RdfFormat.JSON_LD, without_named_graphs=True)
        return [quad.triple for quad in quads]
    except (SyntaxError, ValueError) as exc:
        raise AikgSyntaxError(file, str(exc)) from None
