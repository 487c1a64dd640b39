"""Run competency questions and read-only SPARQL queries over aikg's graph.

Four jobs, in the order a run needs them:

1. **Parameters** are parsed and validated as RDF terms (pyoxigraph terms)
   *before* anything is loaded or run: a CURIE with a known prefix, an
   ``<IRI>``, a literal in N-Triples/Turtle form, a plain ``YYYY-MM-DD`` for
   a date, a plain number for an integer or decimal. They enter the query as
   one ``VALUES`` block written from their N-Triples forms, which replaces the
   question's ``VALUES ... # @params`` line: raw user text is never pasted
   into SPARQL.
2. **Every query is screened** (:mod:`aikg.sparql`) on its parse tree and its
   tokens before it runs: only SELECT, ASK, CONSTRUCT and DESCRIBE; no SERVICE,
   no FROM / FROM NAMED, no LOAD or other update. This holds for users' queries
   and for the catalogue's questions alike.
3. **Engines** (:mod:`aikg.engines`): ``oxigraph`` or ``rdflib``, run in a killable,
   sandboxed child with a time limit, a row cap and a memory budget
   (:mod:`aikg.worker`); ``limit`` is the query's top-level LIMIT, applied by the
   engine, not by trimming a finished answer.
4. **Results** (:mod:`aikg.results`): ``table``, ``csv``, ``tsv``, ``json``, ``xml``.

The names of :mod:`aikg.sparql`, :mod:`aikg.engines` and :mod:`aikg.results` that
callers used to import from here are re-exported.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from typing import Final

import pyoxigraph as ox

from .cq import Parameter, ParamType, Question, find_params_line
from .engines import (
    DEFAULT_ENGINE,
    ENGINES,
    Engine,
    LimitKind,
    QueryEngineError,
    QueryLimitError,
    execute_on_graph,
    execute_on_store,
)
from .load import KnowledgeBase
from .namespaces import PREFIXES, XSD
from .results import (
    FORMATS,
    NUMERIC_TOLERANCE,
    Format,
    QueryResult,
    Term,
    cell,
    diff_results,
    display_term,
    numeric_value,
    read_expected,
    same_results,
    terms_equal,
)
from .sparql import (
    MAX_QUERY_BYTES,
    QueryForm,
    QueryInputError,
    QuerySyntaxError,
    RefusedQueryError,
    screen,
)
from .sparql import code_only as _code_only
from .terms import OWN_PREFIXES
from .worker import CLI_LIMITS, NO_LIMITS, Limits, Request, can_fork, run_forked

__all__ = [
    "Term",
    "Engine",
    "ENGINES",
    "DEFAULT_ENGINE",
    "Format",
    "FORMATS",
    "QueryForm",
    "OWN_PREFIXES",
    "NUMERIC_TOLERANCE",
    "MAX_QUERY_BYTES",
    "UNDEF",
    "Limits",
    "LimitKind",
    "CLI_LIMITS",
    "NO_LIMITS",
    "QueryInputError",
    "UnknownParameterError",
    "InvalidParameterError",
    "RefusedQueryError",
    "QuerySyntaxError",
    "QueryEngineError",
    "QueryLimitError",
    "QueryResult",
    "parse_iri",
    "parse_literal",
    "parse_term",
    "parse_param_value",
    "bind_params",
    "values_block",
    "with_params",
    "screen_query",
    "execute",
    "execute_on_store",
    "execute_on_graph",
    "run_question",
    "display_term",
    "cell",
    "read_expected",
    "numeric_value",
    "terms_equal",
    "diff_results",
    "same_results",
]

_XSD: Final = str(XSD)
_XSD_STRING: Final = _XSD + "string"
_XSD_DATE: Final = _XSD + "date"
_XSD_INTEGER: Final = _XSD + "integer"
_XSD_DECIMAL: Final = _XSD + "decimal"
_XSD_DOUBLE: Final = _XSD + "double"
_XSD_BOOLEAN: Final = _XSD + "boolean"
_RDF_LANGSTRING: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
#: Examples of each parameter type, for messages.
_EXAMPLES: Final = {
    "date": "YYYY-MM-DD",
    "integer": "42",
    "decimal": "0.5",
    "string": '"text"',
    "iri": "aikgd:EU",
}


class UnknownParameterError(QueryInputError):
    """A parameter name the question does not declare."""


class InvalidParameterError(QueryInputError):
    """A parameter value that is not a valid RDF term of the declared type."""


# --------------------------------------------------------------------------- terms

# A prefixed name: a known prefix and a conservative local part (PN_LOCAL without
# escapes), so that nothing that needs SPARQL escaping can reach the query.
_CURIE: Final = re.compile(r"^([A-Za-z][\w-]*|):([A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?)$")
# What an IRIREF may not contain (SPARQL 1.1 grammar, production [139]).
_IRI_FORBIDDEN: Final = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_SCHEME: Final = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_LANGTAG: Final = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")
_ECHAR: Final = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_INTEGER: Final = re.compile(r"^[+-]?\d+$")
_DECIMAL: Final = re.compile(r"^[+-]?(?:\d+\.\d*|\.\d+|\d+)$")
_DOUBLE: Final = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+$")
_DATE: Final = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: What a bare value of a literal-typed parameter must look like before it is parsed.
_LOOKS_LIKE: Final = {"date": _DATE, "integer": _INTEGER, "decimal": _DECIMAL}


def parse_iri(text: str, *, what: str = "value") -> ox.NamedNode:
    """``<absolute-IRI>`` or ``prefix:local`` with one of aikg's prefixes."""
    text = text.strip()
    if text.startswith("<"):
        if not text.endswith(">") or len(text) < 3:
            raise InvalidParameterError(f"{what}: {text!r} is not a well-formed <IRI>")
        iri = text[1:-1]
        bad = _IRI_FORBIDDEN.search(iri)
        if bad is not None:
            raise InvalidParameterError(
                f"{what}: {text!r} contains {bad.group()!r}, which an IRI may not contain"
            )
        if not _SCHEME.match(iri):
            raise InvalidParameterError(f"{what}: {text!r} is not an absolute IRI (no scheme)")
        try:
            return ox.NamedNode(iri)
        except ValueError as exc:
            raise InvalidParameterError(f"{what}: {text!r} is not a valid IRI ({exc})") from None
    match = _CURIE.match(text)
    if match is None:
        raise InvalidParameterError(
            f"{what}: {text!r} is neither a CURIE (prefix:local, e.g. aikgd:EU) nor an <IRI>"
        )
    prefix, local = match.groups()
    if prefix not in PREFIXES:
        known = ", ".join(f"{p}:" for p in PREFIXES)
        raise InvalidParameterError(f"{what}: unknown prefix {prefix + ':'!r} in {text!r} (known: {known})")
    try:
        return ox.NamedNode(PREFIXES[prefix] + local)
    except ValueError as exc:  # pragma: no cover - the pattern above admits only valid IRIs
        raise InvalidParameterError(f"{what}: {text!r} is not a valid IRI ({exc})") from None


