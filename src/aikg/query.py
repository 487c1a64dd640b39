"""Run competency questions and read-only SPARQL queries over aikg's graph.

Four jobs, in the order a run needs them:

1. **Parameters** are parsed and validated as RDF terms (pyoxigraph terms)
   *before* anything is loaded or run: a CURIE with a known prefix, an
   ``<IRI>``, a literal in N-Triples/Turtle form, a plain ``YYYY-MM-DD`` for
   a date, a plain number for an integer or decimal. They enter the query as
   one ``VALUES`` block written from their N-Triples forms, which replaces the
   question's ``VALUES ... # @params`` line: raw user text is never pasted
   into SPARQL.
2. **User queries** are screened lexically before they run: only SELECT, ASK,
   CONSTRUCT and DESCRIBE; no SERVICE (a network call), no FROM / FROM NAMED
   (which would change, or for rdflib fetch, the dataset), no LOAD or other
   update.
3. **Engines**: ``oxigraph`` (the embedded pyoxigraph store of
   :class:`aikg.load.KnowledgeBase`, default graph = union of the modules) or
   ``rdflib`` (its merged graph). Both get aikg's prefixes predeclared.
   Results are normalised to pyoxigraph terms, so the two can be compared.
4. **Serialisation**: ``table`` (aligned, CURIEs), ``csv`` and ``tsv`` (the
   SPARQL 1.1 CSV/TSV results formats) and ``json`` (SPARQL 1.1 Query
   Results JSON). CONSTRUCT/DESCRIBE results are written as sorted N-Triples.

It also reads the expected-results files of ``tests/expected`` and compares
results order-insensitively, numbers by value (tolerance 1e-9).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Final, Literal, TypeAlias, cast, get_args

import pyoxigraph as ox
import rdflib

from .cq import Parameter, ParamType, Question, find_params_line
from .errors import AikgError
from .load import KnowledgeBase, to_oxigraph
from .namespaces import PREFIXES, XSD, prefix_map

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
    "QueryInputError",
    "UnknownParameterError",
    "InvalidParameterError",
    "RefusedQueryError",
    "QuerySyntaxError",
    "QueryEngineError",
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

Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal
Engine = Literal["oxigraph", "rdflib"]
ENGINES: Final[tuple[str, ...]] = get_args(Engine)
DEFAULT_ENGINE: Final[Engine] = "oxigraph"
Format = Literal["table", "csv", "tsv", "json"]
FORMATS: Final[tuple[str, ...]] = get_args(Format)
QueryForm = Literal["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"]

#: Prefixes written as CURIEs in expected-results files (everything else is <IRI>).
OWN_PREFIXES: Final[Mapping[str, str]] = {p: PREFIXES[p] for p in ("aikg", "aikgv", "aikgd")}
#: Engines write 1/3 with different numbers of digits; numbers are equal within this.
NUMERIC_TOLERANCE: Final = 1e-9
#: Largest query text accepted (a competency question is a few kB).
MAX_QUERY_BYTES: Final = 1024 * 1024

_XSD: Final = str(XSD)
_XSD_STRING: Final = _XSD + "string"
_XSD_DATE: Final = _XSD + "date"
_XSD_INTEGER: Final = _XSD + "integer"
_XSD_DECIMAL: Final = _XSD + "decimal"
_XSD_DOUBLE: Final = _XSD + "double"
_XSD_BOOLEAN: Final = _XSD + "boolean"
_RDF_LANGSTRING: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
# Every XSD type whose values are numbers (compared by value, with tolerance).
_NUMERIC: Final = frozenset(
    _XSD + name
    for name in (
        "integer decimal double float long int short byte nonNegativeInteger positiveInteger "
        "nonPositiveInteger negativeInteger unsignedLong unsignedInt unsignedShort unsignedByte"
    ).split()
)


# --------------------------------------------------------------------------- errors


class QueryInputError(AikgError):
    """The user's input (question id, parameter, query text) is unusable: CLI exit code 2."""


class UnknownParameterError(QueryInputError):
    """A parameter name the question does not declare."""


class InvalidParameterError(QueryInputError):
    """A parameter value that is not a valid RDF term of the declared type."""


class RefusedQueryError(QueryInputError):
    """A user query that is not a read-only query over the local graph."""


class QuerySyntaxError(QueryInputError):
    """The engine could not parse the query."""


class QueryEngineError(AikgError):
    """The engine failed while evaluating a query that it had parsed."""


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


# --------------------------------------------------------------------------- screening

