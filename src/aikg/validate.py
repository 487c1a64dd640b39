"""Validate the aikg knowledge graph, and users' own files, with aikg's SHACL shapes.

The shapes live in ``ontology/shapes/*.ttl`` (every file there is loaded; none is
imported by ``kb-*.ttl``):

* **S01-S29** data quality, severity ``sh:Violation``: what every resource must
  say, with which values, and rules that span resources;
* **T01-T05** the ontology's own terms, ``sh:Violation``: labels in en/ru/kk, an
  English definition, a source, unique labels, the ontology header;
* **G01-G05** gaps in the law, ``sh:Warning`` or ``sh:Info``: evaluated on the
  study snapshot date (``aikgsh:snapshotDate()``, written once in
  ``ontology/shapes/common.ttl``), each message naming the jurisdiction.

:func:`validate` parses the user's files strictly (:mod:`aikg.load`: pyoxigraph,
defusedxml screening of RDF/XML, the :data:`~aikg.load.MAX_INPUT_BYTES` cap), adds
them to the shipped graph (or, with ``include_shipped=False``, to the TBox and
the bibliography it cites) and runs pySHACL with SHACL Advanced Features on,
inference off (the data is asserted; class hierarchies come from the TBox).
The data graph is a pyoxigraph store, which makes the SPARQL-based shapes fast.

The result is a :class:`ValidationResult` of typed :class:`Finding` records,
sorted deterministically, that renders itself as a text table grouped by
resource, as JSON, or as the ``sh:ValidationReport`` in Turtle.

Nothing is written anywhere: user files are only read.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Final, Literal

import pyoxigraph as ox
from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.namespace import RDF
from rdflib.term import Literal as RdfLiteral
from rdflib.term import Node

from .errors import AikgError
from .load import (
    DEFAULT_PROFILE,
    PROFILES,
    KnowledgeBase,
    Module,
    Profile,
    load_ontology,
    load_profile,
    parse_file,
    read_catalog,
    to_oxigraph,
    to_rdflib,
)
from .namespaces import AIKGSH, PREFIXES, bind_prefixes
from .resources import ontology_dir

__all__ = [
    "AIKGSH",
    "SH",
    "SEVERITIES",
    "FAIL_ON",
    "TBOX_CONTEXT_MODULE",
    "Severity",
    "FailOn",
    "Finding",
    "ValidationResult",
    "validate",
    "shapes_dir",
    "load_shapes",
    "shape_ids",
    "snapshot_date",
]

SH: Final = Namespace("http://www.w3.org/ns/shacl#")

Severity = Literal["Violation", "Warning", "Info"]
FailOn = Literal["violation", "warning", "none"]

#: Severities from the most to the least serious.
SEVERITIES: Final[tuple[Severity, ...]] = ("Violation", "Warning", "Info")
FAIL_ON: Final[tuple[FailOn, ...]] = ("violation", "warning", "none")

#: With ``include_shipped=False`` (and for profile ``tbox``) the background is this
#: module: the study's bibliography, which imports the TBox. The TBox cites the study
#: and its references (``aikgd:study``, ``aikgd:ref-20``...), so without them every
#: citation of a class or concept would point at an undescribed resource.
TBOX_CONTEXT_MODULE: Final = "https://w3id.org/aikg/data/module/sources"

_SHAPE_ID: Final = re.compile(r"^([A-Z][0-9]{2})(?:-[A-Za-z][A-Za-z0-9]*)?$")
_SEVERITY_RANK: Final = {name: rank for rank, name in enumerate(SEVERITIES)}
_SAFE_LOCAL: Final = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_TTL_PREFIX: Final = re.compile(
    r"^\s*@?prefix\s+([A-Za-z][\w.-]*)?:\s*<([^<>\s]*)>", re.IGNORECASE | re.MULTILINE
)
_XSD_STRING: Final = "http://www.w3.org/2001/XMLSchema#string"
_DISPLAY_PREFIXES: Final[dict[str, str]] = {**PREFIXES, "aikgsh": str(AIKGSH), "sh": str(SH)}


# --------------------------------------------------------------------------- shapes


def shapes_dir() -> Path:
    """The folder holding aikg's shapes: ``<ontology>/shapes``."""
    return ontology_dir() / "shapes"


def _shape_files(folder: Path) -> tuple[Path, ...]:
    files = tuple(sorted(folder.glob("*.ttl")))
    if not files:
        raise AikgError(f"no SHACL shapes (*.ttl) in {folder}")
    return files


def _stamp(files: Iterable[Path]) -> tuple[tuple[str, int, int], ...]:
    stamps = []
    for path in files:
        stat = path.stat()
        stamps.append((str(path.resolve()), stat.st_mtime_ns, stat.st_size))
    return tuple(stamps)


@lru_cache(maxsize=8)
def _shapes_graph(stamp: tuple[tuple[str, int, int], ...]) -> Graph:
    graph = bind_prefixes(Graph())
    graph.bind("sh", str(SH))
    graph.bind("aikgsh", str(AIKGSH))
    for path_str, _mtime, _size in stamp:
        for triple in parse_file(path_str):  # strict, like every other aikg file
            graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
    return graph


def load_shapes(folder: Path | str | None = None) -> Graph:
    """All shapes of *folder* (default :func:`shapes_dir`) as one rdflib graph.

    The graph is cached per file set and modification time; treat it as read-only.
    """
    base = Path(folder) if folder is not None else shapes_dir()
    return _shapes_graph(_stamp(_shape_files(base)))


