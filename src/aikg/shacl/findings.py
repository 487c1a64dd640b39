"""Findings: pySHACL's validation results in aikg's terms.

A :class:`Finding` is one ``sh:ValidationResult`` of the report (results nested in
``sh:detail`` explain others and are not findings). Its focus node, path and value stay
RDF terms (pyoxigraph terms); a blank node among them gets a stable label derived from
its description, and the description travels with the finding, so that a report built
from findings stands alone and is the same from run to run.

Which resource a finding is *about* (:attr:`Finding.resource`) follows two conventions
of aikg's shapes, read from the shapes and data graphs, not from shape IDs:

* **Anchored rules.** A SPARQL constraint that runs one query over the whole graph is
  anchored at one node (``sh:targetNode``: ``<https://w3id.org/aikg/data/>`` for data
  rules, ``<https://w3id.org/aikg/ontology>`` for rules on terms), and its ``sh:value``
  is the resource at fault. When the focus node is the source shape's own
  ``sh:targetNode`` and the result names another value, the resource is the value.
* **Gaps.** A gap shape's focus node is the profile whose as-of date it used; its
  ``sh:value`` is a derived answer interval (or effect interval), which names the
  jurisdiction (``aikg:forJurisdiction``) and the concept (``aikg:answerConcept``) or
  instrument (``aikg:intervalOf``). The resource is the jurisdiction; the finding
  exposes :attr:`~Finding.jurisdiction`, :attr:`~Finding.concept` and
  :attr:`~Finding.instrument`.

Otherwise the resource is the focus node, or, for a blank node, the nearest IRI that
points to it (the instrument that declares a coverage node, say).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SKOS
from rdflib.term import Literal as RdfLiteral
from rdflib.term import Node

from ..load import Profile, to_oxigraph
from ..namespaces import AIKG, AIKGSH, RDFS
from ..terms import curie_or_iri
from .shapes import SEVERITIES, SH, Severity, owner_id

if TYPE_CHECKING:
    from .datagraph import DataGraph

__all__ = ["FailOn", "FAIL_ON", "Term", "Finding", "ValidationResult", "collect_findings", "path_text"]

FailOn = Literal["violation", "warning", "none"]
FAIL_ON: Final[tuple[FailOn, ...]] = ("violation", "warning", "none")
Term = ox.NamedNode | ox.BlankNode | ox.Literal

_RANK: Final = {name: rank for rank, name in enumerate(SEVERITIES)}
_MAX_DEPTH: Final = 8
# One IRI (``<...>`` or a CURIE), possibly inverted: needs no parentheses inside a longer path.
_SIMPLE_PATH: Final = re.compile(r"^\^?(?:<[^<>]*>|[A-Za-z][\w.-]*:[\w.-]*)$")


def _iri_or_label(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)  # "_:label" or an N-Triples literal


@dataclass(frozen=True)
class Finding:
    """One SHACL validation result, in aikg's terms (see the module documentation).

    * ``shape``: the shape ID (``S03``); ``constraint``: the named shape or constraint
      that reported it (``S03-jurisdiction``, ``G01-sparql``, ``S12``).
    * ``resource``: the IRI the finding is about (or a blank node's ``_:`` label).
    * ``focus``, ``path``, ``value``: the result's RDF terms; ``path`` is an IRI or the
      blank head of a SHACL path whose triples are in ``description``.
    * ``source``: the file that describes the resource, when known.
    """

    severity: Severity
    shape: str
    constraint: str
    resource: str
    focus: Term
    path: ox.NamedNode | ox.BlankNode | None
    value: Term | None
    message: str
    component: str
    source_shape: ox.NamedNode | ox.BlankNode
    source_constraint: ox.NamedNode | ox.BlankNode | None = None
    source: str | None = None
    jurisdiction: str | None = None
    concept: str | None = None
    instrument: str | None = None
    #: Triples describing the blank nodes among focus, path, value and source shape.
    description: tuple[ox.Triple, ...] = field(default=(), compare=False, repr=False)

    @property
    def names(self) -> frozenset[str]:
        """Every name the finding answers to: ID, constraint and the source shape's local name."""
        names = {self.shape, self.constraint}
        if isinstance(self.source_shape, ox.NamedNode) and self.source_shape.value.startswith(str(AIKGSH)):
            names.add(self.source_shape.value[len(str(AIKGSH)) :])
        return frozenset(names)

    def path_text(self, compact: Callable[[str], str] = lambda iri: f"<{iri}>") -> str | None:
        """The path in SPARQL property-path syntax, each IRI written by *compact*."""
        return None if self.path is None else path_text(self.path, self.description, compact)

    @property
    def sort_key(self) -> tuple[object, ...]:
        return (
            _RANK[self.severity],
            self.resource,
            self.shape,
            self.constraint,
            self.path_text() or "",
            _iri_or_label(self.value),
            self.message,
            _iri_or_label(self.focus),
        )

    def as_dict(self) -> dict[str, str | None]:
        """The record as JSON-ready data (terms in N-Triples syntax, the path in SPARQL syntax)."""
        return {
            "severity": self.severity,
            "shape": self.shape,
            "constraint": self.constraint,
            "resource": self.resource,
            "focus": str(self.focus),
            "path": self.path_text(),
            "value": None if self.value is None else str(self.value),
            "message": self.message,
            "component": self.component,
            "sourceShape": str(self.source_shape),
            "source": self.source,
            "jurisdiction": self.jurisdiction,
            "concept": self.concept,
            "instrument": self.instrument,
        }

    def __str__(self) -> str:
        where = f" {self.path_text()}" if self.path is not None else ""
        return f"{self.severity} {self.constraint} <{self.resource}>{where}: {self.message}"


def path_text(
    node: ox.NamedNode | ox.BlankNode | ox.Literal,
    triples: Sequence[ox.Triple],
    compact: Callable[[str], str],
) -> str:
    """A SHACL path (an IRI, or a blank node described by *triples*) in SPARQL syntax."""

    def objects(subject: object, predicate: URIRef) -> list[Term]:
        p = ox.NamedNode(str(predicate))
        return [t.object for t in triples if t.subject == subject and t.predicate == p]  # type: ignore[misc]

    def items(head: Term) -> list[Term]:
        found: list[Term] = []
        while isinstance(head, ox.BlankNode) and len(found) < 64:
            first, rest = objects(head, RDF.first), objects(head, RDF.rest)
            if not first or not rest:
                break
            found.append(first[0])
            head = rest[0]
        return found

    def render(term: Term, depth: int = 0) -> str:
        if isinstance(term, ox.NamedNode) or depth > _MAX_DEPTH:
            return compact(term.value) if isinstance(term, ox.NamedNode) else str(term)
        if isinstance(term, ox.Literal):
            return str(term)

        def wrap(inner: Term) -> str:
            text = render(inner, depth + 1)
            return text if _SIMPLE_PATH.match(text) else f"({text})"

        if inverse := objects(term, SH.inversePath):
            return "^" + wrap(inverse[0])
        if alternative := objects(term, SH.alternativePath):
            return "(" + "|".join(wrap(i) for i in items(alternative[0])) + ")"
        for predicate, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
            if inner := objects(term, predicate):
                return wrap(inner[0]) + suffix
        if sequence := items(term):
            return "/".join(wrap(i) for i in sequence)
        return str(term)

    return render(node)


# --------------------------------------------------------------------------- the result


@dataclass(frozen=True)
class ValidationResult:
    """The outcome of :func:`aikg.shacl.validate`.

    ``conforms`` is true when there is no Violation (warnings and infos are findings
    about the law, not errors in the data). ``failed`` and ``exit_code`` follow
    ``fail_on``. ``as_of`` is the as-of date the gap shapes used: the profile's
    ``aikg:asOfDate``, or the ``date`` given, which replaced it.
    """

    findings: tuple[Finding, ...]
    profile: Profile
    include_shipped: bool
    data_files: tuple[Path, ...]
    fail_on: FailOn
    triples: int
    shapes: tuple[str, ...]
    as_of: dt.date | None
    date_given: bool = False
    labels: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)
    prefixes: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    def _of(self, severity: Severity) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == severity)

    @property
    def violations(self) -> tuple[Finding, ...]:
        return self._of("Violation")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return self._of("Warning")

    @property
    def infos(self) -> tuple[Finding, ...]:
        return self._of("Info")

    @property
    def conforms(self) -> bool:
        return not self.violations

    @property
    def failed(self) -> bool:
        if self.fail_on == "none":
            return False
        if self.fail_on == "warning":
            return bool(self.violations or self.warnings)
        return bool(self.violations)

    @property
    def exit_code(self) -> int:
        """1 if the findings reach ``fail_on``, else 0 (bad input, 2, is raised before)."""
        return 1 if self.failed else 0

    def counts(self) -> dict[str, int]:
        """``{"violation": n, "warning": n, "info": n}``."""
        return {severity.lower(): len(self._of(severity)) for severity in SEVERITIES}

    def by_resource(self, severity: Severity | None = None) -> dict[str, list[Finding]]:
        """Findings grouped by resource, in report order."""
        groups: dict[str, list[Finding]] = {}
        for finding in self.findings:
            if severity is None or finding.severity == severity:
                groups.setdefault(finding.resource, []).append(finding)
        return groups

    def for_shape(self, name: str) -> tuple[Finding, ...]:
        """The findings of one shape ID (``"G01"``) or named shape or constraint (``"S03-jurisdiction"``)."""
        return tuple(f for f in self.findings if name in f.names)

    def compact(self, iri: str) -> str:
        """``prefix:local`` for *iri* where a known prefix fits, else ``<iri>``."""
        return curie_or_iri(iri, self.prefixes)

    def summary(self) -> str:
        counts = self.counts()
        verdict = "FAIL" if self.failed else "ok"
        return (
            f"{counts['violation']} violation(s), {counts['warning']} warning(s), {counts['info']} info(s): "
            f"{verdict} (--fail-on {self.fail_on})"
        )

    def to_text(self, show: Severity = "Info") -> str:
        """A table of findings grouped by resource, then a summary; *show* is the least serious listed."""
        from .report import to_text

        return to_text(self, show)

    def to_json(self) -> str:
        """Deterministic JSON: options, counts and every finding."""
        from .report import to_json

        return to_json(self)

    def report_triples(self) -> list[ox.Triple]:
        """The findings as an ``sh:ValidationReport`` (pyoxigraph triples)."""
        from .report import report_triples

        return report_triples(self)

    @cached_property
    def report_graph(self) -> Graph:
        """The ``sh:ValidationReport`` as an rdflib graph."""
        from ..rdfio import to_rdflib_graph

        return to_rdflib_graph(self.report_triples(), self.prefixes)

    def to_turtle(self) -> str:
        """The ``sh:ValidationReport`` as canonical Turtle (the writer ``aikg build`` uses)."""
        from .report import to_turtle

        return to_turtle(self)


