"""``aikg questions``, ``aikg ask`` and ``aikg query``.

Exit codes: 0 answered; 2 bad input (unknown question or parameter, invalid
parameter value, refused or unparsable query, unreadable query file) with a
message on stderr; 1 an engine failure or an unwritable standard output;
3 a limit reached (time, rows or memory: the message says which). Results go
to stdout only: nothing is ever written to disk. The profile and the as-of date
an answer is for are said on standard error, so that the results on standard
output stay clean data. Every query runs in a killable child (:mod:`aikg.worker`).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Final, TextIO

from ..api import load_graph
from ..cq import CatalogueError, Question, UnknownQuestionError, get_question, load_catalogue
from ..errors import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, AikgError, AikgInputError
from ..fileio import write_stdout
from ..load import KnowledgeBase
from ..query import (
    DEFAULT_ENGINE,
    ENGINES,
    FORMATS,
    MAX_QUERY_BYTES,
    QueryInputError,
    bind_params,
    execute,
    screen_query,
    with_params,
)
from ..rdfread import read_input
from ..terms import escape_control
from ..worker import CLI_LIMITS, Limits
from ._options import add_data, add_date, add_evidence, count

__all__ = ["register"]

EXIT_FAILURE: Final = EXIT_FINDINGS
EXIT_USAGE: Final = EXIT_BAD_INPUT


def _error(message: str, stream: TextIO | None = None) -> None:
    print(escape_control(f"aikg: error: {message}"), file=stream or sys.stderr)


def _parse_param_args(values: Sequence[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise QueryInputError(f"--param expects name=value, got {item!r}")
        key = name.lstrip("?$")
        if key in params:
            raise QueryInputError(f"parameter {key} is given twice")
        params[key] = value
    return params


def _add_run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--profile",
        choices=("study", "full"),
        default="full",
        help="which graph to query (default: full, the law as it stands on its as-of date; "
        "study: what the study states)",
    )
    add_data(parser)
    add_evidence(parser)
    parser.add_argument(
        "--engine", choices=ENGINES, default=DEFAULT_ENGINE, help=f"SPARQL engine (default: {DEFAULT_ENGINE})"
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table (aligned, CURIEs), csv / tsv (SPARQL 1.1 CSV/TSV results), "
        "json / xml (SPARQL 1.1 Query Results JSON / XML); CONSTRUCT/DESCRIBE always give N-Triples",
    )
    parser.add_argument(
        "--base", metavar="IRI", help="base IRI for relative IRIs in your --data files (they have no @base)"
    )
    limits = parser.add_argument_group("limits (0 = none)")
    limits.add_argument(
        "--timeout",
        type=_seconds,
        default=CLI_LIMITS.timeout,
        metavar="SECONDS",
        help=f"stop a query after this long (default: {CLI_LIMITS.timeout:g})",
    )
    limits.add_argument(
        "--max-rows",
        type=count,
        default=CLI_LIMITS.max_rows,
        metavar="N",
        help=f"refuse an answer of more rows than this (default: {CLI_LIMITS.max_rows:,})",
    )
    limits.add_argument(
        "--memory",
        type=count,
        default=CLI_LIMITS.memory_mib,
        metavar="MIB",
        help=f"memory a query may use, in MiB (default: {CLI_LIMITS.memory_mib:,})",
    )


def _seconds(text: str) -> float:
    """An argparse type: a non-negative number of seconds."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected 0 or more seconds, got {text!r}")
    return value


def _limits(args: argparse.Namespace) -> Limits:
    return Limits(
        timeout=args.timeout or None,
        max_rows=args.max_rows or None,
        memory_mib=args.memory or None,
    )


def _write(text: str) -> None:
    write_stdout(text.encode("utf-8"))


def _say_context(kb: KnowledgeBase, date: str | None) -> None:
    """Which profile and as-of date the answer is for, on standard error."""
    found = [s for s in kb.query("SELECT ?d WHERE { ?p aikg:asOfDate ?d }")]  # type: ignore[union-attr]
    as_of = date or (found[0][0].value if found else "none")  # type: ignore[index]
    extra = f" + {len(kb.data_files)} file(s) of yours" if kb.data_files else ""
    basis = ", from official sources only" if kb.evidence == "official" else ""
    print(f"aikg: profile {kb.profile}{extra}, as of {as_of}{basis}", file=sys.stderr)


def _describe_param(question: Question) -> list[str]:
    return [
        f"--param {p.name}=VALUE  ({p.type}; default {p.default}) {p.description}" for p in question.params
    ]


def _cmd_questions(args: argparse.Namespace) -> int:
    catalogue = load_catalogue()
    if args.format == "json":
        document = [
            {
                "id": q.id,
                "title": q.title,
                "question": q.question,
                "kind": q.kind,
                "parameters": [
                    {"name": p.name, "type": p.type, "default": p.default, "description": p.description}
                    for p in q.params
                ],
                "topK": q.top_k,
                "temporal": q.temporal,
            }
            for q in catalogue
        ]
        _write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    lines: list[str] = []
    for q in catalogue:
        lines.append(f"{q.id}  [{q.kind}]  {q.title}")
        lines.append(f"    {q.question}")
        lines.extend(f"    {line}" for line in _describe_param(q))
        if q.top_k:
            lines.append(f"    --limit K  (default {q.top_k}; 0 = all rows)")
    _write(escape_control("\n".join(lines)) + "\n")
    return EXIT_OK


