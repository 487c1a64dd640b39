"""Query results, engine-independent: :class:`QueryResult`, its formats, and comparison.

Formats: ``table`` (aligned, CURIEs), ``csv`` and ``tsv`` (the SPARQL 1.1 CSV/TSV
results formats), ``json`` (SPARQL 1.1 Query Results JSON) and ``xml`` (SPARQL
Query Results XML). CONSTRUCT/DESCRIBE results are written as sorted N-Triples
(:meth:`QueryResult.to_format`) or, by :meth:`QueryResult.to_rdf`, as Turtle,
N-Triples or JSON-LD. Text meant for a terminal has its control characters escaped.

It also reads the expected-results files of ``tests/expected`` and compares
results order-insensitively, numbers by value (tolerance 1e-9).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Final, Literal, TypeAlias, get_args
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox

from .errors import AikgError
from .namespaces import PREFIXES, XSD
from .sparql import QueryForm, QueryInputError
from .terms import OWN_PREFIXES, display, escape_control
from .terms import compact as _compact_iri

__all__ = [
    "Term",
    "Format",
    "FORMATS",
    "RdfSyntax",
    "RDF_SYNTAXES",
    "NUMERIC_TOLERANCE",
    "QueryResult",
    "display_term",
    "cell",
    "read_expected",
    "numeric_value",
    "terms_equal",
    "diff_results",
    "same_results",
]

Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal
Format = Literal["table", "csv", "tsv", "json", "xml"]
FORMATS: Final[tuple[str, ...]] = get_args(Format)
RdfSyntax = Literal["turtle", "ntriples", "jsonld"]
RDF_SYNTAXES: Final[tuple[str, ...]] = get_args(RdfSyntax)
#: Engines write 1/3 with different numbers of digits; numbers are equal within this.
NUMERIC_TOLERANCE: Final = 1e-9

_XSD: Final = str(XSD)
_XSD_STRING: Final = _XSD + "string"
_XSD_INTEGER: Final = _XSD + "integer"
_XSD_DECIMAL: Final = _XSD + "decimal"
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
_RDF_FORMATS: Final = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}


@dataclass(frozen=True)
class QueryResult:
    """The answer of one query, engine-independent (terms are pyoxigraph terms).

    ``form`` says which part is meaningful: ``variables``/``rows`` for SELECT,
    ``boolean`` for ASK, ``triples`` for CONSTRUCT and DESCRIBE. ``total`` is
    the number of rows before :meth:`head` cut them; ``more`` is true when a
    limit stopped the engine and more rows exist (their number is unknown).
    """

    form: QueryForm
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = ()
    total: int | None = None
    more: bool = False

    def __post_init__(self) -> None:
        if self.total is None:
            object.__setattr__(
                self, "total", len(self.rows) if self.form != "CONSTRUCT" else len(self.triples)
            )

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
        """Serialise as ``table``, ``csv``, ``tsv``, ``json`` or ``xml`` (see the module docstring)."""
        if fmt not in FORMATS:
            raise QueryInputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        if self.form in ("CONSTRUCT", "DESCRIBE"):
            return "".join(sorted(f"{t.subject} {t.predicate} {t.object} .\n" for t in self.triples))
        writers = {"table": _to_table, "csv": _to_csv, "tsv": _to_tsv, "json": _to_json, "xml": _to_xml}
        return writers[fmt](self)

    def to_rdf(self, syntax: RdfSyntax = "turtle") -> bytes:
        """The triples of a CONSTRUCT or DESCRIBE result as Turtle, N-Triples or JSON-LD (sorted)."""
        if syntax not in _RDF_FORMATS:
            raise QueryInputError(f"unknown RDF syntax {syntax!r}; choose one of {', '.join(RDF_SYNTAXES)}")
        triples = sorted(self.triples, key=str)
        prefixes = dict(PREFIXES) if syntax == "turtle" else None
        data = ox.serialize(triples, format=_RDF_FORMATS[syntax], prefixes=prefixes)  # type: ignore[arg-type]
        return data or b""


def cell(term: Term | None) -> str:
    """The expected-results form: CURIE for aikg:/aikgv:/aikgd:, else N-Triples; '' if unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return _compact_iri(term.value, OWN_PREFIXES) or str(term)
    return str(term)


def display_term(term: Term | None) -> str:
    """A short Turtle-like form for people (:func:`aikg.terms.display`), control characters escaped."""
    return escape_control(display(term))


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
    if len(result.rows) < total:
        shown = f"{len(result.rows)} of {total} {noun}"
    elif result.more:
        shown = f"first {len(result.rows)} {noun}; more exist (--limit 0 shows all)"
    else:
        shown = f"{total} {noun}"
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


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{xml_escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{xml_escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{xml_escape(term.value)}</literal>"
    if term.datatype.value != _XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{xml_escape(term.value)}</literal>"
    return f"<literal>{xml_escape(term.value)}</literal>"


def _to_xml(result: QueryResult) -> str:
    """SPARQL Query Results XML Format (W3C Recommendation, second edition)."""
    lines = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "  <head>"]
    if result.form == "ASK":
        lines += ["  </head>", f"  <boolean>{'true' if result.boolean else 'false'}</boolean>", "</sparql>"]
        return "\n".join(lines) + "\n"
    lines += [f"    <variable name={quoteattr(name)}/>" for name in result.variables]
    lines += ["  </head>", "  <results>"]
    for row in result.rows:
        lines.append("    <result>")
        for name, term in zip(result.variables, row, strict=True):
            if term is not None:
                lines.append(f"      <binding name={quoteattr(name)}>{_xml_term(term)}</binding>")
        lines.append("    </result>")
    lines += ["  </results>", "</sparql>"]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- expected results


def _parse_cell(text: str, where: str) -> Term | None:
    if text == "":
        return None
    try:
        from .query import parse_term  # the parameter parser reads the cells

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
