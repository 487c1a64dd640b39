"""``docs/coverage.md``: what the graph holds, per jurisdiction, and how completely.

Two kinds of declared coverage (``ontology/modules/coverage.ttl``) decide whether
an answer may claim an absence: the *inventory* of a jurisdiction (does the graph
hold every instrument in effect for it that deals with a dimension?) and the
*coding* of each instrument (are the provisions of that dimension coded from the
text, partly, or only as the study reports them?). This page tabulates both, so a
reader sees at a glance where "not established" answers come from. Nothing here is
inferred from silence: a blank cell means no declaration, which derive.py reads as
"not known".
"""

from __future__ import annotations

import rdflib
from rdflib import RDF, RDFS
from rdflib.term import Node

from ..namespaces import AIKG, AIKGV, SKOS
from ._md import HEADER, cell, curie, label, sorted_nodes, table

__all__ = ["coverage_page"]

_DIMENSIONS = (
    AIKGV.DimensionDefinition,
    AIKGV.DimensionPrinciples,
    AIKGV.DimensionLegalIssues,
    AIKGV.DimensionRegulatedParties,
    AIKGV.DimensionStatusHistory,
)
_SHORT = {
    AIKGV.CoverageComplete: "complete",
    AIKGV.CoveragePartial: "partial",
    AIKGV.CoverageStudyOnly: "study only",
}


def _subclasses(graph: rdflib.Graph, cls: Node) -> set[Node]:
    found = {cls}
    todo = [cls]
    while todo:
        for sub in graph.subjects(RDFS.subClassOf, todo.pop()):
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return found


def _declarations(graph: rdflib.Graph, subject: Node, prop: Node) -> dict[Node, list[tuple[str, str, str]]]:
    """dimension -> [(level, date, provisions)] of *subject*'s declarations through *prop*."""
    found: dict[Node, list[tuple[str, str, str]]] = {}
    for decl in graph.objects(subject, prop):
        dimension = graph.value(decl, AIKG.dimension)
        level = graph.value(decl, AIKG.coverageLevel)
        if dimension is None or level is None:
            continue
        found.setdefault(dimension, []).append(
            (
                _SHORT.get(level, curie(graph, level)),  # type: ignore[call-overload]
                str(graph.value(decl, AIKG.date) or "undated"),
                str(graph.value(decl, AIKG.coveredProvisions) or ""),
            )
        )
    return {k: sorted(v) for k, v in found.items()}


def _cell_for(entries: list[tuple[str, str, str]] | None, *, provisions: bool) -> str:
    if not entries:
        return "—"
    parts = []
    for level, date, covered in entries:
        text = f"{level} ({date})"
        if provisions and covered:
            text += f": {covered}"
        parts.append(text)
    return "; ".join(parts)


_EVIDENCE_ORDER = (AIKGV.EvidenceOfficialText, AIKGV.EvidenceOfficialPage, AIKGV.EvidenceSecondary)


def _evidence(graph: rdflib.Graph, instrument: Node) -> str:
    """The strongest evidence level among the sources cited by the instrument, its
    provisions and its status events ("the study" when only the study is cited)."""
    cited = [
        instrument,
        *graph.subjects(AIKG.provisionOf, instrument),
        *graph.objects(instrument, AIKG.hasStatusEvent),
    ]
    levels = {
        level
        for node in cited
        for citation in graph.objects(node, AIKG.citation)
        for source in graph.objects(citation, AIKG.source)
        for level in graph.objects(source, AIKG.evidenceLevel)
    }
    for level in _EVIDENCE_ORDER:
        if level in levels:
            return label(graph, level)
    return (
        "the study and its references" if not levels else ", ".join(sorted(label(graph, x) for x in levels))
    )


def _latest_status(graph: rdflib.Graph, instrument: Node) -> str:
    """The status event with the latest date (rank breaks ties): "label (date)"."""
    events = []
    for event in graph.objects(instrument, AIKG.hasStatusEvent):
        status = graph.value(event, AIKG.resultingStatus)
        date = graph.value(event, AIKG.date)
        if status is None or date is None:
            continue
        rank = graph.value(status, AIKG.statusRank)
        events.append((str(date), int(str(rank)) if rank is not None else 0, label(graph, status)))
    if not events:
        return "—"
    day, _, name = max(events)
    return f"{name} ({day})"


