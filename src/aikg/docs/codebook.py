"""``docs/codebook.md``: the coding rules, read from the concept schemes.

The codebook is not a document beside the data: each concept's ``skos:scopeNote``
says when to code it and when not, its ``skos:example`` values quote real
wordings, and ``aikg:implies`` says what it counts toward. This page lays those
triples out per scheme, core concepts first with their specific concepts beneath.
"""

from __future__ import annotations

import rdflib
from rdflib import RDF, URIRef
from rdflib.term import Node

from ..namespaces import AIKG, SKOS
from ._md import HEADER, curie, definition, label, sorted_nodes

__all__ = ["codebook_page"]


def _implied(graph: rdflib.Graph, concept: Node) -> list[Node]:
    """Everything *concept* counts toward: aikg:implies, followed transitively."""
    seen: set[Node] = set()
    todo = list(graph.objects(concept, AIKG.implies))
    while todo:
        node = todo.pop()
        if node not in seen and node != concept:
            seen.add(node)
            todo.extend(graph.objects(node, AIKG.implies))
    return sorted_nodes(seen)


def _examples(graph: rdflib.Graph, concept: Node) -> list[str]:
    values = sorted(
        graph.objects(concept, SKOS.example), key=lambda v: (getattr(v, "language", "") or "", str(v))
    )
    return [
        f"- {' '.join(str(v).split())}" + (f" ({lang})" if (lang := getattr(v, "language", None)) else "")
        for v in values
    ]


def _ref(graph: rdflib.Graph, node: Node) -> str:
    return f"{label(graph, node)} (`{curie(graph, node)}`)"


def _entry(graph: rdflib.Graph, concept: Node, level: int) -> str:
    heading = "#" * level
    names = " / ".join(x for x in (label(graph, concept, "ru"), label(graph, concept, "kk")) if x)
    parts = [f"{heading} {label(graph, concept)} — `{curie(graph, concept)}`\n"]
    if names:
        parts.append(f"*{names}*\n")
    text = definition(graph, concept)
    if text:
        parts.append(f"{text}\n")
    note = definition(graph, concept, SKOS.scopeNote)
    if note:
        parts.append(f"**When to code it.** {' '.join(note.split())}\n")
    implied = _implied(graph, concept)
    if implied:
        parts.append("**Counts toward:** " + ", ".join(_ref(graph, n) for n in implied) + ".\n")
    implied_by = sorted_nodes(graph.subjects(AIKG.implies, concept))
    if implied_by:
        parts.append("**Implied by:** " + ", ".join(_ref(graph, n) for n in implied_by) + ".\n")
    examples = _examples(graph, concept)
    if examples:
        parts.append("**Examples from the texts:**\n\n" + "\n".join(examples) + "\n")
    return "\n".join(parts) + "\n"


def _walk(
    graph: rdflib.Graph, concepts: list[Node], concept: Node, level: int, placed: set[Node], out: list[str]
) -> None:
    """Append *concept*'s entry, then its narrower concepts one heading level down."""
    if concept in placed:
        return
    placed.add(concept)
    out.append(_entry(graph, concept, min(level, 6)))
    children = [c for c in concepts if (c, SKOS.broader, concept) in graph]
    for child in sorted(children, key=lambda c: label(graph, c)):
        _walk(graph, concepts, child, level + 1, placed, out)


def _has_codebook(graph: rdflib.Graph, scheme: Node) -> bool:
    if (scheme, SKOS.scopeNote, None) in graph:
        return True
    return any((c, SKOS.scopeNote, None) in graph for c in graph.subjects(SKOS.inScheme, scheme))


def codebook_page(graph: rdflib.Graph) -> str:
    """Every scheme with coding rules, its general rules, then each concept's rule."""
    schemes = [
        s for s in sorted_nodes(graph.subjects(RDF.type, SKOS.ConceptScheme)) if _has_codebook(graph, s)
    ]
    schemes.sort(key=lambda s: label(graph, s))
    toc = [
        f"- [{label(graph, s)}](#{curie(graph, s).replace(':', '').lower()}) — `{curie(graph, s)}`"
        for s in schemes
    ]
    out = [
        HEADER,
        "# Codebook\n\n",
        "How a text is coded: for each controlled vocabulary, the rule that says when a concept applies "
        "(`skos:scopeNote`), real wordings that meet it (`skos:example`), and what it counts toward "
        "(`aikg:implies`, transitive; `skos:broader` only groups concepts for browsing and never counts). "
        "The rules live in `ontology/vocab/*.ttl`; this page is generated from them, so change the Turtle, "
        "not this page. [modelling-conventions.md](modelling-conventions.md) says how the rules are used in "
        "the data; [errata.md](errata.md) lists where the study's own coding is wrong.\n\n",
        "\n".join(toc) + "\n\n",
    ]
    for scheme in schemes:
        out.append(f'<a id="{curie(graph, scheme).replace(":", "").lower()}"></a>\n\n')
        out.append(f"## {label(graph, scheme)}\n\n")
        text = definition(graph, scheme)
        if text:
            out.append(f"{text}\n\n")
        note = definition(graph, scheme, SKOS.scopeNote)
        if note:
            out.append(f"**General rules.** {' '.join(note.split())}\n\n")
        concepts = sorted_nodes(graph.subjects(SKOS.inScheme, scheme))
        tops = [
            c
            for c in concepts
            if (c, SKOS.topConceptOf, scheme) in graph
            or not any(b in concepts for b in graph.objects(c, SKOS.broader))
        ]
        tops.sort(key=lambda c: label(graph, c))
        placed: set[Node] = set()
        for top in tops:
            _walk(graph, concepts, top, 3, placed, out)
        for rest in concepts:  # anything in a cycle of skos:broader (the shapes forbid it)
            if isinstance(rest, URIRef):
                _walk(graph, concepts, rest, 3, placed, out)
    return "".join(out).rstrip("\n") + "\n"
