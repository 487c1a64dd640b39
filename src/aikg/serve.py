"""``aikg serve``: a read-only SPARQL 1.1 Protocol endpoint over the embedded store.

A Starlette application, served by uvicorn, in front of a :class:`~aikg.worker.Zygote`
that holds the knowledge base and forks one sandboxed child per query:

* ``GET /sparql?query=...`` and ``POST /sparql`` (``application/x-www-form-urlencoded``
  with ``query=``, or ``application/sparql-query``). Results by the ``Accept``
  header: SPARQL JSON (default), XML, CSV, TSV; graphs as Turtle (default),
  N-Triples or JSON-LD.
* **Read-only**: an update (``update=``, ``application/sparql-update``, or an update
  in ``query=``) and any write (``PUT``, ``DELETE``, ``PATCH``, a ``POST`` of RDF,
  the Graph Store Protocol's ``/store``) get ``403``.
* **Screened**: ``SERVICE``, ``FROM`` / ``FROM NAMED`` and the protocol's
  ``default-graph-uri`` / ``named-graph-uri`` get ``400``, and the query children
  cannot open an internet socket at all.
* **Bounded**: a per-query time limit (the child is killed, the server stays
  responsive), a row cap, a memory budget, a request-body cap and a response cap;
  a limit reached is ``503``. Every error body is JSON:
  ``{"error": {"status": 400, "type": "refused", "message": "..."}}``.
* ``GET /`` is a small query page (no network assets) offering the competency
  questions as examples; ``GET /questions`` lists them as JSON.

Bound to 127.0.0.1 by default; the ``Host`` header must name a loopback host then.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Final
from urllib.parse import parse_qs

from .cq import load_catalogue
from .engines import QueryEngineError, QueryLimitError
from .query import bind_params, with_params
from .results import QueryResult
from .sparql import QueryInputError, QuerySyntaxError, RefusedQueryError, RefusedUpdateError
from .worker import SERVE_LIMITS, Limits, Zygote

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "ServeOptions", "create_app", "serve", "bind_socket"]

DEFAULT_HOST: Final = "127.0.0.1"
DEFAULT_PORT: Final = 7878
#: Largest request body (a query or a form), in bytes.
MAX_BODY_BYTES: Final = 64 * 1024
#: Largest response body, in bytes (the row cap usually stops a query first).
MAX_RESPONSE_BYTES: Final = 32 * 1024 * 1024
_LOOPBACK: Final = ("127.0.0.1", "localhost", "::1", "[::1]")

_RESULT_TYPES: Final = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
_RESULT_MEDIA: Final = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}
_GRAPH_TYPES: Final = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
}
_GRAPH_MEDIA: Final = {
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
}
_HEADERS: Final = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


@dataclass(frozen=True)
class ServeOptions:
    """What ``aikg serve`` serves, and its bounds."""

    profile: str = "full"
    data: tuple[Path, ...] = ()
    base_iri: str | None = None
    limits: Limits = SERVE_LIMITS
    workers: int = 4
    max_body: int = MAX_BODY_BYTES


class _HttpError(Exception):
    def __init__(self, status: int, kind: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.kind = kind


def _error_for(exc: Exception) -> _HttpError:
    if isinstance(exc, _HttpError):
        return exc
    if isinstance(exc, RefusedUpdateError):
        return _HttpError(403, "read-only", str(exc))
    if isinstance(exc, RefusedQueryError):
        return _HttpError(400, "refused", str(exc))
    if isinstance(exc, QuerySyntaxError):
        return _HttpError(400, "syntax", str(exc))
    if isinstance(exc, QueryInputError):
        return _HttpError(400, "bad-request", str(exc))
    if isinstance(exc, QueryLimitError):
        return _HttpError(503, f"limit-{exc.limit}", str(exc))
    if isinstance(exc, QueryEngineError):
        return _HttpError(500, "engine", str(exc))
    return _HttpError(500, "internal", f"{type(exc).__name__}: {exc}")


def _accepted(header: str, table: dict[str, str]) -> str | None:
    """The first media type of *header* (by q, then order) that *table* knows; None if none fits."""
    choices: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        quality = 1.0
        for field in fields[1:]:
            if field.startswith("q="):
                try:
                    quality = float(field[2:])
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            choices.append((-quality, index, media))
    if not choices:
        return next(iter(table.values()))
    for _, _, media in sorted(choices):
        if media in table:
            return table[media]
        if media in ("*/*", "application/*", "text/*"):
            return next(iter(table.values()))
    return None


def _render(result: QueryResult, accept: str) -> tuple[bytes, str]:
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        syntax = _accepted(accept, _GRAPH_TYPES)
        if syntax is None:
            raise _HttpError(406, "not-acceptable", f"a graph is served as {', '.join(_GRAPH_TYPES)}")
        return result.to_rdf(syntax), _GRAPH_MEDIA[syntax]  # type: ignore[arg-type]
    fmt = _accepted(accept, _RESULT_TYPES)
    if fmt is None:
        raise _HttpError(406, "not-acceptable", f"results are served as {', '.join(_RESULT_TYPES)}")
    return result.to_format(fmt).encode("utf-8"), _RESULT_MEDIA[fmt]  # type: ignore[arg-type]


def _static(name: str) -> bytes:
    return resources.files("aikg").joinpath("static", name).read_bytes()


def _questions() -> list[dict[str, Any]]:
    listing = []
    for question in load_catalogue():
        try:
            sparql = with_params(question, bind_params(question))
        except QueryInputError:
            sparql = question.sparql
        listing.append(
            {"id": question.id, "title": question.title, "question": question.question, "sparql": sparql}
        )
    return listing


def create_app(
    zygote: Zygote, options: ServeOptions = ServeOptions(), *, allowed_hosts: Sequence[str] = ()
) -> Any:
    """The Starlette application (uvicorn serves it; tests may too)."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    questions = json.dumps(_questions(), ensure_ascii=False).encode("utf-8")

    def error_response(error: _HttpError) -> Response:
        body = {"error": {"status": error.status, "type": error.kind, "message": str(error)}}
        return JSONResponse(body, status_code=error.status, headers=_HEADERS)

    async def read_body(request: Request) -> bytes:
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > options.max_body):
            raise _HttpError(413, "too-large", f"a request body may not exceed {options.max_body:,} bytes")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > options.max_body:
                raise _HttpError(
                    413, "too-large", f"a request body may not exceed {options.max_body:,} bytes"
                )
        return bytes(body)

    def form_fields(data: bytes) -> dict[str, list[str]]:
        try:
            return parse_qs(
                data.decode("utf-8"), keep_blank_values=True, strict_parsing=False, max_num_fields=32
            )
        except (UnicodeDecodeError, ValueError) as exc:
            raise _HttpError(400, "bad-request", f"unreadable form: {exc}") from None

    async def query_text(request: Request) -> str:
        if request.method == "GET":
            fields = {key: request.query_params.getlist(key) for key in request.query_params}
        else:
            media = request.headers.get("content-type", "").split(";")[0].strip().lower()
            body = await read_body(request)
            if media == "application/sparql-update":
                raise _HttpError(403, "read-only", "SPARQL Update is refused: this endpoint is read-only")
            if media == "application/sparql-query":
                try:
                    return body.decode("utf-8")
                except UnicodeDecodeError:
                    raise _HttpError(400, "bad-request", "the query is not UTF-8") from None
            if media != "application/x-www-form-urlencoded":
                raise _HttpError(
                    415 if media not in _GRAPH_TYPES else 403,
                    "unsupported-media-type" if media not in _GRAPH_TYPES else "read-only",
                    "POST a query as application/sparql-query or application/x-www-form-urlencoded"
                    if media not in _GRAPH_TYPES
                    else "this endpoint is read-only: graphs cannot be written",
                )
            fields = form_fields(body)
            for key, values in {
                key: request.query_params.getlist(key) for key in request.query_params
            }.items():
                fields.setdefault(key, values)
        if "update" in fields:
            raise _HttpError(403, "read-only", "SPARQL Update is refused: this endpoint is read-only")
        if fields.get("default-graph-uri") or fields.get("named-graph-uri"):
            raise _HttpError(
                400, "refused", "default-graph-uri / named-graph-uri are refused: one dataset is served"
            )
        values = fields.get("query", [])
        if len(values) != 1:
            raise _HttpError(400, "bad-request", "give exactly one query= parameter")
        if len(values[0].encode("utf-8")) > options.max_body:
            raise _HttpError(413, "too-large", f"a query may not exceed {options.max_body:,} bytes")
        return values[0]

    async def sparql(request: Request) -> Response:
        try:
            if request.method not in ("GET", "POST"):
                raise _HttpError(403, "read-only", f"{request.method} is refused: this endpoint is read-only")
            text = await query_text(request)
            result = await run_in_threadpool(zygote.run, text)
            body, media = _render(result, request.headers.get("accept", "*/*"))
            if len(body) > MAX_RESPONSE_BYTES:
                raise _HttpError(
                    503, "limit-response", f"the answer is larger than {MAX_RESPONSE_BYTES:,} bytes"
                )
            return Response(body, media_type=media, headers=_HEADERS)
        except Exception as exc:  # every failure is a JSON error body
            return error_response(_error_for(exc))

    async def store(request: Request) -> Response:
        if request.method in ("GET", "HEAD"):
            return error_response(
                _HttpError(404, "not-found", "read graphs with CONSTRUCT queries at /sparql")
            )
        return error_response(
            _HttpError(403, "read-only", "this endpoint is read-only: graphs cannot be written")
        )

    async def page(request: Request) -> Response:
        name = request.path_params.get("name", "index.html")
        media = {".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css"}
        suffix = Path(name).suffix
        if name not in ("index.html", "app.js", "style.css") or suffix not in media:
            return error_response(_HttpError(404, "not-found", "no such page"))
        return Response(_static(name), media_type=media[suffix], headers=_HEADERS)

    async def question_list(request: Request) -> Response:
        return Response(questions, media_type="application/json", headers=_HEADERS)

    all_methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"]
    routes = [
        Route("/", page, methods=["GET", "HEAD"]),
        Route("/static/{name}", page, methods=["GET", "HEAD"]),
        Route("/questions", question_list, methods=["GET", "HEAD"]),
        Route("/sparql", sparql, methods=all_methods),
        Route("/store", store, methods=all_methods),
        Route("/data", store, methods=all_methods),
    ]
    middleware = (
        [Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))] if allowed_hosts else []
    )

    async def not_found(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 404)
        kind = "method-not-allowed" if status == 405 else "not-found"
        if status == 405 and request.method in ("PUT", "DELETE", "PATCH", "POST"):
            status, kind = 403, "read-only"
        return error_response(_HttpError(status, kind, f"{request.method} {request.url.path}: {kind}"))

    return Starlette(
        routes=routes, middleware=middleware, exception_handlers={404: not_found, 405: not_found}
    )


def bind_socket(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> socket.socket:
    """A listening socket on *host*:*port* (port 0: any free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def serve(
    options: ServeOptions, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, *, announce: Any = None
) -> None:
    """Start the zygote, bind, and serve until interrupted."""
    import uvicorn

    sock = bind_socket(host, port)
    with Zygote(
        options.profile,
        options.data,
        base_iri=options.base_iri,
        limits=options.limits,
        workers=options.workers,
    ) as zygote:
        loopback = host in _LOOPBACK
        hosts = [*_LOOPBACK, f"{host}:*"] if loopback else []
        app = create_app(zygote, options, allowed_hosts=[h for h in hosts if not h.endswith(":*")])
        bound_host, bound_port = sock.getsockname()[:2]
        if announce is not None:
            announce(bound_host, bound_port)
        config = uvicorn.Config(app, log_level="warning", access_log=False, timeout_graceful_shutdown=2)
        uvicorn.Server(config).run(sockets=[sock])
