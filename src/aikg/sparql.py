"""Screen a SPARQL query before any engine runs it: refuse what is not a read-only query
over the loaded graph.

Three layers, each enough on its own for the bypasses aikg knows of:

1. **The parse tree.** The query is parsed by rdflib's SPARQL parser (the parser of the
   ``rdflib`` engine, which then runs that very parse), and the tree is walked:
   a ``SERVICE`` pattern (a network call), a dataset clause (``FROM`` / ``FROM
   NAMED``, which rdflib would fetch) and any update (``LOAD``, ``INSERT`` ...)
   are refused. A query the parser cannot read is refused too: what cannot be
   screened does not run.
2. **The tokens**, as the SPARQL 1.1 grammar defines them (the way oxigraph reads
   them): comments, strings, IRIs and prefixed names with their ``\\'`` / ``\\#``
   escapes are told apart from keywords, and the same keywords are refused.
   ``\\u`` escapes of ASCII characters are refused, since the engines do not agree
   on where they are decoded (rdflib decodes them in comments, oxigraph does not),
   and no query needs them: the character itself can be written.
3. **The worker** that runs a query (:mod:`aikg.worker`) cannot open an internet
   socket at all (seccomp, on Linux), so even a query both screens missed could
   not call out.

pyoxigraph does not expose its parser, so the oxigraph engine runs the query
text; that text has passed layers 1 and 2, and runs under layer 3.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar

from .errors import AikgError

if TYPE_CHECKING:
    from rdflib.plugins.sparql.sparql import Query

__all__ = [
    "QueryForm",
    "MAX_QUERY_BYTES",
    "QueryInputError",
    "RefusedQueryError",
    "RefusedUpdateError",
    "QuerySyntaxError",
    "Screened",
    "screen",
    "lexical_screen",
    "parse_query",
    "translate",
    "apply_limit",
    "code_only",
]

QueryForm = Literal["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"]

#: Largest query text accepted (a competency question is a few kB; rdflib parses
#: about 100 kB a second, so this bounds the screen's own time).
MAX_QUERY_BYTES: Final = 256 * 1024


class QueryInputError(AikgError):
    """The user's input (question id, parameter, query text) is unusable: CLI exit code 2."""


class RefusedQueryError(QueryInputError):
    """A user query that is not a read-only query over the local graph."""


class RefusedUpdateError(RefusedQueryError):
    """An update (INSERT, DELETE, LOAD, CLEAR ...): aikg's graph is read-only."""


class QuerySyntaxError(QueryInputError):
    """The engine could not parse the query."""


_FORMS: Final[dict[str, QueryForm]] = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}
_SERVICE: Final = "SERVICE (federated query) is refused: aikg never calls the network"
_DATASET: Final = "FROM / FROM NAMED are refused: queries run over aikg's loaded graph only"
_UPDATE: Final = "{} is refused: only read-only queries (SELECT, ASK, CONSTRUCT, DESCRIBE) run"
_KEYWORDS: Final = {
    "SERVICE": _SERVICE,
    "FROM": _DATASET,
    "LOAD": "LOAD is refused: aikg queries are read-only",
    **{
        word: _UPDATE.format(word)
        for word in "INSERT DELETE CLEAR DROP CREATE ADD MOVE COPY WITH USING".split()
    },
}
_UPDATE_WORDS: Final = frozenset(_KEYWORDS) - {"SERVICE", "FROM"}

# --------------------------------------------------------------------------- layer 2: tokens

