"""A plain-text summary of what a knowledge base holds.

Every list is sorted (by label, then IRI), so the same graph always gives the
same text; the tests and ``aikg report`` rely on that.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Iterable
from typing import Final

import pyoxigraph as ox

from .load import KnowledgeBase
from .namespaces import AIKG
from .terms import curie_or_iri
from .validate import ValidationResult, gap_titles

__all__ = ["COUNTED_CLASSES", "summarize", "summarize_gaps"]

#: The headline counts: (heading, class). Instances are counted through rdfs:subClassOf*.
COUNTED_CLASSES: Final[tuple[tuple[str, str], ...]] = (
    ("AI definitions", str(AIKG.AIDefinition)),
    ("claims", str(AIKG.Claim)),
    ("errata", str(AIKG.Erratum)),
    ("bibliographic resources (sources)", str(AIKG.BibliographicResource)),
    ("status events", str(AIKG.StatusEvent)),
    ("agents", str(AIKG.Agent)),
    ("jurisdictions", str(AIKG.Jurisdiction)),
)

_INSTRUMENT: Final = str(AIKG.LegalInstrument)
_NONE: Final = "(none)"

# English label of a resource, if it has one (the smallest, so the choice is stable).
_LABEL: Final = """
  OPTIONAL {{
    SELECT ?{var} (MIN(?l) AS ?{var}Label) WHERE {{
      ?{var} rdfs:label|skos:prefLabel ?l . FILTER (LANGMATCHES(LANG(?l), "en"))
    }} GROUP BY ?{var}
  }}
