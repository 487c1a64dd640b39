"""A small typed Python API: load the graph, ask a competency question, run a query.

Example::

    from aikg.api import ask, run_query

    result = ask("CQ-06", {"jurisdictionA": "aikgd:EU", "jurisdictionB": "aikgd:RU"})
    print(result.variables, len(result.rows))
    print(result.to_format("table"))
    print(run_query("SELECT (COUNT(*) AS ?n) WHERE { ?d a aikg:AIDefinition }").rows[0][0].value)

Parameters are validated as RDF terms before anything is loaded or run (see
:mod:`aikg.query`); each profile's graph is loaded once per process. Every query
(a question's too) is screened and runs in a killable child within
:data:`~aikg.worker.CLI_LIMITS` (30 s, 100,000 rows, 2 GiB above the process's
size) unless ``limits=`` says otherwise; a limit reached raises
:class:`~aikg.engines.QueryLimitError`. Every error is an :class:`~aikg.errors.AikgError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Final

from .cq import Question, get_question, load_catalogue
from .derive import EVIDENCE, Evidence
from .load import KnowledgeBase, Profile, load_profile
from .query import (
    DEFAULT_ENGINE,
    Engine,
    QueryInputError,
    QueryLimitError,
    QueryResult,
    Term,
    bind_params,
    execute,
    screen_query,
    with_params,
)
from .worker import CLI_LIMITS, NO_LIMITS, Limits

__all__ = [
    "DEFAULT_QUESTION_PROFILE",
    "QUERY_PROFILES",
    "CLI_LIMITS",
    "NO_LIMITS",
    "Limits",
    "load_graph",
    "questions",
    "question",
    "ask",
    "run_query",
    "QueryResult",
    "QueryLimitError",
    "Question",
    "KnowledgeBase",
]

#: Questions are answered on the full profile (the law as it stands, as of its
#: as-of date) unless told otherwise, like every other command.
DEFAULT_QUESTION_PROFILE: Final[Profile] = "full"
#: Profiles a question or query can run on (the TBox alone has no data).
QUERY_PROFILES: Final[tuple[Profile, ...]] = ("study", "full")
_PROFILES: Final = ("tbox", "study", "full")


@cache
def _cached_profile(
    profile: Profile, data: tuple[Path, ...] = (), base_iri: str | None = None, evidence: Evidence = "any"
) -> KnowledgeBase:
    if evidence != "any":
        return _cached_profile(profile, data, base_iri).with_evidence(evidence)
    return load_profile(profile, data=data, base_iri=base_iri)


def _files(data: Iterable[Path | str] | Path | str) -> tuple[Path, ...]:
    if isinstance(data, (str, Path)):  # one file, not the characters of its name
        data = (data,)
    try:
        files = tuple(data)
    except TypeError:
        raise QueryInputError(f"data is a list of files, not {type(data).__name__}") from None
    for file in files:
        if not isinstance(file, (str, Path)):
            raise QueryInputError(f"a data file is a path, not {type(file).__name__}")
    return tuple(Path(f).absolute() for f in files)


def load_graph(
    source: Profile | Path | str = DEFAULT_QUESTION_PROFILE,
    *,
    data: Iterable[Path | str] | Path | str = (),
    base_iri: str | None = None,
    evidence: Evidence = "any",
) -> KnowledgeBase:
    """The knowledge base of a profile (``"study"``, ``"full"``, ``"tbox"``) plus the
    user's *data* files, cached per process.

    A path as *source* is a data file of your own added to the full profile:
    ``load_graph("my.ttl")`` answers over aikg's graph and your file together
    (its ``owl:imports`` of aikg's modules resolve through aikg's catalog; nothing
    is fetched), and the derived graph is computed over both. *base_iri* resolves
    relative IRIs in your files. ``.store`` is the pyoxigraph store, ``.graph``
    the merged rdflib graph. ``evidence="official"`` derives the answers from the
    dated facts that an official source supports (see :meth:`KnowledgeBase.with_evidence`).
    """
    files = _files(data)
    if evidence not in EVIDENCE:
        raise QueryInputError(f"evidence is one of {', '.join(EVIDENCE)}, not {evidence!r}")
    if isinstance(source, str) and source in _PROFILES:
        return _cached_profile(source, files, base_iri, evidence)  # type: ignore[arg-type]
    if not isinstance(source, (str, Path)):
        raise QueryInputError(f"source is a profile name or a file, not {type(source).__name__}")
    path = Path(source)
    if not path.is_file():
        raise QueryInputError(f"{source!s} is neither a profile (tbox, study, full) nor an existing RDF file")
    kb = load_profile(DEFAULT_QUESTION_PROFILE, data=(path.absolute(), *files), base_iri=base_iri)
    return kb.with_evidence(evidence)


def questions() -> tuple[Question, ...]:
    """The catalogue of competency questions, sorted by id."""
    return load_catalogue()


def question(question_id: str) -> Question:
    """One question by id (``"CQ-06"``, ``"cq-6"`` and ``"6"`` all work)."""
    if not isinstance(question_id, str):
        raise QueryInputError(f"a question id is text such as 'CQ-06', not {type(question_id).__name__}")
    return get_question(question_id)


def _graph(
    graph: KnowledgeBase | None,
    profile: Profile | Path | str,
    data: Iterable[Path | str] | Path | str,
    evidence: Evidence = "any",
) -> KnowledgeBase:
    if graph is None:
        return load_graph(profile, data=data, evidence=evidence)
    if not isinstance(graph, KnowledgeBase):
        raise QueryInputError(f"graph is a KnowledgeBase (from load_graph), not {type(graph).__name__}")
    if evidence not in EVIDENCE:
        raise QueryInputError(f"evidence is one of {', '.join(EVIDENCE)}, not {evidence!r}")
    graph = graph.with_data(_files(data)) if _files(data) else graph
    return graph.with_evidence(evidence) if evidence != "any" else graph


def ask(
    question_id: str | Question,
    params: Mapping[str, str | Term] | None = None,
    *,
    profile: Profile | Path | str = DEFAULT_QUESTION_PROFILE,
    engine: Engine = DEFAULT_ENGINE,
    graph: KnowledgeBase | None = None,
    data: Iterable[Path | str] | Path | str = (),
    limit: int | None = None,
    limits: Limits | None = CLI_LIMITS,
    evidence: Evidence = "any",
) -> QueryResult:
    """Answer one competency question.

    *params* maps parameter names (with or without ``?``) to values written as
    on the command line (``"aikgd:EU"``, ``"<https://...>"``, ``"2020-01-01"``,
    ``'"text"@en'``) or to pyoxigraph terms; missing ones take their defaults.
    The question, the names and the values are all checked before the graph
    is loaded. *limit* is the top-level LIMIT (the question's ``ORDER BY`` holds);
    unlike ``aikg ask``, the API does not apply a question's top-k by itself.
    *data* adds your own files to the profile. ``evidence="official"`` answers from
    the dated facts an official source supports.
    """
    chosen = question_id if isinstance(question_id, Question) else question(question_id)
    if params is not None and not isinstance(params, Mapping):
        raise QueryInputError(f"params is a mapping of name to value, not {type(params).__name__}")
    text = with_params(chosen, bind_params(chosen, params))
    screen_query(text)
    return execute(text, _graph(graph, profile, data, evidence), engine, limit=limit, limits=limits)


def run_query(
    text: str,
    *,
    profile: Profile | Path | str = DEFAULT_QUESTION_PROFILE,
    engine: Engine = DEFAULT_ENGINE,
    graph: KnowledgeBase | None = None,
    data: Iterable[Path | str] | Path | str = (),
    limit: int | None = None,
    limits: Limits | None = CLI_LIMITS,
    evidence: Evidence = "any",
) -> QueryResult:
    """Run one read-only SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE).

    aikg's prefixes (``aikg:``, ``aikgd:``, ``skos:`` ...) are predeclared.
    SERVICE, FROM / FROM NAMED, LOAD and updates are refused before the graph
    is loaded (:class:`aikg.query.RefusedQueryError`).
    """
    screen_query(text)
    return execute(text, _graph(graph, profile, data, evidence), engine, limit=limit, limits=limits)


_ = NO_LIMITS  # re-exported: ``limits=NO_LIMITS`` runs in this process, unbounded
