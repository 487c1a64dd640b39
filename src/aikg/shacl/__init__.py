"""SHACL validation of aikg's graph and of users' files with aikg's shapes.

The shapes (``ontology/shapes/*.ttl``, one product ``dist/aikg-shapes.ttl``) use SHACL
Core and SHACL-SPARQL only and run as written: the same shapes on the same graph give
the same results in ``aikg validate``, in plain pySHACL
(``pyshacl -s dist/aikg-shapes.ttl dist/aikg-full.ttl``) and in Apache Jena's SHACL.
What ``aikg validate`` adds is the data graph (:mod:`.datagraph`: the profile, your
files, and the derived graph computed over both), the as-of date (``date`` replaces
the profile's ``aikg:asOfDate`` triple) and the findings (:mod:`.findings`) and their
reports (:mod:`.report`). The engine is pySHACL, behind :func:`.engine.run_shacl`.

* **S01-S36** data quality (``sh:Violation``), **T01-T06** the ontology's own terms
  (``sh:Violation``), **G01-G06** gaps in the law on the as-of date (``sh:Warning``
  or ``sh:Info``); IDs, labels and messages are read from the shapes graph
  (:mod:`.shapes`).

Nothing is written anywhere: the user's files are only read.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from ..load import DEFAULT_PROFILE, PROFILES, KnowledgeBase, Profile, rdf_format
from .datagraph import BIBLIOGRAPHY_MODULE, DataGraph, build_data_graph, data_graph_of, parse_date
from .engine import BACKENDS, DEFAULT_BACKEND, Backend, run_shacl
from .findings import FAIL_ON, FailOn, Finding, Term, ValidationResult, collect_findings, path_text
from .report import REPORT_PREFIXES, display_path
from .shapes import (
    AIKGSH,
    SEVERITIES,
    SH,
    Severity,
    ShapeInfo,
    ShapesSource,
    gap_titles,
    load_shapes,
    shape_ids,
    shape_info,
    shapes_dir,
)

__all__ = [
    "AIKGSH",
    "SH",
    "SEVERITIES",
    "FAIL_ON",
    "BACKENDS",
    "BIBLIOGRAPHY_MODULE",
    "Backend",
    "Severity",
    "FailOn",
    "Term",
    "Finding",
    "ShapeInfo",
    "ValidationResult",
    "validate",
    "validate_kb",
    "parse_date",
    "path_text",
    "shapes_dir",
    "load_shapes",
    "shape_ids",
    "shape_info",
    "gap_titles",
]


def _files(data_files: Iterable[Path | str] | Path | str) -> tuple[Path, ...]:
    # A bare string or path is one file, not a sequence of one-character names.
    if isinstance(data_files, (str, os.PathLike)):
        return (Path(data_files),)
    return tuple(Path(f) for f in data_files)


def _sources(kb: KnowledgeBase) -> dict[str, str]:
    """resource IRI -> the file that describes it; the user's files win."""
    own = {p.resolve() for p in kb.data_files}
    where: dict[str, str] = {}
    for mine in (True, False):
        for module in kb.modules:
            if (module.path.resolve() in own) != mine:
                continue
            shown = display_path(module.path)
            for triple in module.triples:
                if isinstance(triple.subject, ox.NamedNode):
                    where.setdefault(triple.subject.value, shown)
    return where


def _user_prefixes(files: Iterable[Path]) -> dict[str, str]:
    """The prefixes the user's files declare, as their parsers read them (for display only)."""
    found: dict[str, str] = {}
    for path in files:
        try:
            parser = ox.parse(path.read_bytes(), rdf_format(path), base_iri=path.resolve().as_uri())
            for _quad in parser:
                pass
            found.update({p: n for p, n in parser.prefixes.items() if p})
        except (OSError, SyntaxError, ValueError):
            continue  # parsed strictly before; nothing to show
    return found


