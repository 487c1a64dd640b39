"""Parts of the HTML documentation (:mod:`aikg.htmldocs`): usage examples and class diagrams.

:class:`Examples` collects, from the full profile, the instances of each class, the
statements made with each property and the resources that use each concept.
:func:`class_diagram` draws a module's classes as UML-style boxes in inline SVG: a class,
its superclasses, and the properties whose domain it is (with their range), each box a
link to the class's entry. Both are deterministic.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from html import escape
from typing import Final

import pyoxigraph as ox
import rdflib
from rdflib import RDF, RDFS, URIRef

from .load import KnowledgeBase
from .namespaces import AIKG, AIKGD, AIKGV
from .terms import curie_or_iri

__all__ = ["Examples", "class_diagram"]

_EXAMPLES: Final = 3


def _label(graph: rdflib.Graph, node: object, lang: str = "en") -> str:
    for prop in (RDFS.label, rdflib.Namespace("http://www.w3.org/2004/02/skos/core#").prefLabel):
        values = sorted(str(v) for v in graph.objects(node, prop) if getattr(v, "language", None) == lang)  # type: ignore[arg-type]
        if values:
            return values[0]
    return ""


def _local(node: object) -> str:
    return str(node)[len(str(AIKG)) :]


class Examples:
    """Usage examples of terms, from a knowledge base (the full profile)."""

    def __init__(self, kb: KnowledgeBase | None) -> None:
        self.instances: dict[str, list[str]] = defaultdict(list)
        self.statements: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.users: dict[str, list[str]] = defaultdict(list)
        self.labels: dict[str, str] = {}
        if kb is None:
            return
        for triple in sorted(kb.triples(), key=str):
            s, p, o = triple.subject, triple.predicate.value, triple.object
            if not isinstance(s, ox.NamedNode) or not s.value.startswith(str(AIKGD)):
                continue
            if p == str(RDFS.label) and isinstance(o, ox.Literal) and o.language == "en":
                self.labels.setdefault(s.value, o.value)
            elif p == str(RDF.type) and isinstance(o, ox.NamedNode):
                self.instances[o.value].append(s.value)
            elif p.startswith(str(AIKG)):
                shown = o.value if isinstance(o, ox.NamedNode | ox.Literal) else "…"
                self.statements[p].append((s.value, shown))
                if isinstance(o, ox.NamedNode) and o.value.startswith(str(AIKGV)):
                    self.users[o.value].append(s.value)

    def name(self, iri: str) -> str:
        return self.labels.get(iri) or curie_or_iri(iri)

    def item(self, iri: str) -> str:
        return f'<a href="{escape(iri)}">{escape(self.name(iri))}</a>'

    def of_class(self, iri: str) -> str:
        found = sorted(set(self.instances.get(iri, ())))
        return ", ".join(self.item(i) for i in found[:_EXAMPLES]) + (
            f" (and {len(found) - _EXAMPLES} more)" if len(found) > _EXAMPLES else ""
        )

    def of_property(self, iri: str, link: Callable[[URIRef], str]) -> str:
        """Up to three statements made with property *iri*; *link* writes a term's link."""
        rows = sorted(set(self.statements.get(iri, ())))[:_EXAMPLES]
        shown = []
        for subject, value in rows:
            if value.startswith(str(AIKGD)):
                obj = self.item(value)
            elif value.startswith("http"):
                obj = link(URIRef(value))
            else:
                obj = escape(f"“{value}”")
            shown.append(f"<li>{self.item(subject)} → {obj}</li>")
        return "<ul>" + "".join(shown) + "</ul>" if shown else ""

    def of_concept(self, iri: str) -> str:
        found = sorted(set(self.users.get(iri, ())))
        return ", ".join(self.item(i) for i in found[:_EXAMPLES]) + (
            f" (and {len(found) - _EXAMPLES} more)" if len(found) > _EXAMPLES else ""
        )


def class_diagram(graph: rdflib.Graph, classes: list[URIRef], properties: list[URIRef]) -> str:
    """UML-style class boxes: name, superclasses, the properties whose domain the class is."""
    if not classes:
        return ""
    owned: dict[URIRef, list[str]] = defaultdict(list)
    for prop in properties:
        for domain in graph.objects(prop, RDFS.domain):
            if domain in classes:
                target = graph.value(prop, RDFS.range)
                arrow = (
                    f" → {_label(graph, target) or curie_or_iri(str(target))}"
                    if isinstance(target, URIRef)
                    else ""
                )
                owned[domain].append(_label(graph, prop) + arrow)  # type: ignore[index]
    width, line, pad, columns = 250, 15, 8, 3
    boxes = []
    for cls in classes:
        supers = [
            _label(graph, s) or curie_or_iri(str(s))
            for s in sorted(graph.objects(cls, RDFS.subClassOf), key=str)
            if isinstance(s, URIRef)
        ]
        rows = sorted(owned.get(cls, []))
        boxes.append((cls, supers, rows, pad * 2 + line * (1 + (1 if supers else 0) + len(rows))))
    parts, y = [], 10
    for start in range(0, len(boxes), columns):
        row = boxes[start : start + columns]
        for index, (cls, supers, rows, height) in enumerate(row):
            x = 10 + index * (width + 20)
            anchor = escape(_local(cls))
            box = f'x="{x}" y="{y}" width="{width}" height="{height}"'
            parts.append(f'<a href="#{anchor}"><rect {box} rx="4" fill="#f1f5fb" stroke="#1d3557"/>')
            title = escape(_label(graph, cls))
            where = f'x="{x + pad}" y="{y + pad + 11}"'
            parts.append(f'<text {where} font-weight="bold" font-size="12">{title}</text></a>')
            lines = ([f"⊑ {', '.join(supers)}"] if supers else []) + rows
            for number, text in enumerate(lines, start=1):
                clipped = text if len(text) <= 40 else text[:39] + "…"
                where = f'x="{x + pad}" y="{y + pad + 11 + number * line}"'
                parts.append(f'<text {where} font-size="10.5" fill="#334">{escape(clipped)}</text>')
        y += max(b[3] for b in row) + 16
    total = 10 + columns * (width + 20)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'width="{total}" height="{y}" viewBox="0 0 {total} {y}">' + "".join(parts) + "</svg>"
    )
