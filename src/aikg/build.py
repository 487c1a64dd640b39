"""Build the release products into ``dist/``, deterministically and atomically.

For each profile two files are written: ``aikg-<profile>.ttl`` (merged Turtle)
and ``aikg-<profile>.nt`` (canonical N-Triples: blank nodes labelled from the
graph's structure, lines sorted). The same input gives byte-identical files:
nothing depends on time, hash seeds or parse order.

In a product the modules are merged, so the ``owl:imports`` between them and
the modules' own ontology headers are dropped; the root's header (e.g.
``https://w3id.org/aikg/kb/full``) is kept as the product's.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final

from rdflib import BNode, Graph, URIRef
from rdflib.plugins.serializers.turtle import TurtleSerializer
from rdflib.term import Node

from .load import DEFAULT_PROFILE, KnowledgeBase, Profile, load_profile
from .namespaces import OWL, RDFS, bind_prefixes

__all__ = [
    "DEFAULT_OUT_DIR",
    "product_graph",
    "canonical_graph",
    "to_ntriples",
    "to_turtle",
    "build",
    "write_atomically",
]

DEFAULT_OUT_DIR: Final = Path("dist")

# Subjects of these types open the Turtle file in this order: header, then the TBox.
_TOP_CLASSES: Final = [
    OWL.Ontology,
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    RDFS.Datatype,
]


# --------------------------------------------------------------------------- products


def product_graph(kb: KnowledgeBase) -> Graph:
    """The merged graph of *kb* as a single ontology document.

    Drops ``owl:imports`` of loaded modules and every other module's header
    (with blank nodes hanging only from it); keeps the root's header.
    """
    graph = bind_prefixes(Graph())
    module_iris = {URIRef(m.iri) for m in kb.modules}
    other_headers = module_iris - {URIRef(kb.root.iri)}
    for triple in kb.graph:
        subject, predicate, obj = triple
        if predicate == OWL.imports and obj in module_iris:
            continue
        if subject in other_headers:
            continue
        graph.add(triple)
    _drop_unreferenced_bnodes(graph, kb.graph, other_headers)
    return graph


def _drop_unreferenced_bnodes(graph: Graph, source: Graph, dropped: set[URIRef]) -> None:
    """Remove blank nodes that only a dropped header referred to (e.g. its citation)."""
    pending = [o for s in dropped for o in source.objects(s, None) if isinstance(o, BNode)]
    while pending:
        node = pending.pop()
        if next(graph.subject_predicates(node), None) is not None:
            continue  # still referenced by a kept triple
        children = [o for o in graph.objects(node, None) if isinstance(o, BNode)]
        graph.remove((node, None, None))
        pending.extend(children)


def _bnode_colours(graph: Graph) -> dict[BNode, str]:
    """Give each blank node a hash of its place in the graph.

    Colour refinement (1-dimensional Weisfeiler-Leman): a node's colour is the
    hash of its edges to IRIs, literals and the colours of other blank nodes,
    refined until the partition is stable. Nodes left with equal colours are
    told apart one at a time; in real data such nodes are interchangeable
    (e.g. two identical citations of one resource), so the output does not
    depend on which is picked. rdflib.compare does this exactly but takes
    minutes on graphs with many look-alike citation nodes.
    """
    out_edges: dict[BNode, list[tuple[str, Node]]] = defaultdict(list)
    in_edges: dict[BNode, list[tuple[Node, str]]] = defaultdict(list)
    for s, p, o in graph:
        if isinstance(s, BNode):
            out_edges[s].append((p.n3(), o))
        if isinstance(o, BNode):
            in_edges[o].append((s, p.n3()))
    nodes = sorted(set(out_edges) | set(in_edges), key=str)
    colour = {node: "" for node in nodes}

    def key(term: Node) -> str:
        return "_:" + colour[term] if isinstance(term, BNode) else term.n3()

    def refine() -> None:
        nonlocal colour
        classes = len(set(colour.values()))
        while True:
            new = {}
            for node in nodes:
                lines = sorted(f">{p} {key(o)}" for p, o in out_edges[node])
                lines += sorted(f"<{key(s)} {p}" for s, p in in_edges[node])
                text = colour[node] + "\n" + "\n".join(lines)
                new[node] = hashlib.sha256(text.encode("utf-8")).hexdigest()
            colour = new
            refined = len(set(colour.values()))
            if refined == classes:
                return
            classes = refined

    refine()
    while True:
        groups: dict[str, list[BNode]] = defaultdict(list)
        for node, value in colour.items():
            groups[value].append(node)
        ties = sorted(value for value, members in groups.items() if len(members) > 1)
        if not ties:
            return colour
        chosen = groups[ties[0]][0]
        colour[chosen] = hashlib.sha256((ties[0] + "/individualised").encode()).hexdigest()
        refine()


def canonical_graph(graph: Graph) -> Graph:
    """A copy of *graph* whose blank nodes are labelled from the graph's structure."""
    colours = _bnode_colours(graph)
    labels: dict[Node, Node] = {node: BNode("b" + value[:32]) for node, value in colours.items()}
    canonical = bind_prefixes(Graph())
    for s, p, o in graph:
        canonical.add((labels.get(s, s), p, labels.get(o, o)))
    return canonical


def to_ntriples(graph: Graph) -> bytes:
    """N-Triples of *graph* (UTF-8), lines sorted; pass a :func:`canonical_graph`."""
    text = graph.serialize(format="nt", encoding="utf-8")
    lines = sorted(line for line in text.split(b"\n") if line.strip())
    return b"\n".join(lines) + b"\n"


def to_turtle(graph: Graph) -> bytes:
    """Turtle of *graph*: header first, then the TBox, then the rest; pass a :func:`canonical_graph`."""
    serializer = TurtleSerializer(graph)
    serializer.topClasses = _TOP_CLASSES
    buffer = io.BytesIO()
    serializer.serialize(buffer, encoding="utf-8")
    return buffer.getvalue()


# --------------------------------------------------------------------------- writing


def write_atomically(files: dict[Path, bytes]) -> None:
    """Write all *files* or none: each goes to a temporary file first, then all are renamed.

    A failure before the renames leaves no new file behind; a rename is atomic
    on one file system, so no reader ever sees half a file.
    """
    staged: list[tuple[Path, Path]] = []
    # mkstemp creates files readable by the owner only; products are for everyone.
    umask = os.umask(0)
    os.umask(umask)
    try:
        for target, data in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            staged.append((Path(temp_name), target))
            os.chmod(temp_name, 0o666 & ~umask)
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
        for temp, target in staged:
            os.replace(temp, target)
    finally:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)


def build(
    profiles: Sequence[Profile] = (DEFAULT_PROFILE,),
    out_dir: Path = DEFAULT_OUT_DIR,
    *,
    ontology_dir: Path | None = None,
    loaded: Iterable[KnowledgeBase] = (),
) -> list[Path]:
    """Write ``aikg-<profile>.ttl`` and ``.nt`` for each profile into *out_dir*.

    Everything is computed before anything is written, so bad input leaves
    *out_dir* as it was. Already loaded knowledge bases can be passed in
    *loaded* to avoid parsing twice.
    """
    known = {kb.profile: kb for kb in loaded}
    files: dict[Path, bytes] = {}
    for profile in profiles:
        kb = known.get(profile) or load_profile(profile, ontology_dir)
        graph = canonical_graph(product_graph(kb))
        files[out_dir / f"aikg-{profile}.ttl"] = to_turtle(graph)
        files[out_dir / f"aikg-{profile}.nt"] = to_ntriples(graph)
    write_atomically(files)
    return list(files)
