"""The data graph aikg validates: a profile (or the TBox), the user's files, and the derived graph.

* ``include_shipped=True``: the profile's knowledge base (:func:`aikg.load.load_profile`)
  with the user's files added as modules of their own.
* ``include_shipped=False`` (and the ``tbox`` profile): the TBox plus the bibliography it
  cites (the study and its references, and the outside sources), loaded through the
  catalog from :data:`BIBLIOGRAPHY_MODULE`, with the user's files added. The TBox cites
  ``aikgd:study``; without it every citation of a class would point at nothing.
* In-memory rdflib graphs are added like files.

The derived graph (:mod:`aikg.derive`: day bounds, effect and answer intervals) is
computed over all of it, the user's data included, exactly as ``aikg build`` computes
it for a product. The as-of date is the profile's ``aikg:asOfDate`` triple; a ``date``
given to :func:`build_data_graph` *replaces* that triple (and adds a profile when the
graph has none), which is what a user of a plain SHACL engine does by editing it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from ..derive import DERIVED_GRAPH, derive
from ..errors import AikgError
from ..load import (
    KnowledgeBase,
    Profile,
    load_ontology,
    load_profile,
    parse_file,
    read_catalog,
    to_oxigraph,
    to_rdflib,
)
from ..namespaces import AIKG, AIKGD, RDF, RDFS, XSD

__all__ = ["BIBLIOGRAPHY_MODULE", "DataGraph", "parse_date", "data_graph_of", "build_data_graph"]

#: The module the background of ``include_shipped=False`` is loaded from: the outside
#: sources' bibliography, which imports the study's, which imports the TBox.
BIBLIOGRAPHY_MODULE: Final = "https://w3id.org/aikg/data/module/outside-sources"

_ISO_DAY: Final = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_TYPE: Final = ox.NamedNode(str(RDF.type))
_SUBCLASS: Final = ox.NamedNode(str(RDFS.subClassOf))
_PROFILE: Final = ox.NamedNode(str(AIKG.Profile))
_AS_OF: Final = ox.NamedNode(str(AIKG.asOfDate))
_LABEL: Final = ox.NamedNode(str(RDFS.label))
_XSD_DATE: Final = ox.NamedNode(str(XSD.date))

Triple = tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.NamedNode | ox.BlankNode | ox.Literal]


def parse_date(value: dt.date | str) -> dt.date:
    """A :class:`datetime.date` from a date or a ``YYYY-MM-DD`` string (ValueError otherwise)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DAY.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"expected a date YYYY-MM-DD, got {value!r}")


@dataclass(frozen=True)
class DataGraph:
    """What :func:`build_data_graph` returns: the graph the shapes run on, and where it came from."""

    graph: Graph
    kb: KnowledgeBase
    profile: Profile
    #: The profiles in the graph (IRIs), and the one as-of date they give (``None`` if none or several).
    profiles: tuple[str, ...]
    as_of: dt.date | None


def _background(profile: Profile, include_shipped: bool) -> KnowledgeBase:
    if include_shipped and profile != "tbox":
        return load_profile(profile)
    catalog = read_catalog()
    root = catalog.resolve(BIBLIOGRAPHY_MODULE)
    if root is None:
        raise AikgError(f"the catalog does not map {BIBLIOGRAPHY_MODULE}")
    kb = load_ontology(root, catalog)
    kb.profile = "tbox"
    return kb


def _from_rdflib(graphs: Iterable[Graph]) -> list[Triple]:
    return [
        (to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))  # type: ignore[misc]
        for graph in graphs
        for s, p, o in graph
    ]


def _profile_classes(triples: set[Triple]) -> set[ox.NamedNode | ox.BlankNode]:
    """aikg:Profile and its subclasses (as the TBox in the graph says)."""
    classes: set[ox.NamedNode | ox.BlankNode] = {_PROFILE}
    grew = True
    while grew:
        grew = False
        for s, p, o in triples:
            if p == _SUBCLASS and o in classes and s not in classes:
                classes.add(s)
                grew = True
    return classes


