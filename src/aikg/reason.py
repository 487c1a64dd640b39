"""HermiT consistency, unsatisfiable classes and entailed triples (see :mod:`aikg.owl`).

:func:`reason` runs the one OWL child process (which also checks the OWL 2 DL
profile) and returns the reasoning part; call :func:`aikg.owl.check_owl` to
get both from the same run.
"""

from __future__ import annotations

from rdflib import Graph

from .owl import ReasoningResult, check_owl

__all__ = ["ReasoningResult", "reason"]


def reason(graph: Graph) -> ReasoningResult:
    """Run HermiT on *graph*; raise :class:`~aikg.errors.AikgJavaError` only if Java itself fails."""
    return check_owl(graph).reasoning
