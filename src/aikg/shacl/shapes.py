"""aikg's SHACL shapes: where they are, how they load, and what the shapes graph says of them.

Every shape lives in ``ontology/shapes/*.ttl`` (``aikg build`` writes them all as one
product, ``dist/aikg-shapes.ttl``). Nothing about a shape is kept in Python: its ID,
label, message and severity are read from the shapes graph.

* A **shape ID** is the local name of a node shape in the ``aikgsh:`` namespace made
  of one capital letter and two digits: ``S03`` (data quality), ``T01`` (the
  ontology's own terms), ``G01`` (gaps in the law).
* A **named part** is any other ``aikgsh:`` shape or constraint whose local name
  starts with an ID and a hyphen (``aikgsh:S03-jurisdiction``, ``aikgsh:S30-same``,
  ``aikgsh:G01-sparql``): it belongs to that ID.
* Helper shapes without an ID (``aikgsh:DatePrecision``) have no targets and are only
  reached through ``sh:node``; a result they cause is reported by the named shape
  that uses them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final, Literal

from rdflib import Graph, Namespace, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from ..errors import AikgError
from ..load import parse_file, to_rdflib
from ..namespaces import AIKGSH
from ..resources import ontology_dir, shipped_dir

__all__ = [
    "SH",
    "AIKGSH",
    "Severity",
    "SEVERITIES",
    "SHAPE_ID",
    "ShapeInfo",
    "ShapesSource",
    "shapes_dir",
    "shape_files",
    "load_shapes",
    "shape_ids",
    "shape_info",
    "gap_titles",
    "id_of",
    "owner_id",
]

SH: Final = Namespace("http://www.w3.org/ns/shacl#")

Severity = Literal["Violation", "Warning", "Info"]
#: Severities from the most to the least serious.
SEVERITIES: Final[tuple[Severity, ...]] = ("Violation", "Warning", "Info")

#: ``S03`` or ``S03-jurisdiction``: group 1 is the ID.
SHAPE_ID: Final = re.compile(r"^([A-Z][0-9]{2})(?:-[A-Za-z0-9][A-Za-z0-9-]*)?$")
_BARE_ID: Final = re.compile(r"^[A-Z][0-9]{2}$")
#: Where shape files may be given: a folder, one file, several files, or a loaded graph.
ShapesSource = Graph | Path | str | Sequence[Path | str]
_KIND_ORDER: Final = "STG"


@dataclass(frozen=True)
class ShapeInfo:
    """What the shapes graph says about one shape ID."""

    id: str
    iri: str
    label: str
    message: str
    severity: Severity

    @property
    def title(self) -> str:
        """The English label without its leading ID: ``G01 no binding ...`` gives ``no binding ...``."""
        return self.label[len(self.id) :].strip() if self.label.startswith(self.id) else self.label


def shapes_dir() -> Path:
    """The folder holding aikg's shapes: ``<ontology>/shapes``.

    An ontology folder of your own (``AIKG_ONTOLOGY_DIR``) without a ``shapes/``
    folder is validated with the shapes aikg ships.
    """
    own = ontology_dir() / "shapes"
    if own.is_dir():
        return own
    shipped = shipped_dir("ontology") / "shapes"
    return shipped if shipped.is_dir() else own


def shape_files(source: Path | str | Sequence[Path | str] | None = None) -> tuple[Path, ...]:
    """The shape files of *source*: a folder (its ``*.ttl``), a file or several files.

    The default is :func:`shapes_dir`.
    """
    if source is None:
        source = shapes_dir()
    if isinstance(source, (str, Path)):
        path = Path(source)
        files = tuple(sorted(path.glob("*.ttl"))) if path.is_dir() else (path,)
    else:
        files = tuple(Path(p) for p in source)
    if not files:
        raise AikgError(f"no SHACL shapes (*.ttl) in {source}")
    return files


def _stamp(files: Iterable[Path]) -> tuple[tuple[str, int, int], ...]:
    stamps = []
    for path in files:
        try:
            stat = path.stat()
        except OSError as exc:
            raise AikgError(f"cannot read shapes file {path}: {exc.strerror or exc}") from None
        stamps.append((str(path.resolve()), stat.st_mtime_ns, stat.st_size))
    return tuple(stamps)


@lru_cache(maxsize=8)
def _load(stamp: tuple[tuple[str, int, int], ...]) -> Graph:
    graph = Graph(bind_namespaces="none")  # the prefixes below are the only ones it shows
    graph.bind("sh", str(SH))
    graph.bind("aikgsh", str(AIKGSH))
    for path_str, _mtime, _size in stamp:
        for triple in parse_file(path_str):  # strict, like every other aikg file
            graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
    return graph


def load_shapes(source: Path | str | Sequence[Path | str] | None = None) -> Graph:
    """All shapes of *source* (default :func:`shapes_dir`) as one rdflib graph.

    The graph is cached per file set and modification time: treat it as read-only.
    """
    return _load(_stamp(shape_files(source)))


def _as_graph(shapes: ShapesSource | None) -> Graph:
    return shapes if isinstance(shapes, Graph) else load_shapes(shapes)


def id_of(node: Node) -> str | None:
    """The shape ID an ``aikgsh:`` IRI is named after (``S03`` for ``aikgsh:S03-kind``), else ``None``."""
    if not isinstance(node, URIRef) or not str(node).startswith(str(AIKGSH)):
        return None
    match = SHAPE_ID.match(str(node)[len(str(AIKGSH)) :])
    return match.group(1) if match else None


def owner_id(node: Node, shapes: Graph) -> str | None:
    """The ID of *node*, or of the nearest named shape that uses it (for anonymous and helper shapes)."""
    seen: set[Node] = set()
    pending = [node]
    while pending:
        current = pending.pop(0)
        if current in seen:
            continue
        seen.add(current)
        found = id_of(current)
        if found:
            return found
        pending.extend(sorted(shapes.subjects(None, current), key=str))
    return None


def _sort_key(shape_id: str) -> tuple[int, str]:
    kind = _KIND_ORDER.find(shape_id[0])
    return (kind if kind >= 0 else len(_KIND_ORDER), shape_id)


def shape_ids(shapes: ShapesSource | None = None) -> tuple[str, ...]:
    """Every shape ID of the shapes graph, S first, then T, then G."""
    graph = _as_graph(shapes)
    ids = set()
    for node in graph.subjects(RDF.type, SH.NodeShape):
        local = str(node)[len(str(AIKGSH)) :] if isinstance(node, URIRef) else ""
        if str(node).startswith(str(AIKGSH)) and _BARE_ID.match(local):
            ids.add(local)
    return tuple(sorted(ids, key=_sort_key))


def _english(graph: Graph, node: Node, predicate: URIRef) -> str:
    values = sorted(
        str(v)
        for v in graph.objects(node, predicate)
        if isinstance(v, RdfLiteral) and (v.language or "en").lower().startswith("en")
    )
    return values[0] if values else ""


def shape_info(shapes: ShapesSource | None = None) -> Mapping[str, ShapeInfo]:
    """ID -> :class:`ShapeInfo` for every shape ID, in :func:`shape_ids` order."""
    graph = _as_graph(shapes)
    found = {}
    for shape_id in shape_ids(graph):
        node = AIKGSH[shape_id]
        severity = str(graph.value(node, SH.severity) or SH.Violation).rsplit("#", 1)[-1]
        found[shape_id] = ShapeInfo(
            id=shape_id,
            iri=str(node),
            label=_english(graph, node, RDFS.label),
            message=_english(graph, node, SH.message),
            severity=severity if severity in SEVERITIES else "Violation",  # type: ignore[arg-type]
        )
    return found


def gap_titles(shapes: ShapesSource | None = None) -> dict[str, str]:
    """``G01`` -> its title, from the gap shapes' own ``rdfs:label`` (for reports)."""
    return {i: info.title for i, info in shape_info(shapes).items() if i.startswith("G")}