_PLX: Final = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_LOCAL_FIRST: Final = rf"(?:[\w:]|{_PLX})"
_LOCAL_MID: Final = rf"(?:[\w.:\-\u00B7\u0300-\u036F\u203F\u2040]|{_PLX})"
_LOCAL_LAST: Final = rf"(?:[\w:\-\u00B7\u0300-\u036F\u203F\u2040]|{_PLX})"
_PREFIX: Final = r"(?:[^\W\d_](?:[\w.\-\u00B7]*[\w\-\u00B7])?)?"
# The SPARQL 1.1 terminals (section 19.8), longest and most specific first.
_TOKEN: Final = re.compile(
    rf"""(?P<ws>\s+)
      | (?P<comment>\#[^\r\n]*)
      | (?P<string>'''(?:'{{0,2}}(?:[^'\\]|\\.))*'''|\"\"\"(?:"{{0,2}}(?:[^"\\]|\\.))*\"\"\"
                  |'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*")
      | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
      | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F\u2040]+)
      | (?P<bnode>_:[\w](?:[\w.\-\u00B7]*[\w\-\u00B7])?)
      | (?P<pname>{_PREFIX}:(?:{_LOCAL_FIRST}(?:{_LOCAL_MID}*{_LOCAL_LAST})?)?)
      | (?P<number>[+-]?(?:\d+\.\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|\d+(?:[eE][+-]?\d+)?))
      | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
      | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<punct>\^\^|&&|\|\||!=|<=|>=|[{{}}()\[\];,.*=<>!+\-/|^?])""",
    re.VERBOSE,
)
_ESCAPE: Final = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _position(text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    return f"{line}:{index - (text.rfind(chr(10), 0, index) + 1) + 1}"


def _decode_escapes(text: str) -> str:
    """Decode ``\\u`` / ``\\U`` escapes as SPARQL does before parsing; refuse ASCII ones."""

    def decode(match: re.Match[str]) -> str:
        value = int(match.group(1) or match.group(2), 16)
        if value < 0x80:
            raise RefusedQueryError(
                f"\\u escapes of ASCII characters are refused ({match.group()} at "
                f"{_position(text, match.start())}): write the character itself"
            )
        if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
            raise QuerySyntaxError(f"SPARQL syntax error: {match.group()} is not a character")
        return chr(value)

    return _ESCAPE.sub(decode, text)


def _tokens(text: str) -> Iterator[re.Match[str]]:
    index, end = 0, len(text)
    while index < end:
        match = _TOKEN.match(text, index)
        if match is None or match.end() == index:
            char = text[index]
            what = "an unterminated string" if char in "'\"" else repr(char)
            raise QuerySyntaxError(f"SPARQL syntax error at {_position(text, index)}: {what}")
        yield match
        index = match.end()


def lexical_screen(text: str) -> QueryForm:
    """Layer 2: refuse forbidden keywords found among the query's tokens; return its form."""
    decoded = _decode_escapes(text)
    form: QueryForm | None = None
    for match in _tokens(decoded):
        if match.lastgroup != "word":
            continue
        upper = match.group().upper()
        if upper in _KEYWORDS:
            raise (RefusedUpdateError if upper in _UPDATE_WORDS else RefusedQueryError)(_KEYWORDS[upper])
        if form is None and upper not in ("PREFIX", "BASE"):
            if upper not in _FORMS.values():
                raise RefusedQueryError(
                    f"a query must be SELECT, ASK, CONSTRUCT or DESCRIBE, not {match.group()!r}"
                )
            form = upper  # type: ignore[assignment]
    if form is None:
        raise RefusedQueryError("no SELECT, ASK, CONSTRUCT or DESCRIBE query found")
    return form


def code_only(text: str) -> str:
    """*text* with comments, strings and IRIs blanked (``""`` and ``<>``), for simple checks."""
    out: list[str] = []
    for match in _tokens(text):
        kind = match.lastgroup
        out.append({"comment": "", "string": ' "" ', "iri": " <> "}.get(kind or "", match.group()))
    return "".join(out)


# --------------------------------------------------------------------------- layer 1: the parse tree

#: Deep parse trees need a deep Python stack: rdflib's grammar recurses once per triple pattern.
_PARSE_STACK_BYTES: Final = 256 * 1024 * 1024
_PARSE_RECURSION: Final = 200_000
_PARSE_LOCK: Final = threading.Lock()
_T = TypeVar("_T")


def _deep(function: Callable[[str], _T], text: str) -> _T:
    """Run *function(text)* in a thread with a large stack (rdflib's parser is recursive)."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = function(text)
        except BaseException as exc:  # re-raised in the caller
            outcome["error"] = exc

    with _PARSE_LOCK:
        previous_limit = sys.getrecursionlimit()
        try:
            previous_stack = threading.stack_size(_PARSE_STACK_BYTES)
            thread = threading.Thread(target=target, name="aikg-sparql-parse")
            try:
                thread.start()
            finally:
                threading.stack_size(previous_stack)
        except (RuntimeError, ValueError, MemoryError):  # no room for a big stack: parse here
            target()
        else:
            sys.setrecursionlimit(max(previous_limit, _PARSE_RECURSION))
            try:
                thread.join()
            finally:
                sys.setrecursionlimit(previous_limit)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]  # type: ignore[no-any-return]


def _nodes(tree: object) -> Iterator[Any]:
    """Every CompValue of an rdflib parse tree or algebra (no recursion: trees can be deep)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [tree]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, CompValue):
            yield node
            stack.extend(node.values())
        elif isinstance(node, (ParseResults, list, tuple)):
            stack.extend(node)
        elif isinstance(node, (set, frozenset)):
            stack.extend(item for item in node if isinstance(item, (CompValue, ParseResults)))


