"""A plain-text summary of what a knowledge base holds.

Every list is sorted (by label, then IRI), so the same graph always gives the
same text; the tests and ``aikg report`` rely on that.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Final

import pyoxigraph as ox

from .hygiene import compact
from .load import KnowledgeBase
from .namespaces import AIKG
from .validate import ValidationResult

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
    short = compact(f"<{iri}>") if iri else _NONE
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
              OPTIONAL {{ ?i aikg:hasBindingForce ?force }}"""
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
            counted.append((f"{heading} ({compact(f'<{iri}>')} is not declared)", 0))
            continue
        query = f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a/rdfs:subClassOf* <{iri}> }}"
        counted.append((f"{heading} ({compact(f'<{iri}>')})", _count(kb, query)))
    lines += _table(counted)
    return "\n".join(lines) + "\n"


def _force_name(iri: str, label: str) -> str:
    """A binding force's label, or ``(no binding force)``."""
    return label or (compact(f"<{iri}>") if iri else "(no binding force)")


#: What each gap shape finds, for the report (the shapes' own messages name the jurisdiction).
_GAP_TITLES: Final = {
    "G01": "no legally binding definition of AI in force",
    "G02": "AI instruments but no binding rule on liability for harm in force",
    "G03": "legal issues covered only by soft law",
    "G04": "principles upheld only in soft law",
    "G05": "instruments still in draft",
}


def summarize_gaps(result: ValidationResult) -> str:
    """The gap findings of the SHACL shapes (G01–G05), one line per shape and jurisdiction."""
    lines = [f"Gaps in the law on {result.snapshot} (SHACL; `aikg validate` lists every finding)"]
    for shape, title in _GAP_TITLES.items():
        findings = result.for_shape(shape)
        lines.append(f"  {shape} {title}: {len(findings)}")
        per_jurisdiction: dict[str, list[str]] = {}
        for finding in findings:
            values = per_jurisdiction.setdefault(result.compact(finding.resource), [])
            if finding.value and finding.value.startswith("<") and shape not in ("G01", "G02"):
                values.append(result.compact(finding.value.strip("<>")))
        for jurisdiction, values in sorted(per_jurisdiction.items()):
            lines.append(f"      {jurisdiction}" + (f": {', '.join(sorted(values))}" if values else ""))
    return "\n".join(lines) + "\n"
