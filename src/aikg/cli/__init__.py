"""The ``aikg`` command: argument parsing and exit codes only; the work is elsewhere.

One registration convention: every public module of this package (a file
here whose name does not start with ``_``) has a ``register(subparsers)`` that
adds its commands, each with ``set_defaults(run=...)``, a callable
``(args) -> int``; a new command is a new file, listed nowhere else. Errors are
typed (:mod:`aikg.errors`) and turned into a message and an exit code here,
in one place: 0 clean, 1 findings or a failure of the system, 2 bad input,
3 a limit reached.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import EXIT_BAD_INPUT, EXIT_OK, AikgError, AikgInputError
from ..progress import configure
from ..terms import escape_control
from ._options import add_verbosity

__all__ = ["command_modules", "build_parser", "main"]


def command_modules() -> list[str]:
    """The command modules of this package, sorted by name."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aikg",
        description="Build, check and query the aikg knowledge graph of how legal systems define and regulate AI.",
    )
    parser.add_argument("--version", action="version", version=f"aikg {__version__}")
    add_verbosity(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in command_modules():
        importlib.import_module(f"{__name__}.{name}").register(commands)
    for sub in commands.choices.values():
        add_verbosity(sub, suppress=True)
    return parser


def _unknown_command(parser: argparse.ArgumentParser, argv: Sequence[str]) -> str | None:
    """A message with a suggestion if the first word is not a command, else ``None``."""
    words = [a for a in argv if not a.startswith("-")]
    if not words:
        return None
    commands = next(
        a.choices
        for a in parser._actions
        if isinstance(a, argparse._SubParsersAction)  # noqa: SLF001
    )
    if words[0] in commands:
        return None
    close = difflib.get_close_matches(words[0], list(commands), n=2, cutoff=0.6)
    hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    return f"aikg: unknown command {words[0]!r}.{hint} Run `aikg` for the list of commands."


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``aikg`` and ``python -m aikg``; returns the exit code."""
    parser = build_parser()
    arguments = list(sys.argv[1:] if argv is None else argv)
    unknown = _unknown_command(
        parser, [a for a in arguments if a not in ("-q", "--quiet", "-v", "-vv", "--verbose")]
    )
    if unknown is not None:
        print(escape_control(unknown), file=sys.stderr)
        return EXIT_BAD_INPUT
    args = parser.parse_args(arguments)
    configure(verbosity=getattr(args, "verbosity", 0))
    if getattr(args, "run", None) is None:  # `aikg` alone lists its commands
        parser.print_help()
        return EXIT_OK
    try:
        code = int(args.run(args))
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # The reader went away (e.g. `aikg summary | head`): not an error of ours.
        # Point stdout at /dev/null so that Python's exit-time flush stays quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except AikgInputError as exc:
        print(escape_control(f"{exc.location}: {exc.message}"), file=sys.stderr)
        return EXIT_BAD_INPUT
    except AikgError as exc:
        print(escape_control(f"aikg: error: {exc}"), file=sys.stderr)
        return exc.exit_code
    except OSError as exc:  # e.g. standard output on a full disk
        print(escape_control(f"aikg: error: {exc.strerror or exc}"), file=sys.stderr)
        return 1
