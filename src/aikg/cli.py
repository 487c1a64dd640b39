"""The ``aikg`` command: argument parsing and exit codes only; the work is elsewhere.

Exit codes: 0 clean, 1 findings (or a check that could not run), 2 bad input
(syntax error, unresolvable import, unreadable or oversized file).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .build import DEFAULT_OUT_DIR, build
from .check import CHECKS, format_report, run_checks
from .cli_questions import register as register_question_commands
from .cli_validate import register as register_validate_command
from .docs import write_pages
from .errors import AikgError, AikgInputError
from .load import DEFAULT_PROFILE, PROFILES, Profile, load_profile
from .summary import summarize, summarize_gaps

__all__ = ["EXIT_OK", "EXIT_FINDINGS", "EXIT_BAD_INPUT", "main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aikg",
        description="Build and check the aikg ontology and knowledge graph of AI law.",
    )
    parser.add_argument("--version", action="version", version=f"aikg {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument(
            "--profile",
            choices=[*PROFILES, *(["all"] if name == "build" else [])],
            default=DEFAULT_PROFILE,
            help=f"what to load (default: {DEFAULT_PROFILE})",
        )
        return sub

    build_cmd = add("build", "write the merged Turtle and canonical N-Triples products")
    build_cmd.add_argument("--out", type=Path, default=DEFAULT_OUT_DIR, help="output folder (default: dist)")
    for name, help_text in (
        ("check", "strict parse, orphan files, hygiene, SHACL shapes, HermiT consistency, OWL 2 DL profile"),
        ("report", "the main job: build the products, check them, print the summary"),
    ):
        sub = add(name, help_text)
        sub.add_argument(
            "--skip", action="append", choices=CHECKS, default=[], help="skip a check (repeatable)"
        )
        if name == "report":
            sub.add_argument(
                "--out", type=Path, default=DEFAULT_OUT_DIR, help="output folder (default: dist)"
            )
    add("summary", "print what the graph holds")
    docs_cmd = commands.add_parser(
        "docs",
        help="regenerate the generated pages of docs/",
        description="regenerate the generated pages of docs/",
    )
    docs_cmd.add_argument("--dir", type=Path, default=Path("docs"), help="docs folder (default: docs)")
    docs_cmd.add_argument("--check", action="store_true", help="write nothing; exit 1 if a page is stale")
    register_question_commands(commands)  # questions, ask, query
    register_validate_command(commands)  # validate
    return parser


def _run(args: argparse.Namespace) -> int:
    if hasattr(args, "func"):  # a command registered by another module
        return int(args.func(args))
    if hasattr(args, "handler"):  # `aikg validate`
        return int(args.handler(args))
    if args.command == "build":
        profiles: list[Profile] = list(PROFILES) if args.profile == "all" else [args.profile]
        for path in build(profiles, args.out):
            print(f"wrote {path}")
        return EXIT_OK
    if args.command == "docs":
        changed = write_pages(args.dir, check=args.check)
        for path in changed:
            print(f"{'stale' if args.check else 'wrote'} {path}")
        return EXIT_FINDINGS if (args.check and changed) else EXIT_OK
    kb = load_profile(args.profile)
    if args.command == "summary":
        print(summarize(kb), end="")
        return EXIT_OK
    if args.command == "report":
        for path in build([args.profile], args.out, loaded=[kb]):
            print(f"wrote {path}")
        print()
    report = run_checks(kb, skip=args.skip)
    print(format_report(report), end="")
    if args.command == "report":
        print()
        print(summarize(kb), end="")
        if report.validation is not None:
            print()
            print(summarize_gaps(report.validation), end="")
    return EXIT_OK if report.ok else EXIT_FINDINGS


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``aikg`` and ``python -m aikg``; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except BrokenPipeError:
        # The reader went away (e.g. `aikg summary | head`): not an error of ours.
        # Point stdout at /dev/null so that Python's exit-time flush stays quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except AikgInputError as exc:
        print(f"{exc.location}: {exc.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except AikgError as exc:
        print(f"aikg: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
