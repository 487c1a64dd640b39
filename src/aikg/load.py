"""Load aikg's ontology files strictly and offline.

* Every file is parsed by pyoxigraph, which is strict (it rejects what the
  W3C test suites call bad syntax) and reports line and column; its errors are
  turned into :class:`~aikg.errors.AikgSyntaxError`.
* ``owl:imports`` are followed from a root file through the OASIS catalog
  ``ontology/catalog-v001.xml`` and nowhere else: an import IRI missing from
  the catalog is an :class:`~aikg.errors.AikgImportError`, never a download.
* RDF/XML is screened by defusedxml first: a DOCTYPE (and so any entity,
  internal or external) is refused before a byte reaches the RDF parser.
* No file larger than :data:`MAX_INPUT_BYTES` is read.

The result is a :class:`KnowledgeBase`: the modules in import order, each with
the file it came from, a pyoxigraph :class:`~pyoxigraph.Store` with one named
graph per module, and the merged :class:`rdflib.Graph`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Final, Literal, TypeAlias
from urllib.parse import unquote, urlparse
from xml.etree.ElementTree import ParseError

import pyoxigraph as ox
import rdflib
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_xml_fromstring

from .derive import EVIDENCE, Evidence
from .errors import AikgError, AikgImportError
from .layout import CATALOG_FILE
from .namespaces import bind_prefixes, prefix_map
from .rdfread import MAX_INPUT_BYTES, RDF_EXTENSIONS, clear_cache, parse_file, rdf_format, read_input
from .resources import ontology_dir as default_ontology_dir

__all__ = [
    "MAX_INPUT_BYTES",
    "CATALOG_FILE",
    "Profile",
    "PROFILES",
    "DEFAULT_PROFILE",
    "RDF_EXTENSIONS",
    "Catalog",
    "Module",
    "KnowledgeBase",
    "rdf_format",
    "parse_file",
    "read_catalog",
    "load_ontology",
    "load_profile",
    "list_modules",
    "orphan_files",
    "to_rdflib",
    "to_oxigraph",
    "clear_cache",
]

Profile = Literal["tbox", "study", "full"]
#: profile -> root file, relative to the ontology folder.
PROFILES: Final[Mapping[Profile, str]] = MappingProxyType(
    {"tbox": "aikg.ttl", "study": "kb-study.ttl", "full": "kb-full.ttl"}
)
DEFAULT_PROFILE: Final[Profile] = "full"

#: The terms a parsed triple is made of (RDF-star triples are refused by :func:`to_rdflib`).
OxTerm: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

_OWL_ONTOLOGY: Final = ox.NamedNode("http://www.w3.org/2002/07/owl#Ontology")
_OWL_IMPORTS: Final = ox.NamedNode("http://www.w3.org/2002/07/owl#imports")
_RDF_TYPE: Final = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_XSD_STRING: Final = "http://www.w3.org/2001/XMLSchema#string"
_CATALOG_NS: Final = "{urn:oasis:names:tc:entity:xmlns:xml:catalog}"
# Parts of the tree that are not ontology modules of any profile: SHACL shapes (loaded by
# the validator), contributor templates, and the optional bridge to other ontologies
# (its own product, dist/aikg-full-bridge.ttl).
_NOT_MODULES: Final = ("shapes", "templates", "bridges")


# --------------------------------------------------------------------------- catalog


@dataclass(frozen=True)
class Catalog:
    """An OASIS XML catalog: ontology IRI -> local file."""

    path: Path
    entries: Mapping[str, Path]

    def resolve(self, iri: str) -> Path | None:
        """The file that holds ontology *iri*, or ``None`` if the catalog has no entry."""
        return self.entries.get(iri)

    def iri_of(self, path: Path) -> str | None:
        """The ontology IRI the catalog maps to *path*, if any."""
        target = path.resolve()
        for iri, file in self.entries.items():
            if file == target:
                return iri
        return None


def _catalog_target(catalog_path: Path, uri: str) -> Path:
    parsed = urlparse(uri)
    if parsed.scheme == "file":
        return Path(unquote(parsed.path)).resolve()
    if parsed.scheme:
        # A catalog entry pointing to http(s) would be a download in disguise.
        raise AikgImportError(catalog_path, f"catalog entry uri={uri!r} is not a local file")
    return (catalog_path.parent / unquote(uri)).resolve()


def read_catalog(ontology_dir: Path | None = None) -> Catalog:
    """Read ``catalog-v001.xml`` from *ontology_dir* (default: the project's)."""
    folder = ontology_dir if ontology_dir is not None else default_ontology_dir()
    path = (folder / CATALOG_FILE).resolve()
    data = read_input(path)  # a regular file, within the size cap, read once
    try:
        root = safe_xml_fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise AikgImportError(path, f"refused: {type(exc).__name__} ({exc})") from None
    except ParseError as exc:
        line, column = exc.position
        raise AikgImportError(path, f"ill-formed XML: {exc}", line, column + 1) from None
    entries: dict[str, Path] = {}
    for element in root.iter(f"{_CATALOG_NS}uri"):
        name, uri = element.get("name"), element.get("uri")
        if not name or not uri:
            raise AikgImportError(path, "a <uri> entry needs both name= and uri=")
        target = _catalog_target(path, uri)
        if entries.get(name, target) != target:
            raise AikgImportError(path, f"<{name}> is mapped to two different files")
        entries[name] = target
    return Catalog(path=path, entries=MappingProxyType(entries))


# --------------------------------------------------------------------------- modules


@dataclass(frozen=True)
class Module:
    """One ontology document: its IRI, its file and what it imports."""

    iri: str
    path: Path
    imports: tuple[str, ...]
    triples: tuple[ox.Triple, ...] = field(repr=False, compare=False)


def _position_of(path: Path, needle: str) -> tuple[int | None, int | None]:
    """1-based line and column of the first *needle* in the file, for error messages."""
    try:
        text = read_input(path).decode("utf-8", errors="replace")
    except AikgError:
        return None, None
    index = text.find(needle)
    if index < 0:
        return None, None
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def _declared_ontologies(triples: Iterable[ox.Triple]) -> list[str]:
    return sorted(
        t.subject.value
        for t in triples
        if t.predicate == _RDF_TYPE and t.object == _OWL_ONTOLOGY and isinstance(t.subject, ox.NamedNode)
    )


def _read_module(iri: str | None, path: Path, base_iri: str | None = None) -> Module:
    triples = parse_file(path, base_iri=base_iri)
    declared = _declared_ontologies(triples)
    if iri is None:  # a root file the catalog does not know, e.g. a user's data file
        if len(declared) > 1:
            found = ", ".join(f"<{d}>" for d in declared)
            raise AikgImportError(path, f"more than one owl:Ontology header: {found}")
        iri = declared[0] if declared else path.as_uri()
    elif iri not in declared:
        found = ", ".join(f"<{d}>" for d in declared) or "none"
        raise AikgImportError(
            path,
            f"the catalog maps <{iri}> to this file, but it declares no such owl:Ontology "
            f"(declared: {found})",
        )
    subject = ox.NamedNode(iri)
    imports = tuple(
        t.object.value
        for t in triples
        if t.subject == subject and t.predicate == _OWL_IMPORTS and isinstance(t.object, ox.NamedNode)
    )
    return Module(iri=iri, path=path, imports=imports, triples=triples)


def load_ontology(
    root: Path | str, catalog: Catalog | None = None, *, base_iri: str | None = None
) -> KnowledgeBase:
    """Load *root* and, recursively, everything it imports through *catalog*.

    *catalog* defaults to the project's, so a user's file that imports
    ``https://w3id.org/aikg/ontology`` gets aikg's TBox. A root file with no
    ``owl:Ontology`` header is a module named by its ``file:`` URI.

    *base_iri* resolves relative IRIs in *root* only (a user's file); the
    catalog's modules never need one.

    Raises :class:`AikgImportError` for an import IRI the catalog does not map
    (nothing is ever fetched) and :class:`AikgSyntaxError` for a bad file.
    """
    given = Path(root)
    root_path = given.resolve()
    if catalog is None:
        catalog = read_catalog()
    modules: dict[str, Module] = {}

    def visit(iri: str | None, path: Path, base: str | None = None) -> Module:
        module = _read_module(iri, path, base)
        modules[module.iri] = module
        for imported in module.imports:
            if imported in modules:
                continue  # already loaded, or an import cycle (legal in OWL)
            target = catalog.resolve(imported)
            if target is None:
                line, column = _position_of(path, f"<{imported}>")
                raise AikgImportError(
                    path,
                    f"owl:imports <{imported}> is not in {catalog.path.name}; add "
                    f'<uri name="{imported}" uri="..."/> (aikg never fetches imports '
                    "from the network)",
                    line,
                    column,
                )
            if not target.is_file():
                line, column = _position_of(catalog.path, f'"{imported}"')
                raise AikgImportError(
                    catalog.path,
                    f"<{imported}> is mapped to {target}, which does not exist",
                    line,
                    column,
                )
            visit(imported, target)
        return module

    # The root is read under the name it was given (its format comes from that name).
    root_module = visit(catalog.iri_of(root_path), given.absolute(), base_iri)
    return KnowledgeBase(root_module, tuple(modules.values()), catalog)


def load_profile(
    profile: Profile = DEFAULT_PROFILE,
    ontology_dir: Path | None = None,
    *,
    data: Iterable[Path | str] = (),
    base_iri: str | None = None,
) -> KnowledgeBase:
    """Load one of the three profiles (``tbox``, ``study``, ``full``), plus the user's *data* files.

    Each data file is parsed strictly and becomes a module of its own (its
    ``owl:imports`` resolve through the catalog, like any module's); the derived
    graph is computed over the profile and the data together. *base_iri*
    resolves relative IRIs in the data files.
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; choose one of {', '.join(PROFILES)}")
    folder = ontology_dir if ontology_dir is not None else default_ontology_dir()
    catalog = read_catalog(folder)
    kb = load_ontology(folder / PROFILES[profile], catalog)
    kb.profile = profile
    files = tuple(data)
    return kb.with_data(files, base_iri=base_iri) if files else kb


def list_modules(profile: Profile = DEFAULT_PROFILE, ontology_dir: Path | None = None) -> tuple[Module, ...]:
    """Every module of *profile*, root first, then in import order."""
    return load_profile(profile, ontology_dir).modules


def orphan_files(ontology_dir: Path | None = None) -> list[Path]:
    """RDF files under the ontology folder that ``kb-full.ttl`` does not reach.

    ``shapes/`` (SHACL), ``templates/`` (examples for contributors) and
    ``bridges/`` (the optional bridge product) are not modules and are skipped. A file nobody
    imports is almost always a module someone forgot to wire in.
    """
    folder = (ontology_dir if ontology_dir is not None else default_ontology_dir()).resolve()
    # Every profile's root is an entry point (kb-study.ttl need not be imported by kb-full.ttl).
    reachable = {m.path for m in list_modules("full", folder)}
    reachable |= {(folder / root).resolve() for root in PROFILES.values()}
    orphans = []
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() not in RDF_EXTENSIONS or not path.is_file():
            continue
        if path.relative_to(folder).parts[0] in _NOT_MODULES:
            continue
        if path.resolve() not in reachable:
            orphans.append(path)
    return orphans


# --------------------------------------------------------------------------- knowledge base


def to_rdflib(term: OxTerm) -> rdflib.term.Identifier:
    """Convert one pyoxigraph term to rdflib, keeping literals' lexical forms as written."""
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:  # RDF 1.1: a plain literal *is* an xsd:string
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(datatype), normalize=False)
    raise TypeError(f"unsupported term {term!r}")  # RDF-star triples are not used in aikg