def _unescape(body: str, text: str, what: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(body):
        char = body[i]
        if char != "\\":
            out.append(char)
            i += 1
            continue
        if i + 1 >= len(body):
            raise InvalidParameterError(f"{what}: dangling backslash in {text!r}")
        code = body[i + 1]
        if code in _ECHAR:
            out.append(_ECHAR[code])
            i += 2
        elif code in "uU":
            width = 4 if code == "u" else 8
            digits = body[i + 2 : i + 2 + width]
            if len(digits) != width or not all(c in "0123456789abcdefABCDEF" for c in digits):
                raise InvalidParameterError(f"{what}: bad \\{code} escape in {text!r}")
            value = int(digits, 16)
            if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
                raise InvalidParameterError(f"{what}: \\{code}{digits} is not a character")
            out.append(chr(value))
            i += 2 + width
        else:
            raise InvalidParameterError(f"{what}: unknown escape \\{code} in {text!r}")
    return "".join(out)


def parse_literal(text: str, *, what: str = "value") -> ox.Literal:
    """A literal written as in N-Triples or Turtle: ``"x"``, ``'x'``, ``"x"@en``, ``"1"^^xsd:integer``.

    The quoted part may use the Turtle escapes (``\\"``, ``\\n``, ``\\u00e9`` ...).
    Long (triple-quoted) strings and bare Turtle numbers are not literals here;
    :func:`parse_param_value` handles bare numbers and dates.
    """
    text = text.strip()
    if not text or text[0] not in "\"'":
        raise InvalidParameterError(f"{what}: {text!r} is not a quoted literal")
    quote = text[0]
    if text.startswith(quote * 3):
        raise InvalidParameterError(f"{what}: long (triple-quoted) literals are not supported")
    # Find the closing quote, skipping escaped characters.
    i = 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == quote:
            break
        if text[i] in "\r\n":
            raise InvalidParameterError(f"{what}: a literal must be on one line (use \\n)")
        i += 1
    else:
        raise InvalidParameterError(f"{what}: unterminated literal {text!r}")
    lexical = _unescape(text[1:i], text, what)
    rest = text[i + 1 :]
    if not rest:
        return ox.Literal(lexical)
    if rest.startswith("@"):
        tag = rest[1:]
        if not _LANGTAG.match(tag):
            raise InvalidParameterError(f"{what}: {tag!r} is not a language tag")
        try:
            return ox.Literal(lexical, language=tag)
        except ValueError as exc:
            raise InvalidParameterError(f"{what}: bad language tag {tag!r} ({exc})") from None
    if rest.startswith("^^"):
        datatype = parse_iri(rest[2:], what=f"{what} (datatype)")
        return ox.Literal(lexical, datatype=datatype)
    raise InvalidParameterError(f"{what}: unexpected {rest!r} after the literal in {text!r}")


def _check_lexical(literal: ox.Literal, what: str) -> ox.Literal:
    """Refuse a typed literal whose lexical form is not valid for its (numeric/date) type."""
    datatype = literal.datatype.value
    value = literal.value
    if datatype == _XSD_DATE:
        if not _DATE.match(value):
            raise InvalidParameterError(f"{what}: {value!r} is not a date (YYYY-MM-DD)")
        try:
            _dt.date.fromisoformat(value)
        except ValueError as exc:
            raise InvalidParameterError(f"{what}: {value!r} is not a date ({exc})") from None
    elif datatype == _XSD_INTEGER and not _INTEGER.match(value):
        raise InvalidParameterError(f"{what}: {value!r} is not an xsd:integer")
    elif datatype == _XSD_DECIMAL and not _DECIMAL.match(value):
        raise InvalidParameterError(f"{what}: {value!r} is not an xsd:decimal")
    return literal


def parse_term(text: str, *, what: str = "value") -> Term:
    """Any term, recognised by its syntax: ``<IRI>``, CURIE, quoted literal, ``_:label``,
    or a bare integer, decimal, double, ``true``/``false`` or ``YYYY-MM-DD`` date."""
    text = text.strip()
    if not text:
        raise InvalidParameterError(f"{what}: empty value")
    if text[0] in "\"'":
        return _check_lexical(parse_literal(text, what=what), what)
    if text.startswith("_:"):
        label = text[2:]
        if not re.fullmatch(r"[A-Za-z0-9_]+", label):
            raise InvalidParameterError(f"{what}: {text!r} is not a blank node label")
        return ox.BlankNode(label)
    if _INTEGER.match(text):
        return ox.Literal(text, datatype=ox.NamedNode(_XSD_INTEGER))
    if _DECIMAL.match(text):
        return ox.Literal(text, datatype=ox.NamedNode(_XSD_DECIMAL))
    if _DOUBLE.match(text):
        return ox.Literal(text, datatype=ox.NamedNode(_XSD_DOUBLE))
    if text in ("true", "false"):
        return ox.Literal(text, datatype=ox.NamedNode(_XSD_BOOLEAN))
    if _DATE.match(text):
        return _check_lexical(ox.Literal(text, datatype=ox.NamedNode(_XSD_DATE)), what)
    return parse_iri(text, what=what)


def parse_param_value(parameter: Parameter, value: str | Term) -> Term:
    """Parse and validate *value* for *parameter*; raise :class:`InvalidParameterError`.

    * ``iri``: a CURIE (known prefix) or an ``<IRI>``;
    * ``date``: ``YYYY-MM-DD`` or ``"YYYY-MM-DD"^^xsd:date`` (a real calendar date);
    * ``integer`` / ``decimal``: a bare number or a typed literal of that type;
    * ``string``: a quoted literal (``"..."``, ``"..."@lang``, ``"..."^^type``);
      text that does not start with a quote is itself the string's value.

    A pyoxigraph term is accepted as is if it has the right kind.
    """
    what = f"parameter {parameter.name} ({parameter.type})"
    if isinstance(value, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        term: Term = value
    elif not isinstance(value, str):
        raise InvalidParameterError(f"{what}: expected text or an RDF term, got {type(value).__name__}")
    elif parameter.type == "iri":
        term = parse_iri(value, what=what)
    elif parameter.type == "string":
        stripped = value.strip()
        # Building the literal from the raw text (never splicing it into SPARQL)
        # is what makes quotes and braces in it harmless.
        term = parse_literal(stripped, what=what) if stripped[:1] in ("'", '"') else ox.Literal(value)
    else:
        stripped = value.strip()
        if stripped[:1] not in ("'", '"') and not _LOOKS_LIKE.get(parameter.type, _DATE).match(stripped):
            raise InvalidParameterError(
                f"{what}: expected a {parameter.type} ({_EXAMPLES[parameter.type]}), got {stripped!r}"
            )
        term = parse_term(value, what=what)
    return _check_kind(parameter.type, term, what)


def _check_kind(kind: ParamType, term: Term, what: str) -> Term:
    if kind == "iri":
        if not isinstance(term, ox.NamedNode):
            raise InvalidParameterError(f"{what}: expected an IRI (CURIE or <IRI>), got {term}")
        return term
    if not isinstance(term, ox.Literal):
        raise InvalidParameterError(f"{what}: expected a literal, got {term}")
    datatype = term.datatype.value
    allowed = {
        "date": (_XSD_DATE,),
        "integer": (_XSD_INTEGER,),
        "decimal": (_XSD_DECIMAL, _XSD_INTEGER),
        "string": (_XSD_STRING, _RDF_LANGSTRING),
    }[kind]
    if datatype not in allowed:
        example = {"date": "YYYY-MM-DD", "integer": "42", "decimal": "0.5", "string": '"text"'}[kind]
        raise InvalidParameterError(f"{what}: expected a {kind} (e.g. {example}), got {term}")
    if kind == "decimal" and datatype == _XSD_INTEGER:
        term = ox.Literal(term.value, datatype=ox.NamedNode(_XSD_DECIMAL))
    return _check_lexical(term, what)


#: A parameter default that leaves the variable unbound, so that the query takes the value
#: from the data (the profile's as-of date, its default lens).
UNDEF: Final = "UNDEF"


def bind_params(question: Question, params: Mapping[str, str | Term] | None = None) -> dict[str, Term | None]:
    """Every parameter of *question* as a validated term: the given value or the default.

    A default of ``UNDEF`` is ``None``: the variable stays unbound and the query
    reads the value from the data (for ``?date``, the profile's ``aikg:asOfDate``).

    Names may be written with or without ``?``. An unknown name raises
    :class:`UnknownParameterError` (listing the known ones), a bad value
    :class:`InvalidParameterError`. Nothing is run.
    """
    given: dict[str, str | Term] = {}
    for name, value in (params or {}).items():
        bare = name[1:] if name.startswith(("?", "$")) else name
        try:
            question.param(bare)
        except KeyError:
            known = ", ".join(p.name for p in question.params) or "none"
            raise UnknownParameterError(
                f"{question.id} has no parameter {name!r} (its parameters: {known})"
            ) from None
        if bare in given:
            raise InvalidParameterError(f"parameter {bare} is given twice")
        given[bare] = value
    bound: dict[str, Term | None] = {}
    for parameter in question.params:
        value = given.get(parameter.name, parameter.default)
        if parameter.name not in given and value == UNDEF:
            bound[parameter.name] = None
            continue
        bound[parameter.name] = parse_param_value(parameter, value)
    return bound


def values_block(bindings: Mapping[str, Term | None]) -> str:
    """``VALUES (?a ?b) { (<...> "..."^^<...>) }`` from N-Triples forms (pyoxigraph escapes them);
    an unbound parameter is ``UNDEF``."""
    names = " ".join("?" + name for name in bindings)
    row = " ".join(UNDEF if term is None else str(term) for term in bindings.values())
    if len(bindings) == 1:
        return f"VALUES {names} {{ {row} }}"
    return f"VALUES ({names}) {{ ({row}) }}"


def with_params(question: Question, bindings: Mapping[str, Term | None]) -> str:
    """The question's SPARQL with its ``# @params`` line replaced by *bindings*."""
    line = find_params_line(question.path, question.sparql)
    if line is None:
        if bindings:
            raise UnknownParameterError(f"{question.id} takes no parameters")
        return question.sparql
    if tuple(bindings) != line.variables:
        raise UnknownParameterError(
            f"{question.id}: parameters {tuple(bindings)} do not match {line.variables}"
        )
    lines = question.sparql.splitlines(keepends=True)
    ending = "\n" if lines[line.index].endswith("\n") else ""
    lines[line.index] = f"{line.indent}{values_block(bindings)} # @params{ending}"
    return "".join(lines)


# --------------------------------------------------------------------------- screening and running


def screen_query(text: str) -> QueryForm:
    """Check that *text* is one read-only query over the local graph; return its form.

    Raises :class:`RefusedQueryError` saying what is refused and why (see :mod:`aikg.sparql`).
    """
    return screen(text).form


def execute(
    text: str,
    kb: KnowledgeBase,
    engine: Engine = DEFAULT_ENGINE,
    *,
    limit: int | None = None,
    limits: Limits | None = CLI_LIMITS,
) -> QueryResult:
    """Screen *text* and run it on *kb* with *engine*: the first *limit* rows, within *limits*.

    With *limits* (the default: 30 s, 100,000 rows, 2 GiB) the query runs in a
    killable child (:mod:`aikg.worker`); ``limits=None`` runs it in this process,
    unbounded (still screened). A limit reached raises :class:`QueryLimitError`.
    """
    if engine not in ENGINES:
        raise QueryInputError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise QueryInputError(f"limit must be a whole number of rows, not {limit!r}")
    screened = screen(text)
    limit = limit or None  # 0 means all rows
    if limits is None or limits == NO_LIMITS or not can_fork():
        max_rows = None if limits is None else limits.max_rows
        if engine == "oxigraph":
            return execute_on_store(screened.text, kb.store, screened.form, limit=limit, max_rows=max_rows)
        return execute_on_graph(screened, kb.graph, screened.form, limit=limit, max_rows=max_rows)
    return run_forked(kb, Request(screened.text, engine, limit), limits)


def run_question(
    question: Question,
    kb: KnowledgeBase,
    params: Mapping[str, str | Term] | None = None,
    engine: Engine = DEFAULT_ENGINE,
    *,
    limit: int | None = None,
    limits: Limits | None = CLI_LIMITS,
) -> QueryResult:
    """Bind *params* (validated first), substitute them and run the question (screened like any query)."""
    text = with_params(question, bind_params(question, params))
    return execute(text, kb, engine, limit=limit, limits=limits)


_ = _code_only  # re-exported: the catalogue's tests blank comments, strings and IRIs with it
