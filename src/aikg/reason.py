"""Consistency and classification with HermiT, through owlready2.

owlready2 reads N-Triples, not Turtle, so the merged rdflib graph is
serialised to N-Triples in memory, without its ``owl:imports`` (owlready2
would otherwise try to fetch them), loaded into a fresh owlready2
:class:`~owlready2.World` and classified by HermiT with
``infer_property_values=True`` and ``ignore_unsupported_datatypes=True``.

Why ``ignore_unsupported_datatypes``: aikg keeps dates at the precision the
source gives (``xsd:date``, ``xsd:gYearMonth``, ``xsd:gYear``). These are
XML Schema types but not in the OWL 2 datatype map, and HermiT refuses any
literal outside that map ("UnsupportedDatatypeException"). With the flag
HermiT treats such literals as opaque values, so they cannot cause (or
hide) an inconsistency; everything else is reasoned over normally.

Only HermiT is used: owlready2's bundled Pellet does not run on Java 17.
An inconsistent ontology is a *result* (``consistent=False``), not an exception.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass, field
from typing import Final

from rdflib import Graph, URIRef

from ._java import require_java
from .errors import AikgJavaError
from .namespaces import OWL, RDF, bind_prefixes

__all__ = ["ReasoningResult", "reason"]

# owlready2 files what HermiT infers under this ontology of the World.
_INFERENCES: Final = "http://inferrences/"
_NOTHING: Final = str(OWL.Nothing)


@dataclass(frozen=True)
class ReasoningResult:
    """What HermiT found.

    ``inferred`` holds only the triples HermiT added (new types, subclass and
    equivalence axioms, property values); :meth:`closure` adds them to the
    asserted graph. For an inconsistent ontology everything follows, so
    ``unsatisfiable`` and ``inferred`` are left empty.
    """

    consistent: bool
    unsatisfiable: tuple[str, ...]
    inferred: Graph = field(repr=False)
    asserted: Graph = field(repr=False)
    seconds: float = 0.0

    @property
    def inferred_count(self) -> int:
        return len(self.inferred)

    @property
    def ok(self) -> bool:
        """Consistent and with no unsatisfiable class."""
        return self.consistent and not self.unsatisfiable

    def closure(self) -> Graph:
        """A new graph with the asserted and the inferred triples."""
        graph = bind_prefixes(Graph())
        for triple in self.asserted:
            graph.add(triple)
        for triple in self.inferred:
            graph.add(triple)
        return graph


def _without_imports(graph: Graph) -> bytes:
    stripped = Graph()
    for triple in graph:
        if triple[1] != OWL.imports:
            stripped.add(triple)
    return stripped.serialize(format="nt", encoding="utf-8")


def reason(graph: Graph) -> ReasoningResult:
    """Run HermiT on *graph*; raise :class:`AikgJavaError` only if Java itself fails."""
    import owlready2  # imported here: it is slow to import and only this module needs it

    owlready2.JAVA_EXE = require_java()
    started = time.perf_counter()
    world = owlready2.World()
    try:
        roots = sorted(str(s) for s in graph.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef))
        base = roots[0] if roots else "http://aikg.invalid/merged"
        world.get_ontology(base).load(fileobj=io.BytesIO(_without_imports(graph)), format="ntriples")
        try:
            owlready2.sync_reasoner_hermit(
                world,
                infer_property_values=True,
                ignore_unsupported_datatypes=True,
                debug=0,
            )
        except owlready2.OwlReadyInconsistentOntologyError:
            return ReasoningResult(
                consistent=False,
                unsatisfiable=(),
                inferred=Graph(),
                asserted=graph,
                seconds=time.perf_counter() - started,
            )
        except owlready2.OwlReadyJavaError as exc:
            raise AikgJavaError(f"HermiT failed: {exc}") from None
        unsatisfiable = tuple(sorted(c.iri for c in world.inconsistent_classes() if c.iri != _NOTHING))
        buffer = io.BytesIO()
        world.get_ontology(_INFERENCES).save(buffer, format="ntriples")
        inferred = bind_prefixes(Graph()).parse(data=buffer.getvalue(), format="nt")
        for header in list(inferred.subjects(RDF.type, OWL.Ontology)):
            inferred.remove((header, None, None))
        return ReasoningResult(
            consistent=True,
            unsatisfiable=unsatisfiable,
            inferred=inferred,
            asserted=graph,
            seconds=time.perf_counter() - started,
        )
    finally:
        world.close()
