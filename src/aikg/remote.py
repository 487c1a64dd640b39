"""Answer aikg's questions against a remote SPARQL 1.1 endpoint (Oxigraph server, Fuseki, Virtuoso...).

:func:`run_remote` binds and checks a question's parameters exactly as ``aikg ask``
does, screens the text (read-only, no SERVICE), then sends it with the SPARQL 1.1
Protocol (a form-encoded POST) and reads SPARQL 1.1 Query Results JSON (N-Triples for
CONSTRUCT and DESCRIBE) into the same :class:`~aikg.query.QueryResult` the embedded
store gives.

aikg's questions read the union of its graphs. A store pushed with :mod:`aikg.push`
holds one named graph per module plus the derived graph; either the endpoint's
default graph is their union (Oxigraph ``serve --union-default-graph``, Virtuoso and
GraphDB by default, Fuseki with ``tdb2:unionDefaultGraph``), or pass *graphs* and each
is sent as a ``default-graph-uri`` (the protocol's own way to name the default graph).
Blank nodes travel as skolem IRIs (:data:`GENID`, see :mod:`aikg.push`) and come back
as blank nodes.

Credentials come from the environment (``AIKG_STORE_TOKEN`` for a bearer token, or
``AIKG_STORE_USER`` and ``AIKG_STORE_PASSWORD``) or, on a terminal, from a prompt;
never from the command line or the URL, where shell history and process lists show them.
Nothing is contacted but the URL the user gave.
"""

from __future__ import annotations

import base64
import getpass
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import pyoxigraph as ox

from .cq import Question, get_question
from .errors import EXIT_BAD_INPUT, EXIT_FINDINGS, AikgError
from .namespaces import PREFIXES
from .query import QueryResult, Term, bind_params, screen_query, with_params

__all__ = [
    "GENID",
    "DEFAULT_TIMEOUT",
    "ENV_TOKEN",
    "ENV_USER",
    "ENV_PASSWORD",
    "RemoteError",
    "RemoteInputError",
    "Credentials",
    "credentials",
    "check_url",
    "http_request",
    "run_remote",
    "deskolemize",
]

#: Skolem IRIs (RDF 1.1, section 3.5) that stand for blank nodes in a remote store.
GENID: Final = "https://w3id.org/aikg/.well-known/genid/"
DEFAULT_TIMEOUT: Final = 120.0
ENV_TOKEN: Final = "AIKG_STORE_TOKEN"
ENV_USER: Final = "AIKG_STORE_USER"
ENV_PASSWORD: Final = "AIKG_STORE_PASSWORD"
_RESULTS_JSON: Final = "application/sparql-results+json"
_ID: Final = re.compile(r"^\s*(?:cq-?)?\d+\s*$", re.IGNORECASE)
_DECLARED: Final = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*|):", re.IGNORECASE)


class RemoteError(AikgError):
    """The store could not be reached or refused the request: exit code 1."""

    exit_code = EXIT_FINDINGS


class RemoteInputError(AikgError):
    """A URL or an option that cannot be used (e.g. credentials in the URL): exit code 2."""

    exit_code = EXIT_BAD_INPUT


@dataclass(frozen=True)
class Credentials:
    """HTTP credentials: a bearer token, or a user name and password (Basic)."""

    user: str = ""
    password: str = ""
    token: str = ""

    def header(self) -> str:
        if self.token:
            return f"Bearer {self.token}"
        pair = f"{self.user}:{self.password}".encode()
        return "Basic " + base64.b64encode(pair).decode("ascii")

    def __repr__(self) -> str:  # never print a secret
        return f"Credentials(user={self.user!r}, password=***, token={'***' if self.token else ''!r})"


def credentials(*, prompt: bool = False, url: str = "") -> Credentials | None:
    """Credentials from the environment, or (with *prompt*, on a terminal) asked for; ``None`` if none."""
    token = os.environ.get(ENV_TOKEN, "")
    if token:
        return Credentials(token=token)
    user, password = os.environ.get(ENV_USER, ""), os.environ.get(ENV_PASSWORD)
    if user and password is not None:
        return Credentials(user=user, password=password)
    if not prompt or not sys.stdin.isatty():
        return None
    where = f" for {url}" if url else ""
    user = user or input(f"user{where}: ").strip()
    return Credentials(user=user, password=getpass.getpass(f"password for {user}{where}: "))


def check_url(url: str, what: str) -> str:
    """An http(s) URL without credentials in it; raise :class:`RemoteInputError` otherwise."""
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise RemoteInputError(f"{what}: {url!r} is not an http:// or https:// URL")
    if parsed.username is not None or parsed.password is not None:
        raise RemoteInputError(
            f"{what}: credentials in the URL are refused (shell history and process lists show them); "
            f"set {ENV_USER} and {ENV_PASSWORD}, or {ENV_TOKEN}, or answer the prompt"
        )
    return url