"""


def _text(term: object) -> str:
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return "" if term is None else str(term)


def _rows(kb: KnowledgeBase, query: str) -> list[tuple[str, ...]]:
    solutions = kb.query(query)
    if not isinstance(solutions, ox.QuerySolutions):
        raise TypeError("a summary query must be a SELECT")
    width = len(solutions.variables)
    return [tuple(_text(solution[i]) for i in range(width)) for solution in solutions]


def _name(iri: str, label: str) -> str:
    """``label (prefix:local)``, or just the compact IRI when there is no label."""
    short = curie_or_iri(iri) if iri else _NONE
    return f"{label} ({short})" if label else short


def _count(kb: KnowledgeBase, query: str) -> int:
    rows = _rows(kb, query)
    return int(rows[0][0]) if rows and rows[0][0] else 0


def _sorted(rows: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    """Alphabetical regardless of case, with a case-sensitive tie-break for stability."""
    return sorted(rows, key=lambda row: (row[0].casefold(), row[0], row[1]))


def _table(rows: list[tuple[str, int]], indent: str = "  ") -> list[str]:
    if not rows:
        return [indent + _NONE]
    width = max(len(name) for name, _ in rows)
    return [f"{indent}{name.ljust(width)}  {count:>5}" for name, count in rows]


def _declared(kb: KnowledgeBase, iri: str) -> bool:
    return bool(kb.query(f"ASK {{ <{iri}> a owl:Class }}"))


def summarize(kb: KnowledgeBase) -> str:
    """The summary of *kb* as text (ends with a newline)."""
    lines: list[str] = []
    title = f"aikg summary: {kb.profile or 'ontology'} <{kb.root.iri}>, {len(kb.modules)} modules"
    lines += [title, "=" * len(title)]
    # DISTINCT: a triple stated in two modules is one triple of the merged graph.
    distinct = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
    lines.append(f"triples: {_count(kb, distinct)}")

    lines += ["", "TBox terms (aikg:)"]
    terms = []
    for heading, owl_type in (
        ("classes", "owl:Class"),
        ("object properties", "owl:ObjectProperty"),
        ("datatype properties", "owl:DatatypeProperty"),
        ("annotation properties", "owl:AnnotationProperty"),
    ):
        query = (
            f"SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{ ?t a {owl_type} . "
            f"FILTER (STRSTARTS(STR(?t), STR(aikg:))) }}"
        )
        terms.append((heading, _count(kb, query)))
    lines += _table(terms)

    lines += ["", "Concepts per scheme (aikgv:)"]
    schemes = _rows(
        kb,
        """SELECT ?scheme ?schemeLabel (COUNT(DISTINCT ?concept) AS ?n) WHERE {
             ?scheme a skos:ConceptScheme . OPTIONAL { ?concept skos:inScheme ?scheme }"""
        + _LABEL.format(var="scheme")
        + "} GROUP BY ?scheme ?schemeLabel",
    )
    lines += _table(_sorted((_name(s, label), int(n)) for s, label, n in schemes))

    lines += ["", "Legal instruments"]
    instruments = _count(
        kb,
        f"SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE {{ ?i a/rdfs:subClassOf* <{_INSTRUMENT}> }}",
    )
    lines.append(f"  total: {instruments}")
    lines.append("  per jurisdiction:")
    jurisdictions = _rows(
        kb,
        f"""SELECT ?j ?jLabel (COUNT(DISTINCT ?i) AS ?n) WHERE {{
              ?i a/rdfs:subClassOf* <{_INSTRUMENT}> .
              OPTIONAL {{ ?i aikg:hasJurisdiction ?j }}"""
        + _LABEL.format(var="j")
        + "} GROUP BY ?j ?jLabel",
    )
    lines += _table(_sorted((_name(j, label), int(n)) for j, label, n in jurisdictions), "    ")
    lines.append("  per kind and binding force:")
    kinds = _rows(
        kb,
        f"""SELECT DISTINCT ?i ?kind ?kindLabel ?force ?forceLabel WHERE {{
              ?i a/rdfs:subClassOf* <{_INSTRUMENT}> .
              OPTIONAL {{ ?i a ?kind . ?kind rdfs:subClassOf+ <{_INSTRUMENT}> }}
              OPTIONAL {{ ?i aikg:formalForce ?force }}"""
        + _LABEL.format(var="kind")
        + _LABEL.format(var="force")
        + "}",
    )
    per_kind = Counter(
        f"{_name(kind, kind_label)}, {_force_name(force, force_label)}"
        for _, kind, kind_label, force, force_label in kinds
    )
    lines += _table(_sorted(per_kind.items()), "    ")

    lines += ["", "Other resources"]
    counted = []
    for heading, iri in COUNTED_CLASSES:
        if not _declared(kb, iri):
            counted.append((f"{heading} ({curie_or_iri(iri)} is not declared)", 0))
            continue
        query = f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a/rdfs:subClassOf* <{iri}> }}"
        counted.append((f"{heading} ({curie_or_iri(iri)})", _count(kb, query)))
    lines += _table(counted)
    return "\n".join(lines) + "\n"


def _force_name(iri: str, label: str) -> str:
    """A binding force's label, or ``(no binding force)``."""
    return label or (curie_or_iri(iri) if iri else "(no binding force)")


#: Width the gap lines wrap at (the report reads well in an 80-column terminal).
WIDTH: Final = 88


def summarize_gaps(result: ValidationResult, width: int = WIDTH) -> str:
    """The gap findings of the G-shapes, per shape and jurisdiction, on the as-of date.

    The titles come from the shapes' own labels, so a new gap shape shows up here
    without a change to this code. Each jurisdiction's line lists the concepts or
    instruments the finding names, wrapped at *width* columns.
    """
    day = result.as_of.isoformat() if result.as_of else "the profile's as-of date"
    lines = [
        f"Gaps in the law on {day} (SHACL, profile {result.profile}; `aikg validate` lists every finding)"
    ]
    for shape, title in sorted(gap_titles().items()):
        findings = result.for_shape(shape)
        lines.append(f"  {shape} {title}: {len(findings)}")
        per_jurisdiction: dict[str, set[str]] = {}
        for finding in findings:
            where = (
                result.compact(finding.jurisdiction)
                if finding.jurisdiction
                else result.compact(finding.resource)
            )
            values = per_jurisdiction.setdefault(where, set())
            for named in (finding.concept, finding.instrument):
                if named:
                    values.add(result.compact(named))
        for jurisdiction, values in sorted(per_jurisdiction.items()):
            text = jurisdiction + (f": {', '.join(sorted(values))}" if values else "")
            lines.extend(
                textwrap.wrap(
                    text,
                    width=width,
                    initial_indent="      ",
                    subsequent_indent="        ",
                    break_on_hyphens=False,
                )
            )
    return "\n".join(lines) + "\n"
