"""The OWL 2 DL profile check alone, for graphs too large to reason over in a test.

:func:`aikg.owl.check_owl` runs the profile check, HermiT's consistency check and
its entailments in one JVM. Merging aikg with a large ontology (DPV's OWL family
with its 64,000-triple country list, LKIF-Core's mereology) makes HermiT take
minutes, while the question "does the merge pun illegally?" is the profile
checker's alone. :func:`check_profile_only` runs only the OWL API's
``OWL2DLProfile`` on the graph, in a child process (``python -m aikg.owlprofile IN
SUMMARY``) with the same OWL API 3.4.3 (inside owlready2's HermiT.jar), the same
serialisation (no ``owl:imports``, nothing fetched) and the same report.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from rdflib import Graph

from ._java import require_java, run_child, serialise_for_owlapi, start_jvm
from .owl import ProfileReport, Violation, hermit_jar

__all__ = ["check_profile_only", "check_file_only", "main"]

_TIMEOUT_SECONDS: Final = 600


def check_profile_only(graph: Graph) -> ProfileReport:
    """The OWL 2 DL violations of *graph* (``owl:imports`` stripped), without reasoning."""
    data, suffix = serialise_for_owlapi(graph)
    with tempfile.TemporaryDirectory(prefix="aikg-profile-") as name:
        source = Path(name) / f"ontology{suffix}"
        source.write_bytes(data)
        return check_file_only(source)


def check_file_only(path: Path) -> ProfileReport:
    """The OWL API loads *path* (RDF/XML, Turtle or N-Triples that aikg wrote) and checks its profile.

    Only for aikg's own files: the OWL API would follow their ``owl:imports`` and DTDs.
    """
    require_java()
    with tempfile.TemporaryDirectory(prefix="aikg-profile-") as name:
        summary_path = Path(name) / "summary.json"
        run_child(
            "aikg.owlprofile",
            [str(path), str(summary_path)],
            what="the OWL 2 DL profile check",
            timeout=_TIMEOUT_SECONDS,
        )
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
    return ProfileReport(
        violations=tuple(Violation(**row) for row in summary["violations"]), axioms=summary["axioms"]
    )


def _check(source: Path) -> dict[str, object]:
    """Load *source* with the OWL API and check it; runs in the child."""
    from ._owl_child import _profile_violations

    jpype = start_jvm([hermit_jar()], quick=True)
    jclass = jpype.JClass
    manager = jclass("org.semanticweb.owlapi.apibinding.OWLManager").createOWLOntologyManager()
    ontology = manager.loadOntologyFromOntologyDocument(jclass("java.io.File")(str(source)))
    return {"axioms": int(ontology.getAxiomCount()), "violations": _profile_violations(jclass, ontology)}


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m aikg.owlprofile IN SUMMARY``: the child's entry point."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2:
        print("usage: python -m aikg.owlprofile IN(RDF/XML or N-Triples) SUMMARY.json", file=sys.stderr)
        return 2
    source, summary_path = (Path(a) for a in args)
    try:
        summary = _check(source)
    except (OSError, ImportError) as exc:  # no libjvm, no JPype
        print(f"cannot start the JVM: {exc}", file=sys.stderr)
        return 3
    summary_path.write_text(json.dumps(summary), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