def http_request(
    method: str,
    url: str,
    *,
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    auth: Credentials | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    prompt: bool = False,
) -> bytes:
    """One HTTP request; the response body. On 401 without credentials, ask once (on a terminal)."""
    request = urllib.request.Request(url, data=body, method=method, headers=dict(headers or {}))
    if auth is not None:
        request.add_header("Authorization", auth.header())
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) checked
            return bytes(response.read())
    except urllib.error.HTTPError as exc:
        detail = exc.read(2000).decode("utf-8", "replace").strip()
        if exc.code == 401 and auth is None:
            asked = credentials(prompt=prompt, url=url)
            if asked is not None:
                return http_request(method, url, body=body, headers=headers, auth=asked, timeout=timeout)
            raise RemoteError(
                f"{url} needs credentials: set {ENV_USER} and {ENV_PASSWORD} (or {ENV_TOKEN})"
            ) from None
        raise RemoteError(
            f"{method} {url}: HTTP {exc.code} {exc.reason}" + (f": {detail[:500]}" if detail else "")
        ) from None
    except urllib.error.URLError as exc:
        raise RemoteError(f"cannot reach {url}: {exc.reason}") from None
    except TimeoutError:
        raise RemoteError(f"{url} did not answer within {timeout:g} s") from None


def deskolemize(term: Term | None) -> Term | None:
    """A skolem IRI of :data:`GENID` back to the blank node it stands for."""
    if isinstance(term, ox.NamedNode) and term.value.startswith(GENID):
        return ox.BlankNode(term.value[len(GENID) :])
    return term


def _with_prefixes(text: str) -> str:
    """*text* with aikg's prefixes declared (the embedded engines predeclare them; a remote one does not)."""
    declared = {m.group(1) for m in _DECLARED.finditer(text)}
    missing = "".join(f"PREFIX {p}: <{n}>\n" for p, n in PREFIXES.items() if p not in declared)
    return missing + text


def _text_of(question_or_text: Question | str, params: Mapping[str, str | Term] | None) -> str:
    if isinstance(question_or_text, Question) or _ID.match(question_or_text):
        question = (
            question_or_text if isinstance(question_or_text, Question) else get_question(question_or_text)
        )
        return with_params(question, bind_params(question, params))
    if params:
        raise RemoteInputError("parameters are for questions; a query text carries its own values")
    return question_or_text


def run_remote(
    question_or_text: Question | str,
    endpoint: str,
    params: Mapping[str, str | Term] | None = None,
    *,
    graphs: Sequence[str] | None = None,
    auth: Credentials | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    prompt: bool = False,
) -> QueryResult:
    """Answer a question (``"CQ-13"``, ``"13"`` or a :class:`~aikg.cq.Question`, with *params* as for
    ``aikg ask``) or run a read-only query text against the SPARQL endpoint *endpoint*.

    *graphs*: the named graphs whose union is the default graph (sent as
    ``default-graph-uri``); ``None`` uses the endpoint's own default graph.
    Parameters, the text and the URL are all checked before the endpoint is contacted.
    """
    text = _with_prefixes(_text_of(question_or_text, params))
    form = screen_query(text)
    check_url(endpoint, "endpoint")
    fields = [("query", text)] + [("default-graph-uri", graph) for graph in graphs or ()]
    accept = "application/n-triples" if form in ("CONSTRUCT", "DESCRIBE") else _RESULTS_JSON
    body = http_request(
        "POST",
        endpoint,
        body=urllib.parse.urlencode(fields).encode("utf-8"),
        timeout=timeout,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
        auth=auth if auth is not None else credentials(),
        prompt=prompt,
    )
    try:
        if form in ("CONSTRUCT", "DESCRIBE"):
            quads = ox.parse(body, ox.RdfFormat.N_TRIPLES)
            triples = tuple(
                ox.Triple(deskolemize(q.subject), q.predicate, deskolemize(q.object))  # type: ignore[arg-type]
                for q in quads
            )
            return QueryResult(form=form, triples=triples)
        answer = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError) as exc:
        raise RemoteError(f"{endpoint} answered with something that is not {accept}: {exc}") from None
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(form="ASK", boolean=bool(answer))
    variables = tuple(v.value for v in answer.variables)
    rows = tuple(tuple(deskolemize(solution[name]) for name in variables) for solution in answer)
    return QueryResult(form="SELECT", variables=variables, rows=rows)
