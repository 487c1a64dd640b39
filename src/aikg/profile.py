"""OWL 2 DL profile check with the OWL API's ``OWL2DLProfile`` (see :mod:`aikg.owl`).

``python -m aikg.profile FILE`` checks a user's file. The file is read by
aikg's strict, offline loader first (RDF/XML with a DTD or an entity is
refused; ``owl:imports`` are never followed) and handed to the OWL API as
aikg's own serialisation, so nothing is fetched and no entity is resolved.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph

from .errors import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, AikgError, AikgInputError
from .owl import DATE_DATATYPES, ProfileReport, Violation, check_owl, is_allowed

__all__ = [
    "DATE_DATATYPES",
    "Violation",
    "ProfileReport",
    "is_allowed",
    "check_profile",
    "check_file",
    "main",
]


def check_profile(graph: Graph) -> ProfileReport:
    """Check *graph* (imports are stripped) against the OWL 2 DL profile."""
    return check_owl(graph).profile


def check_file(path: Path | str) -> ProfileReport:
    """Check a user's RDF file: parsed strictly and offline, then checked."""
    from .load import parse_file
    from .rdfio import to_rdflib_graph

    return check_profile(to_rdflib_graph(parse_file(path)))


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m aikg.profile FILE``: print the OWL 2 DL violations of FILE."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1 or args[0].startswith("-"):
        print("usage: python -m aikg.profile FILE (Turtle, N-Triples, RDF/XML or JSON-LD)", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        report = check_file(args[0])
    except AikgInputError as exc:
        print(f"{exc.location}: {exc.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except AikgError as exc:
        print(f"aikg: error: {exc}", file=sys.stderr)
        return exc.exit_code
    print(f"{report.axioms} axioms checked")
    for violation in report.violations:
        print(f"{'allowed' if is_allowed(violation) else 'VIOLATION'}: {violation}")
    return EXIT_FINDINGS if report.problems else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
