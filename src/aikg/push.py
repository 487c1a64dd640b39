"""Load aikg's graph into a triple store through the SPARQL 1.1 Graph Store HTTP Protocol.

:func:`push` sends one named graph per module of the profile (graph name = module
IRI, e.g. ``https://w3id.org/aikg/ontology/time``) plus the derived graph
(:data:`aikg.derive.DERIVED_GRAPH`), each with ``PUT`` (the graph is replaced, so a
second push leaves the same store) and, for a large graph, further ``POST`` chunks.
Any Graph Store endpoint takes it: Oxigraph ``/store``, Fuseki ``/ds/data``,
Virtuoso ``/sparql-graph-crud-auth``, GraphDB ``/repositories/ID/rdf-graphs/service``.

Blank nodes cannot cross requests (each document has its own), and the derived
graph speaks of blank nodes of the modules (a coverage declaration's days), so they
are sent as skolem IRIs (:data:`aikg.remote.GENID`) named by their RDFC-1.0
canonical labels: the same graph gives the same IRIs on every push, and
:func:`aikg.remote.run_remote` turns them back into blank nodes.

With a query URL the push is checked: the store must then hold exactly the triples
sent in every graph. Credentials: see :mod:`aikg.remote` (environment or prompt).
"""

from __future__ import annotations

import urllib.parse
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pyoxigraph as ox

from .derive import DERIVED_GRAPH
from .load import DEFAULT_PROFILE, KnowledgeBase, Profile, load_profile
from .rdfio import canonical_quads
from .remote import DEFAULT_TIMEOUT, GENID, Credentials, RemoteError, check_url, credentials, http_request

__all__ = ["CHUNK_TRIPLES", "PushedGraph", "profile_graphs", "graph_triples", "push", "push_kb"]

#: Triples per request: a PUT replaces the graph with the first chunk, POSTs add the rest.
CHUNK_TRIPLES: Final = 200_000
_TURTLE: Final = "text/turtle; charset=utf-8"  # N-Triples is Turtle: every Graph Store takes it


@dataclass(frozen=True)
class PushedGraph:
    """One named graph sent: its IRI and how many distinct triples it holds."""

    iri: str
    triples: int


def profile_graphs(kb: KnowledgeBase) -> tuple[str, ...]:
    """The graph names :func:`push` writes for *kb*: each module's IRI, then the derived graph."""
    return (*(m.iri for m in kb.modules), DERIVED_GRAPH)


def _skolem(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> ox.NamedNode | ox.Literal:
    return ox.NamedNode(GENID + term.value) if isinstance(term, ox.BlankNode) else term


def graph_triples(kb: KnowledgeBase) -> dict[str, list[ox.Triple]]:
    """Graph name -> its triples (sorted, blank nodes as canonical skolem IRIs), in push order."""
    quads: list[ox.Quad] = []
    for module in kb.modules:
        graph = ox.NamedNode(module.iri)
        quads.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in module.triples)
    quads.extend(kb.derived)
    grouped: dict[str, list[ox.Triple]] = defaultdict(list)
    for quad in canonical_quads(quads):  # one dataset: a blank node keeps its label across graphs
        graph_name = quad.graph_name
        assert isinstance(graph_name, ox.NamedNode)
        grouped[graph_name.value].append(
            ox.Triple(_skolem(quad.subject), quad.predicate, _skolem(quad.object))  # type: ignore[arg-type]
        )
    return {iri: grouped.get(iri, []) for iri in profile_graphs(kb)}


def _chunks(triples: Sequence[ox.Triple], size: int) -> Iterator[bytes]:
    for start in range(0, max(len(triples), 1), size):
        yield "".join(f"{t} .\n" for t in triples[start : start + size]).encode("utf-8")


def _graph_url(store: str, graph: str) -> str:
    separator = "&" if urllib.parse.urlsplit(store).query else "?"
    return f"{store}{separator}{urllib.parse.urlencode({'graph': graph})}"


def _count_query(graphs: Iterable[str]) -> str:
    values = " ".join(f"<{g}>" for g in graphs)
    return (
        f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g"
    )


def _check(query_url: str, sent: dict[str, int], auth: Credentials | None, timeout: float) -> None:
    from .remote import run_remote

    result = run_remote(_count_query(sent), query_url, auth=auth, timeout=timeout)
    found = {
        row[0].value: int(row[1].value) for row in result.rows if row[0] is not None and row[1] is not None
    }
    wrong = [
        f"<{g}>: sent {n}, the store holds {found.get(g, 0)}" for g, n in sent.items() if found.get(g, 0) != n
    ]
    if wrong:
        raise RemoteError("the store does not hold what was sent: " + "; ".join(wrong[:5]))


def push_kb(
    kb: KnowledgeBase,
    store: str,
    *,
    query: str | None = None,
    auth: Credentials | None = None,
    chunk: int = CHUNK_TRIPLES,
    timeout: float = DEFAULT_TIMEOUT,
    prompt: bool = False,
) -> list[PushedGraph]:
    """Send every graph of *kb* to the Graph Store at *store*; check with *query* if given."""
    check_url(store, "store")
    if query is not None:
        check_url(query, "query")
    if chunk < 1:
        raise ValueError("chunk must be positive")
    auth = auth if auth is not None else credentials()
    graphs = graph_triples(kb)  # everything is computed before the first request
    pushed = []
    for iri, triples in graphs.items():
        url = _graph_url(store, iri)
        for index, body in enumerate(_chunks(triples, chunk)):
            http_request(
                "PUT" if index == 0 else "POST",
                url,
                body=body,
                headers={"Content-Type": _TURTLE},
                auth=auth,
                timeout=timeout,
                prompt=prompt,
            )
        pushed.append(PushedGraph(iri, len(triples)))
    if query is not None:
        _check(query, {g.iri: g.triples for g in pushed if g.triples}, auth, timeout)
    return pushed


def push(
    store: str,
    *,
    query: str | None = None,
    profile: Profile = DEFAULT_PROFILE,
    data: Iterable[Path | str] = (),
    auth: Credentials | None = None,
    chunk: int = CHUNK_TRIPLES,
    timeout: float = DEFAULT_TIMEOUT,
    prompt: bool = False,
) -> list[PushedGraph]:
    """Load *profile* (plus the user's *data* files) and :func:`push_kb` it to *store*."""
    check_url(store, "store")  # bad input is refused before anything is loaded
    if query is not None:
        check_url(query, "query")
    return push_kb(
        load_profile(profile, data=tuple(data)),
        store,
        query=query,
        auth=auth,
        chunk=chunk,
        timeout=timeout,
        prompt=prompt,
    )
