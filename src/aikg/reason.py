"""Consistency, classification and entailed triples with HermiT.

owlready2 reads N-Triples, not Turtle, so the merged rdflib graph is
serialised to N-Triples in memory, without its ``owl:imports`` (owlready2
would otherwise try to fetch them), loaded into a fresh owlready2
:class:`~owlready2.World` and classified by HermiT with
``ignore_unsupported_datatypes=True`` (owlready2's ``infer_property_values``
is not used: its results are not read, see below).

Why ``ignore_unsupported_datatypes``: aikg keeps dates at the precision the
source gives (``xsd:date``, ``xsd:gYearMonth``, ``xsd:gYear``). These are
XML Schema types but not in the OWL 2 datatype map, and HermiT refuses any
literal outside that map ("UnsupportedDatatypeException"). With the flag
HermiT treats such literals as opaque values, so they cannot cause (or
hide) an inconsistency; everything else is reasoned over normally.

Only HermiT is used: owlready2's bundled Pellet does not run on Java 17.
An inconsistent ontology is a *result* (``consistent=False``), not an exception.

Two HermiT runs, one verdict: owlready2 gives the consistency verdict and the
unsatisfiable classes, but it applies HermiT's results to its own quadstore
(reparenting in place, inverse properties handled natively), so almost
nothing of what HermiT infers can be read back from it as triples. The
entailments therefore come from a second HermiT run, run afterwards in a
child process by :mod:`aikg._materialise`: OWL API 3.4.3 and HermiT 1.3.8 (both
in owlready2's ``HermiT.jar``) with the OWL API's ``InferredOntologyGenerator``.
``inferred`` holds, for named entities only, every named type of every
individual, every named (direct or indirect) superclass and equivalent class
of every class, object property values (inverse and sub-property values
included), data property values that HermiT can state with their own
datatype, and inverse / sub- / equivalent named property axioms, minus what
is asserted. Nothing is inferred about blank nodes (aikg's citation nodes,
restrictions, lists): HermiT does not report on anonymous individuals, and
the OWL API writes inverse-property expressions as blank nodes, which are
dropped. A value of an unsupported date datatype that a super data property
would inherit is dropped too (HermiT returns it only as an opaque constant);
aikg has no sub-data-property today. An unsatisfiable class C shows up as
``C rdfs:subClassOf owl:Nothing`` only. If the two runs disagree on consistency, :class:`AikgJavaError` is
raised.
"""

from __future__ import annotations

import io
import json
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from rdflib import Graph, URIRef

from . import _materialise
from ._java import require_java, run_child, serialise_for_owlapi
from .errors import AikgJavaError
from .namespaces import OWL, RDF, bind_prefixes

__all__ = ["ReasoningResult", "reason"]

_NOTHING: Final = str(OWL.Nothing)
_TIMEOUT_SECONDS: Final = 600


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


def _entailments(graph: Graph, timeout: float) -> tuple[dict[str, Any], Graph]:
    """Run ``python -m aikg._materialise`` on *graph*: its summary and the inferred axioms.

    The child runs after owlready2's HermiT, not beside it: on a two-core
    machine two JVMs side by side were slower than one after the other.
    """
    with tempfile.TemporaryDirectory(prefix="aikg-reason-") as name:
        folder = Path(name)
        data, suffix = serialise_for_owlapi(graph)
        source = folder / f"ontology{suffix}"
        source.write_bytes(data)
        target, summary = folder / "inferred.rdf", folder / "summary.json"
        run_child(
            "aikg._materialise",
            [str(source), str(target), str(summary)],
            what="HermiT (OWL API)",
            timeout=timeout,
        )
        generated = Graph()
        if target.is_file():
            generated.parse(target, format="xml")
        return json.loads(summary.read_text(encoding="utf-8")), generated


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
            # The verdict only: the entailments come from _entailments().
            owlready2.sync_reasoner_hermit(world, ignore_unsupported_datatypes=True, debug=0)
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
    finally:
        world.close()
    summary, generated = _entailments(graph, _TIMEOUT_SECONDS - (time.perf_counter() - started))
    if not summary["consistent"]:
        raise AikgJavaError(
            "HermiT through owlready2 found the ontology consistent, "
            "HermiT through the OWL API found it inconsistent"
        )
    inferred = bind_prefixes(Graph())
    for triple in _materialise.clean(generated, graph):
        inferred.add(triple)
    return ReasoningResult(
        consistent=True,
        unsatisfiable=unsatisfiable,
        inferred=inferred,
        asserted=graph,
        seconds=time.perf_counter() - started,
    )
