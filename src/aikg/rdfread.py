"""Read one RDF file strictly, offline and within bounds (used by :mod:`aikg.load`).

* **Only regular files**, each opened once: the file is opened without blocking,
  checked with ``fstat`` (a FIFO, a device or a folder is refused, so nothing
  hangs) and read from that same descriptor, up to :data:`MAX_INPUT_BYTES`.
* **The format comes from the name the user gave** (``data.ttl``), not from a
  symbolic link's target.
* **Screens before parsing**: RDF/XML with a DOCTYPE or RDF 1.2 markup is refused
  by defusedxml; JSON-LD deeper than :data:`MAX_JSON_DEPTH` or with a string over
  :data:`MAX_TOKEN_BYTES` is refused with its position (deep JSON-LD crashes the
  parser); a UTF-8 byte-order mark is skipped.
* **Clear errors**: pyoxigraph's errors become :class:`~aikg.errors.AikgSyntaxError`
  with ``file:line:column``; a relative IRI without a base names ``@base`` and
  ``--base``; a literal or IRI over the parser's 16 MiB limit is refused, not a
  ``MemoryError``; RDF 1.2 (triple terms ``<< >>``, ``VERSION``, base directions)
  is refused until aikg supports it end to end.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Final
from xml.etree.ElementTree import ParseError

import pyoxigraph as ox
from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden
from defusedxml.ElementTree import DefusedXMLParser

from .errors import AikgInputError, AikgInputTooLargeError, AikgSyntaxError

__all__ = [
    "MAX_INPUT_BYTES",
    "MAX_JSON_DEPTH",
    "MAX_TOKEN_BYTES",
    "RDF_EXTENSIONS",
    "rdf_format",
    "read_input",
    "parse_file",
    "clear_cache",
]

#: Largest file aikg reads (50 MiB). The whole knowledge graph is a few MB;
#: the cap keeps a mistaken or hostile input from exhausting memory.
MAX_INPUT_BYTES: Final = 50 * 1024 * 1024
#: Deepest JSON nesting read (pyoxigraph's JSON-LD parser recurses: 2,000 levels take 792 MB).
MAX_JSON_DEPTH: Final = 100
#: Longest literal or IRI: pyoxigraph's parsers stop at a 16 MiB buffer.
MAX_TOKEN_BYTES: Final = 16 * 1024 * 1024 - 1

#: file extension -> syntax. ``.owl`` files in the wild are nearly always RDF/XML.
RDF_EXTENSIONS: Final[Mapping[str, ox.RdfFormat]] = MappingProxyType(
    {
        ".ttl": ox.RdfFormat.TURTLE,
        ".nt": ox.RdfFormat.N_TRIPLES,
        ".rdf": ox.RdfFormat.RDF_XML,
        ".owl": ox.RdfFormat.RDF_XML,
        ".jsonld": ox.RdfFormat.JSON_LD,
    }
)

_BOM: Final = b"\xef\xbb\xbf"
_RDF_NS: Final = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
# pyoxigraph prefixes its messages with the position, which we report separately.
_POSITION_PREFIX: Final = re.compile(r"^Parser error (?:at|between) [^:]*:\s*")
_JSON_TOKEN: Final = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')
# Turtle / N-Triples tokens that hide RDF 1.2 markup (strings, IRIs, comments are skipped).
_TURTLE_SCAN: Final = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*'
    r"|(?P<version>(?<![\w:])(?:@version|VERSION)(?![\w:]))|(?P<triple><<)"
    r"|(?P<direction>@[A-Za-z]+(?:-[A-Za-z0-9]+)*--(?:ltr|rtl))",
    re.IGNORECASE,
)
_RDF12: Final = "RDF 1.2 {} is not supported yet (aikg reads RDF 1.1): rewrite it in RDF 1.1"


def rdf_format(path: Path | str) -> ox.RdfFormat:
    """The RDF syntax of *path*, from its extension (see :data:`RDF_EXTENSIONS`)."""
    suffix = Path(path).suffix.lower()
    try:
        return RDF_EXTENSIONS[suffix]
    except KeyError:
        known = ", ".join(RDF_EXTENSIONS)
        raise AikgInputError(path, f"unknown RDF file extension {suffix!r} (known: {known})") from None


def _too_large(path: Path, cap: int | None = None) -> AikgInputTooLargeError:
    cap = MAX_INPUT_BYTES if cap is None else cap
    return AikgInputTooLargeError(path, f"file is larger than the input cap of {cap:,} bytes")


def _open_regular(path: Path) -> tuple[int, os.stat_result]:
    """Open *path* once, without blocking, and refuse anything but a regular file."""
    flags = (
        os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    )
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise AikgInputError(path, "no such file") from None
    except IsADirectoryError:
        raise AikgInputError(path, "is a folder, not a file") from None
    except OSError as exc:
        raise AikgInputError(path, f"cannot read: {exc.strerror or exc}") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        kind = (
            "a folder"
            if stat.S_ISDIR(info.st_mode)
            else "a FIFO (named pipe)"
            if stat.S_ISFIFO(info.st_mode)
            else "a device or socket"
        )
        raise AikgInputError(path, f"is {kind}, not a regular file; aikg reads only regular files")
    if getattr(os, "O_NONBLOCK", 0):
        os.set_blocking(fd, True)
    return fd, info


def _read_fd(path: Path, fd: int, info: os.stat_result, cap: int | None = None) -> bytes:
    cap = MAX_INPUT_BYTES if cap is None else cap
    if info.st_size > cap:
        raise _too_large(path, cap)
    chunks: list[bytes] = []
    total = 0
    try:
        while total <= cap:  # one byte more than allowed tells "too large" apart
            chunk = os.read(fd, min(1 << 20, cap + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise AikgInputError(path, f"cannot read: {exc.strerror or exc}") from None
    if total > cap:
        raise _too_large(path, cap)
    return b"".join(chunks)


def read_input(path: Path | str, cap: int | None = None) -> bytes:
    """The bytes of a regular file, opened once, at most *cap* (default :data:`MAX_INPUT_BYTES`)."""
    path = Path(path)
    fd, info = _open_regular(path)
    try:
        return _read_fd(path, fd, info, cap)
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- screens


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _byte_position(data: bytes, index: int) -> tuple[int, int]:
    prefix = data[:index].decode("utf-8", "replace")
    return _position(prefix, len(prefix))


class _XmlTarget:
    """An ElementTree target that keeps nothing and refuses RDF/XML 1.2 markup."""

    def __init__(self) -> None:
        self.refusal: str | None = None

    def start(self, tag: str, attrib: Mapping[str, str]) -> None:
        if self.refusal is None:
            if f"{_RDF_NS}version" in attrib:
                self.refusal = _RDF12.format("(rdf:version)")
            elif attrib.get(f"{_RDF_NS}parseType") == "Triple":
                self.refusal = _RDF12.format('(rdf:parseType="Triple")')

    def close(self) -> None:
        return None


def _refusal(exc: DefusedXmlException) -> str:
    if isinstance(exc, DTDForbidden):
        return f"a DOCTYPE declaration (<!DOCTYPE {exc.name}>)"
    if isinstance(exc, EntitiesForbidden):
        return f"an entity declaration (<!ENTITY {exc.name}>)"
    return "an external reference"


def _screen_xml(path: Path, data: bytes) -> None:
    """Refuse XML that is ill-formed, has a DOCTYPE (entity bombs, XXE) or RDF 1.2 markup."""
    target = _XmlTarget()
    parser = DefusedXMLParser(target=target, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    expat = parser.parser
    try:
        for start in range(0, len(data), 1 << 16):
            parser.feed(data[start : start + (1 << 16)])
            if target.refusal is not None:
                raise AikgSyntaxError(
                    path, target.refusal, expat.CurrentLineNumber, expat.CurrentColumnNumber + 1
                )
        parser.close()
    except DefusedXmlException as exc:
        raise AikgSyntaxError(
            path,
            f"refused {_refusal(exc)}: aikg reads no XML with a DTD or entities "
            "(entity bombs, external files); convert the file to Turtle or N-Triples first",
            expat.CurrentLineNumber,
            expat.CurrentColumnNumber + 1,
        ) from None
    except ParseError as exc:
        line, column = exc.position
        message = str(exc).split(": line ")[0]
        raise AikgSyntaxError(path, f"ill-formed XML: {message}", line, column + 1) from None
    if target.refusal is not None:
        raise AikgSyntaxError(path, target.refusal, expat.CurrentLineNumber, expat.CurrentColumnNumber + 1)


def _screen_json(path: Path, data: bytes) -> None:
    """Refuse JSON nested deeper than :data:`MAX_JSON_DEPTH` or with a string over :data:`MAX_TOKEN_BYTES`."""
    depth = 0
    for match in _JSON_TOKEN.finditer(data):
        token = match.group()
        if token[:1] == b'"':
            if len(token) > MAX_TOKEN_BYTES:
                line, column = _byte_position(data, match.start())
                raise AikgSyntaxError(
                    path,
                    f"a JSON string longer than {MAX_TOKEN_BYTES + 1:,} bytes (the parser's limit)",
                    line,
                    column,
                )
            continue
        depth += 1 if token in (b"[", b"{") else -1
        if depth > MAX_JSON_DEPTH:
            line, column = _byte_position(data, match.start())
            raise AikgSyntaxError(
                path, f"JSON nested deeper than {MAX_JSON_DEPTH} levels (the limit aikg reads)", line, column
            )


def _rdf12_in_text(path: Path, data: bytes) -> AikgSyntaxError | None:
    """A refusal at the first RDF 1.2 construct of a Turtle / N-Triples text, if any."""
    text = data.decode("utf-8", "replace")
    for match in _TURTLE_SCAN.finditer(text):
        kind = match.lastgroup
        if kind is not None:
            what = {"version": "(a VERSION directive)", "triple": "(a triple term << >>)"}.get(
                kind, "(a base direction --ltr / --rtl)"
            )
            return AikgSyntaxError(path, _RDF12.format(what), *_position(text, match.start()))
    return None


def _check_rdf11(path: Path, data: bytes, fmt: ox.RdfFormat, triples: Iterable[ox.Triple]) -> None:
    textual = fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES)
    if textual and re.search(rb"(?i)version", data):
        error = _rdf12_in_text(path, data)
        if error is not None and "VERSION" in error.message:
            raise error
    for triple in triples:
        for term in (triple.subject, triple.object):
            if isinstance(term, ox.Triple) or (
                isinstance(term, ox.Literal) and getattr(term, "direction", None)
            ):
                error = _rdf12_in_text(path, data) if textual else None
                what = "(a triple term << >>)" if isinstance(term, ox.Triple) else "(a base direction)"
                raise error or AikgSyntaxError(path, _RDF12.format(what))


# --------------------------------------------------------------------------- parsing


def _syntax_error(path: Path, exc: SyntaxError, data: bytes, base_iri: str | None) -> AikgSyntaxError:
    message = _POSITION_PREFIX.sub("", str(exc.msg or exc))
    if base_iri is None and ("No scheme found" in message or "relative IRI" in message.lower()):
        text = data.decode("utf-8", "replace").splitlines()
        line = text[exc.lineno - 1] if exc.lineno and exc.lineno <= len(text) else ""
        start = (exc.offset or 1) - 1
        found = re.match(r"<[^>\s]*>", line[start:]) or re.search(r"<[^>\s]*>", line)
        iri = f" {found.group()}" if found else ""
        message = (
            f"relative IRI{iri} and no base to resolve it: add '@base <https://example.org/your-data/>' "
            "at the top of the file, or give --base IRI"
        )
    return AikgSyntaxError(path, message, exc.lineno, exc.offset)


def _too_long_token(path: Path, data: bytes) -> AikgSyntaxError:
    message = f"a literal or IRI longer than {MAX_TOKEN_BYTES + 1:,} bytes (the parser's limit)"
    text = data.decode("utf-8", "replace")
    for match in re.finditer(r'"""|\'\'\'|"|\'|<', text):
        closing = {"<": ">"}.get(match.group(), match.group())
        end = text.find(closing, match.end())
        if (
            end < 0 and len(text) - match.end() > MAX_TOKEN_BYTES // 4
        ) or end - match.end() > MAX_TOKEN_BYTES // 4:
            return AikgSyntaxError(path, message, *_position(text, match.start()))
    return AikgSyntaxError(path, message)


