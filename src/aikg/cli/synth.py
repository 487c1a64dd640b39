"""``aikg synth``: write a deterministic synthetic extension of the graph (for benchmarks)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..errors import EXIT_OK
from ._options import count

__all__ = ["register"]


def _positive(text: str) -> int:
    value = count(text)
    if value == 0:
        raise argparse.ArgumentTypeError("expected 1 or more")
    return value


def _synth(args: argparse.Namespace) -> int:
    from ..synth import write_synth

    paths = write_synth(args.out, args.triples, args.seed)
    print(f"wrote {len(paths)} files into {args.out}")
    return EXIT_OK


def register(commands: Any) -> None:
    sub = commands.add_parser(
        "synth",
        help="write a synthetic extension of the graph, for benchmarks",
        description=(
            "Write a deterministic, invented extension in aikg's own model (jurisdictions, instruments of "
            "every "
            "kind with dated status events, provisions, application rules, relations, definitions in both "
            "lenses, coverage, treaties with parties, sources with evidence levels; labels in en/ru/kk), one "
            "Turtle file per jurisdiction. "
            "The same --triples and --seed give byte-identical files. Load it with --data, e.g. "
            "`aikg ask CQ-14 --data DIR/*.ttl`."
        ),
    )
    sub.add_argument(
        "--triples", type=_positive, required=True, metavar="N", help="about how many triples to write"
    )
    sub.add_argument("--seed", type=count, default=0, metavar="S", help="random seed (default: 0)")
    sub.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="output folder (created if missing)"
    )
    sub.set_defaults(run=_synth)