def _set_date(triples: set[Triple], profile: Profile, day: dt.date | None) -> tuple[str, ...]:
    """Replace every profile's as-of date with *day* (adding a profile if none); return the profiles."""
    classes = _profile_classes(triples)
    profiles: list[ox.NamedNode | ox.BlankNode] = sorted(
        {s for s, p, o in triples if p == _TYPE and o in classes}, key=str
    )
    if day is None:
        return tuple(str(p.value) if isinstance(p, ox.NamedNode) else str(p) for p in profiles)
    literal = ox.Literal(day.isoformat(), datatype=_XSD_DATE)
    if not profiles:
        added = ox.NamedNode(f"{AIKGD}profile-{profile}")
        triples.update(
            {
                (added, _TYPE, _PROFILE),
                (added, _LABEL, ox.Literal(f"aikg {profile} profile", language="en")),
            }
        )
        profiles = [added]
    for node in profiles:
        triples.difference_update({t for t in triples if t[0] == node and t[1] == _AS_OF})
        triples.add((node, _AS_OF, literal))
    return tuple(str(p.value) if isinstance(p, ox.NamedNode) else str(p) for p in profiles)


def _as_of(triples: set[Triple], profiles: Sequence[str]) -> dt.date | None:
    days = set()
    for s, p, o in triples:
        if p == _AS_OF and isinstance(s, ox.NamedNode) and s.value in profiles and isinstance(o, ox.Literal):
            try:
                days.add(parse_date(o.value))
            except ValueError:
                return None  # an ill-formed date: S34 reports it
    return days.pop() if len(days) == 1 else None


def _rdflib_graph(triples: Iterable[Triple]) -> Graph:
    graph = Graph(bind_namespaces="none")  # nothing to show: findings are rendered with aikg's prefixes
    cache: dict[object, Node] = {}

    def convert(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
        found = cache.get(term)
        if found is None:
            found = cache[term] = to_rdflib(term)
        return found

    for s, p, o in triples:
        graph.add((convert(s), convert(p), convert(o)))
    return graph


def data_graph_of(
    kb: KnowledgeBase, *, graphs: Sequence[Graph] = (), date: dt.date | None = None, profile: Profile = "tbox"
) -> DataGraph:
    """The data graph of a loaded knowledge base, its derived graph, *graphs*, and the as-of *date*."""
    triples: set[Triple] = {(t.subject, t.predicate, t.object) for t in kb.triples()}  # type: ignore[misc]
    if graphs:
        triples.update(_from_rdflib(graphs))
        asserted = ox.Store()
        graph_name = ox.NamedNode("urn:aikg:validate")
        asserted.bulk_extend(ox.Quad(s, p, o, graph_name) for s, p, o in triples)
        derived = derive(asserted)
    else:
        derived = list(kb.derived)
    triples.update(
        (q.subject, q.predicate, q.object)  # type: ignore[misc]
        for q in derived
        if q.graph_name == ox.NamedNode(DERIVED_GRAPH)
    )
    profiles = _set_date(triples, kb.profile or profile, date)
    return DataGraph(
        graph=_rdflib_graph(triples),
        kb=kb,
        profile=kb.profile or profile,
        profiles=profiles,
        as_of=_as_of(triples, profiles),
    )


def build_data_graph(
    files: Sequence[Path],
    profile: Profile,
    *,
    include_shipped: bool,
    graphs: Sequence[Graph] = (),
    date: dt.date | None = None,
) -> DataGraph:
    """The data graph of one validation (see the module documentation).

    The user's files are parsed first, so that bad input is refused (with file, line
    and column) before anything else is loaded.
    """
    for path in files:
        parse_file(path)
    kb = _background(profile, include_shipped)
    if files:
        kb = kb.with_data(files)
    return data_graph_of(kb, graphs=graphs, date=date, profile=profile)