# --------------------------------------------------------------------------- collecting


class _Describer:
    """Stable labels and descriptions of blank nodes in one graph."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._cache: dict[Node, tuple[ox.BlankNode, tuple[ox.Triple, ...]]] = {}

    def term(self, node: Node) -> tuple[Term, tuple[ox.Triple, ...]]:
        if isinstance(node, BNode):
            return self.describe(node)
        return to_oxigraph(node), ()

    def describe(self, node: BNode, depth: int = 0) -> tuple[ox.BlankNode, tuple[ox.Triple, ...]]:
        if node in self._cache:
            return self._cache[node]
        pairs: list[tuple[ox.NamedNode, Term]] = []
        nested: list[ox.Triple] = []
        if depth < _MAX_DEPTH:
            for predicate, obj in self.graph.predicate_objects(node):
                term, more = self.term(obj) if not isinstance(obj, BNode) else self.describe(obj, depth + 1)
                pairs.append((to_oxigraph(predicate), term))  # type: ignore[arg-type]
                nested.extend(more)
        lines = sorted(f"{p} {o}" for p, o in pairs)
        me = ox.BlankNode("b" + hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16])
        found = (me, tuple(dict.fromkeys([*(ox.Triple(me, p, o) for p, o in pairs), *nested])))
        self._cache[node] = found
        return found


def _owner(node: Node, data: Graph) -> Node:
    """The nearest IRI that points (through blank nodes) to a blank node or literal, or *node* itself."""
    current = node
    for _ in range(_MAX_DEPTH):
        if not isinstance(current, (BNode, RdfLiteral)):
            return current
        subjects = sorted(data.subjects(None, current), key=lambda s: (isinstance(s, BNode), str(s)))
        if not subjects:
            return node
        current = subjects[0]
    return node


def _message(report: Graph, result: Node, source_shape: Node | None, constrained: bool, shapes: Graph) -> str:
    """The result's message: the SPARQL constraint's own (with its variables filled in), English first."""
    messages = [m for m in report.objects(result, SH.resultMessage) if isinstance(m, RdfLiteral)]
    if constrained and source_shape is not None:
        # pySHACL adds the node shape's sh:message to a SPARQL result; the constraint's is the precise one.
        generic = {str(m) for m in shapes.objects(source_shape, SH.message)}
        messages = [m for m in messages if str(m) not in generic] or messages
    english = [m for m in messages if (m.language or "en").lower().startswith("en")]
    chosen = sorted(str(m) for m in (english or messages))
    return chosen[0] if chosen else ""


def _label(data: Graph, iri: str) -> str | None:
    node = URIRef(iri)
    found = sorted(
        str(v)
        for predicate in (RDFS.label, SKOS.prefLabel)
        for v in data.objects(node, predicate)
        if isinstance(v, RdfLiteral) and v.language and v.language.lower().startswith("en")
    )
    return found[0] if found else None


def _local(node: Node) -> str:
    text = str(node)
    return (
        text[len(str(AIKGSH)) :]
        if text.startswith(str(AIKGSH))
        else text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    )


def collect_findings(
    report: Graph, data: DataGraph, shapes: Graph, sources: Mapping[str, str]
) -> tuple[tuple[Finding, ...], dict[str, str]]:
    """The report's top-level results as sorted findings, and the English labels of their resources."""
    graph = data.graph
    in_data, in_report, in_shapes = _Describer(graph), _Describer(report), _Describer(shapes)
    findings: set[Finding] = set()
    results = [
        r for rep in report.subjects(RDF.type, SH.ValidationReport) for r in report.objects(rep, SH.result)
    ]
    for result in results:
        severity = str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
        source_shape = report.value(result, SH.sourceShape)
        source_constraint = report.value(result, SH.sourceConstraint)
        focus = report.value(result, SH.focusNode)
        value = report.value(result, SH.value)
        path = report.value(result, SH.resultPath)
        if source_shape is None or focus is None:
            continue  # not a result pySHACL writes
        # Gap convention first, then anchored rules, then the focus node itself.
        subject: Node = focus
        jurisdiction = concept = instrument = None
        if isinstance(value, URIRef) and (found := graph.value(value, AIKG.forJurisdiction)) is not None:
            subject = found
            jurisdiction = str(found)
            concept = str(c) if (c := graph.value(value, AIKG.answerConcept)) is not None else None
            instrument = str(i) if (i := graph.value(value, AIKG.intervalOf)) is not None else None
        elif (
            source_constraint is not None
            and value is not None
            and value != focus
            and (source_shape, SH.targetNode, focus) in shapes
        ):
            subject = value
        owner = _owner(subject, graph)
        focus_term, focus_triples = in_data.term(focus)
        value_term, value_triples = (None, ()) if value is None else in_data.term(value)
        path_term, path_triples = (None, ()) if path is None else in_report.term(path)
        shape_term, shape_triples = in_shapes.term(source_shape)
        constraint_term = None if source_constraint is None else in_shapes.term(source_constraint)[0]
        resource = str(owner) if not isinstance(owner, BNode) else str(in_data.term(owner)[0])
        shape_id = owner_id(source_shape, shapes) or "?"
        named = source_constraint if isinstance(source_constraint, URIRef) else source_shape
        component = report.value(result, SH.sourceConstraintComponent)
        findings.add(
            Finding(
                severity=severity if severity in _RANK else "Violation",  # type: ignore[arg-type]
                shape=shape_id,
                constraint=_local(named) if isinstance(named, URIRef) else shape_id,
                resource=resource,
                focus=focus_term,
                path=path_term,  # type: ignore[arg-type]
                value=value_term,
                message=_message(report, result, source_shape, source_constraint is not None, shapes),
                component=_local(component) if component is not None else "?",
                source_shape=shape_term,  # type: ignore[arg-type]
                source_constraint=constraint_term,  # type: ignore[arg-type]
                source=sources.get(resource),
                jurisdiction=jurisdiction,
                concept=concept,
                instrument=instrument,
                description=tuple(
                    dict.fromkeys([*focus_triples, *value_triples, *path_triples, *shape_triples])
                ),
            )
        )
    ordered = tuple(sorted(findings, key=lambda f: f.sort_key))
    labels = {}
    for finding in ordered:
        for iri in (finding.resource, finding.concept, finding.instrument):
            if iri and iri not in labels and not iri.startswith("_:") and (label := _label(graph, iri)):
                labels[iri] = label
    return ordered, labels