def _parse_bytes(path: Path, data: bytes, fmt: ox.RdfFormat, base_iri: str | None) -> tuple[ox.Triple, ...]:
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    if fmt == ox.RdfFormat.RDF_XML:
        _screen_xml(path, data)
    elif fmt == ox.RdfFormat.JSON_LD:
        _screen_json(path, data)
    try:
        # rename_blank_nodes: "_:c1" in two files must stay two nodes once merged.
        # without_named_graphs: a JSON-LD file with named graphs is not an ontology module.
        quads = ox.parse(data, fmt, base_iri=base_iri, rename_blank_nodes=True, without_named_graphs=True)
        triples = tuple(quad.triple for quad in quads)
    except SyntaxError as exc:
        raise _syntax_error(path, exc, data, base_iri) from None
    except MemoryError:
        raise _too_long_token(path, data) from None
    except ValueError as exc:
        raise AikgSyntaxError(path, str(exc)) from None
    _check_rdf11(path, data, fmt, triples)
    return triples


_CACHE: dict[tuple[object, ...], tuple[ox.Triple, ...]] = {}
_CACHE_SIZE: Final = 512


def parse_file(path: Path | str, *, base_iri: str | None = None) -> tuple[ox.Triple, ...]:
    """Parse one RDF file strictly; the syntax comes from the extension of the name given.

    Without *base_iri* a relative IRI is a syntax error: an ontology module
    must not mean different things depending on where it was read from.
    Results are cached per process, keyed by file, mtime and size.
    """
    given = Path(path)
    if str(given) == "-":
        raise AikgInputError(
            given, "an RDF file is read from a file with a known extension, not standard input"
        )
    fmt = rdf_format(given)  # the name the user gave, not a symbolic link's target
    fd, info = _open_regular(given)
    try:
        key = (str(given.resolve()), info.st_dev, info.st_ino, info.st_mtime_ns, info.st_size, fmt, base_iri)
        cached = _CACHE.get(key)
        if cached is not None:
            return cached
        data = _read_fd(given, fd, info)
    finally:
        os.close(fd)
    triples = _parse_bytes(given.absolute(), data, fmt, base_iri)
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = triples
    return triples


def clear_cache() -> None:
    """Forget every parsed file (tests use it to parse again from scratch)."""
    _CACHE.clear()
