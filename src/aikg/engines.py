"""The two SPARQL engines, run with a top-level LIMIT and a row cap.

* ``oxigraph``: the embedded pyoxigraph store of :class:`aikg.load.KnowledgeBase`
  (default graph = union of the modules); it runs the screened query text.
  pyoxigraph evaluates lazily, so taking at most K rows from its answer is the
  query's top-level ``LIMIT K`` (pyoxigraph does not expose its parsed query).
* ``rdflib``: the merged rdflib graph; it runs the very parse tree the screen
  walked (:mod:`aikg.sparql`), with its top-level slice set to min(K, the query's own).

Both have aikg's prefixes predeclared; results are pyoxigraph terms, so the two
can be compared. Nothing here bounds time or memory: :mod:`aikg.worker` does.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from typing import Any, Final, Literal, TypeVar, get_args

import pyoxigraph as ox
import rdflib

from .errors import EXIT_FINDINGS, EXIT_LIMIT, AikgError
from .load import to_oxigraph
from .namespaces import prefix_map
from .results import QueryResult, Term
from .sparql import QueryForm, QuerySyntaxError, Screened, apply_limit, screen

__all__ = [
    "Engine",
    "ENGINES",
    "DEFAULT_ENGINE",
    "LimitKind",
    "QueryEngineError",
    "QueryLimitError",
    "execute_on_store",
    "execute_on_graph",
]

Engine = Literal["oxigraph", "rdflib"]
ENGINES: Final[tuple[str, ...]] = get_args(Engine)
DEFAULT_ENGINE: Final[Engine] = "oxigraph"
LimitKind = Literal["time", "rows", "memory"]

_T = TypeVar("_T")


class QueryEngineError(AikgError):
    """The engine failed while evaluating a query that it had parsed."""

    exit_code = EXIT_FINDINGS


class QueryLimitError(AikgError):
    """A query reached a limit (time, rows or memory) and was stopped: CLI exit code 3."""

    exit_code = EXIT_LIMIT

    def __init__(self, limit: LimitKind, message: str) -> None:
        super().__init__(message)
        self.limit = limit


def _take(items: Iterable[_T], limit: int | None, max_rows: int | None) -> tuple[list[_T], bool]:
    """At most *limit* items (and whether more exist); more than *max_rows* is a :class:`QueryLimitError`."""
    wanted = [n for n in (limit, max_rows) if n is not None]
    if not wanted:
        return list(items), False
    cap = min(wanted)
    taken = list(itertools.islice(items, cap + 1))
    if len(taken) <= cap:
        return taken, False
    if limit is not None and limit <= cap:
        return taken[:limit], True
    raise QueryLimitError(
        "rows",
        f"the query returned more than {max_rows:,} rows, the row cap; "
        "add a LIMIT (or --limit K) or narrow the query",
    )


def _check_limits(limit: int | None, max_rows: int | None) -> None:
    for value in (limit, max_rows):
        if value is not None and (not isinstance(value, int) or value < 0):
            raise TypeError(f"a limit is a whole number of rows, not {value!r}")


def execute_on_store(
    text: str,
    store: ox.Store,
    form: QueryForm | None = None,
    *,
    limit: int | None = None,
    max_rows: int | None = None,
) -> QueryResult:
    """Run *text* on a pyoxigraph store, over the union of its graphs (first *limit* rows)."""
    _check_limits(limit, max_rows)
    try:
        answer = store.query(text, prefixes=prefix_map(), use_default_graph_as_union=True)
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult(form="ASK", boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            variables = tuple(v.value for v in answer.variables)
            solutions = (tuple(solution[name] for name in variables) for solution in answer)
            rows, more = _take(solutions, limit, max_rows)
            return QueryResult(form="SELECT", variables=variables, rows=tuple(rows), more=more)
        triples, more = _take(iter(answer), limit, max_rows)
        return QueryResult(form=form or "CONSTRUCT", triples=tuple(triples), more=more)
    except SyntaxError as exc:
        raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from None
    except (OSError, ValueError, RuntimeError, TypeError) as exc:
        raise QueryEngineError(f"oxigraph failed: {exc}") from None


def _from_rdflib(term: object) -> Term | None:
    if term is None:
        return None
    try:
        return to_oxigraph(term)  # type: ignore[arg-type]
    except TypeError:
        raise QueryEngineError(f"rdflib returned an unsupported term {term!r}") from None


def _rdflib_rows(answer: Any, variables: tuple[str, ...]) -> Iterator[tuple[Term | None, ...]]:
    for row in answer:
        yield tuple(_from_rdflib(row[i]) for i in range(len(variables)))


def execute_on_graph(
    query: str | Screened,
    graph: rdflib.Graph,
    form: QueryForm | None = None,
    *,
    limit: int | None = None,
    max_rows: int | None = None,
) -> QueryResult:
    """Run a screened query's parse tree on an rdflib graph (first *limit* rows).

    Text is screened first (:func:`aikg.sparql.screen`): rdflib runs exactly what was checked.
    """
    _check_limits(limit, max_rows)
    screened = query if isinstance(query, Screened) else screen(query)
    prepared = screened.prepare()
    if limit is not None and screened.form != "ASK":
        apply_limit(prepared, limit + 1)  # one more row says whether there are more
    try:
        answer = graph.query(prepared)
        if answer.type == "ASK":
            return QueryResult(form="ASK", boolean=bool(answer.askAnswer))
        if answer.type == "SELECT":
            variables = tuple(str(v) for v in answer.vars or ())
            rows, more = _take(_rdflib_rows(answer, variables), limit, max_rows)
            return QueryResult(form="SELECT", variables=variables, rows=tuple(rows), more=more)
        constructed = answer.graph if answer.graph is not None else rdflib.Graph()
        converted = (
            ox.Triple(_from_rdflib(s), _from_rdflib(p), _from_rdflib(o))  # type: ignore[arg-type]
            for s, p, o in constructed
        )
        triples, more = _take(converted, limit, max_rows)
        return QueryResult(form=form or answer.type, triples=tuple(triples), more=more)  # type: ignore[arg-type]
    except (AikgError, MemoryError, KeyboardInterrupt):
        raise
    except re.error as exc:
        raise QuerySyntaxError(f"bad regular expression in the query: {exc}") from None
    except Exception as exc:  # rdflib raises many kinds of errors while evaluating
        raise QueryEngineError(f"rdflib failed: {type(exc).__name__}: {exc}") from None