def to_oxigraph(term: rdflib.term.Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The pyoxigraph term for an rdflib term (the inverse of :func:`to_rdflib`)."""
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


class KnowledgeBase:
    """The modules reached from one root, with two views of their triples.

    * :attr:`store`: a pyoxigraph store, one named graph per module (graph name
      = module IRI); :meth:`query` runs SPARQL over the union of the graphs.
    * :attr:`graph`: the merged rdflib graph (``owl:imports`` triples kept).
    """

    def __init__(self, root: Module, modules: tuple[Module, ...], catalog: Catalog) -> None:
        self.root = root
        self.modules = modules
        self.catalog = catalog
        self.profile: Profile | None = None
        #: The user's files added with :meth:`with_data` (the profile's own modules are not listed).
        self.data_files: tuple[Path, ...] = ()
        #: What the derived graph counts as evidence of a dated fact (:func:`aikg.derive.derive`).
        self.evidence: Evidence = "any"

    def __repr__(self) -> str:
        return f"<KnowledgeBase {self.root.iri} modules={len(self.modules)}>"

    def with_data(self, files: Iterable[Path | str], *, base_iri: str | None = None) -> KnowledgeBase:
        """A new knowledge base: these modules plus the user's *files* (and what they import)."""
        modules = {m.iri: m for m in self.modules}
        files = tuple(files)
        for file in files:
            if not isinstance(file, (str, Path)):
                raise TypeError(f"a data file is a path, not {type(file).__name__}")
            extra = load_ontology(file, self.catalog, base_iri=base_iri)
            for module in extra.modules:
                modules.setdefault(module.iri, module)
        kb = KnowledgeBase(self.root, tuple(modules.values()), self.catalog)
        kb.profile = self.profile
        kb.data_files = (*self.data_files, *(Path(f) for f in files))
        kb.evidence = self.evidence
        return kb

    def with_evidence(self, evidence: Evidence) -> KnowledgeBase:
        """The same modules, with answers derived from *evidence* (``"any"`` or ``"official"``).

        ``"official"``: a status event, a relation between instruments or an application
        rule counts only when one of its citations names a source of official evidence;
        the rest is unknown, so answers that needed it become "not established".
        """
        if evidence not in EVIDENCE:
            raise ValueError(f"unknown evidence {evidence!r}; choose one of {', '.join(EVIDENCE)}")
        if evidence == self.evidence:
            return self
        kb = KnowledgeBase(self.root, self.modules, self.catalog)
        kb.profile, kb.data_files, kb.evidence = self.profile, self.data_files, evidence
        return kb

    def module(self, iri: str) -> Module:
        """The module with ontology IRI *iri* (KeyError if it is not loaded)."""
        for module in self.modules:
            if module.iri == iri:
                return module
        raise KeyError(iri)

    def source_of(self, iri: str) -> Path:
        """The file module *iri* was read from."""
        return self.module(iri).path

    def triples(self) -> Iterator[ox.Triple]:
        """Every triple of every module (a triple in two modules comes twice)."""
        for module in self.modules:
            yield from module.triples

    @cached_property
    def derived(self) -> tuple[ox.Quad, ...]:
        """The derived graph (:mod:`aikg.derive`): day bounds, effect and answer intervals."""
        from .derive import derive

        asserted = ox.Store()
        asserted.bulk_extend(
            ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(m.iri))
            for m in self.modules
            for t in m.triples
        )
        return tuple(derive(asserted, evidence=self.evidence))

    @cached_property
    def store(self) -> ox.Store:
        """One named graph per module, and the derived graph (:data:`aikg.derive.DERIVED_GRAPH`)."""
        store = ox.Store()  # in memory
        store.bulk_extend(
            ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(m.iri))
            for m in self.modules
            for t in m.triples
        )
        store.bulk_extend(self.derived)
        return store

    @cached_property
    def graph(self) -> rdflib.Graph:
        graph = bind_prefixes(rdflib.Graph())
        cache: dict[object, rdflib.term.Identifier] = {}

        def convert(term: OxTerm) -> rdflib.term.Identifier:
            # Most terms recur many times; converting each once halves the load time.
            converted = cache.get(term)
            if converted is None:
                converted = cache[term] = to_rdflib(term)
            return converted

        for triple in self.triples():
            graph.add((convert(triple.subject), convert(triple.predicate), convert(triple.object)))
        for quad in self.derived:
            graph.add((convert(quad.subject), convert(quad.predicate), convert(quad.object)))
        return graph

    def query(self, sparql: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run SPARQL over the union of all modules, with aikg's prefixes predeclared."""
        return self.store.query(sparql, prefixes=prefix_map(), use_default_graph_as_union=True)
