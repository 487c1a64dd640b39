"""HTML documentation of the ontology, the vocabularies and the shapes (``dist/doc/``).

Three self-contained pages (inline CSS and SVG, no script, nothing fetched when
viewed), each term with an anchor named after its local name, so that
``https://w3id.org/aikg/ont/Statute`` is documented at ``doc/index.html#Statute``:

* ``index.html``: the ontology's header (titles in en/ru/kk, version, licence,
  creators, citation), its modules, a class diagram per module (UML-style boxes:
  each class with its superclasses and the properties whose domain it is), then
  every aikg class and property;
* ``vocab.html``: every concept scheme and concept;
* ``shapes.html``: every SHACL shape (its ID, severity, message, targets, paths).

A term shows its English label as its title, its Russian and Kazakh labels, its
definition and scope note, its sources (``aikg:citation``), and usage examples
taken from the full profile: instances of a class, statements with a property,
resources that use a concept. pyLODE 3.2.1 was tried first: it renders aikg, but
joins the three labels of a term into one heading, derives some anchors from labels
and others from local names, and has no SKOS concepts (in its ontology mode),
shapes, examples or diagrams, so aikg writes its own. Output is deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import Final

import pyoxigraph as ox
import rdflib
from rdflib import OWL, RDF, RDFS, BNode, Literal, URIRef
from rdflib.term import Node

from .htmldiagram import Examples, class_diagram
from .load import KnowledgeBase
from .namespaces import AIKG, AIKGSH, AIKGV, DCTERMS, SKOS, VANN
from .rdfio import to_rdflib_graph
from .terms import compact, curie_or_iri

__all__ = ["PAGES", "render_docs", "term_anchors"]

PAGES: Final = ("index.html", "vocab.html", "shapes.html")
_SH: Final = rdflib.Namespace("http://www.w3.org/ns/shacl#")
_LANGS: Final = ("ru", "kk")
_PROPERTY_KINDS: Final = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
_EXAMPLES: Final = 3
_STYLE: Final = "".join(
    (
        'body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;',
        "color:#1d2430;background:#fff;line-height:1.45}",
        "header{background:#1d3557;color:#fff;padding:.6em 1.5em}",
        "header a{color:#fff;margin-right:1.2em;text-decoration:none;font-weight:600}",
        "main{max-width:72em;margin:0 auto;padding:1em 1.5em}h1{font-size:1.7em}",
        "h2{border-bottom:2px solid #1d3557;padding-bottom:.2em;margin-top:2em}",
        "section.term{border:1px solid #d0d7e2;border-radius:6px;padding:.4em 1em;margin:1em 0}",
        "section.term:target{border-color:#e63946;box-shadow:0 0 0 2px #e6394633}",
        "h3{margin:.3em 0;font-size:1.15em}",
        "code{background:#f1f3f7;padding:0 .25em;border-radius:3px;font-size:.9em;word-break:break-all}",
        "table{border-collapse:collapse;margin:.4em 0;width:100%}",
        "th,td{text-align:left;vertical-align:top;padding:.2em .5em;border-bottom:1px solid #eef0f4}",
        "th{width:11em;color:#4a5568;font-weight:600}ul{margin:.2em 0;padding-left:1.2em}",
        ".badge{font-size:.75em;background:#457b9d;color:#fff;border-radius:3px;",
        "padding:0 .4em;margin-left:.5em}",
        ".toc{columns:4 14em;font-size:.9em}figure{margin:1em 0;overflow-x:auto}",
        "figcaption{font-size:.9em;color:#4a5568}svg text{font-family:system-ui,Arial,sans-serif}",
        "footer{color:#4a5568;font-size:.85em;padding:2em 1.5em}",
    )
)


def _local(node: Node, namespace: rdflib.Namespace) -> str:
    return str(node)[len(str(namespace)) :]


def _own(node: Node, namespace: rdflib.Namespace) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(str(namespace)) and bool(_local(node, namespace))


def _text(graph: rdflib.Graph, node: Node, prop: URIRef, lang: str = "en") -> str:
    values = sorted(
        str(v) for v in graph.objects(node, prop) if isinstance(v, Literal) and v.language == lang
    )
    return values[0] if values else ""


def _label(graph: rdflib.Graph, node: Node, lang: str = "en") -> str:
    return _text(graph, node, RDFS.label, lang) or _text(graph, node, SKOS.prefLabel, lang)


def term_anchors(graph: rdflib.Graph, shapes: rdflib.Graph) -> dict[str, list[str]]:
    """Page -> the anchor of every term it documents (what the tests look for)."""
    classes, properties = _classes(graph), _properties(graph)
    return {
        "index.html": sorted(_local(t, AIKG) for t in [*classes, *properties]),
        "vocab.html": sorted(_local(t, AIKGV) for t in _vocab_terms(graph)),
        "shapes.html": sorted(_shape_ids(shapes)),
    }


def _classes(graph: rdflib.Graph) -> list[URIRef]:
    return sorted({c for c in graph.subjects(RDF.type, OWL.Class) if _own(c, AIKG)}, key=str)  # type: ignore[misc]


def _properties(graph: rdflib.Graph) -> list[URIRef]:
    found = {p for kind in _PROPERTY_KINDS for p in graph.subjects(RDF.type, kind) if _own(p, AIKG)}
    return sorted(found, key=str)  # type: ignore[arg-type]


def _vocab_terms(graph: rdflib.Graph) -> list[URIRef]:
    schemes = {
        s for s in graph.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef) and _own(s, AIKGV)
    }
    concepts = {c for c in graph.subjects(SKOS.inScheme, None) if isinstance(c, URIRef) and _own(c, AIKGV)}
    return sorted(schemes | concepts, key=str)


def _shape_ids(shapes: rdflib.Graph) -> list[str]:
    found = set()
    for node in shapes.subjects(RDF.type, _SH.NodeShape):
        local = _local(node, AIKGSH) if _own(node, AIKGSH) else ""
        if len(local) == 3 and local[0].isupper() and local[1:].isdigit():
            found.add(local)
    return sorted(found)


# --------------------------------------------------------------------------- HTML pieces


def _link(graph: rdflib.Graph, node: Node) -> str:
    """An HTML link to a term's anchor (ours) or its IRI (theirs)."""
    if isinstance(node, BNode):
        return "(anonymous)"
    if isinstance(node, Literal):
        return escape(str(node))
    text = escape(_label(graph, node) or compact(str(node)) or str(node))
    if _own(node, AIKG):
        return f'<a href="index.html#{escape(_local(node, AIKG))}">{text}</a>'
    if _own(node, AIKGV):
        return f'<a href="vocab.html#{escape(_local(node, AIKGV))}">{text}</a>'
    return f'<a href="{escape(str(node))}">{text}</a>'


