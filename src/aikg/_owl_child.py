"""The one JVM child: OWL 2 DL profile check, HermiT consistency and entailed triples.

OWL API 3.4.3 and HermiT 1.3.8, both inside ``owlready2/hermit/HermiT.jar``, run
in one child process (``python -m aikg._owl_child IN OUT SUMMARY``): the OWL
API loads the ontology once, ``OWL2DLProfile`` checks it, HermiT decides its
consistency, finds unsatisfiable classes and realises it, and the OWL API's
``InferredOntologyGenerator`` writes the inferred axioms. One JVM start, one
parse: the parent (:mod:`aikg.owl`) reads back OUT (RDF/XML of the inferred
axioms) and SUMMARY (JSON).

owlready2 applies HermiT's results to its own quadstore ("reparenting" in
place, inverse properties handled natively), so its inference ontology is
nearly empty. To get the entailments as triples, this module loads the
ontology into the OWL API, classifies and realises it with HermiT and writes
the inferred axioms with the OWL API's ``InferredOntologyGenerator``.

Both libraries come from ``owlready2/hermit/HermiT.jar``: HermiT 1.3.8 built
with OWL API 3.4.3 inside it (the same OWL API version as the jar that
:mod:`aikg.profile` uses), so no other jar is needed. HermiT is configured
with ``ignoreUnsupportedDatatypes`` for aikg's ``xsd:date`` /
``xsd:gYearMonth`` / ``xsd:gYear`` literals (see :mod:`aikg.reason`).

The JVM runs in a child process started through JPype, never in the caller
(a JVM cannot be restarted once stopped, and it holds memory).

Generators used: class assertions (all named types of every named
individual), subclass (direct, plus the indirect superclasses added here),
equivalent classes, property assertions (object and data property values of
every named individual, inverses and sub-properties included), inverse,
sub- and equivalent object properties, sub-data-properties.

:func:`clean` then drops what is not a useful entailment: anything with a
blank node (the OWL API writes ``InverseOf(p)`` expressions as blank nodes,
and HermiT reports nothing about anonymous individuals), the trivial
``owl:Thing`` / ``owl:topObjectProperty`` / ``owl:topDataProperty`` /
``owl:Nothing`` axioms, entity declarations, and data values HermiT could
only return as opaque constants (a literal of an unsupported datatype comes
back typed ``internal:anonymous-constants``).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from rdflib import BNode, Graph, Literal

from ._java import owlready2_jar, start_jvm
from .namespaces import OWL, RDF, RDFS

__all__ = ["hermit_jar", "clean", "main"]

_HERMIT_JAR: Final = "HermiT.jar"
# Exit status of the child when the JVM cannot start (tells "no Java" apart from a crash).
EXIT_NO_JVM: Final = 3

#: The OWL API generators (org.semanticweb.owlapi.util.*) run by the child.
GENERATORS: Final = (
    "InferredClassAssertionAxiomGenerator",
    "InferredSubClassAxiomGenerator",
    "InferredEquivalentClassAxiomGenerator",
    "InferredPropertyAssertionGenerator",
    "InferredInverseObjectPropertiesAxiomGenerator",
    "InferredSubObjectPropertyAxiomGenerator",
    "InferredEquivalentObjectPropertyAxiomGenerator",
    "InferredSubDataPropertyAxiomGenerator",
)

# Objects that make a triple trivially true (everything is a Thing, every
# property is a sub-property of the top property).
_TRIVIAL_OBJECTS: Final = frozenset({OWL.Thing, OWL.topObjectProperty, OWL.topDataProperty})
# Subjects that make a triple trivially true (Nothing is a subclass of everything).
_TRIVIAL_SUBJECTS: Final = frozenset({OWL.Nothing, OWL.bottomObjectProperty, OWL.bottomDataProperty})
# rdf:type objects that are declarations, not entailments about the individual.
_META_NAMESPACES: Final = (str(OWL), str(RDF), str(RDFS))
# The datatype HermiT gives a literal it kept opaque (ignoreUnsupportedDatatypes).
_OPAQUE_DATATYPE_PREFIX: Final = "internal:"


def hermit_jar() -> Path:
    """HermiT.jar inside the installed owlready2 (it bundles OWL API 3.4.3 too)."""
    return owlready2_jar(f"hermit/{_HERMIT_JAR}")


# --------------------------------------------------------------------------- parent side


def _useful(triple: tuple[Any, Any, Any]) -> bool:
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
    """The useful triples of *generated* (see the module docstring) that *asserted* lacks."""
    inferred = Graph()
    for triple in generated:
        if _useful(triple) and triple not in asserted:
            inferred.add(triple)
    return inferred


# --------------------------------------------------------------------------- child side


def _profile_violations(jclass: Any, ontology: Any) -> list[dict[str, str | None]]:
    """The OWL 2 DL violations of *ontology*, sorted (the OWL API reports in hash order)."""
    checker = jclass("org.semanticweb.owlapi.profiles.OWL2DLProfile")()
    found = []
    for violation in checker.checkOntology(ontology).getViolations():
        axiom = violation.getAxiom()
        datatype = violation.getDatatype() if hasattr(violation, "getDatatype") else None
        found.append(
            {
                "kind": str(violation.getClass().getSimpleName()),
                "message": str(violation.toString()),
                "axiom": None if axiom is None else str(axiom.toString()),
                "datatype": None if datatype is None else str(datatype.getIRI().toString()),
            }
        )
    return sorted(found, key=lambda v: (v["kind"], v["message"]))


def _run_hermit(source: Path, target: Path) -> dict[str, Any]:
    """Load *source*, reason, write the inferred axioms to *target* (RDF/XML); runs in the child."""
    started = time.perf_counter()
    jpype = start_jvm([hermit_jar()], quick=True)
    jclass = jpype.JClass
    util = "org.semanticweb.owlapi.util."
    manager = jclass("org.semanticweb.owlapi.apibinding.OWLManager").createOWLOntologyManager()
    factory = manager.getOWLDataFactory()
    ontology = manager.loadOntologyFromOntologyDocument(jclass("java.io.File")(str(source)))
    loaded = time.perf_counter()
    configuration = jclass("org.semanticweb.HermiT.Configuration")()
    configuration.ignoreUnsupportedDatatypes = True
    summary: dict[str, Any] = {
        "axioms": int(ontology.getAxiomCount()),
        "violations": _profile_violations(jclass, ontology),
        "unsatisfiable": [],
        "generated": 0,
    }
    checked = time.perf_counter()
    try:
        reasoner = jclass("org.semanticweb.HermiT.Reasoner")(configuration, ontology)
        summary["consistent"] = bool(reasoner.isConsistent())
    except jpype.JException as exc:  # HermiT refuses some ontologies outside OWL 2 DL
        summary["consistent"] = None
        summary["refused"] = str(exc.message() if hasattr(exc, "message") else exc)
        return summary
    if not summary["consistent"]:
        return summary
    inference = jclass("org.semanticweb.owlapi.reasoner.InferenceType")
    reasoner.precomputeInferences(
        inference.CLASS_HIERARCHY,
        inference.OBJECT_PROPERTY_HIERARCHY,
        inference.DATA_PROPERTY_HIERARCHY,
        inference.CLASS_ASSERTIONS,
        inference.OBJECT_PROPERTY_ASSERTIONS,
    )
    reasoned = time.perf_counter()
    generators = jclass("java.util.ArrayList")()
    for name in GENERATORS:
        generators.add(jclass(util + name)())
    inferred = manager.createOntology()
    jclass(util + "InferredOntologyGenerator")(reasoner, generators).fillOntology(manager, inferred)
    # InferredSubClassAxiomGenerator gives direct superclasses only; add the indirect ones.
    extra = jclass("java.util.HashSet")()
    for cls in ontology.getClassesInSignature():
        if cls.isOWLThing() or cls.isOWLNothing():
            continue
        if not reasoner.isSatisfiable(cls):
            summary["unsatisfiable"].append(str(cls.getIRI().toString()))
            continue
        for ancestor in reasoner.getSuperClasses(cls, False).getFlattened():
            if not ancestor.isOWLThing():
                extra.add(factory.getOWLSubClassOfAxiom(cls, ancestor))
    # Likewise the indirect named super-properties.
    for prop in ontology.getObjectPropertiesInSignature():
        for ancestor in reasoner.getSuperObjectProperties(prop, False).getFlattened():
            if not ancestor.isAnonymous() and not ancestor.isOWLTopObjectProperty():
                extra.add(factory.getOWLSubObjectPropertyOfAxiom(prop, ancestor))
    manager.addAxioms(inferred, extra)
    summary["unsatisfiable"].sort()
    summary["generated"] = int(inferred.getAxiomCount())
    stream = jclass("java.io.FileOutputStream")(str(target))
    try:
        manager.saveOntology(inferred, jclass("org.semanticweb.owlapi.io.RDFXMLOntologyFormat")(), stream)
    finally:
        stream.close()
    summary["seconds"] = {
        "load": round(loaded - started, 3),
        "profile": round(checked - loaded, 3),
        "reason": round(reasoned - checked, 3),
        "generate": round(time.perf_counter() - reasoned, 3),
    }
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m aikg._owl_child IN OUT SUMMARY``: the child's entry point."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 3:
        print(
            "usage: python -m aikg._owl_child IN(RDF/XML or N-Triples) OUT.rdf SUMMARY.json",
            file=sys.stderr,
        )
        return 2
    source, target, summary_path = (Path(a) for a in args)
    try:
        summary = _run_hermit(source, target)
    except (OSError, ImportError) as exc:  # no libjvm, no JPype
        print(f"cannot start the JVM: {exc}", file=sys.stderr)
        return EXIT_NO_JVM
    summary_path.write_text(json.dumps(summary), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
