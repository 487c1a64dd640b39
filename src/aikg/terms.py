"""RDF terms for people and for SPARQL: the one compactor and the one display form.

Every part of aikg that shows an IRI as ``prefix:local`` (query tables, validation
reports, summaries, generated pages) calls :func:`compact`, so one rule decides
when a CURIE is safe: the local part must be a SPARQL/Turtle ``PN_LOCAL`` without
escapes, so that what is shown can be pasted back into a query or a Turtle file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

import pyoxigraph as ox

from .namespaces import PREFIXES

__all__ = ["OWN_PREFIXES", "LOCAL_NAME", "compact", "curie_or_iri", "display", "escape_control"]

#: Prefixes written as CURIEs in expected-results files (everything else is ``<IRI>``).
OWN_PREFIXES: Final[Mapping[str, str]] = {p: PREFIXES[p] for p in ("aikg", "aikgv", "aikgd")}

#: A local name that needs no escaping in SPARQL or Turtle (PN_LOCAL, conservative).
LOCAL_NAME: Final = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")

_XSD: Final = "http://www.w3.org/2001/XMLSchema#"
_PLAIN_NUMBER: Final = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)$")
_CONTROL: Final = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def compact(iri: str, prefixes: Mapping[str, str] = PREFIXES) -> str | None:
    """``prefix:local`` for *iri* with the longest matching namespace, or ``None``."""
    best: tuple[int, str] | None = None
    for prefix, namespace in prefixes.items():
        if iri.startswith(namespace) and LOCAL_NAME.match(iri[len(namespace) :]):
            if best is None or len(namespace) > best[0]:
                best = (len(namespace), f"{prefix}:{iri[len(namespace) :]}")
    return best[1] if best else None


def curie_or_iri(iri: str, prefixes: Mapping[str, str] = PREFIXES) -> str:
    """:func:`compact`, or ``<iri>`` when no prefix fits."""
    return compact(iri, prefixes) or f"<{iri}>"


def display(
    term: ox.NamedNode | ox.BlankNode | ox.Literal | None, prefixes: Mapping[str, str] = PREFIXES
) -> str:
    """A short Turtle-like form for people: CURIEs, bare numbers and booleans,
    ``"text"``, ``"text"@lang``, ``"lex"^^xsd:type``; ``""`` for an unbound value."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return curie_or_iri(term.value, prefixes)
    if isinstance(term, ox.BlankNode):
        return str(term)
    datatype = term.datatype.value
    if datatype in (_XSD + "integer", _XSD + "decimal") and _PLAIN_NUMBER.match(term.value):
        return term.value
    if datatype == _XSD + "boolean" and term.value in ("true", "false"):
        return term.value
    text = str(term)  # N-Triples escapes keep one term on one line
    if datatype in (_XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"):
        return text
    head = text[: text.rindex("^^")]
    return f"{head}^^{curie_or_iri(datatype, prefixes)}"


def escape_control(text: str) -> str:
    """*text* with terminal control characters (escape sequences, bidi overrides) made visible."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
