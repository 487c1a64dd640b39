"""``aikg validate [FILE ...]``: validate the shipped graph plus the user's files.

Wiring: :func:`register` adds the sub-command to an ``argparse`` sub-parser
collection and sets ``args.handler`` to :func:`run`, which returns the exit code.
:func:`main` is a stand-alone entry point (``python -m aikg.cli_validate``).

Exit codes (:mod:`aikg.errors`): 0 no finding at or above ``--fail-on``; 1 findings
that reach it (or a failure of the system while writing); 2 bad input (a syntax
error reported as ``file:line:column: message``, an unknown extension, a missing or
oversized file, refused XML, a bad ``--date``, an output path that cannot be a file).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from .errors import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, AikgError, AikgInputError, AikgOutputError
from .fileio import STDOUT, write_file
from .load import DEFAULT_PROFILE, MAX_INPUT_BYTES, PROFILES, RDF_EXTENSIONS
from .validate import FAIL_ON, parse_date, validate

__all__ = ["EXIT_OK", "EXIT_FINDINGS", "EXIT_BAD_INPUT", "FORMATS", "register", "run", "main"]

FORMATS = ("text", "json", "turtle")
_SHOW = {"violation": "Violation", "warning": "Warning", "info": "Info"}

_DESCRIPTION = f"""\
Validate the shipped aikg graph plus your own RDF files with aikg's SHACL shapes
(ontology/shapes, SHACL Core and SHACL-SPARQL): data quality (S01-S36, Violations),
the ontology's own terms (T01-T06, Violations) and gaps in the law on the profile's
as-of date (G01-G06, Warnings and Infos). The same shapes give the same results in
plain pySHACL and Apache Jena SHACL on a product of `aikg build`. Files are read by
extension ({", ".join(RDF_EXTENSIONS)}), strictly, and never modified; files over
{MAX_INPUT_BYTES // (1024 * 1024)} MiB and XML with a DOCTYPE are refused.

exit status: 0 nothing reaches --fail-on, 1 findings reach it, 2 bad input
"""


def _date(text: str) -> dt.date:
    try:
        return parse_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    """Add ``validate`` to *subparsers* (the object ``add_subparsers()`` returns)."""
    parser = subparsers.add_parser(
        "validate",
        help="validate the graph and your own files with aikg's SHACL shapes",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_arguments(parser)
    parser.set_defaults(handler=run, run=run)
    return parser


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="*", type=Path, metavar="FILE", help="your RDF files (.ttl, .nt, .rdf, .owl, .jsonld)"
    )
    parser.add_argument(
        "--profile",
        choices=list(PROFILES),
        default=DEFAULT_PROFILE,
        help=f"the shipped graph to validate with the files (default: {DEFAULT_PROFILE})",
    )
    parser.add_argument(
        "--shipped",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="validate the shipped graph too (default); --no-shipped checks your files "
        "against the TBox and the bibliography it cites",
    )
    parser.add_argument(
        "--date",
        type=_date,
        metavar="YYYY-MM-DD",
        help="the as-of date of the gap shapes: replaces the profile's aikg:asOfDate "
        "(default: the profile's own)",
    )
    parser.add_argument("--format", choices=FORMATS, default="text", help="report format (default: text)")
    parser.add_argument(
        "--fail-on",
        choices=list(FAIL_ON),
        default="violation",
        help="the least serious finding that makes the exit status 1 (default: violation)",
    )
    parser.add_argument(
        "--show",
        choices=list(_SHOW),
        default="info",
        help="text format: the least serious severity listed (default: info, i.e. all)",
    )
    parser.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write the report to FILE (atomically; '-' is standard output) instead of standard output",
    )


def run(args: argparse.Namespace) -> int:
    """Run ``aikg validate`` for parsed *args*; return the exit code."""
    files = [Path(f) for f in args.files]
    output: str | None = args.output
    if output is not None and output != STDOUT:
        target = Path(output).resolve()
        if any(target == f.resolve() for f in files):
            print(
                f"aikg validate: error: --output {output} is one of the input files; "
                "aikg never modifies your files",
                file=sys.stderr,
            )
            return EXIT_BAD_INPUT
    try:
        result = validate(
            files, args.profile, include_shipped=args.shipped, fail_on=args.fail_on, date=args.date
        )
    except AikgInputError as exc:
        print(f"{_as_given(exc, files)}: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except AikgError as exc:
        print(f"aikg validate: error: {exc}", file=sys.stderr)
        return exc.exit_code
    if args.format == "json":
        report = result.to_json()
    elif args.format == "turtle":
        report = result.to_turtle()
    else:
        report = result.to_text(show=_SHOW[args.show])  # type: ignore[arg-type]
    try:
        write_file(output if output is not None else STDOUT, report.encode("utf-8"))
    except AikgOutputError as exc:
        print(f"aikg validate: error: {exc}", file=sys.stderr)
        return exc.exit_code
    if output is not None and output != STDOUT:
        print(f"wrote {output}; {result.summary()}", file=sys.stderr)
    return result.exit_code


def _as_given(exc: AikgInputError, files: Sequence[Path]) -> str:
    """``file:line:column`` with the file named as the user named it on the command line."""
    location = exc.location
    for given in files:
        try:
            same = given.resolve() == exc.path.resolve()
        except OSError:  # pragma: no cover - an unresolvable path is shown as the error has it
            same = False
        if same and location.startswith(str(exc.path)):
            return str(given) + location[len(str(exc.path)) :]
    return location


def main(argv: Sequence[str] | None = None) -> int:
    """Stand-alone ``aikg validate``; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="aikg validate", description=_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    _add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