def _row(head: str, value: str) -> str:
    return f"<tr><th>{escape(head)}</th><td>{value}</td></tr>" if value else ""


def _links(graph: rdflib.Graph, nodes: Iterable[Node]) -> str:
    return ", ".join(_link(graph, n) for n in sorted(set(nodes), key=str))


def _sources(graph: rdflib.Graph, node: Node) -> str:
    items = []
    for citation in graph.objects(node, AIKG.citation):
        source = graph.value(citation, AIKG.source)
        if source is None:
            continue
        where = [str(v) for p in (AIKG.pages, AIKG.locator) for v in graph.objects(citation, p)]
        quote = [f"“{escape(str(q))}”" for q in graph.objects(citation, AIKG.quote)]
        text = _link(graph, source) + (f" ({escape(', '.join(sorted(where)))})" if where else "")
        items.append(text + (f": {' '.join(sorted(quote))}" if quote else ""))
    return "<ul>" + "".join(f"<li>{i}</li>" for i in sorted(items)) + "</ul>" if items else ""


def _labels_row(graph: rdflib.Graph, node: Node) -> str:
    parts = [f"{lang}: {escape(_label(graph, node, lang))}" for lang in _LANGS if _label(graph, node, lang)]
    return _row("labels", " · ".join(parts))


def _section(graph: rdflib.Graph, node: URIRef, anchor: str, badge: str, rows: Sequence[str]) -> str:
    title = escape(_label(graph, node) or anchor)
    return (
        f'<section class="term" id="{escape(anchor)}">'
        f'<h3>{title}<span class="badge">{escape(badge)}</span></h3>'
        f"<table>{_row('IRI', f'<code>{escape(str(node))}</code>')}{_labels_row(graph, node)}"
        + "".join(rows)
        + "</table></section>"
    )


def _page(title: str, body: str) -> bytes:
    names = ("Ontology", "Vocabularies", "Shapes")
    nav = "".join(f'<a href="{page}">{name}</a>' for page, name in zip(PAGES, names, strict=True))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><header>{nav}</header><main>{body}</main>"
        "<footer>Generated by <code>aikg build</code> from the ontology; every term links to its anchor, "
        "every source to its record.</footer></body></html>\n"
    ).encode()


# --------------------------------------------------------------------------- pages


