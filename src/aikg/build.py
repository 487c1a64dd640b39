"""Build the release products into ``dist/``, deterministically and atomically.

For each profile, ``aikg-<profile>.<suffix>`` in every format of
:data:`aikg.formats.FORMATS`:

* Turtle, N-Triples, RDF/XML and JSON-LD (``ttl``, ``nt``, ``rdf``, ``jsonld``):
  the profile's modules merged into one ontology document, plus the derived graph
  (:mod:`aikg.derive`: day bounds, effect and answer intervals), so that a plain
  SPARQL or SHACL engine given the product reads what aikg reads. Every individual
  is declared an ``owl:NamedIndividual`` (owlready2 lists only declared
  individuals). The JSON-LD embeds the context of the vocabulary.
* TriG and N-Quads (``trig``, ``nq``): the dataset, one named graph per module
  (named by the module's ontology IRI, its header and imports kept) and the derived
  graph as :data:`aikg.derive.DERIVED_GRAPH`.

And once: ``aikg-shapes.ttl`` (every SHACL shape, so that ``pyshacl -s
dist/aikg-shapes.ttl dist/aikg-full.ttl`` runs as it is), ``aikg-context.jsonld``
(the JSON-LD context), ``aikg-void.ttl`` (VoID and DCAT of what was built,
:mod:`aikg.void`), the HTML documentation in ``doc/`` (:mod:`aikg.htmldocs`) and,
with the full profile, the bridge product ``aikg-full-bridge.ttl``: the optional
bridge module (``ontology/bridges/``) and every type HermiT entails from the
full profile with it, so that plain SPARQL for ``dpv:Law`` or
``eli:LegalResource`` reaches aikg's instruments (needs Java; ``bridge=False``
skips it).

In a merged product the modules are merged, so the ``owl:imports`` between them
and the modules' own headers are dropped; the root's header (e.g.
``https://w3id.org/aikg/kb/full``, with its version IRI, issue date and licence)
is kept as the product's. The same input gives byte-identical files
(:mod:`aikg.rdfio`); nothing is written unless everything could be computed
(:mod:`aikg.fileio`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import pyoxigraph as ox

from .derive import DERIVED_GRAPH
from .errors import AikgError
from .fileio import write_files
from .formats import CONTEXT_FILE, jsonld_context, to_jsonld
from .load import DEFAULT_PROFILE, KnowledgeBase, Profile, load_profile, parse_file
from .namespaces import AIKGSH, PREFIXES
from .rdfio import canonical_triples, to_nquads, to_ntriples, to_rdfxml, to_trig, to_turtle
from .resources import ontology_dir as default_ontology_dir

__all__ = [
    "DEFAULT_OUT_DIR",
    "SHAPES_PRODUCT",
    "BRIDGE_PRODUCT",
    "BRIDGE_MODULE",
    "VOID_PRODUCT",
    "DOC_DIR",
    "product_triples",
    "product_quads",
    "named_individuals",
    "shapes_triples",
    "bridge_triples",
    "render",
    "build",
]

DEFAULT_OUT_DIR: Final = Path("dist")
SHAPES_PRODUCT: Final = "aikg-shapes.ttl"
BRIDGE_PRODUCT: Final = "aikg-full-bridge.ttl"
#: The optional bridge module, relative to the ontology folder (in no profile).
BRIDGE_MODULE: Final = Path("bridges") / "aikg-bridge.ttl"
VOID_PRODUCT: Final = "aikg-void.ttl"
DOC_DIR: Final = "doc"

_RDF_TYPE: Final = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_OWL_IMPORTS: Final = ox.NamedNode("http://www.w3.org/2002/07/owl#imports")
_NAMED_INDIVIDUAL: Final = ox.NamedNode("http://www.w3.org/2002/07/owl#NamedIndividual")
# Types that make their subject a class, a property, an ontology or an axiom, not an individual.
_META: Final = (
    "http://www.w3.org/2002/07/owl#",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://www.w3.org/2000/01/rdf-schema#",
)
_SHAPE_PREFIXES: Final = {**PREFIXES, "sh": "http://www.w3.org/ns/shacl#", "aikgsh": str(AIKGSH)}


def named_individuals(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """``x rdf:type owl:NamedIndividual`` for every IRI typed with a class outside OWL, RDF and RDFS."""
    found = {
        t.subject
        for t in triples
        if t.predicate == _RDF_TYPE
        and isinstance(t.subject, ox.NamedNode)
        and isinstance(t.object, ox.NamedNode)
        and not t.object.value.startswith(_META)
    }
    return [ox.Triple(s, _RDF_TYPE, _NAMED_INDIVIDUAL) for s in sorted(found, key=str)]


def product_triples(kb: KnowledgeBase) -> list[ox.Triple]:
    """The triples of *kb* as one ontology document, with its derived graph.

    Drops ``owl:imports`` of loaded modules and every other module's header (with
    blank nodes hanging only from it); keeps the root's header; declares every
    individual an ``owl:NamedIndividual``.
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
    triples.update(named_individuals(triples))
    return sorted(triples, key=str)


