"""OWL checks in one JVM: the OWL 2 DL profile, HermiT consistency and its entailments.

The graph is handed to one child process (:mod:`aikg._owl_child`) as RDF/XML
written by aikg itself (or N-Triples when a predicate cannot be an XML QName),
without ``owl:imports``: the OWL API never sees a user's file, a DTD, an
external entity or an import it could fetch, so the check is offline by
construction.

Why ``ignoreUnsupportedDatatypes``: aikg keeps dates at the precision the
source gives (``xsd:date``, ``xsd:gYearMonth``, ``xsd:gYear``), which are not in
the OWL 2 datatype map; HermiT then treats such literals as opaque values, so
they cannot cause (or hide) an inconsistency. The profile check likewise
allows violations that only concern these three datatypes (:func:`is_allowed`).

``inferred`` holds, for named entities only, the named types of every
individual, named (direct and indirect) superclasses and equivalent classes,
object property values (inverse and sub-property values included), data
property values HermiT can state with their own datatype, and inverse, sub- and
equivalent named property axioms, minus what is asserted. Nothing is inferred
about blank nodes. An inconsistent ontology is a *result*, not an exception.
"""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from rdflib import BNode, Graph, Literal

from ._java import owlready2_jar, require_java, run_child, serialise_for_owlapi
from .namespaces import OWL, RDF, RDFS, XSD, bind_prefixes

__all__ = [
    "DATE_DATATYPES",
    "Violation",
    "ProfileReport",
    "ReasoningResult",
    "OwlReport",
    "is_allowed",
    "hermit_jar",
    "check_owl",
    "check_owl_file",
    "clean",
]

#: Datatypes aikg needs for source dates that the OWL 2 datatype map lacks.
DATE_DATATYPES: Final = frozenset({str(XSD.date), str(XSD.gYear), str(XSD.gYearMonth)})
_DATATYPE_VIOLATIONS: Final = frozenset({"UseOfUndeclaredDatatype", "UseOfUnknownDatatype"})
_TIMEOUT_SECONDS: Final = 600
_TRIVIAL_OBJECTS: Final = frozenset({OWL.Thing, OWL.topObjectProperty, OWL.topDataProperty})
_TRIVIAL_SUBJECTS: Final = frozenset({OWL.Nothing, OWL.bottomObjectProperty, OWL.bottomDataProperty})
_META_NAMESPACES: Final = (str(OWL), str(RDF), str(RDFS))
# The datatype HermiT gives a literal it kept opaque (ignoreUnsupportedDatatypes).
_OPAQUE_DATATYPE_PREFIX: Final = "internal:"


@dataclass(frozen=True)
class Violation:
    """One OWL 2 DL violation as the OWL API reports it."""

    kind: str  # the violation's class name, e.g. "IllegalPunning"
    message: str  # the OWL API's text
    axiom: str | None  # the offending axiom, if the violation is about one
    datatype: str | None  # the datatype IRI, for datatype violations

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


def is_allowed(violation: Violation) -> bool:
    """True only for a datatype violation about xsd:date, xsd:gYear or xsd:gYearMonth."""
    return violation.kind in _DATATYPE_VIOLATIONS and violation.datatype in DATE_DATATYPES


@dataclass(frozen=True)
class ProfileReport:
    """All OWL 2 DL violations, split into the allowed date-datatype ones and the rest."""

    violations: tuple[Violation, ...]
    axioms: int = 0  # how many axioms the OWL API loaded

    @property
    def allowed(self) -> tuple[Violation, ...]:
        return tuple(v for v in self.violations if is_allowed(v))

    @property
    def problems(self) -> tuple[Violation, ...]:
        return tuple(v for v in self.violations if not is_allowed(v))

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class ReasoningResult:
    """What HermiT found; ``inferred`` holds only the triples it added."""

    #: None when HermiT refused to reason (an ontology outside OWL 2 DL; see :attr:`refused`).
    consistent: bool | None
    unsatisfiable: tuple[str, ...]
    inferred: Graph = field(repr=False)
    asserted: Graph = field(repr=False)
    seconds: float = 0.0
    #: HermiT's reason for refusing, or None.
    refused: str | None = None

    @property
    def inferred_count(self) -> int:
        return len(self.inferred)

    @property
    def ok(self) -> bool:
        """Consistent and with no unsatisfiable class."""
        return self.consistent is True and not self.unsatisfiable

    def closure(self) -> Graph:
        """A new graph with the asserted and the inferred triples."""
        graph = bind_prefixes(Graph())
        for triple in self.asserted:
            graph.add(triple)
        for triple in self.inferred:
            graph.add(triple)
        return graph


@dataclass(frozen=True)
class OwlReport:
    """The profile check and the reasoning, from one JVM run."""

    profile: ProfileReport
    reasoning: ReasoningResult
    seconds: dict[str, float] = field(default_factory=dict)


def hermit_jar() -> Path:
    """HermiT.jar inside the installed owlready2 (it bundles OWL API 3.4.3 too)."""
    return owlready2_jar("hermit/HermiT.jar")


def _useful(triple: tuple[object, object, object]) -> bool:
    subject, predicate, obj = triple
    if isinstance(subject, BNode) or isinstance(obj, BNode):
        return False
    if subject in _TRIVIAL_SUBJECTS or obj in _TRIVIAL_OBJECTS:
        return False
    if subject == obj and predicate != RDF.type:  # C ⊑ C, p ≡ p
        return False
    if predicate == RDF.type and str(obj).startswith(_META_NAMESPACES):
        return False
    if isinstance(obj, Literal) and obj.datatype is not None:
        if str(obj.datatype).startswith(_OPAQUE_DATATYPE_PREFIX):
            return False
    return True


def clean(generated: Graph, asserted: Graph) -> Graph:
    """The useful triples of *generated* that *asserted* lacks."""
    inferred = bind_prefixes(Graph())
    for triple in generated:
        if _useful(triple) and triple not in asserted:
            inferred.add(triple)
    return inferred


def check_owl_file(path: Path, asserted: Graph | None = None) -> OwlReport:
    """Run the child on an RDF/XML or N-Triples file that aikg wrote."""
    require_java()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="aikg-owl-") as name:
        folder = Path(name)
        target, summary_path = folder / "inferred.rdf", folder / "summary.json"
        run_child(
            "aikg._owl_child",
            [str(path), str(target), str(summary_path)],
            what="the OWL checks",
            timeout=_TIMEOUT_SECONDS,
        )
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
        generated = Graph()
        if target.is_file():
            generated.parse(target, format="xml")
    profile = ProfileReport(
        violations=tuple(Violation(**row) for row in summary["violations"]), axioms=summary["axioms"]
    )
    base = asserted if asserted is not None else Graph()
    consistent = None if summary["consistent"] is None else bool(summary["consistent"])
    reasoning = ReasoningResult(
        consistent=consistent,
        refused=summary.get("refused"),
        unsatisfiable=tuple(summary.get("unsatisfiable", ())) if consistent else (),
        inferred=clean(generated, base) if consistent else bind_prefixes(Graph()),
        asserted=base,
        seconds=time.perf_counter() - started,
    )
    return OwlReport(profile=profile, reasoning=reasoning, seconds=summary.get("seconds", {}))


def check_owl(graph: Graph) -> OwlReport:
    """Profile check, consistency and entailments of *graph* (``owl:imports`` stripped), in one JVM."""
    data, suffix = serialise_for_owlapi(graph)
    with tempfile.TemporaryDirectory(prefix="aikg-owl-") as folder:
        path = Path(folder) / f"ontology{suffix}"
        path.write_bytes(data)
        return check_owl_file(path, graph)