def _cmd_ask(args: argparse.Namespace) -> int:
    # Everything the user typed is checked before the graph is even loaded.
    question = get_question(args.id)
    params = _parse_param_args(args.param or [])
    if args.date is not None:
        try:
            question.param("date")
        except KeyError:
            raise QueryInputError(f"{question.id} takes no date") from None
        if "date" in params:
            raise QueryInputError("give the date once: --date or --param date=")
        params["date"] = args.date.isoformat()
    bound = bind_params(question, params)
    text = with_params(question, bound)
    screen_query(text)
    limit = args.limit if args.limit is not None else question.top_k
    if args.endpoint is not None:  # a store the graph was pushed to (aikg push)
        from ..remote import run_remote

        if args.evidence != "any":
            raise QueryInputError(
                "--evidence official derives answers locally; it cannot be used with --endpoint"
            )

        remote = run_remote(
            question, args.endpoint, params, graphs=args.graph or None, prompt=sys.stdin.isatty()
        )
        if limit and remote.form == "SELECT":
            remote = dataclasses.replace(remote, rows=remote.rows[:limit])
        _write(remote.to_format(args.format))
        return EXIT_OK
    kb = load_graph(args.profile, data=args.data, base_iri=args.base, evidence=args.evidence)
    result = execute(text, kb, args.engine, limit=limit or None, limits=_limits(args))
    if question.temporal:
        date = bound.get("date")
        _say_context(kb, date.value if date is not None else None)
    _write(result.to_format(args.format))
    return EXIT_OK


def _read_query(source: str) -> str:
    if source == "-":
        data = sys.stdin.buffer.read(MAX_QUERY_BYTES + 1)
    else:
        try:
            data = read_input(Path(source), cap=MAX_QUERY_BYTES + 1)
        except AikgInputError as exc:
            raise QueryInputError(f"cannot read {source}: {exc.message}") from None
    if len(data) > MAX_QUERY_BYTES:
        raise QueryInputError(f"{source}: a query may not be larger than {MAX_QUERY_BYTES // 1024} KiB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QueryInputError(f"{source}: not UTF-8 ({exc.reason} at byte {exc.start})") from None


def _cmd_query(args: argparse.Namespace) -> int:
    text = _read_query(args.file)
    screen_query(text)
    kb = load_graph(args.profile, data=args.data, base_iri=args.base, evidence=args.evidence)
    result = execute(text, kb, args.engine, limit=args.limit or None, limits=_limits(args))
    _write(result.to_format(args.format))
    return EXIT_OK


Handler = Callable[[argparse.Namespace], int]


def _guarded(handler: Handler) -> Handler:
    """Turn aikg's typed errors into a message and an exit code."""

    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except (QueryInputError, UnknownQuestionError) as exc:
            _error(str(exc))
            return EXIT_USAGE
        except CatalogueError as exc:
            _error(f"the question catalogue is broken: {exc}")
            return EXIT_FAILURE
        except AikgInputError:
            raise  # a file's error: `file:line:column: message`, printed by aikg's main
        except AikgError as exc:
            _error(str(exc))
            return exc.exit_code

    run.__name__ = handler.__name__
    run.__doc__ = handler.__doc__
    return run


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``questions``, ``ask`` and ``query`` to *subparsers* (each sets ``run``)."""
    listing = subparsers.add_parser(
        "questions",
        help="list the competency questions (id, question, parameters)",
        description="List the competency questions of queries/cq with their parameters.",
    )
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(run=_guarded(_cmd_questions))

    ask = subparsers.add_parser(
        "ask",
        help="answer one competency question",
        description="Answer one competency question. Parameters are CURIEs (aikgd:EU), "
        '<IRIs>, dates (2024-12-31) or literals ("text"@en); run `aikg questions` '
        "for each question's parameters and defaults.",
    )
    ask.add_argument("id", help="question id, e.g. CQ-06 (or 6)")
    ask.add_argument(
        "--param",
        action="append",
        metavar="NAME=VALUE",
        help="a parameter value (repeatable); unspecified parameters take their defaults",
    )
    _add_run_options(ask)
    add_date(ask)
    ask.add_argument(
        "--limit",
        type=count,
        metavar="K",
        help="show the first K rows (default: the question's top-k if it has one, else all; 0 = all)",
    )
    ask.add_argument(
        "--endpoint",
        metavar="URL",
        help="ask a SPARQL 1.1 endpoint the graph was pushed to (aikg push) instead of the embedded store",
    )
    ask.add_argument(
        "--graph",
        action="append",
        metavar="IRI",
        help="with --endpoint: a named graph of the default graph (repeatable; default: the endpoint's own)",
    )
    ask.set_defaults(run=_guarded(_cmd_ask))

    query = subparsers.add_parser(
        "query",
        help="run a read-only SPARQL query over the graph",
        description="Run one SELECT, ASK, CONSTRUCT or DESCRIBE query over the graph; aikg's "
        "prefixes are predeclared. SERVICE, FROM / FROM NAMED, LOAD and updates are refused.",
    )
    query.add_argument("file", metavar="FILE|-", help="a .rq file, or - for standard input")
    _add_run_options(query)
    query.add_argument("--limit", type=count, metavar="K", help="show the first K rows (0 = all)")
    query.set_defaults(run=_guarded(_cmd_query))