def product_quads(kb: KnowledgeBase) -> list[ox.Quad]:
    """The dataset of *kb*: one named graph per module (verbatim) and the derived graph."""
    quads = [
        ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(m.iri)) for m in kb.modules for t in m.triples
    ]
    derived = ox.NamedNode(DERIVED_GRAPH)
    quads += [ox.Quad(q.subject, q.predicate, q.object, derived) for q in kb.derived]
    return quads


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


def bridge_triples(kb: KnowledgeBase, ontology_dir: Path | None = None) -> list[ox.Triple]:
    """The bridge product: the bridge module (without its import) and the types HermiT entails.

    HermiT reasons over *kb*'s asserted triples and the bridge module (the derived
    graph adds nothing a type could follow from). Raises
    :class:`~aikg.errors.AikgJavaError` without Java.
    """
    from .load import to_oxigraph
    from .owl import check_owl
    from .rdfio import to_rdflib_graph

    folder = ontology_dir if ontology_dir is not None else default_ontology_dir()
    bridge = [t for t in parse_file(folder / BRIDGE_MODULE) if t.predicate != _OWL_IMPORTS]
    report = check_owl(to_rdflib_graph([*kb.triples(), *bridge]))
    if not report.reasoning.ok:
        unsatisfiable = ", ".join(report.reasoning.unsatisfiable[:5]) or "none"
        raise AikgError(
            f"the bridge module makes the {kb.profile} profile inconsistent or has unsatisfiable "
            f"classes (consistent: {report.reasoning.consistent}; unsatisfiable: {unsatisfiable})"
        )
    entailed = {
        ox.Triple(to_oxigraph(s), _RDF_TYPE, to_oxigraph(o))  # type: ignore[arg-type]
        for s, p, o in report.reasoning.inferred
        if str(p) == _RDF_TYPE.value
    }
    triples = set(bridge) | entailed
    triples.update(named_individuals(entailed))
    return sorted(triples, key=str)


def _merged_files(name: str, triples: list[ox.Triple], context: Mapping[str, Any]) -> dict[str, bytes]:
    canonical = canonical_triples(triples)  # once, for the four writers
    return {
        f"{name}.ttl": to_turtle(canonical, canonical=True),
        f"{name}.nt": to_ntriples(canonical, canonical=True),
        f"{name}.rdf": to_rdfxml(canonical, canonical=True),
        f"{name}.jsonld": to_jsonld(canonical, context, canonical=True),
    }


def render(
    profiles: Sequence[Profile] = (DEFAULT_PROFILE,),
    *,
    ontology_dir: Path | None = None,
    loaded: Iterable[KnowledgeBase] = (),
    bridge: bool = True,
    docs: bool = True,
) -> dict[str, bytes]:
    """Every product, as file name (relative to the output folder) -> bytes.

    Already loaded knowledge bases can be passed in *loaded* to avoid parsing twice.
    """
    from .htmldocs import render_docs
    from .void import void_description

    known = {kb.profile: kb for kb in loaded if not kb.data_files}

    def kb_of(profile: Profile) -> KnowledgeBase:
        if profile not in known:
            known[profile] = load_profile(profile, ontology_dir)
        return known[profile]

    for profile in profiles:  # the profiles asked for first: their errors are the ones to report
        kb_of(profile)
    tbox = kb_of("tbox")
    context = jsonld_context(tbox.triples())
    files: dict[str, bytes] = {}
    for profile in profiles:
        kb = kb_of(profile)
        name = f"aikg-{profile}"
        files.update(_merged_files(name, product_triples(kb), context))
        quads = product_quads(kb)
        files[f"{name}.trig"] = to_trig(quads)
        files[f"{name}.nq"] = to_nquads(quads)
    if bridge and "full" in profiles:
        files[BRIDGE_PRODUCT] = to_turtle(bridge_triples(kb_of("full"), ontology_dir))
    shapes = list(shapes_triples(ontology_dir))
    files[SHAPES_PRODUCT] = to_turtle(shapes, _SHAPE_PREFIXES)
    files[CONTEXT_FILE] = (_json(context)).encode("utf-8")
    if docs and "full" in profiles:
        pages = render_docs(tbox, shapes, examples=kb_of("full"))
        files.update({f"{DOC_DIR}/{n}": data for n, data in pages.items()})
    roots: dict[str, str] = {str(profile): kb_of(profile).root.iri for profile in profiles}
    files[VOID_PRODUCT] = void_description(files, roots, tbox)
    return dict(sorted(files.items()))


def _json(value: object) -> str:
    import json

    return json.dumps({"@context": value}, ensure_ascii=False, indent=1) + "\n"


def build(
    profiles: Sequence[Profile] = (DEFAULT_PROFILE,),
    out_dir: Path = DEFAULT_OUT_DIR,
    *,
    ontology_dir: Path | None = None,
    loaded: Iterable[KnowledgeBase] = (),
    bridge: bool = True,
    docs: bool = True,
) -> list[Path]:
    """Write every product of :func:`render` into *out_dir* and return their paths.

    Everything is computed before anything is written, so bad input leaves
    *out_dir* as it was.
    """
    files = render(profiles, ontology_dir=ontology_dir, loaded=loaded, bridge=bridge, docs=docs)
    targets = {out_dir / name: data for name, data in files.items()}
    write_files(targets)  # type: ignore[arg-type]
    return list(targets)