@lru_cache(maxsize=8)
def _pyshacl_shapes(stamp: tuple[tuple[str, int, int], ...]) -> Graph:
    # pySHACL adds a few RDFS axioms to the shapes graph it is given (idempotently);
    # it gets its own cached copy so that load_shapes() stays as the files say.
    return Graph() + _shapes_graph(stamp)


_TARGET_PREDICATES: Final = (
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.target,
)


@lru_cache(maxsize=8)
def _untargeted_shapes(stamp: tuple[tuple[str, int, int], ...]) -> Graph:
    # A copy of the shapes without their targets, for validating chosen focus nodes.
    return _strip_targets(Graph() + _shapes_graph(stamp))


def _strip_targets(graph: Graph) -> Graph:
    for predicate in _TARGET_PREDICATES:
        graph.remove((None, predicate, None))
    return graph


def _sparql_prefixes(shapes: Graph, node: Node) -> dict[str, str]:
    """The prefixes an ``sh:select`` may use: the ``sh:declare`` of its ``sh:prefixes``."""
    prefixes: dict[str, str] = {}
    for owner in shapes.objects(node, SH.prefixes):
        for declaration in shapes.objects(owner, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                prefixes[str(prefix)] = str(namespace)
    return prefixes


def _shape_targets(shapes: Graph, store: ox.Store, focus: set[str]) -> list[tuple[Node, URIRef]]:
    """(shape, node) for every node of *focus* that a shape targets, as SHACL defines targets.

    pySHACL's own ``focus_nodes`` option also filters the value nodes of nested
    shapes (``sh:node``, ``sh:or``, qualified shapes), which then pass unchecked;
    pinning the chosen targets with ``sh:targetNode`` keeps nesting intact.
    """

    def select(query: str, prefixes: Mapping[str, str] | None = None) -> set[str]:
        found = set()
        for solution in store.query(query, prefixes=dict(prefixes or {})):  # type: ignore[union-attr]
            term = solution[0]  # type: ignore[index]
            if isinstance(term, ox.NamedNode):
                found.add(term.value)
        return found

    pinned: list[tuple[Node, URIRef]] = []
    subclass = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
    for predicate in _TARGET_PREDICATES:
        for shape, target in sorted(shapes.subject_objects(predicate)):
            if predicate == SH.targetNode:
                nodes = {str(target)} if isinstance(target, URIRef) else set()
            elif predicate == SH.targetClass:
                nodes = select(f"SELECT DISTINCT ?x WHERE {{ ?x a/{subclass}* <{target}> }}")
            elif predicate == SH.targetSubjectsOf:
                nodes = select(f"SELECT DISTINCT ?x WHERE {{ ?x <{target}> ?o }}")
            elif predicate == SH.targetObjectsOf:
                nodes = select(f"SELECT DISTINCT ?x WHERE {{ ?s <{target}> ?x }}")
            else:
                query = shapes.value(target, SH.select)
                if query is None:
                    raise AikgError(f"unsupported sh:target {target} of {shape}")
                nodes = select(
                    str(query).replace("?this", "?x").replace("$this", "?x"), _sparql_prefixes(shapes, target)
                )
            pinned.extend((shape, URIRef(node)) for node in sorted(nodes & focus))
    return pinned


def shape_ids(shapes: Graph | None = None) -> tuple[str, ...]:
    """The stable IDs of the shapes that have targets (``S01``..., ``T01``..., ``G01``...), sorted."""
    graph = shapes if shapes is not None else load_shapes()
    ids = set()
    for node in graph.subjects(RDF.type, SH.NodeShape):
        if isinstance(node, URIRef) and str(node).startswith(str(AIKGSH)):
            match = _SHAPE_ID.match(str(node)[len(str(AIKGSH)) :])
            if match and match.group(0) == match.group(1):
                ids.add(match.group(1))
    return tuple(sorted(ids, key=lambda i: ("STG".find(i[0]) if i[0] in "STG" else 9, i)))


def snapshot_date(shapes: Graph | None = None) -> str:
    """The study snapshot date the gap shapes use, read from ``aikgsh:snapshotDate``."""
    graph = shapes if shapes is not None else load_shapes()
    select = graph.value(AIKGSH.snapshotDate, SH.select)
    if select is None:
        raise AikgError("the shapes define no aikgsh:snapshotDate function")
    solutions = ox.Store().query(str(select), prefixes={"xsd": "http://www.w3.org/2001/XMLSchema#"})
    for solution in solutions:  # type: ignore[union-attr]
        return solution[0].value  # type: ignore[index,union-attr]
    raise AikgError("aikgsh:snapshotDate returns no date")


def _shape_id(node: Node, shapes: Graph) -> tuple[str, str]:
    """(ID, local name) of the named shape that reported a result."""
    seen: set[Node] = set()
    pending = [node]
    while pending:
        current = pending.pop(0)
        if current in seen:
            continue
        seen.add(current)
        if isinstance(current, URIRef) and str(current).startswith(str(AIKGSH)):
            local = str(current)[len(str(AIKGSH)) :]
            match = _SHAPE_ID.match(local)
            if match:
                return match.group(1), local
        # An anonymous shape: climb to the named shape that uses it.
        pending.extend(s for s, _p in shapes.subject_predicates(current))
    return "?", str(node)


# --------------------------------------------------------------------------- findings


@dataclass(frozen=True)
class Finding:
    """One SHACL validation result, in aikg's terms.

    * ``resource``: the IRI of the resource the finding is about. When the focus
      node is a blank node (a citation node, say), the resource is the nearest
      resource with an IRI that points to it.
    * ``focus``: the focus node itself: the IRI, or ``_:`` and a label derived from
      the blank node's content (stable from run to run).
    * ``path``: the property path: a bare IRI for one property, SPARQL syntax for
      longer paths (``<a>/<b>``, ``^<a>``); ``None`` for node-level constraints.
    * ``value``: the offending value in N-Triples syntax, or ``None``.
    * ``shape``: the stable shape ID (``S03``); ``constraint``: the named shape or
      constraint that reported it (``S03-jurisdiction``, ``G01-sparql``).
    * ``source``: the file that describes the resource, when known.
    """

    severity: Severity
    shape: str
    constraint: str
    resource: str
    focus: str
    path: str | None
    value: str | None
    message: str
    component: str
    source: str | None = None
    # rdflib terms, for rendering; not part of the record's identity.
    focus_term: Node | None = field(default=None, compare=False, repr=False)
    value_term: Node | None = field(default=None, compare=False, repr=False)
    path_term: Node | None = field(default=None, compare=False, repr=False)

    @property
    def sort_key(self) -> tuple[object, ...]:
        return (
            _SEVERITY_RANK[self.severity],
            self.resource,
            self.shape,
            self.constraint,
            self.path or "",
            self.value or "",
            self.message,
            self.focus,
        )

    def as_dict(self) -> dict[str, str | None]:
        """The record as JSON-ready data (the keys of the ``--format json`` output)."""
        return {
            "severity": self.severity,
            "shape": self.shape,
            "constraint": self.constraint,
            "resource": self.resource,
            "focus": self.focus,
            "path": self.path,
            "value": self.value,
            "message": self.message,
            "component": self.component,
            "source": self.source,
        }

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        return f"{self.severity} {self.constraint} <{self.resource}>{where}: {self.message}"


# --------------------------------------------------------------------------- result


@dataclass(frozen=True)
class ValidationResult:
    """The outcome of :func:`validate`.

    ``conforms`` is True when there is no Violation (warnings and infos are
    findings about the law, not errors; pySHACL's ``allow_warnings`` semantics).
    ``failed`` and ``exit_code`` follow ``fail_on``.
    """

    findings: tuple[Finding, ...]
    profile: Profile
    include_shipped: bool
    data_files: tuple[Path, ...]
    fail_on: FailOn
    triples: int
    shapes: tuple[str, ...]
    snapshot: str
    labels: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)
    display_prefixes: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)
    blank_nodes: Mapping[str, tuple[tuple[Node, object], ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    # ---- views

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
        """1 if the findings reach ``fail_on``, else 0 (bad input is 2, raised earlier)."""
        return 1 if self.failed else 0

    def by_resource(self, severity: Severity | None = None) -> dict[str, list[Finding]]:
        """Findings grouped by resource IRI, in report order."""
        groups: dict[str, list[Finding]] = {}
        for finding in self.findings:
            if severity is None or finding.severity == severity:
                groups.setdefault(finding.resource, []).append(finding)
        return groups

    def for_shape(self, shape: str) -> tuple[Finding, ...]:
        """The findings of one shape ID (``"G01"``) or named constraint (``"S03-jurisdiction"``)."""
        return tuple(f for f in self.findings if shape in (f.shape, f.constraint))

    def counts(self) -> dict[str, int]:
        return {severity.lower(): len(self._of(severity)) for severity in SEVERITIES}

    # ---- rendering helpers

    def compact(self, iri: str) -> str:
        """``prefix:local`` for *iri* where a known prefix fits, else ``<iri>``."""
        return _compact(iri, self.display_prefixes)

    def _term(self, term: Node | None, text: str | None) -> str:
        if term is None:
            return "-" if text is None else text
        return _display(term, self.display_prefixes)

    def _value_text(self, finding: Finding) -> str:
        # A SPARQL-based result without ?value repeats the focus node as sh:value.
        if finding.value is None or finding.value_term == finding.focus_term:
            return "-"
        return self._term(finding.value_term, finding.value)

    def _path_text(self, finding: Finding) -> str:
        if finding.path is None:
            return "-"
        if finding.path.startswith(("<", "^", "(")):  # SPARQL syntax: compact each IRI
            return re.sub(r"<([^<>]*)>", lambda m: self.compact(m.group(1)), finding.path)
        return self.compact(finding.path)

    # ---- text

    def summary(self) -> str:
        counts = self.counts()
        verdict = "FAIL" if self.failed else "ok"
        return (
            f"{counts['violation']} violation(s), {counts['warning']} warning(s), {counts['info']} info(s): "
            f"{verdict} (--fail-on {self.fail_on})"
        )

    def to_text(self, show: Severity = "Info") -> str:
        """A readable report: findings grouped by resource in a table, then a summary.

        *show* is the least serious severity listed (counts always cover all).
        """
        files = ", ".join(_display_path(p) for p in self.data_files) or "no files"
        background = f"profile {self.profile}" if self.include_shipped else "TBox only (--no-shipped)"
        lines = [
            f"aikg validate: {background} + {files}; {self.triples} triples; "
            f"{len(self.shapes)} shapes; snapshot {self.snapshot}",
        ]
        heading = {"Violation": "Violations", "Warning": "Warnings", "Info": "Infos"}
        for severity in SEVERITIES:
            if _SEVERITY_RANK[severity] > _SEVERITY_RANK[show]:
                continue
            groups = self.by_resource(severity)
            total = sum(len(g) for g in groups.values())
            lines.append("")
            lines.append(
                f"{heading[severity]}: {total}" + (f" in {len(groups)} resource(s)" if total else "")
            )
            for resource, findings in groups.items():
                lines.append("")
                title = self.compact(resource)
                label = self.labels.get(resource)
                if label:
                    title += f'  "{label}"'
                sources = sorted({f.source for f in findings if f.source})
                if sources:
                    title += "  (" + ", ".join(sources) + ")"
                lines.append("  " + title)
                rows = [("shape", "path", "value", "message")] + [
                    (
                        f.shape if f.constraint == f"{f.shape}-sparql" else f.constraint,
                        self._path_text(f),
                        _shorten(self._value_text(f), 40),
                        f.message,
                    )
                    for f in findings
                ]
                widths = [max(len(row[i]) for row in rows) for i in range(3)]
                for row in rows:
                    cells = [row[i].ljust(widths[i]) for i in range(3)] + [row[3]]
                    lines.append(("    " + "  ".join(cells)).rstrip())
        lines.append("")
        lines.append(self.summary())
        return "\n".join(lines) + "\n"

    # ---- JSON

    def to_json(self) -> str:
        """Deterministic JSON: options, counts and every finding."""
        data = {
            "profile": self.profile,
            "includeShipped": self.include_shipped,
            "dataFiles": [_display_path(p) for p in self.data_files],
            "snapshotDate": self.snapshot,
            "triples": self.triples,
            "shapes": list(self.shapes),
            "failOn": self.fail_on,
            "conforms": self.conforms,
            "failed": self.failed,
            "counts": self.counts(),
            "findings": [f.as_dict() for f in self.findings],
        }
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    # ---- the sh:ValidationReport

    @cached_property
    def report_graph(self) -> Graph:
        """The findings as a SHACL ``sh:ValidationReport`` (rdflib graph).

        ``sh:conforms`` is true when there is no Violation. A blank-node focus node
        or value is written with its description, so the report stands alone.
        """
        graph = Graph()
        for prefix, namespace in self._turtle_prefixes().items():
            graph.bind(prefix, namespace, override=True, replace=True)
        report = BNode()
        graph.add((report, RDF.type, SH.ValidationReport))
        graph.add((report, SH.conforms, RdfLiteral(self.conforms)))
        for finding in self.findings:
            result = BNode()
            graph.add((report, SH.result, result))
            for predicate, obj in self._result_pairs(finding):
                graph.add((result, predicate, self._copy_into(graph, obj)))
        return graph

    def _copy_into(self, graph: Graph, term: object) -> Node:
        """Add *term* to *graph*: a blank node gets a fresh copy of its description."""
        if isinstance(term, tuple):  # a nested description: ((p, o), ...)
            node = BNode()
            for predicate, obj in term:
                graph.add((node, predicate, self._copy_into(graph, obj)))
            return node
        if isinstance(term, list):  # an RDF list
            items = [self._copy_into(graph, item) for item in term]
            head: Node = RDF.nil
            for item in reversed(items):
                cell = BNode()
                graph.add((cell, RDF.first, item))
                graph.add((cell, RDF.rest, head))
                head = cell
            return head
        assert isinstance(term, Node)
        return term

    def _describe(self, term: Node | None, text: str | None) -> object:
        """A term for the report; a blank node becomes its (nested) description."""
        if isinstance(term, BNode):
            return self.blank_nodes.get(text or "", ())
        if term is not None:
            return term
        return RdfLiteral(text) if text is not None else None

    def _path_structure(self, finding: Finding) -> object:
        if finding.path is None:
            return None
        return _parse_sparql_path(finding.path)

    def _result_pairs(self, finding: Finding) -> list[tuple[URIRef, object]]:
        pairs: list[tuple[URIRef, object]] = [
            (RDF.type, SH.ValidationResult),
            (SH.focusNode, self._describe(finding.focus_term, finding.focus)),
        ]
        path = self._path_structure(finding)
        if path is not None:
            pairs.append((SH.resultPath, path))
        if finding.value is not None:
            pairs.append((SH.value, self._describe(finding.value_term, finding.value)))
        pairs.append((SH.resultSeverity, SH[finding.severity]))
        pairs.append((SH.sourceConstraintComponent, SH[finding.component]))
        pairs.append(
            (
                SH.sourceShape,
                AIKGSH[finding.constraint.removesuffix("-sparql")]
                if finding.constraint.endswith("-sparql")
                else AIKGSH[finding.constraint],
            )
        )
        if finding.constraint.endswith("-sparql"):
            pairs.append((SH.sourceConstraint, AIKGSH[finding.constraint]))
        pairs.append((SH.resultMessage, RdfLiteral(finding.message, lang="en")))
        return pairs

    def _turtle_prefixes(self) -> dict[str, str]:
        prefixes = {"sh": str(SH), "aikgsh": str(AIKGSH)}
        prefixes.update(PREFIXES)
        for prefix, namespace in self.display_prefixes.items():
            prefixes.setdefault(prefix, namespace)
        return prefixes

    def to_turtle(self) -> str:
        """The ``sh:ValidationReport`` as Turtle, byte-for-byte deterministic.

        Results come in report order; blank nodes are written inline, so no
        generated label depends on the run.
        """
        prefixes = self._turtle_prefixes()
        used = _UsedPrefixes(prefixes)
        body: list[str] = []
        counts = self.counts()
        header = [
            "# SHACL validation report of aikg (aikg validate --format turtle).",
            f"# {counts['violation']} violation(s), {counts['warning']} warning(s), "
            f"{counts['info']} info(s); snapshot {self.snapshot}.",
        ]
        body.append("[] a sh:ValidationReport ;")
        used.mark("sh")
        conforms = "true" if self.conforms else "false"
        if not self.findings:
            body.append(f"    sh:conforms {conforms} .")
        else:
            body.append(f"    sh:conforms {conforms} ;")
            body.append("    sh:result")
            for index, finding in enumerate(self.findings):
                last = index == len(self.findings) - 1
                body.append("        [")
                pairs = self._result_pairs(finding)
                for j, (predicate, obj) in enumerate(pairs):
                    end = "" if j == len(pairs) - 1 else " ;"
                    p_text = "a" if predicate == RDF.type else used.term(predicate)
                    body.append(f"            {p_text} {_turtle_object(obj, used, 12)}{end}")
                body.append("        ]" + (" ." if last else " ,"))
        lines = header + [""]
        for prefix in sorted(used.used):
            lines.append(f"@prefix {prefix}: <{prefixes[prefix]}> .")
        lines.append("")
        return "\n".join(lines + body) + "\n"


# --------------------------------------------------------------------------- Turtle helpers


class _UsedPrefixes:
    def __init__(self, prefixes: Mapping[str, str]) -> None:
        # Longest namespace first, so that nested namespaces compact correctly.
        self.prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        self.used: set[str] = set()

    def mark(self, prefix: str) -> None:
        self.used.add(prefix)

    def term(self, term: Node) -> str:
        if isinstance(term, URIRef):
            iri = str(term)
            for prefix, namespace in self.prefixes:
                if iri.startswith(namespace) and _SAFE_LOCAL.match(iri[len(namespace) :]):
                    self.used.add(prefix)
                    return f"{prefix}:{iri[len(namespace) :]}"
            return f"<{_escape_iri(iri)}>"
        if isinstance(term, RdfLiteral):
            return _literal(term, self.term)
        raise TypeError(f"cannot write {term!r} as a Turtle term")


def _turtle_object(obj: object, used: _UsedPrefixes, indent: int) -> str:
    if isinstance(obj, tuple):  # a blank node's description
        if not obj:
            return "[]"
        pad = " " * (indent + 4)
        parts = []
        for predicate, value in obj:
            p_text = "a" if predicate == RDF.type else used.term(predicate)
            parts.append(f"{pad}{p_text} {_turtle_object(value, used, indent + 4)}")
        return "[\n" + " ;\n".join(parts) + "\n" + " " * indent + "]"
    if isinstance(obj, list):
        return "( " + " ".join(_turtle_object(item, used, indent) for item in obj) + " )"
    assert isinstance(obj, Node)
    return used.term(obj)


def _quote(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"'


def _escape_iri(iri: str) -> str:
    return "".join(c if c not in '<>"{}|^`\\ ' and ord(c) > 0x20 else f"\\u{ord(c):04X}" for c in iri)


def _parse_sparql_path(path: str) -> object:
    """The RDF form of a path as :class:`Finding` writes it (IRI, ``<a>/<b>``, ``^<a>``...)."""
    if not path.startswith(("<", "^", "(")):
        return URIRef(path)
    steps = re.findall(r"\^?<[^<>]*>|[*+?|]", path)
    if path.startswith("^") and len(steps) == 1:
        return ((SH.inversePath, URIRef(steps[0][2:-1])),)
    if all(not s.startswith("^") and s.startswith("<") for s in steps) and "/" in path and "|" not in path:
        return [URIRef(s[1:-1]) for s in steps]
    items: list[object] = []
    for step in steps:
        if step.startswith("^<"):
            items.append(((SH.inversePath, URIRef(step[2:-1])),))
        elif step.startswith("<"):
            items.append(URIRef(step[1:-1]))
    return items if len(items) > 1 else (items[0] if items else URIRef(path))


# --------------------------------------------------------------------------- display helpers


def _compact(iri: str, prefixes: Mapping[str, str]) -> str:
    best: tuple[int, str] | None = None
    for prefix, namespace in prefixes.items():
        if iri.startswith(namespace) and _SAFE_LOCAL.match(iri[len(namespace) :]):
            if best is None or len(namespace) > best[0]:
                best = (len(namespace), f"{prefix}:{iri[len(namespace) :]}")
    return best[1] if best else f"<{iri}>"


def _display(term: Node, prefixes: Mapping[str, str]) -> str:
    if isinstance(term, URIRef):
        return _compact(str(term), prefixes)
    if isinstance(term, RdfLiteral):
        return _literal(term, lambda datatype: _compact(str(datatype), prefixes))
    return "[]"


def _literal(term: RdfLiteral, datatype_text: Callable[[URIRef], str]) -> str:
    """A literal in Turtle syntax; *datatype_text* writes the datatype IRI (xsd:string is implicit)."""
    text = _quote(str(term))
    if term.language:
        return f"{text}@{term.language}"
    if term.datatype is not None and str(term.datatype) != "http://www.w3.org/2001/XMLSchema#string":
        return f"{text}^^{datatype_text(term.datatype)}"
    return text


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _display_path(path: Path | str) -> str:
    """*path* relative to the working directory when it is inside it."""
    resolved = Path(path).resolve()
    try:
        return str(resolved.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _user_prefixes(files: Sequence[Path]) -> dict[str, str]:
    """Prefixes declared in the user's Turtle files, for display only."""
    found: dict[str, str] = {}
    for path in files:
        if path.suffix.lower() != ".ttl":
            continue
        try:
            head = path.read_text(encoding="utf-8", errors="replace")[:200_000]
        except OSError:
            continue
        for prefix, namespace in _TTL_PREFIX.findall(head):
            if prefix and namespace and prefix not in _DISPLAY_PREFIXES:
                found.setdefault(prefix, namespace)
    return found


# --------------------------------------------------------------------------- the data graph


def _data_graph(store: ox.Store) -> object:
    """Wrap *store* for pySHACL.

    pySHACL (>= 0.40) validates a pyoxigraph store directly, which runs the
    SPARQL-based shapes an order of magnitude faster than an rdflib graph. Its
    wrapper has no ``__bool__``, so every ``datagraph or shapes_graph`` test in
    pySHACL counts the whole store (a SPARQL COUNT per result, nested results
    included: 14 s instead of 0.2 s for S03 on the full graph). This subclass
    answers truthiness directly; nothing in pySHACL is modified.
    """
    try:
        from pyshacl.graph_abstraction import OxigraphDataGraph
    except ImportError as exc:  # pragma: no cover - guarded by the dependency pin
        raise AikgError("aikg validate needs pySHACL >= 0.40 (pyoxigraph data graphs)") from exc

    class _Store(OxigraphDataGraph):  # type: ignore[misc,valid-type]
        def __bool__(self) -> bool:
            return True

    return _Store(store, impl=None)


def _rdflib_term(term: object) -> Node:
    return to_rdflib(term)  # type: ignore[arg-type]  # aikg's data has no RDF-star triples


def _ox_term(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    return to_oxigraph(term)


class _Graph:
    """Read access to the validated store, for turning results into findings."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._labels: dict[str, str | None] = {}
        self._blank: dict[str, tuple[str, tuple[tuple[Node, object], ...]]] = {}

    def owner(self, node: Node, depth: int = 8) -> str | None:
        """The nearest IRI that points (through blank nodes) to *node*."""
        current = node
        for _ in range(depth):
            if isinstance(current, URIRef):
                return str(current)
            if not isinstance(current, BNode):
                return None
            quads = self.store.quads_for_pattern(None, None, _ox_term(current), None)  # type: ignore[arg-type]
            subjects = sorted({q.subject for q in quads}, key=lambda s: (isinstance(s, ox.BlankNode), str(s)))
            if not subjects:
                return None
            current = _rdflib_term(subjects[0])
        return None

    def describe(self, node: BNode, depth: int = 0) -> tuple[str, tuple[tuple[Node, object], ...]]:
        """A stable label and the nested description of a blank node."""
        key = str(node)
        if key in self._blank:
            return self._blank[key]
        pairs: list[tuple[Node, object]] = []
        lines: list[str] = []
        if depth < 6:
            for quad in self.store.quads_for_pattern(ox.BlankNode(str(node)), None, None, None):
                predicate = _rdflib_term(quad.predicate)
                obj = _rdflib_term(quad.object)
                if isinstance(obj, BNode):
                    label, nested = self.describe(obj, depth + 1)
                    pairs.append((predicate, nested))
                    lines.append(f"{predicate.n3()} {label}")
                else:
                    pairs.append((predicate, obj))
                    lines.append(f"{predicate.n3()} {obj.n3()}")
        order = sorted(range(len(pairs)), key=lambda i: lines[i])
        digest = hashlib.sha256("\n".join(sorted(lines)).encode("utf-8")).hexdigest()[:12]
        result = (f"_:b{digest}", tuple(pairs[i] for i in order))
        self._blank[key] = result
        return result

    def label(self, iri: str) -> str | None:
        if iri not in self._labels:
            query = (
                f"SELECT ?l WHERE {{ {{ <{iri}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }} UNION "
                f"{{ <{iri}> <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }} "
                'FILTER (LANGMATCHES(LANG(?l), "en")) } ORDER BY ?l LIMIT 1'
            )
            found = None
            try:
                for solution in self.store.query(query):  # type: ignore[union-attr]
                    found = solution[0].value  # type: ignore[index,union-attr]
            except (SyntaxError, ValueError):
                found = None  # an IRI that cannot be written into a query has no label to show
            self._labels[iri] = found
        return self._labels[iri]


def _path_text(path: Node, report: Graph) -> str:
    """A SHACL path (from the report graph) in SPARQL property-path syntax."""
    if isinstance(path, URIRef):
        return str(path)
    inverse = report.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _wrap(_path_text(inverse, report))
    alternative = report.value(path, SH.alternativePath)
    if alternative is not None:
        return "(" + "|".join(_wrap(_path_text(p, report)) for p in report.items(alternative)) + ")"
    for predicate, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = report.value(path, predicate)
        if inner is not None:
            return _wrap(_path_text(inner, report)) + suffix
    if report.value(path, RDF.first) is not None:
        return "/".join(_wrap(_path_text(p, report)) for p in report.items(path))
    return str(path)


def _wrap(text: str) -> str:
    return text if text.startswith(("<", "^", "(")) else f"<{text}>"


# --------------------------------------------------------------------------- validate


def _background(profile: Profile, include_shipped: bool) -> KnowledgeBase:
    if include_shipped and profile != "tbox":
        return load_profile(profile)
    catalog = read_catalog()
    root = catalog.resolve(TBOX_CONTEXT_MODULE)
    if root is None:
        raise AikgError(f"the catalog does not map {TBOX_CONTEXT_MODULE}")
    kb = load_ontology(root, catalog)
    kb.profile = "tbox"
    return kb


def _empty_background() -> KnowledgeBase:
    # Nothing shipped is loaded: the caller's graphs bring the whole ontology. The
    # knowledge base only needs a root to exist, so none is read from disk.
    catalog = read_catalog()
    root = Module(iri="urn:aikg:no-background", path=catalog.path, imports=(), triples=())
    kb = KnowledgeBase(root, (), catalog)
    kb.profile = "tbox"
    return kb


def _user_triples(files: Sequence[Path]) -> list[tuple[Path, tuple[ox.Triple, ...]]]:
    # Parsed before anything else is loaded, so that bad input fails fast.
    return [(path, parse_file(path)) for path in files]


def _focus_nodes(
    user: Sequence[tuple[Path, tuple[ox.Triple, ...]]], graphs: Sequence[Graph]
) -> list[str] | None:
    """IRIs the user's data mentions; ``None`` if it has typed blank nodes (validate all)."""
    focus: set[str] = set()
    rdf_type = ox.NamedNode(str(RDF.type))
    for _path, triples in user:
        for triple in triples:
            if isinstance(triple.subject, ox.BlankNode) and triple.predicate == rdf_type:
                return None
            for ox_term in (triple.subject, triple.object):
                if isinstance(ox_term, ox.NamedNode):
                    focus.add(ox_term.value)
    for graph in graphs:
        for subject, predicate, obj in graph:
            if isinstance(subject, BNode) and predicate == RDF.type:
                return None
            for term in (subject, obj):
                if isinstance(term, URIRef):
                    focus.add(str(term))
    return sorted(focus)


def validate(
    data_files: Iterable[Path | str] = (),
    profile: Profile = DEFAULT_PROFILE,
    *,
    include_shipped: bool = True,
    fail_on: FailOn = "violation",
    graphs: Iterable[Graph] = (),
    focus: Iterable[str] | None = None,
    shapes: Graph | None = None,
    with_tbox: bool = True,
) -> ValidationResult:
    """Validate the shipped knowledge graph plus *data_files* with aikg's shapes.

    :param data_files: the user's RDF files (Turtle ``.ttl``, N-Triples ``.nt``,
        RDF/XML ``.rdf``/``.owl``, JSON-LD ``.jsonld``), parsed strictly; a bad
        file raises :class:`~aikg.errors.AikgInputError` (with file, line, column)
        before anything is validated. ``owl:imports`` in them are not followed.
    :param profile: the shipped graph to validate with them: ``full``, ``study``
        or ``tbox`` (the TBox always comes with the bibliography it cites).
    :param include_shipped: ``False`` validates the files against the TBox alone
        (plus the study's bibliography) and reports only findings about the
        resources the files mention; this is how fixtures are checked.
    :param fail_on: what makes :attr:`ValidationResult.failed` true.
    :param graphs: in-memory rdflib graphs to add, like files.
    :param focus: validate only these resources (IRIs) instead of the whole graph.
    :param shapes: a shapes graph to use instead of :func:`load_shapes`.
    :param with_tbox: ``False`` (only with ``include_shipped=False``) loads nothing
        but *data_files* and *graphs*, which must then bring the TBox themselves
        (e.g. a modified copy of the whole knowledge graph).
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; choose one of {', '.join(PROFILES)}")
    if fail_on not in FAIL_ON:
        raise ValueError(f"unknown fail_on {fail_on!r}; choose one of {', '.join(FAIL_ON)}")
    files = tuple(Path(f) for f in data_files)
    extra_graphs = tuple(graphs)
    user = _user_triples(files)
    with _quiet_rdflib():
        return _validate(
            files, extra_graphs, user, profile, include_shipped, fail_on, focus, shapes, with_tbox
        )


@contextmanager
def _quiet_rdflib() -> Iterator[None]:
    """Silence rdflib's tracebacks about ill-typed literals: the shapes report them as findings."""
    logger = logging.getLogger("rdflib.term")
    previous = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # rdflib: "Parsing weird boolean"
            yield
    finally:
        logger.setLevel(previous)


def _validate(
    files: tuple[Path, ...],
    extra_graphs: tuple[Graph, ...],
    user: list[tuple[Path, tuple[ox.Triple, ...]]],
    profile: Profile,
    include_shipped: bool,
    fail_on: FailOn,
    focus: Iterable[str] | None,
    shapes: Graph | None,
    with_tbox: bool,
) -> ValidationResult:
    import pyshacl  # imported only now: bad input is refused before this slow import

    stamp = _stamp(_shape_files(shapes_dir())) if shapes is None else None
    shapes_graph = _shapes_graph(stamp) if stamp is not None else shapes
    assert shapes_graph is not None
    if not with_tbox and include_shipped:
        raise ValueError("with_tbox=False needs include_shipped=False")
    kb = _background(profile, include_shipped) if with_tbox else _empty_background()

    store = ox.Store()
    default = ox.DefaultGraph()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, default) for t in kb.triples())
    for _path, triples in user:
        store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, default) for t in triples)
    for graph in extra_graphs:
        store.bulk_extend(ox.Quad(_ox_term(s), _ox_term(p), _ox_term(o), default) for s, p, o in graph)  # type: ignore[arg-type]

    if focus is not None:
        focus_nodes: list[str] | None = sorted(set(focus))
    elif not include_shipped and (user or extra_graphs):
        focus_nodes = _focus_nodes(user, extra_graphs)
    else:
        focus_nodes = None

    if focus_nodes is None:
        engine = _pyshacl_shapes(stamp) if stamp is not None else Graph() + shapes_graph
        report = _run_pyshacl(pyshacl, store, engine)
    else:
        # Only the chosen resources: each shape's targets are computed here and
        # pinned with sh:targetNode on a copy of the shapes without targets.
        pinned = _shape_targets(shapes_graph, store, set(focus_nodes))
        if stamp is not None:
            engine = _untargeted_shapes(stamp)
        else:
            engine = _strip_targets(Graph() + shapes_graph)
        added = [(shape, SH.targetNode, node) for shape, node in pinned]
        for triple in added:
            engine.add(triple)
        try:
            report = _run_pyshacl(pyshacl, store, engine) if added else Graph()
        finally:
            for triple in added:
                engine.remove(triple)

    findings, labels, blank_nodes = _findings(report, shapes_graph, store, kb, user)
    prefixes = dict(_DISPLAY_PREFIXES)
    prefixes.update(_user_prefixes(files))
    return ValidationResult(
        findings=findings,
        profile=kb.profile or profile,
        include_shipped=include_shipped,
        data_files=files,
        fail_on=fail_on,
        triples=len(store),
        shapes=shape_ids(shapes_graph),
        snapshot=snapshot_date(shapes_graph),
        labels=labels,
        display_prefixes=prefixes,
        blank_nodes=blank_nodes,
    )


def _plain(term: Node | None) -> Node | None:
    """RDF 1.1: a literal typed xsd:string is the plain literal (rdflib keeps them apart)."""
    if isinstance(term, RdfLiteral) and term.datatype is not None and str(term.datatype) == _XSD_STRING:
        return RdfLiteral(str(term))
    return term


def _run_pyshacl(pyshacl: object, store: ox.Store, shapes: Graph) -> Graph:
    try:
        _conforms, report, _text = pyshacl.validate(  # type: ignore[attr-defined]
            _data_graph(store),
            shacl_graph=shapes,
            advanced=True,
            inference="none",
            allow_warnings=True,
            allow_infos=True,
            inplace=True,
        )
    except Exception as exc:  # pySHACL reports broken shapes as various exceptions
        if isinstance(exc, AikgError):
            raise
        raise AikgError(f"SHACL validation could not run: {type(exc).__name__}: {exc}") from exc
    if not isinstance(report, Graph):
        raise AikgError(f"SHACL validation could not run: {report}")
    return report


def _sources(kb: KnowledgeBase, user: Sequence[tuple[Path, tuple[ox.Triple, ...]]]) -> dict[str, str]:
    """resource IRI -> the file that describes it (a user's file wins)."""
    where: dict[str, str] = {}
    for _path, triples in user:
        for triple in triples:
            if isinstance(triple.subject, ox.NamedNode):
                where.setdefault(triple.subject.value, _display_path(_path))
    for module in kb.modules:
        shown = None
        for triple in module.triples:
            if isinstance(triple.subject, ox.NamedNode) and triple.subject.value not in where:
                if shown is None:
                    shown = _display_path(module.path)
                where[triple.subject.value] = shown
    return where


def _message(
    report: Graph,
    result: Node,
    source_shape: Node | None,
    source_constraint: Node | None,
    shapes: Graph,
) -> str:
    """The result's message: English first, the constraint's own before its shape's."""
    messages = [m for m in report.objects(result, SH.resultMessage) if isinstance(m, RdfLiteral)]
    if source_constraint is not None and source_shape is not None:
        # pySHACL adds the node shape's sh:message to a SPARQL constraint's result;
        # the constraint's message (with its variables filled in) is the precise one.
        generic = {str(m) for m in shapes.objects(source_shape, SH.message)}
        precise = [m for m in messages if str(m) not in generic]
        messages = precise or messages
    english = [m for m in messages if (m.language or "en").lower().startswith("en")]
    chosen = sorted(str(m) for m in (english or messages))
    return chosen[0] if chosen else ""


def _findings(
    report: Graph,
    shapes: Graph,
    store: ox.Store,
    kb: KnowledgeBase,
    user: Sequence[tuple[Path, tuple[ox.Triple, ...]]],
) -> tuple[tuple[Finding, ...], dict[str, str], dict[str, tuple[tuple[Node, object], ...]]]:
    graph = _Graph(store)
    sources: dict[str, str] | None = None
    findings: set[Finding] = set()
    blank_nodes: dict[str, tuple[tuple[Node, object], ...]] = {}

    def node_text(term: Node) -> str:
        if isinstance(term, BNode):
            label, description = graph.describe(term)
            blank_nodes[label] = description
            return label
        return str(term)

    # Only the report's own results: nested ones (sh:detail) explain them and are not findings.
    results = [
        r
        for report_node in report.subjects(RDF.type, SH.ValidationReport)
        for r in report.objects(report_node, SH.result)
    ]
    for result in results:
        severity_node = report.value(result, SH.resultSeverity)
        severity = str(severity_node).rsplit("#", 1)[-1]
        if severity not in _SEVERITY_RANK:
            severity = "Violation"
        source_shape = report.value(result, SH.sourceShape)
        source_constraint = report.value(result, SH.sourceConstraint)
        shape_id, constraint = _shape_id(source_shape, shapes) if source_shape is not None else ("?", "?")
        if isinstance(source_constraint, URIRef) and str(source_constraint).startswith(str(AIKGSH)):
            constraint = str(source_constraint)[len(str(AIKGSH)) :]
        focus = report.value(result, SH.focusNode)
        value = _plain(report.value(result, SH.value))
        path = report.value(result, SH.resultPath)
        component = report.value(result, SH.sourceConstraintComponent)
        message = _message(report, result, source_shape, source_constraint, shapes)
        resource = graph.owner(focus) if focus is not None else None
        if sources is None:
            sources = _sources(kb, user)
        focus_text = node_text(focus) if focus is not None else "?"
        value_text = None
        if value is not None:
            value_text = node_text(value) if isinstance(value, BNode) else value.n3()
        findings.add(
            Finding(
                severity=severity,  # type: ignore[arg-type]
                shape=shape_id,
                constraint=constraint,
                resource=resource or focus_text,
                focus=focus_text,
                path=_path_text(path, report) if path is not None else None,
                value=value_text,
                message=message,
                component=str(component).rsplit("#", 1)[-1] if component is not None else "?",
                source=(sources or {}).get(resource or ""),
                focus_term=focus,
                value_term=value,
                path_term=path,
            )
        )
    ordered = tuple(sorted(findings, key=lambda f: f.sort_key))
    labels = {}
    for finding in ordered:
        if finding.resource not in labels:
            label = (
                graph.label(finding.resource)
                if finding.resource.startswith(("http", "urn", "file"))
                else None
            )
            if label:
                labels[finding.resource] = label
    return ordered, labels, blank_nodes
