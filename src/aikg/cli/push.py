"""``aikg push``: load the graph into a triple store (SPARQL 1.1 Graph Store Protocol)."""

from __future__ import annotations

import argparse
from typing import Any

from ..errors import EXIT_OK
from ._options import add_data, add_profile, count

__all__ = ["register"]


def _push(args: argparse.Namespace) -> int:
    from ..push import push
    from ..remote import check_url

    check_url(args.store, "--store")  # refused before anything is loaded
    if args.query:
        check_url(args.query, "--query")
    pushed = push(
        args.store,
        query=args.query,
        profile=args.profile,
        data=args.data,
        chunk=args.chunk or 1,
        timeout=args.timeout,
        prompt=True,
    )
    for graph in pushed:
        print(f"{graph.triples:>9}  <{graph.iri}>")
    total = sum(g.triples for g in pushed)
    checked = f"; checked through {args.query}" if args.query else ""
    print(f"pushed {total} triples in {len(pushed)} named graphs to {args.store}{checked}")
    return EXIT_OK


def register(commands: Any) -> None:
    sub = commands.add_parser(
        "push",
        help="load the graph into a SPARQL 1.1 Graph Store (Oxigraph, Fuseki, Virtuoso, GraphDB)",
        description=(
            "Load the profile into a triple store through the SPARQL 1.1 Graph Store Protocol: one named "
            "graph per module plus the derived graph, each replaced (PUT). Credentials come from "
            "AIKG_STORE_TOKEN, "
            "or AIKG_STORE_USER and AIKG_STORE_PASSWORD, or a prompt: never from the command line. "
            "Then ask questions with `aikg ask ID --endpoint QUERY-URL`."
        ),
    )
    sub.add_argument(
        "--store",
        required=True,
        metavar="URL",
        help="the Graph Store URL (Oxigraph: http://HOST:7878/store; Fuseki: http://HOST:3030/DS/data)",
    )
    sub.add_argument(
        "--query",
        metavar="URL",
        help="the SPARQL query URL (Oxigraph: .../query; Fuseki: .../DS/query): check what the store holds",
    )
    add_profile(sub)
    add_data(sub)
    sub.add_argument(
        "--chunk", type=count, default=200_000, metavar="N", help="triples per request (default 200000)"
    )
    sub.add_argument(
        "--timeout", type=float, default=120.0, metavar="S", help="seconds per request (default 120)"
    )
    sub.set_defaults(run=_push)