def _index(graph: rdflib.Graph, kb: KnowledgeBase, examples: Examples) -> bytes:
    root = URIRef(kb.root.iri)
    titles = [
        f"{escape(str(t))} <small>({t.language})</small>"
        for t in sorted(graph.objects(root, DCTERMS.title), key=str)
        if isinstance(t, Literal)
    ]
    meta = "".join(
        _row(
            head,
            _links(graph, graph.objects(root, prop))
            if head in ("licence", "creator", "publisher", "source", "version IRI", "prior version")
            else escape(", ".join(sorted(str(v) for v in graph.objects(root, prop)))),
        )
        for head, prop in (
            ("version", OWL.versionInfo),
            ("version IRI", OWL.versionIRI),
            ("prior version", OWL.priorVersion),
            ("issued", DCTERMS.issued),
            ("created", DCTERMS.created),
            ("modified", DCTERMS.modified),
            ("licence", DCTERMS.license),
            ("creator", DCTERMS.creator),
            ("publisher", DCTERMS.publisher),
            ("citation", DCTERMS.bibliographicCitation),
            ("source", DCTERMS.source),
            ("prefix", VANN.preferredNamespacePrefix),
            ("namespace", VANN.preferredNamespaceUri),
        )
    )
    classes, properties = _classes(graph), _properties(graph)
    by_module: dict[str, tuple[list[URIRef], list[URIRef]]] = {}
    for module in kb.modules:
        declared = {
            t.subject.value
            for t in module.triples
            if t.predicate.value == str(RDF.type) and isinstance(t.subject, ox.NamedNode)
        }
        mine = [c for c in classes if str(c) in declared]
        props = [p for p in properties if str(p) in declared]
        if mine or props:
            by_module[module.iri] = (mine, props)
    modules = "".join(
        f"<h3>{escape(_label(graph, URIRef(iri)) or iri)}</h3><p><code>{escape(iri)}</code>: "
        f"{len(c)} classes, {len(p)} properties</p><figure>{class_diagram(graph, c, p)}"
        "<figcaption>Classes of this module with their superclasses and the properties whose domain "
        "they are (click a class for its entry).</figcaption></figure>"
        for iri, (c, p) in sorted(by_module.items())
    )
    downloads = " · ".join(
        f'<a href="../aikg-tbox.{s}">{s}</a>' for s in ("ttl", "nt", "rdf", "jsonld", "trig", "nq")
    )
    class_sections = "".join(
        _section(
            graph,
            cls,
            _local(cls, AIKG),
            "class",
            [
                _row("definition", escape(_text(graph, cls, SKOS.definition))),
                _row("scope note", escape(_text(graph, cls, SKOS.scopeNote))),
                _row(
                    "subclass of",
                    _links(graph, [s for s in graph.objects(cls, RDFS.subClassOf) if isinstance(s, URIRef)]),
                ),
                _row("restrictions", _restrictions(graph, cls)),
                _row("subclasses", _links(graph, graph.subjects(RDFS.subClassOf, cls))),
                _row("sources", _sources(graph, cls)),
                _row("examples in the graph", examples.of_class(str(cls))),
            ],
        )
        for cls in classes
    )
    property_sections = "".join(
        _section(
            graph,
            prop,
            _local(prop, AIKG),
            _kind(graph, prop),
            [
                _row("definition", escape(_text(graph, prop, SKOS.definition))),
                _row("scope note", escape(_text(graph, prop, SKOS.scopeNote))),
                _row("domain", _links(graph, graph.objects(prop, RDFS.domain))),
                _row("range", _links(graph, graph.objects(prop, RDFS.range))),
                _row("sub-property of", _links(graph, graph.objects(prop, RDFS.subPropertyOf))),
                _row(
                    "characteristics",
                    escape(
                        ", ".join(
                            sorted(
                                str(k)[len(str(OWL)) :]
                                for k in graph.objects(prop, RDF.type)
                                if str(k).startswith(str(OWL)) and k not in _PROPERTY_KINDS
                            )
                        )
                    ),
                ),
                _row("sources", _sources(graph, prop)),
                _row("examples in the graph", examples.of_property(str(prop), lambda n: _link(graph, n))),
            ],
        )
        for prop in properties
    )
    toc = "".join(
        f'<li><a href="#{escape(_local(t, AIKG))}">{escape(_label(graph, t) or _local(t, AIKG))}</a></li>'
        for t in classes
    )
    body = (
        f"<h1>{escape(_text(graph, root, DCTERMS.title) or 'aikg')}</h1>"
        f"<p>{'<br>'.join(titles)}</p><p>{escape(_text(graph, root, DCTERMS.description))}</p>"
        f"<table>{_row('IRI', f'<code>{escape(str(root))}</code>')}{meta}"
        f"{_row('download', downloads)}</table>"
        f'<h2 id="modules">Modules and class diagrams</h2>{modules}'
        f'<h2 id="classes">Classes ({len(classes)})</h2><ul class="toc">{toc}</ul>{class_sections}'
        f'<h2 id="properties">Properties ({len(properties)})</h2>{property_sections}'
    )
    return _page("aikg ontology", body)


def _kind(graph: rdflib.Graph, prop: URIRef) -> str:
    for kind, name in zip(
        _PROPERTY_KINDS, ("object property", "datatype property", "annotation property"), strict=True
    ):
        if (prop, RDF.type, kind) in graph:
            return name
    return "property"