def coverage_page(graph: rdflib.Graph) -> str:
    jurisdiction_classes = _subclasses(graph, AIKG.Jurisdiction)
    instrument_classes = _subclasses(graph, AIKG.LegalInstrument)
    jurisdictions = sorted_nodes(
        j
        for cls in jurisdiction_classes
        for j in graph.subjects(RDF.type, cls)
        if (None, AIKG.hasJurisdiction, j) in graph or (j, AIKG.inventoryCoverage, None) in graph
    )
    jurisdictions.sort(key=lambda j: label(graph, j))
    dim_names = [label(graph, d) for d in _DIMENSIONS]

    summary_rows = []
    sections = []
    for jurisdiction in jurisdictions:
        instruments = sorted_nodes(graph.subjects(AIKG.hasJurisdiction, jurisdiction))
        instruments = [
            i for i in instruments if any(t in instrument_classes for t in graph.objects(i, RDF.type))
        ]
        instruments.sort(key=lambda i: label(graph, i) or str(i))
        inventory = _declarations(graph, jurisdiction, AIKG.inventoryCoverage)
        coded = {d: 0 for d in _DIMENSIONS}
        rows = []
        for instrument in instruments:
            coding = _declarations(graph, instrument, AIKG.codingCoverage)
            for d in _DIMENSIONS:
                if any(level == "complete" for level, _, _ in coding.get(d, [])):
                    coded[d] += 1
            kinds = sorted(
                label(graph, t)
                for t in graph.objects(instrument, RDF.type)
                if t in instrument_classes and t != AIKG.LegalInstrument
            )
            rows.append(
                [
                    f"{label(graph, instrument)} (`{curie(graph, instrument)}`)",
                    ", ".join(kinds),
                    label(graph, graph.value(instrument, AIKG.formalForce)) or "—",
                    _latest_status(graph, instrument),
                    _evidence(graph, instrument),
                    *(_cell_for(coding.get(d), provisions=True) for d in _DIMENSIONS),
                ]
            )
        name = f"{label(graph, jurisdiction)} (`{curie(graph, jurisdiction)}`)"
        summary_rows.append(
            [
                name,
                str(len(instruments)),
                *(
                    f"inventory {_cell_for(inventory.get(d), provisions=False)}"
                    f" · coded {coded[d]}/{len(instruments)}"
                    for d in _DIMENSIONS
                ),
            ]
        )
        body = f"### {cell(label(graph, jurisdiction))} — `{curie(graph, jurisdiction)}`\n\n"
        inventory_notes = [
            f"- inventory of {label(graph, d)}: {_cell_for(inventory.get(d), provisions=True)}"
            for d in _DIMENSIONS
            if d in inventory
        ]
        body += (
            ("\n".join(inventory_notes) + "\n\n")
            if inventory_notes
            else (
                "No inventory declaration: answers that would need to know every instrument of this "
                "jurisdiction are *not established*.\n\n"
            )
        )
        if rows:
            body += table(
                [
                    "instrument",
                    "kind",
                    "formal force once adopted",
                    "latest status event",
                    "best evidence",
                    *dim_names,
                ],
                rows,
            )
        else:
            body += "No instrument of its own in the graph.\n"
        sections.append(body)

    levels = sorted_nodes(graph.subjects(RDF.type, AIKG.CoverageLevel))
    legend = "\n".join(
        f"- **{_SHORT.get(level, label(graph, level))}** (`{curie(graph, level)}`): "  # type: ignore[call-overload]
        f"{' '.join(str(graph.value(level, SKOS.definition) or '').split())}"
        for level in levels
    )
    return (
        HEADER
        + "# Coverage: what the graph holds, and how completely\n\n"
        + 'An answer that claims an absence ("no binding rule", "soft law only", "none") is given only '
        + "where the graph declares both its inventory of the jurisdiction and its coding of the relevant "
        + "provisions *complete* for the day asked; otherwise the answer is *not established*. The "
        + "declarations are data (`aikg:inventoryCoverage` on a jurisdiction, `aikg:codingCoverage` on an "
        + "instrument, each dated and sourced); a declaration says nothing of days after its date. "
        + "A dash means no declaration.\n\n"
        + legend
        + "\n\n"
        + f"## Summary ({len(jurisdictions)} jurisdictions)\n\n"
        + "Each dimension cell: the inventory declaration (level and date), then how many of the "
        + "jurisdiction's own instruments are declared coded in full for that dimension.\n\n"
        + table(["jurisdiction", "instruments", *dim_names], summary_rows)
        + "\n## By jurisdiction\n\n"
        + "\n".join(sections)
    )
