"""Build the release products into ``dist/``, deterministically and atomically.

For each profile:

* ``aikg-<profile>.ttl`` (merged Turtle) and ``aikg-<profile>.nt`` (canonical
  N-Triples): the profile's modules merged into one ontology document, plus the
  derived graph (:mod:`aikg.derive`: day bounds, effect and answer intervals), so
  that a plain SPARQL or SHACL engine given the product reads what aikg reads.

And once: ``aikg-shapes.ttl``, every SHACL shape as one product, so that
``pyshacl -s dist/aikg-shapes.ttl dist/aikg-full.ttl`` runs as it is.

In a product the modules are merged, so the ``owl:imports`` between them and the
modules' own ontology headers are dropped; the root's header (e.g.
``https://w3id.org/aikg/kb/full``) is kept as the product's. The same input gives
byte-identical files (:mod:`aikg.rdfio`); nothing is written unless everything
could be computed (:mod:`aikg.fileio`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Final

import pyoxigraph as ox

from .fileio import write_files
from .load import DEFAULT_PROFILE, KnowledgeBase, Profile, load_profile, parse_file
from .namespaces import AIKGSH, PREFIXES
from .rdfio import to_ntriples, to_turtle
from .resources import ontology_dir as default_ontology_dir

__all__ = ["DEFAULT_OUT_DIR", "SHAPES_PRODUCT", "product_triples", "shapes_triples", "build"]

DEFAULT_OUT_DIR: Final = Path("dist")
SHAPES_PRODUCT: Final = "aikg-shapes.ttl"

_OWL_IMPORTS: Final = ox.NamedNode("http://www.w3.org/2002/07/owl#imports")
_SHAPE_PREFIXES: Final = {**PREFIXES, "sh": "http://www.w3.org/ns/shacl#", "aikgsh": str(AIKGSH)}


def product_triples(kb: KnowledgeBase) -> list[ox.Triple]:
    """The triples of *kb* as one ontology document, with its derived graph.

    Drops ``owl:imports`` of loaded modules and every other module's header (with
    blank nodes hanging only from it); keeps the root's header.
    """
    module_iris = {ox.NamedNode(m.iri) for m in kb.modules}
    others = module_iris - {ox.NamedNode(kb.root.iri)}
    triples: set[ox.Triple] = set()
    dropped_bnodes: list[ox.BlankNode] = []
    for triple in kb.triples():
        if triple.predicate == _OWL_IMPORTS and triple.object in module_iris:
            continue
        if triple.subject in others:
            if isinstance(triple.object, ox.BlankNode):
                dropped_bnodes.append(triple.object)
            continue
        triples.add(triple)
    triples.update(quad.triple for quad in kb.derived)
    _drop_unreferenced(triples, dropped_bnodes)
    return sorted(triples, key=str)


def _drop_unreferenced(triples: set[ox.Triple], pending: list[ox.BlankNode]) -> None:
    """Remove blank nodes that only a dropped header referred to (e.g. its citation)."""
    while pending:
        node = pending.pop()
        if any(t.object == node for t in triples):
            continue  # still referenced by a kept triple
        owned = [t for t in triples if t.subject == node]
        for t in owned:
            triples.discard(t)
            if isinstance(t.object, ox.BlankNode):
                pending.append(t.object)


def _shape_files(ontology_dir: Path) -> list[Path]:
    return sorted((ontology_dir / "shapes").glob("*.ttl"))


def shapes_triples(ontology_dir: Path | None = None) -> Iterator[ox.Triple]:
    """Every triple of ``ontology/shapes/*.ttl`` (strictly parsed)."""
    folder = ontology_dir if ontology_dir is not None else default_ontology_dir()
    for path in _shape_files(folder):
        yield from parse_file(path)


def build(
    profiles: Sequence[Profile] = (DEFAULT_PROFILE,),
    out_dir: Path = DEFAULT_OUT_DIR,
    *,
    ontology_dir: Path | None = None,
    loaded: Iterable[KnowledgeBase] = (),
) -> list[Path]:
    """Write ``aikg-<profile>.ttl`` and ``.nt`` for each profile, and ``aikg-shapes.ttl``, into *out_dir*.

    Everything is computed before anything is written, so bad input leaves
    *out_dir* as it was. Already loaded knowledge bases can be passed in
    *loaded* to avoid parsing twice.
    """
    known = {kb.profile: kb for kb in loaded if not kb.data_files}
    files: dict[Path, bytes] = {}
    for profile in profiles:
        kb = known.get(profile) or load_profile(profile, ontology_dir)
        triples = product_triples(kb)
        files[out_dir / f"aikg-{profile}.ttl"] = to_turtle(triples)
        files[out_dir / f"aikg-{profile}.nt"] = to_ntriples(triples)
    files[out_dir / SHAPES_PRODUCT] = to_turtle(shapes_triples(ontology_dir), _SHAPE_PREFIXES)
    write_files(files)
    return list(files)
