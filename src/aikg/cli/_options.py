"""Options several commands share, declared once (so that every command has the
same default profile and reads dates, data files and limits the same way)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from ..days import parse_day
from ..load import DEFAULT_PROFILE, PROFILES

__all__ = ["add_profile", "add_date", "add_data", "day", "count"]


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


def count(text: str) -> int:
    """An argparse type: a non-negative integer."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, got {value}")
    return value