_FORMS: Final = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
# SERVICE calls out to the network; FROM / FROM NAMED replace the dataset (and
# make rdflib fetch it); the rest are SPARQL Update operations and clauses.
_FORBIDDEN: Final = {
    "SERVICE": "SERVICE (federated query) is refused: aikg never calls the network",
    "FROM": "FROM / FROM NAMED are refused: queries run over aikg's loaded graph only",
    "LOAD": "LOAD is refused: aikg queries are read-only",
}
_UPDATE_WORDS: Final = frozenset("INSERT DELETE CLEAR DROP CREATE ADD MOVE COPY WITH USING".split())
# Tokens that may contain letters but are not keywords: variables, prefixed
# names (and the bare "prefix:" of a PREFIX line), language tags, numbers.
_TOKEN: Final = re.compile(
    r"""(?P<var>[?$][\w\u00B7\u00C0-\uFFFF]+)
      | (?P<pname>[\w\u00C0-\uFFFF.-]*:[\w\u00C0-\uFFFF.%:\\-]*)
      | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
      | (?P<number>\d[\w.]*)
      | (?P<word>[A-Za-z_]\w*)
      | (?P<other>\S)""",
    re.VERBOSE,
)
_IRIREF: Final = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')


def _code_only(text: str) -> str:
    """*text* with comments, string literals and IRIs blanked out (so their words are not keywords)."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if char in "\"'":
            quote = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else char
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                if text[j] == "\\":
                    j += 1
                elif len(quote) == 1 and text[j] in "\r\n":
                    raise RefusedQueryError("the query has an unterminated string literal")
                j += 1
            if j >= n:
                raise RefusedQueryError("the query has an unterminated string literal")
            out.append(' "" ')
            i = j + len(quote)
            continue
        if char == "<":
            match = _IRIREF.match(text, i)
            if match is not None:
                out.append(" <> ")
                i = match.end()
                continue
        out.append(char)
        i += 1
    return "".join(out)


def screen_query(text: str) -> QueryForm:
    """Check that *text* is one read-only query over the local graph; return its form.

    The check is lexical (comments, strings and IRIs are skipped, keywords are
    whole words), so it is done before any engine sees the text. Raises
    :class:`RefusedQueryError` with a message saying what is refused and why.
    """
    if len(text.encode("utf-8")) > MAX_QUERY_BYTES:
        raise RefusedQueryError(f"the query is larger than {MAX_QUERY_BYTES // 1024} KiB")
    code = _code_only(text)
    # SPARQL allows \u escapes anywhere in a query; outside strings and IRIs they
    # could spell a keyword past this screen, and no real query needs them there.
    if re.search(r"\\[uU]", code):
        raise RefusedQueryError("\\u escapes outside strings and IRIs are refused")
    form: QueryForm | None = None
    for match in _TOKEN.finditer(code):
        word = match.group("word")
        if word is None:
            continue
        upper = word.upper()
        if upper in _FORBIDDEN:
            raise RefusedQueryError(_FORBIDDEN[upper])
        if upper in _UPDATE_WORDS:
            raise RefusedQueryError(
                f"{upper} is refused: only read-only queries (SELECT, ASK, CONSTRUCT, DESCRIBE) run"
            )
        if form is None and upper not in ("PREFIX", "BASE"):
            if upper not in _FORMS:
                raise RefusedQueryError(f"a query must be SELECT, ASK, CONSTRUCT or DESCRIBE, not {word!r}")
            form = upper  # type: ignore[assignment]
    if form is None:
        raise RefusedQueryError("no SELECT, ASK, CONSTRUCT or DESCRIBE query found")
    return form


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class QueryResult:
    """The answer of one query, engine-independent (terms are pyoxigraph terms).

    ``form`` says which part is meaningful: ``variables``/``rows`` for SELECT,
    ``boolean`` for ASK, ``triples`` for CONSTRUCT and DESCRIBE. ``total`` is
    the number of rows before :meth:`head` cut them.
    """

    form: QueryForm
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = ()
    total: int | None = None

    def __post_init__(self) -> None:
        if self.total is None:
            object.__setattr__(self, "total", len(self.rows))

    def head(self, limit: int | None) -> QueryResult:
        """The first *limit* rows (or triples); ``None`` or 0 keeps everything."""
        if not limit:
            return self
        return replace(self, rows=self.rows[:limit], triples=self.triples[:limit])

    def as_dicts(self) -> list[dict[str, Term]]:
        """One dict per row, bound variables only."""
        return [
            {name: term for name, term in zip(self.variables, row, strict=True) if term is not None}
            for row in self.rows
        ]

    def column(self, name: str) -> list[Term | None]:
        index = self.variables.index(name)
        return [row[index] for row in self.rows]

    def to_format(self, fmt: Format = "table") -> str:
        """Serialise as ``table``, ``csv``, ``tsv`` or ``json`` (see the module docstring)."""
        if fmt not in FORMATS:
            raise QueryInputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        if self.form in ("CONSTRUCT", "DESCRIBE"):
            return "".join(sorted(f"{t.subject} {t.predicate} {t.object} .\n" for t in self.triples))
        return {"table": _to_table, "csv": _to_csv, "tsv": _to_tsv, "json": _to_json}[fmt](self)


def _compact(iri: str, prefixes: Mapping[str, str]) -> str | None:
    for prefix, namespace in prefixes.items():
        if iri.startswith(namespace):
            local = iri[len(namespace) :]
            if _CURIE.match(f"{prefix}:{local}"):
                return f"{prefix}:{local}"
    return None


def cell(term: Term | None) -> str:
    """The expected-results form: CURIE for aikg:/aikgv:/aikgd:, else N-Triples; '' if unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return _compact(term.value, OWN_PREFIXES) or str(term)
    return str(term)


