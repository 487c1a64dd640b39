"""``aikg check``, ``aikg report`` (the main job) and ``aikg summary``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..build import DEFAULT_OUT_DIR, build
from ..check import CHECKS, format_report, run_checks
from ..errors import EXIT_FINDINGS, EXIT_OK
from ..progress import step
from ._options import add_data, add_date, add_evidence, add_profile, load

__all__ = ["register"]


def _check(args: argparse.Namespace) -> int:
    kb = load(args.profile, args.data, args.evidence)
    report = run_checks(kb, skip=args.skip, date=args.date)
    print(format_report(report), end="")
    return EXIT_OK if report.ok else EXIT_FINDINGS


def _report(args: argparse.Namespace) -> int:
    from ..report_html import HTML_FILE, write_report
    from ..summary import summarize, summarize_gaps

    kb = load(args.profile, args.data, args.evidence)
    written = []
    if not args.data and kb.evidence == "any":  # a product is the shipped profile as it is
        with step(f"writing the products into {args.out}"):
            written = build([args.profile], args.out, loaded=[kb])
        for path in written:
            print(f"wrote {path}")
        print()
    report = run_checks(kb, skip=args.skip, date=args.date)
    print(format_report(report), end="")
    print()
    print(summarize(kb), end="")
    if report.validation is not None:
        print()
        print(summarize_gaps(report.validation), end="")
    page = args.html if args.html is not None else args.out / "report"
    with step(f"writing the report with pictures into {page}"):
        write_report(kb, page, args.date, validation=report.validation)
    print()
    print(f"Checks: {'clean' if report.ok else 'FAILED (see above)'}. ", end="")
    print(
        f"Products: {args.out}/. " if written else "Products: not written (--data or --evidence given). ",
        end="",
    )
    print(f"Report: {page / HTML_FILE}")
    if kb.evidence == "official":
        print("Answers and gaps: from the dated facts an official source supports (--evidence official).")
    return EXIT_OK if report.ok else EXIT_FINDINGS


def _summary(args: argparse.Namespace) -> int:
    from ..summary import summarize

    print(summarize(load(args.profile, args.data)), end="")
    return EXIT_OK


def register(commands: Any) -> None:
    for name, help_text, run in (
        (
            "check",
            "strict parse, orphan files, stale layout, SHACL shapes, HermiT consistency, OWL 2 DL profile",
            _check,
        ),
        (
            "report",
            "the main job: build the products, check them, print the summary and the gaps in the law",
            _report,
        ),
    ):
        sub = commands.add_parser(name, help=help_text, description=help_text)
        add_profile(sub)
        add_date(sub)
        add_data(sub)
        add_evidence(sub)
        sub.add_argument(
            "--skip", action="append", choices=CHECKS, default=[], help="skip a check (repeatable)"
        )
        if name == "report":
            sub.add_argument(
                "--out", type=Path, default=DEFAULT_OUT_DIR, help="output folder (default: dist)"
            )
            sub.add_argument(
                "--html",
                type=Path,
                metavar="DIR",
                help="write the report with pictures (report.html, report.md, img/) here (default: OUT/report)",
            )
        sub.set_defaults(run=run)
    sub = commands.add_parser(
        "summary", help="print what the graph holds", description="print what the graph holds"
    )
    add_profile(sub)
    add_data(sub)
    sub.set_defaults(run=_summary)