def _result(
    data: DataGraph,
    shapes: ShapesSource | None,
    *,
    files: tuple[Path, ...],
    include_shipped: bool,
    fail_on: FailOn,
    date_given: bool,
    backend: Backend,
) -> ValidationResult:
    shapes_graph = shapes if isinstance(shapes, Graph) else load_shapes(shapes)
    report = run_shacl(data.graph, shapes_graph, backend=backend)
    findings, labels = collect_findings(report, data, shapes_graph, _sources(data.kb))
    own = _user_prefixes(files)
    return ValidationResult(
        findings=findings,
        profile=data.profile,
        include_shipped=include_shipped,
        data_files=files,
        fail_on=fail_on,
        triples=len(data.graph),
        shapes=shape_ids(shapes_graph),
        as_of=data.as_of,
        date_given=date_given,
        labels=labels,
        prefixes={**REPORT_PREFIXES, **{p: n for p, n in own.items() if p not in REPORT_PREFIXES}},
    )


def _check_options(profile: str, fail_on: str) -> None:
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; choose one of {', '.join(PROFILES)}")
    if fail_on not in FAIL_ON:
        raise ValueError(f"unknown fail_on {fail_on!r}; choose one of {', '.join(FAIL_ON)}")


def validate(
    data_files: Iterable[Path | str] | Path | str = (),
    profile: Profile = DEFAULT_PROFILE,
    *,
    include_shipped: bool = True,
    fail_on: FailOn = "violation",
    graphs: Iterable[Graph] = (),
    date: dt.date | str | None = None,
    shapes: ShapesSource | None = None,
    backend: Backend = DEFAULT_BACKEND,
) -> ValidationResult:
    """Validate the shipped knowledge graph plus *data_files* with aikg's shapes.

    :param data_files: the user's RDF files (Turtle ``.ttl``, N-Triples ``.nt``, RDF/XML
        ``.rdf``/``.owl``, JSON-LD ``.jsonld``), parsed strictly; a bad file raises
        :class:`~aikg.errors.AikgInputError` (file, line, column) before anything is
        validated. One path may be given as a bare string or :class:`~pathlib.Path`.
    :param profile: the shipped graph they join: ``full``, ``study`` or ``tbox`` (the
        TBox always comes with the bibliography it cites).
    :param include_shipped: ``False`` adds the files to the TBox and its bibliography
        only: the way aikg's own shape fixtures are checked.
    :param fail_on: what makes :attr:`ValidationResult.failed` true.
    :param graphs: in-memory rdflib graphs, added like files.
    :param date: the as-of date (a :class:`datetime.date` or ``"YYYY-MM-DD"``): it
        replaces the profile's ``aikg:asOfDate`` triple (a profile is added if the
        graph has none), as a user of a plain SHACL engine would edit the triple.
    :param shapes: a shapes graph, folder or file(s) instead of :func:`shapes_dir`.
    :param backend: the data graph pySHACL reads (see :mod:`aikg.shacl.engine`).
    """
    _check_options(profile, fail_on)
    day = parse_date(date) if date is not None else None
    files = _files(data_files)
    data = build_data_graph(files, profile, include_shipped=include_shipped, graphs=tuple(graphs), date=day)
    return _result(
        data,
        shapes,
        files=files,
        include_shipped=include_shipped and profile != "tbox",
        fail_on=fail_on,
        date_given=day is not None,
        backend=backend,
    )


def validate_kb(
    kb: KnowledgeBase,
    *,
    date: dt.date | str | None = None,
    fail_on: FailOn = "violation",
    shapes: ShapesSource | None = None,
    backend: Backend = DEFAULT_BACKEND,
) -> ValidationResult:
    """Validate an already loaded knowledge base (``aikg check``), with its derived graph.

    The shapes default to the ``shapes/`` folder next to the knowledge base's catalog
    (a fork's own shapes), else aikg's. ``date`` replaces the as-of date as in :func:`validate`.
    """
    _check_options(kb.profile or "tbox", fail_on)
    day = parse_date(date) if date is not None else None
    if shapes is None:
        beside = kb.catalog.path.parent / "shapes"
        shapes = beside if beside.is_dir() else None
    return _result(
        data_graph_of(kb, date=day, profile=kb.profile or "tbox"),
        shapes,
        files=tuple(kb.data_files),
        include_shipped=kb.profile in ("study", "full"),
        fail_on=fail_on,
        date_given=day is not None,
        backend=backend,
    )