def _check_tree(tree: object) -> None:
    for node in _nodes(tree):
        if node.name == "ServiceGraphPattern":
            raise RefusedQueryError(_SERVICE)
        if "datasetClause" in node and node["datasetClause"]:  # CompValue.get() returns the key
            raise RefusedQueryError(_DATASET)


def _syntax_message(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) < 300 else text[:300] + " ..."


def parse_query(text: str) -> Any:
    """rdflib's parse tree of *text*; updates are refused, bad syntax is a :class:`QuerySyntaxError`."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        return _deep(parseQuery, text)
    except RecursionError:
        raise RefusedQueryError("the query is nested too deeply to be screened") from None
    except ParseBaseException as exc:
        query_error = exc
    except Exception as exc:  # rdflib's parse actions raise plain exceptions for bad terms
        raise QuerySyntaxError(f"SPARQL syntax error: {_syntax_message(exc)}") from None
    try:
        update = _deep(parseUpdate, text)
    except Exception:  # not an update either: report the query parser's error
        raise QuerySyntaxError(f"SPARQL syntax error: {_syntax_message(query_error)}") from None
    requests = update["request"] if "request" in update else []  # CompValue.get() returns the key
    names = [getattr(op, "name", "update") for op in requests]
    word = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", names[0]).upper() if names else "An update"
    raise RefusedUpdateError(_UPDATE.format(word))


def translate(tree: Any) -> Query:
    """rdflib's algebra for a parse tree (aikg's prefixes predeclared), checked again."""
    from rdflib.plugins.sparql.algebra import translateQuery

    from .namespaces import PREFIXES

    try:
        query = _deep(lambda _: translateQuery(tree, initNs=dict(PREFIXES)), "")
    except RecursionError:
        raise RefusedQueryError("the query is nested too deeply to be screened") from None
    except Exception as exc:
        raise QuerySyntaxError(f"SPARQL syntax error: {_syntax_message(exc)}") from None
    _check_tree(query.algebra)
    return query


@dataclass(frozen=True)
class Screened:
    """A query that passed the screen: its text (what the oxigraph engine runs) and its form."""

    text: str
    form: QueryForm

    def prepare(self) -> Query:
        """A fresh rdflib algebra of the query, screened again (what the rdflib engine runs).

        Parsed anew each time: rdflib's translation changes the parse tree it is given.
        """
        tree = parse_query(self.text)
        _check_tree(tree)
        return translate(tree)


_SCREENED: dict[str, Screened] = {}
_SCREENED_SIZE: Final = 64


def screen(text: str) -> Screened:
    """Check that *text* is one read-only query over the local graph (all layers but the worker's).

    Raises :class:`RefusedQueryError` saying what is refused and why, or
    :class:`QuerySyntaxError` when the query cannot be parsed (and so cannot be screened).
    A text that passed is remembered (a forked worker inherits the memory, so it does
    not parse the same text twice).
    """
    known = _SCREENED.get(text) if isinstance(text, str) else None
    if known is not None:
        return known
    screened = _screen(text)
    if len(_SCREENED) >= _SCREENED_SIZE:
        _SCREENED.pop(next(iter(_SCREENED)))
    _SCREENED[text] = screened
    return screened


def _screen(text: str) -> Screened:
    if not isinstance(text, str):
        raise QueryInputError(f"a query is text, not {type(text).__name__}")
    if len(text.encode("utf-8", "surrogatepass")) > MAX_QUERY_BYTES:
        raise RefusedQueryError(f"the query is larger than {MAX_QUERY_BYTES // 1024} KiB")
    form = lexical_screen(text)
    tree = parse_query(text)
    _check_tree(tree)
    parsed_form = _FORMS.get(getattr(tree[1], "name", ""), None) if len(tree) > 1 else None
    if parsed_form is None:
        raise RefusedQueryError("no SELECT, ASK, CONSTRUCT or DESCRIBE query found")
    if parsed_form != form:  # the layers read the query differently: refuse, do not guess
        raise RefusedQueryError(f"the query reads as {parsed_form} to one screen and {form} to another")
    return Screened(text=text, form=form)


def apply_limit(query: Query, limit: int) -> None:
    """Set the top-level LIMIT of rdflib's algebra to min(*limit*, the query's own), in place."""
    from rdflib.plugins.sparql.parserutils import CompValue

    top = query.algebra
    pattern = top["p"] if "p" in top else None  # CompValue.get() returns the key when missing
    if pattern is None:  # DESCRIBE <iri> with no WHERE: a handful of triples
        return
    if pattern.name == "Slice":
        own = pattern["length"] if "length" in pattern else None
        pattern["length"] = limit if own is None else min(own, limit)
        return
    top["p"] = CompValue("Slice", p=pattern, start=0, length=limit)