def display_term(term: Term | None) -> str:
    """A short Turtle-like form for people: CURIEs for every known prefix, bare
    integers, decimals and booleans, ``"text"``, ``"text"@lang``, ``"lex"^^xsd:type``."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return _compact(term.value, PREFIXES) or str(term)
    if isinstance(term, ox.BlankNode):
        return str(term)
    datatype = term.datatype.value
    if datatype in (_XSD_INTEGER, _XSD_DECIMAL, _XSD_BOOLEAN) and (
        _DECIMAL.match(term.value) or term.value in ("true", "false")
    ):
        return term.value
    text = str(term)  # N-Triples escapes keep one term on one line
    if datatype in (_XSD_STRING, _RDF_LANGSTRING):
        return text
    head = text[: text.rindex("^^")]
    return f"{head}^^{_compact(datatype, PREFIXES) or '<' + datatype + '>'}"


def _to_table(result: QueryResult) -> str:
    if result.form == "ASK":
        return ("yes" if result.boolean else "no") + "\n"
    header = list(result.variables)
    body = [[display_term(term) for term in row] for row in result.rows]
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(header)]
    lines = [
        "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in body]
    total = result.total if result.total is not None else len(result.rows)
    noun = "row" if total == 1 else "rows"
    shown = f"{len(result.rows)} of {total} {noun}" if len(result.rows) < total else f"{total} {noun}"
    lines.append(f"({shown})")
    return "\n".join(lines) + "\n"


def _csv_value(term: Term | None) -> str:
    # SPARQL 1.1 CSV: IRIs bare, literals as their lexical form, blank nodes _:label.
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode) or isinstance(term, ox.Literal):
        return term.value
    return str(term)


def _to_csv(result: QueryResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # the format mandates CRLF
    if result.form == "ASK":
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
        return buffer.getvalue()
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([_csv_value(term) for term in row])
    return buffer.getvalue()


def _to_tsv(result: QueryResult) -> str:
    # SPARQL 1.1 TSV: "?var" headers; terms in N-Triples form, which escapes tabs
    # and newlines inside literals; an unbound variable is an empty field.
    if result.form == "ASK":
        return "?boolean\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join("?" + name for name in result.variables)]
    lines += ["\t".join("" if term is None else str(term) for term in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != _XSD_STRING:  # a simple literal carries no datatype
        out["datatype"] = term.datatype.value
    return out


def _to_json(result: QueryResult) -> str:
    if result.form == "ASK":
        document: dict[str, object] = {"head": {}, "boolean": bool(result.boolean)}
    else:
        document = {
            "head": {"vars": list(result.variables)},
            "results": {
                "bindings": [
                    {
                        name: _json_term(term)
                        for name, term in zip(result.variables, row, strict=True)
                        if term is not None
                    }
                    for row in result.rows
                ]
            },
        }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- engines


def _from_rdflib(term: object) -> Term | None:
    if term is None:
        return None
    try:
        return to_oxigraph(term)  # type: ignore[arg-type]
    except TypeError:
        raise QueryEngineError(f"rdflib returned an unsupported term {term!r}") from None


def execute_on_store(text: str, store: ox.Store, form: QueryForm | None = None) -> QueryResult:
    """Run *text* on a pyoxigraph store, over the union of its graphs."""
    try:
        answer = store.query(text, prefixes=prefix_map(), use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from None
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryEngineError(f"oxigraph failed: {exc}") from None
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(form="ASK", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = tuple(v.value for v in answer.variables)
        rows = tuple(tuple(solution[name] for name in variables) for solution in answer)
        return QueryResult(form="SELECT", variables=variables, rows=rows)
    return QueryResult(form=form or "CONSTRUCT", triples=tuple(answer))


def execute_on_graph(text: str, graph: rdflib.Graph, form: QueryForm | None = None) -> QueryResult:
    """Run *text* on an rdflib graph."""
    try:
        answer = graph.query(text, initNs=dict(PREFIXES))
    except Exception as exc:  # rdflib raises pyparsing's and its own errors for bad syntax
        name = type(exc).__name__
        if "Parse" in name or isinstance(exc, SyntaxError):
            raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from None
        raise QueryEngineError(f"rdflib failed: {name}: {exc}") from None
    if answer.type == "ASK":
        return QueryResult(form="ASK", boolean=bool(answer.askAnswer))
    if answer.type == "SELECT":
        variables = tuple(str(v) for v in answer.vars or ())
        solutions = cast("Iterable[Sequence[object]]", answer)  # SELECT rows are ResultRows
        rows = tuple(tuple(_from_rdflib(row[i]) for i in range(len(variables))) for row in solutions)
        return QueryResult(form="SELECT", variables=variables, rows=rows)
    constructed = answer.graph if answer.graph is not None else rdflib.Graph()
    triples = tuple(
        ox.Triple(_from_rdflib(s), _from_rdflib(p), _from_rdflib(o))  # type: ignore[arg-type]
        for s, p, o in constructed
    )
    return QueryResult(form=answer.type, triples=triples)  # type: ignore[arg-type]


def execute(
    text: str, kb: KnowledgeBase, engine: Engine = DEFAULT_ENGINE, *, screen: bool = True
) -> QueryResult:
    """Screen *text* (unless it is a catalogue query) and run it on *kb* with *engine*."""
    if engine not in ENGINES:
        raise QueryInputError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    form = screen_query(text) if screen else None
    if engine == "oxigraph":
        return execute_on_store(text, kb.store, form)
    return execute_on_graph(text, kb.graph, form)


def run_question(
    question: Question,
    kb: KnowledgeBase,
    params: Mapping[str, str | Term] | None = None,
    engine: Engine = DEFAULT_ENGINE,
) -> QueryResult:
    """Bind *params* (validated first), substitute them and run the question."""
    text = with_params(question, bind_params(question, params))
    return execute(text, kb, engine)


# --------------------------------------------------------------------------- expected results


def _parse_cell(text: str, where: str) -> Term | None:
    if text == "":
        return None
    try:
        return parse_term(text, what=where)
    except QueryInputError as exc:
        raise AikgError(str(exc)) from None


def read_expected(path: Path | str) -> QueryResult:
    """Read an expected-results TSV (header = variable names; cells as :func:`cell` writes them)."""
    path = Path(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines:
        raise AikgError(f"{path}: empty expected-results file (it needs at least a header)")
    variables = tuple(lines[0].split("\t"))
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        if len(cells) != len(variables):
            raise AikgError(f"{path}:{number}: {len(cells)} cells, the header has {len(variables)}")
        rows.append(tuple(_parse_cell(c, f"{path}:{number}") for c in cells))
    return QueryResult(form="SELECT", variables=variables, rows=tuple(rows))


def numeric_value(term: Term | None) -> float | None:
    """The value of a numeric literal (any XSD numeric type), else ``None``."""
    if isinstance(term, ox.Literal) and term.datatype.value in _NUMERIC:
        try:
            return float(Decimal(term.value)) if "e" not in term.value.lower() else float(term.value)
        except (InvalidOperation, ValueError):
            return None
    return None


def terms_equal(a: Term | None, b: Term | None, tolerance: float = NUMERIC_TOLERANCE) -> bool:
    """Equal terms, or two numbers (any XSD numeric type) within *tolerance*."""
    x, y = numeric_value(a), numeric_value(b)
    if x is not None and y is not None:
        return abs(x - y) <= tolerance
    return a == b


def _row_text(row: Sequence[Term | None]) -> str:
    return "\t".join(cell(term) for term in row)


def diff_results(
    expected: QueryResult, actual: QueryResult, tolerance: float = NUMERIC_TOLERANCE
) -> list[str]:
    """What differs between two SELECT results, order-insensitively (empty list: the same)."""
    if expected.variables != actual.variables:
        return [f"variables differ: expected {expected.variables}, got {actual.variables}"]
    unmatched = list(actual.rows)
    missing: list[str] = []
    for row in expected.rows:
        for index, candidate in enumerate(unmatched):
            if all(terms_equal(a, b, tolerance) for a, b in zip(row, candidate, strict=True)):
                del unmatched[index]
                break
        else:
            missing.append(_row_text(row))
    problems = [f"missing row: {text}" for text in missing]
    problems += [f"unexpected row: {_row_text(row)}" for row in unmatched]
    return problems


def same_results(a: QueryResult, b: QueryResult, tolerance: float = NUMERIC_TOLERANCE) -> bool:
    """True if *a* and *b* have the same variables and the same rows (as multisets)."""
    return not diff_results(a, b, tolerance)
