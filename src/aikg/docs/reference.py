"""The reference pages: the model (classes, properties, schemes), the glossary in
English, Russian and Kazakh, and the errata of the source study."""

from __future__ import annotations

from collections.abc import Callable

import rdflib
import rdflib.collection
from rdflib import OWL, RDF, RDFS, URIRef
from rdflib.term import Node

from ..namespaces import AIKG, AIKGD, AIKGV, SKOS
from ._md import HEADER, LANGS, curie, definition, label, own, sorted_nodes, table

__all__ = ["model_page", "glossary_page", "errata_page"]


def _class_expr(graph: rdflib.Graph, node: Node) -> str:
    """A named class as its CURIE, a union as "A or B" (never a blank node label)."""
    if isinstance(node, URIRef):
        return curie(graph, node)
    members = graph.value(node, OWL.unionOf)
    if members is not None:
        items = sorted(_class_expr(graph, m) for m in rdflib.collection.Collection(graph, members))
        return " or ".join(items)
    return "(a class expression)"


def model_page(graph: rdflib.Graph) -> str:
    """Classes, properties and concept schemes of the TBox, as tables."""
    classes = [c for c in sorted_nodes(graph.subjects(RDF.type, OWL.Class)) if own(c, AIKG)]
    class_rows = []
    for cls in classes:
        parents = ", ".join(
            curie(graph, p)
            for p in sorted_nodes(graph.objects(cls, RDFS.subClassOf))
            if isinstance(p, URIRef)
        )
        class_rows.append([f"`{curie(graph, cls)}`", label(graph, cls), parents, definition(graph, cls)])
    prop_rows = []
    for kind, name in (
        (OWL.ObjectProperty, "object"),
        (OWL.DatatypeProperty, "data"),
        (OWL.AnnotationProperty, "annotation"),
    ):
        for prop in sorted_nodes(graph.subjects(RDF.type, kind)):
            if not own(prop, AIKG):
                continue
            domain = ", ".join(_class_expr(graph, d) for d in sorted_nodes(graph.objects(prop, RDFS.domain)))
            range_ = ", ".join(_class_expr(graph, r) for r in sorted_nodes(graph.objects(prop, RDFS.range)))
            prop_rows.append([f"`{curie(graph, prop)}`", name, domain, range_, definition(graph, prop)])
    scheme_rows = []
    for scheme in sorted_nodes(graph.subjects(RDF.type, SKOS.ConceptScheme)):
        concepts = sorted_nodes(graph.subjects(SKOS.inScheme, scheme))
        kinds = {curie(graph, t) for c in concepts for t in graph.objects(c, RDF.type) if t != SKOS.Concept}
        top = [c for c in concepts if (c, SKOS.topConceptOf, scheme) in graph]
        scheme_rows.append(
            [
                f"`{curie(graph, scheme)}`",
                label(graph, scheme),
                ", ".join(sorted(kinds)),
                str(len(top)),
                str(len(concepts)),
            ]
        )
    return (
        HEADER
        + "# The aikg model\n\n"
        + "Classes, properties and controlled vocabularies of the TBox (profile `tbox`). "
        + "Labels in Russian and Kazakh are in [the glossary](glossary.md); conventions in "
        + "[modelling-conventions.md](modelling-conventions.md).\n\n"
        + f"## Classes ({len(class_rows)})\n\n"
        + table(["class", "label", "subclass of", "definition"], class_rows)
        + f"\n## Properties ({len(prop_rows)})\n\n"
        + table(["property", "kind", "domain", "range", "definition"], prop_rows)
        + f"\n## Concept schemes ({len(scheme_rows)})\n\n"
        + table(["scheme", "label", "concept class", "top concepts", "concepts"], scheme_rows)
    )


def glossary_page(graph: rdflib.Graph) -> str:
    """Every class, property and concept with its English, Russian and Kazakh label."""
    sections: list[str] = []
    groups: list[tuple[str, Callable[[Node], bool]]] = [
        ("Classes", lambda n: (n, RDF.type, OWL.Class) in graph),
        (
            "Properties",
            lambda n: any(
                (n, RDF.type, k) in graph
                for k in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
            ),
        ),
    ]
    for title, test in groups:
        terms = [t for t in sorted_nodes(graph.subjects(RDF.type, None)) if own(t, AIKG) and test(t)]
        rows = [[f"`{curie(graph, t)}`", *(label(graph, t, lang) for lang in LANGS)] for t in terms]
        sections.append(f"## {title}\n\n" + table(["term", "en", "ru", "kk"], rows))
    for scheme in sorted_nodes(graph.subjects(RDF.type, SKOS.ConceptScheme)):
        concepts = [c for c in sorted_nodes(graph.subjects(SKOS.inScheme, scheme)) if own(c, AIKGV)]
        rows = [[f"`{curie(graph, c)}`", *(label(graph, c, lang) for lang in LANGS)] for c in concepts]
        sections.append(f"## {label(graph, scheme)}\n\n" + table(["concept", "en", "ru", "kk"], rows))
    return (
        HEADER
        + "# Glossary (English, Russian, Kazakh)\n\n"
        + "The labels aikg uses for its terms. Russian and Kazakh reuse the study's own terms from its "
        + "abstracts and keywords where it has them (e.g. «правовой статус» / «құқықтық мәртебе», "
        + "«определение ИИ» / «жасанды интеллект анықтамасы», «ответственность за вред, причинённый ИИ» / "
        + "«ЖИ келтірген зиян үшін жауапкершілік»). Labels are unique within a class or scheme and language, "
        + "not across the graph: Russian «ответственность» covers both liability and accountability, so "
        + "accountability is «подотчётность».\n\n"
        + "\n".join(sections)
    )


def errata_page(graph: rdflib.Graph) -> str:
    """The errata table: what the study says, what is correct, and on what source."""
    rows = []
    for erratum in sorted_nodes(graph.subjects(RDF.type, AIKG.Erratum)):
        sources = []
        for citation in graph.objects(erratum, AIKG.citation):
            source = graph.value(citation, AIKG.source)
            if source == AIKGD.study:
                continue
            where = graph.value(citation, AIKG.pages) or graph.value(citation, AIKG.locator)
            sources.append(label(graph, source) + (f" ({where})" if where else ""))
        rows.append(
            [
                label(graph, erratum).split(":", 1)[0],
                f"`{curie(graph, graph.value(erratum, AIKG.corrects))}`",
                label(graph, graph.value(erratum, AIKG.erratumType)),
                str(graph.value(erratum, AIKG.studyText) or ""),
                str(graph.value(erratum, AIKG.correctionText) or ""),
                label(graph, graph.value(erratum, AIKG.verificationStatus)),
                "; ".join(sorted(sources)) or "the study itself",
            ]
        )
    return (
        HEADER
        + "# Errata of the source study\n\n"
        + "Where the study is wrong, aikg keeps its statement in its own words and marks it with an "
        + "`aikg:Erratum` (one mechanism for all errors). *Verified* means the correction was checked "
        + "against the cited source; *unverified* marks an apparent error whose correction could not be "
        + "checked. See also [to-verify.md](to-verify.md).\n\n"
        + table(
            ["id", "marks", "kind", "the study says", "correction", "status", "source of the correction"],
            rows,
        )
    )
