"""Typed errors of aikg.

:class:`AikgInputError` and its subclasses mean "the input is bad" (the CLI
exits 2 and prints ``file:line:column: message``); :class:`AikgJavaError` means
a Java-based check could not run at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

__all__ = [
    "EXIT_OK",
    "EXIT_FINDINGS",
    "EXIT_BAD_INPUT",
    "EXIT_LIMIT",
    "AikgError",
    "AikgOutputError",
    "AikgInputError",
    "AikgSyntaxError",
    "AikgImportError",
    "AikgInputTooLargeError",
    "AikgJavaError",
]


#: The exit codes of every aikg command, in one place.
EXIT_OK: Final = 0
#: Findings (violations, a failed check) or a check that could not run; also a
#: failure of the system while writing (a full or read-only disk).
EXIT_FINDINGS: Final = 1
#: Bad input: a syntax error, an unresolvable import, an unknown question or
#: parameter, a refused query, an output path that cannot be a file.
EXIT_BAD_INPUT: Final = 2
#: A limit was reached: a query ran out of time, rows or memory.
EXIT_LIMIT: Final = 3


class AikgError(Exception):
    """Base class of every error aikg raises on purpose; ``exit_code`` is what the CLI returns."""

    exit_code: int = EXIT_BAD_INPUT


class AikgOutputError(AikgError):
    """An output could not be written; nothing partial was left behind."""

    def __init__(self, message: str, *, exit_code: int = EXIT_FINDINGS) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class AikgInputError(AikgError):
    """A problem with an input file, located as precisely as the parser allows.

    ``line`` and ``column`` are 1-based; either is ``None`` when the parser did
    not give a position (pyoxigraph's RDF/XML parser, for instance, does not).
    """

    def __init__(
        self,
        path: Path | str,
        message: str,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.path = Path(path)
        self.message = message
        self.line = line
        self.column = column
        super().__init__(self.location + ": " + message)

    @property
    def location(self) -> str:
        """``file:line:column`` (or ``file:line`` / ``file`` when less is known)."""
        loc = str(self.path)
        if self.line is not None:
            loc += f":{self.line}"
            if self.column is not None:
                loc += f":{self.column}"
        return loc


class AikgSyntaxError(AikgInputError):
    """A file is not valid in its RDF syntax (or, for RDF/XML, not safe XML)."""


class AikgImportError(AikgInputError):
    """An ``owl:imports`` cannot be resolved locally, or the catalog is wrong."""


class AikgInputTooLargeError(AikgInputError):
    """A file is larger than :data:`aikg.load.MAX_INPUT_BYTES`."""


class AikgJavaError(AikgError):
    """Java (needed by HermiT and the OWL API) is missing or failed."""

    exit_code = EXIT_FINDINGS
