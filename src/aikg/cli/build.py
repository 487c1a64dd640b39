"""``aikg build``, ``aikg layout`` and ``aikg docs``: the files aikg generates."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..build import DEFAULT_OUT_DIR, build
from ..errors import EXIT_FINDINGS, EXIT_OK
from ..layout import write_layout
from ..load import PROFILES, Profile
from ._options import add_profile

__all__ = ["register"]


def _build(args: argparse.Namespace) -> int:
    profiles: list[Profile] = list(PROFILES) if args.profile == "all" else [args.profile]
    for path in build(profiles, args.out):
        print(f"wrote {path}")
    return EXIT_OK


def _layout(args: argparse.Namespace) -> int:
    changed = write_layout(check=args.check)
    for path in changed:
        print(f"{'stale' if args.check else 'wrote'} {path}")
    return EXIT_FINDINGS if (args.check and changed) else EXIT_OK


def _docs(args: argparse.Namespace) -> int:
    from ..docs import write_pages

    changed = write_pages(args.dir, check=args.check)
    for path in changed:
        print(f"{'stale' if args.check else 'wrote'} {path}")
    return EXIT_FINDINGS if (args.check and changed) else EXIT_OK


def register(commands: Any) -> None:
    sub = commands.add_parser(
        "build",
        help="write the release products into dist/",
        description=(
            "Write each profile as merged Turtle and canonical N-Triples (with its derived graph) "
            "and the SHACL shapes as dist/aikg-shapes.ttl; byte-identical on every run."
        ),
    )
    add_profile(sub, extra=("all",))
    sub.add_argument("--out", type=Path, default=DEFAULT_OUT_DIR, help="output folder (default: dist)")
    sub.set_defaults(run=_build)

    sub = commands.add_parser(
        "layout",
        help="regenerate the catalog and the profiles' imports",
        description=(
            "Regenerate ontology/catalog-v001.xml and the owl:imports of aikg.ttl, kb-study.ttl and kb-full.ttl "
            "from the folder layout (a new module is a new file in the right folder)."
        ),
    )
    sub.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a generated file is stale"
    )
    sub.set_defaults(run=_layout)

    sub = commands.add_parser(
        "docs",
        help="regenerate the generated pages of docs/",
        description=(
            "Regenerate the pages of docs/ that are generated from the graph (model, glossary, codebook, errata, "
            "questions, coverage, SSSOM table)."
        ),
    )
    sub.add_argument("--dir", type=Path, default=Path("docs"), help="docs folder (default: docs)")
    sub.add_argument("--check", action="store_true", help="write nothing; exit 1 if a page is stale")
    sub.set_defaults(run=_docs)
