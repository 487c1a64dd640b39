"""``aikg release``: every product in one tagged, checksummed archive (see :mod:`aikg.release`)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..build import DEFAULT_OUT_DIR
from ..errors import EXIT_OK

__all__ = ["register"]


def _release(args: argparse.Namespace) -> int:
    from ..release import make_release

    made = make_release(args.out, changelog=args.changelog, tag=args.tag, repo=args.repo)
    print(f"wrote {made.archive} ({len(made.files)} files, released {made.date.isoformat()})")
    print(f"wrote {made.checksum}")
    if made.tag:
        print(f"tagged {made.tag}")
    return EXIT_OK


def register(commands: Any) -> None:
    sub = commands.add_parser(
        "release",
        help="build every product into one checksummed archive",
        description=(
            "Check that CHANGELOG.md has a dated section for the package version and an empty [Unreleased] "
            "section, and that the profile roots carry that version; build every product (all profiles, the "
            "bridge, the HTML documentation, VoID/DCAT) and write dist/aikg-<version>.tar.gz (with "
            "SHA256SUMS inside) and its .sha256, byte-identical for the same sources; with --tag, make the "
            "git tag "
            "v<version> on a clean work tree."
        ),
    )
    sub.add_argument("--out", type=Path, default=DEFAULT_OUT_DIR, help="output folder (default: dist)")
    sub.add_argument(
        "--changelog", type=Path, default=Path("CHANGELOG.md"), help="the changelog (default: CHANGELOG.md)"
    )
    sub.add_argument("--tag", action="store_true", help="also make the annotated git tag v<version>")
    sub.add_argument("--repo", type=Path, default=Path("."), help="the git work tree to tag (default: .)")
    sub.set_defaults(run=_release)
