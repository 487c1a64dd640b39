"""Options several commands share, declared once (so that every command has the
same default profile and reads dates, data files and limits the same way)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from ..days import parse_day
from ..derive import EVIDENCE, Evidence
from ..load import DEFAULT_PROFILE, PROFILES, KnowledgeBase, load_profile
from ..progress import step

__all__ = ["add_profile", "add_date", "add_data", "add_evidence", "add_verbosity", "day", "count", "load"]


def add_profile(parser: argparse.ArgumentParser, *, extra: tuple[str, ...] = ()) -> None:
    parser.add_argument(
        "--profile",
        choices=[*PROFILES, *extra],
        default=DEFAULT_PROFILE,
        help=f"what to load (default: {DEFAULT_PROFILE}, the law as it stands on the profile's as-of date)",
    )


def day(text: str) -> dt.date:
    """An argparse type: a calendar day written YYYY-MM-DD."""
    parsed = parse_day(text.strip())
    if parsed is None:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}")
    return parsed


def add_date(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--date",
        type=day,
        metavar="YYYY-MM-DD",
        help="evaluate the law on this day instead of the profile's as-of date",
    )


def add_data(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        type=Path,
        nargs="+",
        default=[],
        metavar="FILE",
        help="your own RDF files, answered over together with the profile (the derived graph covers them too)",
    )


def add_evidence(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--evidence",
        choices=EVIDENCE,
        default="any",
        help="official: derive answers only from dated facts (status events, relations, application rules) "
        "that an official source supports; the rest is unknown (default: any)",
    )


def count(text: str) -> int:
    """An argparse type: a non-negative integer."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, got {value}")
    return value


def add_verbosity(parser: argparse.ArgumentParser, *, suppress: bool = False) -> None:
    """``-q/--quiet`` and ``-v/--verbose``, on the main parser and on every command.

    On a command they default to SUPPRESS, so that ``aikg -v report`` and
    ``aikg report -v`` both work (argparse would otherwise reset the main value).
    """
    default = argparse.SUPPRESS if suppress else 0
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "-q",
        "--quiet",
        dest="verbosity",
        action="store_const",
        const=-1,
        default=default,
        help="no progress display; only warnings and errors on standard error",
    )
    group.add_argument(
        "-v",
        "--verbose",
        dest="verbosity",
        action="count",
        default=default,
        help="log each step and its time on standard error (-vv: more)",
    )


def load(profile: str, data: list[Path] | tuple[Path, ...] = (), evidence: Evidence = "any") -> KnowledgeBase:
    """Load a profile (plus the user's files) and derive, showing progress."""
    extra = f" + {len(data)} file(s) of yours" if data else ""
    with step(f"loading the {profile} profile{extra}"):
        kb = load_profile(profile, data=data).with_evidence(evidence)  # type: ignore[arg-type]
    with step("deriving effects on each day and the answers"):
        _ = kb.store
    return kb