def _restrictions(graph: rdflib.Graph, cls: URIRef) -> str:
    found = []
    for parent in graph.objects(cls, RDFS.subClassOf):
        if isinstance(parent, BNode) and (parent, RDF.type, OWL.Restriction) in graph:
            prop = graph.value(parent, OWL.onProperty)
            value = (
                graph.value(parent, OWL.hasValue)
                or graph.value(parent, OWL.someValuesFrom)
                or graph.value(parent, OWL.allValuesFrom)
            )
            if prop is not None and value is not None:
                found.append(f"{_link(graph, prop)}: {_link(graph, value)}")
    return "; ".join(sorted(found))


def _vocab(graph: rdflib.Graph, examples: Examples) -> bytes:
    sections = []
    schemes = sorted(
        {s for s in graph.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef) and _own(s, AIKGV)},
        key=str,
    )
    for scheme in schemes:
        concepts = sorted(
            {c for c in graph.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef) and _own(c, AIKGV)},
            key=str,
        )
        sections.append(f"<h2>{escape(_label(graph, scheme))}</h2>")
        sections.append(
            _section(
                graph,
                scheme,
                _local(scheme, AIKGV),
                "concept scheme",
                [
                    _row("definition", escape(_text(graph, scheme, SKOS.definition))),
                    _row("scope note", escape(_text(graph, scheme, SKOS.scopeNote))),
                    _row("concepts", _links(graph, concepts)),
                    _row("sources", _sources(graph, scheme)),
                ],
            )
        )
        for concept in concepts:
            kinds = [k for k in graph.objects(concept, RDF.type) if k != SKOS.Concept]
            sample = sorted(str(e) for e in graph.objects(concept, SKOS.example))
            sections.append(
                _section(
                    graph,
                    concept,
                    _local(concept, AIKGV),
                    "concept",
                    [
                        _row("definition", escape(_text(graph, concept, SKOS.definition))),
                        _row("scope note", escape(_text(graph, concept, SKOS.scopeNote))),
                        _row("kind", _links(graph, kinds)),
                        _row("broader", _links(graph, graph.objects(concept, SKOS.broader))),
                        _row(
                            "example",
                            "<ul>" + "".join(f"<li>{escape(e)}</li>" for e in sample) + "</ul>"
                            if sample
                            else "",
                        ),
                        _row("sources", _sources(graph, concept)),
                        _row("used in the graph by", examples.of_concept(str(concept))),
                    ],
                )
            )
    body = f"<h1>aikg vocabularies</h1><p>{len(schemes)} concept schemes.</p>" + "".join(sections)
    return _page("aikg vocabularies", body)


def _shapes(shapes: rdflib.Graph) -> bytes:
    sections = []
    for shape_id in _shape_ids(shapes):
        node = AIKGSH[shape_id]
        targets = [
            f"{_local(p, _SH)} {curie_or_iri(str(v))}"
            for p in (_SH.targetClass, _SH.targetNode, _SH.targetSubjectsOf, _SH.targetObjectsOf)
            for v in shapes.objects(node, p)
        ]
        paths = sorted(
            {
                curie_or_iri(str(p))
                for part in shapes.objects(node, _SH.property)
                for p in shapes.objects(part, _SH.path)
                if isinstance(p, URIRef)
            }
        )
        sparql = "yes" if list(shapes.objects(node, _SH.sparql)) else ""
        severity = shapes.value(node, _SH.severity)
        rows = [
            _row("severity", escape(_local(severity, _SH)) if severity else ""),
            _row("message", escape(_text(shapes, node, _SH.message))),
            _row("targets", escape("; ".join(sorted(targets)))),
            _row("property paths", escape(", ".join(paths))),
            _row("SPARQL constraint", sparql),
        ]
        sections.append(_section(shapes, node, shape_id, "shape", rows))
    body = (
        "<h1>aikg SHACL shapes</h1><p>Data quality (S), the ontology's own terms (T), gaps in the law (G) "
        f"and the metadata checklist (M): {len(sections)} shapes, in <code>aikg-shapes.ttl</code>.</p>"
        + "".join(sections)
    )
    return _page("aikg shapes", body)


def render_docs(
    tbox: KnowledgeBase, shapes: Iterable[ox.Triple], *, examples: KnowledgeBase | None = None
) -> Mapping[str, bytes]:
    """The pages (name -> bytes) for *tbox* and the *shapes*, with usage examples from *examples*."""
    graph = to_rdflib_graph(tbox.triples())
    shape_graph = to_rdflib_graph(shapes)
    found = Examples(examples)
    return {
        "index.html": _index(graph, tbox, found),
        "vocab.html": _vocab(graph, found),
        "shapes.html": _shapes(shape_graph),
    }
