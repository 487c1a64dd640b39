"""A small typed Python API: load the graph, ask a competency question, run a query.

Example::

    from aikg.api import ask, run_query

    result = ask("CQ-06", {"jurisdictionA": "aikgd:EU", "jurisdictionB": "aikgd:RU"})
    print(result.variables, len(result.rows))
    print(result.to_format("table"))
    print(run_query("SELECT (COUNT(*) AS ?n) WHERE { ?d a aikg:AIDefinition }").rows[0][0].value)

Parameters are validated as RDF terms before anything is loaded or run (see
:mod:`aikg.query`); each profile's graph is loaded once per process.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Final

from .cq import Question, get_question, load_catalogue
from .load import KnowledgeBase, Profile, load_profile
from .query import (
    DEFAULT_ENGINE,
    Engine,
    QueryInputError,
    QueryResult,
    Term,
    bind_params,
    execute,
    screen_query,
    with_params,
)

__all__ = [
    "DEFAULT_QUESTION_PROFILE",
    "QUERY_PROFILES",
    "load_graph",
    "questions",
    "question",
    "ask",
    "run_query",
    "QueryResult",
    "Question",
    "KnowledgeBase",
]

#: Questions are answered on the full profile (the law as it stands, as of its
#: as-of date) unless told otherwise, like every other command.
DEFAULT_QUESTION_PROFILE: Final[Profile] = "full"
#: Profiles a question or query can run on (the TBox alone has no data).
QUERY_PROFILES: Final[tuple[Profile, ...]] = ("study", "full")


@cache
def _cached_profile(profile: Profile, data: tuple[Path, ...] = ()) -> KnowledgeBase:
    return load_profile(profile, data=data)


def load_graph(
    source: Profile | Path | str = DEFAULT_QUESTION_PROFILE, *, data: Iterable[Path | str] = ()
) -> KnowledgeBase:
    """The knowledge base of a profile (``"study"``, ``"full"``, ``"tbox"``) plus the
    user's *data* files, cached per process.

    A path as *source* is a data file of your own added to the full profile:
    ``load_graph("my.ttl")`` answers over aikg's graph and your file together
    (its ``owl:imports`` of aikg's modules resolve through aikg's catalog; nothing
    is fetched), and the derived graph is computed over both. ``.store`` is the
    pyoxigraph store, ``.graph`` the merged rdflib graph.
    """
    files = tuple(Path(f) for f in data)
    if isinstance(source, str) and source in ("tbox", "study", "full"):
        return _cached_profile(source, files)  # type: ignore[arg-type]
    path = Path(source)
    if not path.is_file():
        raise QueryInputError(f"{source!s} is neither a profile (tbox, study, full) nor an existing RDF file")
    return load_profile(DEFAULT_QUESTION_PROFILE, data=(path, *files))


def questions() -> tuple[Question, ...]:
    """The catalogue of competency questions, sorted by id."""
    return load_catalogue()


def question(question_id: str) -> Question:
    """One question by id (``"CQ-06"``, ``"cq-6"`` and ``"6"`` all work)."""
    return get_question(question_id)


def _graph(graph: KnowledgeBase | None, profile: Profile | Path | str) -> KnowledgeBase:
    return graph if graph is not None else load_graph(profile)


def ask(
    question_id: str | Question,
    params: Mapping[str, str | Term] | None = None,
    *,
    profile: Profile | Path | str = DEFAULT_QUESTION_PROFILE,
    engine: Engine = DEFAULT_ENGINE,
    graph: KnowledgeBase | None = None,
    limit: int | None = None,
) -> QueryResult:
    """Answer one competency question.

    *params* maps parameter names (with or without ``?``) to values written as
    on the command line (``"aikgd:EU"``, ``"<https://...>"``, ``"2020-01-01"``,
    ``'"text"@en'``) or to pyoxigraph terms; missing ones take their defaults.
    The question, the names and the values are all checked before the graph
    is loaded. *limit* keeps the first rows (the question's ``ORDER BY`` holds);
    unlike ``aikg ask``, the API does not apply a question's top-k by itself.
    """
    chosen = question_id if isinstance(question_id, Question) else get_question(question_id)
    text = with_params(chosen, bind_params(chosen, params))
    return execute(text, _graph(graph, profile), engine).head(limit)


def run_query(
    text: str,
    *,
    profile: Profile | Path | str = DEFAULT_QUESTION_PROFILE,
    engine: Engine = DEFAULT_ENGINE,
    graph: KnowledgeBase | None = None,
    limit: int | None = None,
) -> QueryResult:
    """Run one read-only SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE).

    aikg's prefixes (``aikg:``, ``aikgd:``, ``skos:`` ...) are predeclared.
    SERVICE, FROM / FROM NAMED, LOAD and updates are refused before the graph
    is loaded (:class:`aikg.query.RefusedQueryError`).
    """
    screen_query(text)
    return execute(text, _graph(graph, profile), engine).head(limit)
