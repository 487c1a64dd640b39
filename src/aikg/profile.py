"""OWL 2 DL profile check with the OWL API's own checker.

The checker is ``org.semanticweb.owlapi.profiles.OWL2DLProfile`` from the OWL
API 3.4.3 jar that owlready2 ships (``owlready2/pellet/owlapi-distribution-
3.4.3-bin.jar``). It is called through JPype, so only a Java *runtime* is
needed (no javac, no build step). The JVM runs in a child process,
``python -m aikg.profile FILE``, so that it never lives in the caller's
process (a JVM cannot be restarted once stopped, and it holds memory).

The ontology is handed over as RDF/XML, the OWL API's best-tested parser
(its Turtle parser mangles some string escapes), with ``owl:imports``
removed; when rdflib cannot write a predicate as an XML QName, N-Triples
(read by the OWL API's Turtle parser) is used instead.

Allowed violations: aikg keeps source dates as ``xsd:date``,
``xsd:gYearMonth`` and ``xsd:gYear``, which are not in the OWL 2 datatype
map. A violation that only reports one of these datatypes
(``UseOfUndeclaredDatatype`` / ``UseOfUnknownDatatype`` about it) is
therefore expected and filtered out; any other violation is a failure.
(OWL API 3.4.3 treats every ``xsd:`` datatype as built in and does not
report them at all; newer OWL API versions do, hence the filter.)
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from rdflib import Graph

from ._java import owlready2_jar, require_java, run_child, serialise_for_owlapi, start_jvm
from .namespaces import XSD

__all__ = [
    "DATE_DATATYPES",
    "Violation",
    "ProfileReport",
    "owlapi_jar",
    "is_allowed",
    "check_profile",
    "check_file",
    "main",
]

#: Datatypes aikg needs for source dates that the OWL 2 datatype map lacks.
DATE_DATATYPES: Final = frozenset({str(XSD.date), str(XSD.gYear), str(XSD.gYearMonth)})
#: Violation kinds that can be caused by a datatype missing from the datatype map.
_DATATYPE_VIOLATIONS: Final = frozenset({"UseOfUndeclaredDatatype", "UseOfUnknownDatatype"})
_OWLAPI_JAR: Final = "owlapi-distribution-3.4.3-bin.jar"
_TIMEOUT_SECONDS: Final = 600
# Exit status of the child when the JVM cannot start (tells "no Java" apart from a crash).
_EXIT_NO_JVM: Final = 3


@dataclass(frozen=True)
class Violation:
    """One OWL 2 DL violation as the OWL API reports it."""

    kind: str  # the violation's class name, e.g. "IllegalPunning"
    message: str  # the OWL API's text
    axiom: str | None  # the offending axiom, if the violation is about one
    datatype: str | None  # the datatype IRI, for datatype violations

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


@dataclass(frozen=True)
class ProfileReport:
    """All violations, split into the allowed date-datatype ones and the rest."""

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


def is_allowed(violation: Violation) -> bool:
    """True only for a datatype violation about xsd:date, xsd:gYear or xsd:gYearMonth."""
    return violation.kind in _DATATYPE_VIOLATIONS and violation.datatype in DATE_DATATYPES


def owlapi_jar() -> Path:
    """The OWL API jar inside the installed owlready2."""
    return owlready2_jar(f"pellet/{_OWLAPI_JAR}")


# --------------------------------------------------------------------------- parent side


def check_profile(graph: Graph) -> ProfileReport:
    """Check *graph* (imports are stripped) against the OWL 2 DL profile."""
    data, suffix = serialise_for_owlapi(graph)
    with tempfile.TemporaryDirectory(prefix="aikg-profile-") as folder:
        path = Path(folder) / f"ontology{suffix}"
        path.write_bytes(data)
        return check_file(path)


def check_file(path: Path) -> ProfileReport:
    """Check an RDF/XML or N-Triples file in a child ``python -m aikg.profile``."""
    require_java()
    process = run_child(
        "aikg.profile", ["--json", str(path)], what="the OWL 2 DL profile check", timeout=_TIMEOUT_SECONDS
    )
    result = json.loads(process.stdout)
    return ProfileReport(
        violations=tuple(Violation(**row) for row in result["violations"]), axioms=result["axioms"]
    )


# --------------------------------------------------------------------------- child side


def _run_owlapi(path: Path) -> tuple[int, list[Violation]]:
    """Load *path* with the OWL API and run OWL2DLProfile; runs inside the child.

    Returns the number of axioms loaded (so a report can show the check was
    not vacuous) and the violations.
    """
    jpype = start_jvm([owlapi_jar()])
    manager = jpype.JClass("org.semanticweb.owlapi.apibinding.OWLManager").createOWLOntologyManager()
    ontology = manager.loadOntologyFromOntologyDocument(jpype.JClass("java.io.File")(str(path)))
    checker = jpype.JClass("org.semanticweb.owlapi.profiles.OWL2DLProfile")()
    violations = []
    for violation in checker.checkOntology(ontology).getViolations():
        axiom = violation.getAxiom()
        datatype = violation.getDatatype() if hasattr(violation, "getDatatype") else None
        violations.append(
            Violation(
                kind=str(violation.getClass().getSimpleName()),
                message=str(violation.toString()),
                axiom=None if axiom is None else str(axiom.toString()),
                datatype=None if datatype is None else str(datatype.getIRI().toString()),
            )
        )
    # The OWL API reports in hash order; sort so that reports are stable.
    return int(ontology.getAxiomCount()), sorted(violations, key=lambda v: (v.kind, v.message))


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m aikg.profile [--json] FILE``: print the violations of FILE."""
    args = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in args
    files = [a for a in args if a != "--json"]
    if len(files) != 1:
        print("usage: python -m aikg.profile [--json] FILE (RDF/XML or N-Triples)", file=sys.stderr)
        return 2
    try:
        axioms, violations = _run_owlapi(Path(files[0]))
    except (OSError, ImportError) as exc:  # no libjvm, no JPype
        print(f"cannot start the JVM: {exc}", file=sys.stderr)
        return _EXIT_NO_JVM
    if as_json:
        print(json.dumps({"axioms": axioms, "violations": [v.__dict__ for v in violations]}))
    else:
        print(f"{axioms} axioms checked")
        for violation in violations:
            marker = "allowed" if is_allowed(violation) else "VIOLATION"
            print(f"{marker}: {violation}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
