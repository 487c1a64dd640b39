"""``aikg serve``: a read-only SPARQL 1.1 Protocol endpoint and a query page (see :mod:`aikg.serve`)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..errors import EXIT_OK
from ..serve import DEFAULT_HOST, DEFAULT_PORT, MAX_BODY_BYTES, ServeOptions, serve
from ..worker import SERVE_LIMITS, Limits
from ._options import add_data, add_profile, count

__all__ = ["register"]


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected more than 0 seconds, got {text!r}")
    return value


def _positive(text: str) -> int:
    value = count(text)
    if value == 0:
        raise argparse.ArgumentTypeError("expected 1 or more")
    return value


def _run(args: argparse.Namespace) -> int:
    options = ServeOptions(
        profile=args.profile,
        data=tuple(args.data),
        base_iri=args.base,
        limits=Limits(timeout=args.timeout, max_rows=args.max_rows, memory_mib=args.memory),
        workers=args.workers,
        max_body=args.max_body * 1024,
    )

    def announce(host: str, port: int) -> None:
        shown = f"[{host}]" if ":" in host else host
        print(
            f"aikg serve: http://{shown}:{port}/ (SPARQL endpoint: /sparql; profile {args.profile}"
            f"{' + ' + str(len(args.data)) + ' file(s)' if args.data else ''}; "
            f"{args.timeout:g} s and {args.max_rows:,} rows per query); Ctrl-C stops it",
            file=sys.stderr,
            flush=True,
        )

    try:
        serve(options, args.host, args.port, announce=announce)
    except KeyboardInterrupt:
        pass
    return EXIT_OK


def register(commands: Any) -> None:
    sub = commands.add_parser(
        "serve",
        help="serve the graph as a read-only SPARQL endpoint with a query page",
        description=(
            "Serve the graph as a read-only SPARQL 1.1 Protocol endpoint (/sparql: GET and POST; "
            "JSON, XML, CSV, TSV results; Turtle, N-Triples, JSON-LD graphs) with a query page (/) "
            "offering the competency questions. Updates and writes get 403; SERVICE and FROM get 400; "
            "each query runs in a killable child with a time limit, a row cap and a memory budget."
        ),
    )
    add_profile(sub)
    add_data(sub)
    sub.add_argument("--base", metavar="IRI", help="base IRI for relative IRIs in your --data files")
    sub.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default: {DEFAULT_HOST})")
    sub.add_argument(
        "--port", type=count, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT}; 0: any free port)"
    )
    sub.add_argument(
        "--timeout",
        type=_seconds,
        default=SERVE_LIMITS.timeout,
        metavar="SECONDS",
        help=f"time limit per query (default: {SERVE_LIMITS.timeout:g})",
    )
    sub.add_argument(
        "--max-rows",
        type=_positive,
        default=SERVE_LIMITS.max_rows,
        metavar="N",
        help=f"row cap per query (default: {SERVE_LIMITS.max_rows:,})",
    )
    sub.add_argument(
        "--memory",
        type=_positive,
        default=SERVE_LIMITS.memory_mib,
        metavar="MIB",
        help=f"memory budget per query, MiB (default: {SERVE_LIMITS.memory_mib:,})",
    )
    sub.add_argument("--workers", type=_positive, default=4, help="queries run at once (default: 4)")
    sub.add_argument(
        "--max-body",
        type=_positive,
        default=MAX_BODY_BYTES // 1024,
        metavar="KIB",
        help=f"largest request body, KiB (default: {MAX_BODY_BYTES // 1024})",
    )
    sub.set_defaults(run=_run)
