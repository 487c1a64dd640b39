"""The pySHACL adapter: the one place aikg calls a SHACL engine.

:func:`run_shacl` runs the shapes as written, as any user of plain pySHACL runs them
(``pyshacl -s dist/aikg-shapes.ttl dist/aikg-full.ttl``): SHACL Core and SHACL-SPARQL,
``inference="none"`` (the class hierarchy is in the data graph, as ``rdfs:subClassOf``
triples of the TBox), ``advanced=False`` (the shapes use no SHACL Advanced Features:
Apache Jena's SHACL has none, https://jena.apache.org/documentation/shacl/), no
target pinning and no focus filtering. Warnings and infos do not make pySHACL's own
``conforms`` false (``allow_warnings``/``allow_infos``); aikg computes conformance
from the results anyway.

Behaviour of pySHACL 0.40 this module relies on or works around:

* **No copy of the data graph.** With no inference, no ``ont_graph`` and advanced
  mode off, pySHACL validates in place ("No inferencing, no ont_graph, and no
  advanced mode, now implies inplace mode", ``pyshacl/validator.py``); aikg builds
  the data graph for each run and drops it afterwards, so nothing leaks.
* **A SPARQL constraint is parsed once per focus node.** On an rdflib data graph
  pySHACL pre-binds ``$this`` and hands the query *text* to rdflib for every focus
  node, and rdflib parses it every time (its parser and evaluator are slow:
  https://github.com/RDFLib/pySHACL/issues/237,
  https://github.com/RDFLib/pySHACL/issues/174). The shapes therefore anchor each
  whole-graph rule at one node (``sh:targetNode aikgd:`` or the TBox root) and return
  the resource at fault as ``sh:value``: the "singleton constraint" SHACL's editors
  recommend for this (https://github.com/w3c/data-shapes/issues/530); and the gap
  shapes target the one ``aikg:Profile``. This is a property of the shapes, so every
  engine profits, not a special case here.
* **rdflib or pyoxigraph as the data graph.** pySHACL >= 0.40 also validates a
  ``pyoxigraph.Store`` (https://github.com/RDFLib/pySHACL/pull/324). Its SPARQL is
  far faster (T06 on the full product: 0.03 s against 1 s), but every Core constraint
  then reads the store triple by triple through Python (pySHACL's maintainer measured
  the same: https://github.com/RDFLib/pySHACL/issues/184), and every result, nested
  ones in ``sh:or`` and qualified shapes included, counts the whole store:
  ``datagraph or sg`` in ``make_v_result`` (``pyshacl/constraints/constraint_component.py``)
  calls the wrapper's ``__len__``, a SPARQL ``COUNT`` over every triple, because the
  wrapper defines no ``__bool__`` (962 counts, 85 % of the time, for one small fixture).
  Measured with pySHACL 0.40.1, CPU time of ``validate()`` alone: ``dist/aikg-full.ttl``
  at 13,247 triples, rdflib 4.5 s against pyoxigraph 34 s (isomorphic reports); at
  50,350 triples, rdflib 8.3 s, pyoxigraph still running after 7 minutes of CPU; a
  fixture with the TBox and its bibliography (5,913 triples), rdflib 3.5 s against
  11 s. rdflib is therefore the
  default; ``backend="oxigraph"`` stays available, and a test checks that both give
  the same findings. (Subclassing the wrapper to add ``__bool__``, as aikg once did,
  relies on a private, conditionally defined class; it is not done.)
* **rdflib's default prefixes.** rdflib's SPARQL parser knows ``skos:``, ``dcterms:``,
  ``vann:`` and other common prefixes without a declaration
  (https://github.com/RDFLib/rdflib/issues/2103), so a constraint that forgets one in
  its ``sh:declare`` runs in pySHACL and fails to parse in Jena. pySHACL cannot be made
  strict about it; ``tests/test_shapes.py`` parses every query in a strict parser
  with the declared prefixes only.
* **Ill-typed literals.** rdflib logs a traceback and warns for a literal it cannot
  convert (``"2023-13"^^xsd:gYearMonth``); the shapes report such values as findings,
  so the noise is silenced while pySHACL runs.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final, Literal

import pyoxigraph as ox
from rdflib import Graph

from ..errors import AikgError
from ..load import to_oxigraph

__all__ = ["Backend", "BACKENDS", "DEFAULT_BACKEND", "run_shacl"]

Backend = Literal["rdflib", "oxigraph"]
BACKENDS: Final[tuple[Backend, ...]] = ("rdflib", "oxigraph")
#: The faster data graph on aikg's shapes and products (see the module documentation).
DEFAULT_BACKEND: Final[Backend] = "rdflib"


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence rdflib's tracebacks and warnings about ill-typed literals (they become findings)."""
    logger = logging.getLogger("rdflib.term")
    previous = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # rdflib: "Parsing weird boolean"
            yield
    finally:
        logger.setLevel(previous)


def _oxigraph(graph: Graph) -> ox.Store:
    store = ox.Store()
    default = ox.DefaultGraph()
    store.bulk_extend(
        ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), default)  # type: ignore[arg-type]
        for s, p, o in graph
    )
    return store


def run_shacl(data: Graph, shapes: Graph, *, backend: Backend = DEFAULT_BACKEND) -> Graph:
    """Validate *data* with *shapes* in pySHACL and return its ``sh:ValidationReport`` graph.

    Neither graph is changed: pySHACL gets its own copy of the shapes (it adds a few
    triples to the shapes graph it is given). Raises :class:`~aikg.errors.AikgError`
    when pySHACL cannot run the shapes (e.g. a SPARQL syntax error in a constraint).
    """
    import pyshacl  # slow to import: only now, after the input has been read

    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    data_graph: Graph | ox.Store = data if backend == "rdflib" else _oxigraph(data)
    try:
        with _quiet():
            _conforms, report, _text = pyshacl.validate(
                data_graph,  # type: ignore[arg-type]  # pySHACL >= 0.40 takes a pyoxigraph Store
                shacl_graph=Graph() + shapes,
                inference="none",
                advanced=False,
                allow_warnings=True,
                allow_infos=True,
            )
    except Exception as exc:  # pySHACL reports unusable shapes as various exceptions
        raise AikgError(f"SHACL validation could not run: {type(exc).__name__}: {exc}") from exc
    if not isinstance(report, Graph):
        raise AikgError(f"SHACL validation could not run: {report}")
    return report
