"""``aikg serve``: the SPARQL 1.1 Protocol against a real server started on a free port.

The server is a real ``python -m aikg serve`` process on 127.0.0.1; requests are
plain HTTP (urllib). Read-only (403 for updates and writes, the triple count
unchanged), screened (400 for SERVICE and dataset clauses, with a listener that
must see no connection), bounded (time limit with the server still answering,
row cap, body cap), and every error body is JSON.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from netguard import Listener, canary_fixture, listener_fixture  # noqa: F401
from test_screen import bypasses

from aikg.cq import load_catalogue
from aikg.serve import DEFAULT_HOST

REPO = Path(__file__).resolve().parent.parent
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@dataclass
class Server:
    url: str
    process: subprocess.Popen[str]


def start_server(*options: str) -> Server:
    """``python -m aikg serve --port 0 ...``; returns once it listens (its first stderr line says where)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "aikg", "serve", "--port", "0", *options],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    assert process.stderr is not None
    line = process.stderr.readline()
    found = re.search(r"http://(127\.0\.0\.1):(\d+)/", line)
    if found is None:
        process.kill()
        pytest.fail(f"aikg serve did not start: {line}{process.stderr.read()}")
    threading.Thread(target=process.stderr.read, daemon=True).start()  # keep the pipe drained
    return Server(url=f"http://{found.group(1)}:{found.group(2)}", process=process)


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    running = start_server("--profile", "study", "--timeout", "3", "--max-rows", "2000", "--max-body", "16")
    yield running
    stop_server(running)


def request(
    server: Server,
    path: str = "/sparql",
    *,
    method: str = "GET",
    params: dict[str, str] | None = None,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> tuple[int, str, bytes]:
    url = server.url + path + ("?" + urllib.parse.urlencode(params) if params else "")
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, response.headers.get("content-type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("content-type", ""), error.read()


def query(
    server: Server, text: str, accept: str = "application/sparql-results+json", **kw: object
) -> tuple[int, str, bytes]:
    return request(server, params={"query": text}, headers={"Accept": accept}, **kw)  # type: ignore[arg-type]


def triple_count(server: Server) -> int:
    status, _, body = query(server, COUNT)
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def assert_json_error(status: int, media: str, body: bytes, expected: int, kind: str | None = None) -> str:
    assert status == expected, body
    assert media.startswith("application/json")
    error = json.loads(body)["error"]
    assert error["status"] == expected and error["message"]
    if kind is not None:
        assert error["type"] == kind
    return str(error["message"])


# --------------------------------------------------------------------------- the protocol


def test_get_select_as_sparql_json(server: Server) -> None:
    status, media, body = query(server, "SELECT ?d WHERE { ?d a aikg:AIDefinition } ORDER BY ?d")
    assert status == 200 and media == "application/sparql-results+json"
    document = json.loads(body)
    assert document["head"]["vars"] == ["d"] and len(document["results"]["bindings"]) > 3


def test_post_form_and_post_query_give_the_same_answer(server: Server) -> None:
    text = "SELECT ?d WHERE { ?d a aikg:AIDefinition } ORDER BY ?d"
    _, _, by_get = query(server, text)
    form = urllib.parse.urlencode({"query": text}).encode()
    status, _, by_form = request(
        server, method="POST", body=form, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 200 and json.loads(by_form) == json.loads(by_get)
    status, _, by_body = request(
        server, method="POST", body=text.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert status == 200 and json.loads(by_body) == json.loads(by_get)


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv; charset=utf-8"),
        ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
        ("text/html;q=0.9, application/sparql-results+json", "application/sparql-results+json"),
    ],
)
def test_result_formats_by_accept(server: Server, accept: str, media: str) -> None:
    status, got, body = query(server, "SELECT ?d WHERE { ?d a aikg:AIDefinition } ORDER BY ?d", accept)
    assert (status, got) == (200, media)
    if media.startswith("text/csv"):  # lossy by design: pyoxigraph does not read it back
        lines = body.decode().split("\r\n")
        assert lines[0] == "d" and len([line for line in lines[1:] if line]) > 3
        return
    formats = {
        "application/sparql-results+xml": ox.QueryResultsFormat.XML,
        "text/tab-separated-values; charset=utf-8": ox.QueryResultsFormat.TSV,
        "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    }
    parsed = list(ox.parse_query_results(body, format=formats[media]))  # type: ignore[arg-type]
    assert len(parsed) > 3


def test_ask_in_json_and_xml(server: Server) -> None:
    status, _, body = query(server, "ASK { aikgd:RU ?p ?o }")
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}
    status, _, body = query(server, "ASK { aikgd:nothing ?p ?o }", "application/sparql-results+xml")
    assert (
        status == 200
        and ET.fromstring(body).find("{http://www.w3.org/2005/sparql-results#}boolean").text == "false"
    )  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
    ],
)
def test_graphs_as_turtle_n_triples_and_json_ld(server: Server, accept: str, fmt: ox.RdfFormat) -> None:
    status, media, body = query(server, "CONSTRUCT { aikgd:RU ?p ?o } WHERE { aikgd:RU ?p ?o }", accept)
    assert status == 200 and media.startswith(accept)
    triples = list(ox.parse(body, fmt))
    assert len(triples) > 2 and all(t.subject.value == "https://w3id.org/aikg/data/RU" for t in triples)


def test_unacceptable_media_type_is_406(server: Server) -> None:
    assert_json_error(*query(server, "ASK { ?s ?p ?o }", "image/png"), 406, "not-acceptable")


# --------------------------------------------------------------------------- read-only


def test_updates_and_writes_get_403_and_change_nothing(server: Server) -> None:
    before = triple_count(server)
    insert = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    form = urllib.parse.urlencode({"update": insert}).encode()
    attempts = [
        request(
            server, method="POST", body=form, headers={"Content-Type": "application/x-www-form-urlencoded"}
        ),
        request(
            server, method="POST", body=insert.encode(), headers={"Content-Type": "application/sparql-update"}
        ),
        query(server, insert),
        query(server, "DROP ALL"),
        query(server, "LOAD <http://127.0.0.1:1/data.ttl>"),
        request(server, method="PUT", body=b"<a> <b> <c> .", headers={"Content-Type": "text/turtle"}),
        request(
            server,
            "/store?default",
            method="PUT",
            body=b"<a> <b> <c> .",
            headers={"Content-Type": "text/turtle"},
        ),
        request(
            server,
            "/store?default",
            method="POST",
            body=b"<a> <b> <c> .",
            headers={"Content-Type": "text/turtle"},
        ),
        request(server, "/store?graph=urn:x", method="DELETE"),
        request(server, method="DELETE"),
        request(server, method="PATCH", body=b"x"),
        request(server, method="POST", body=b"<a> <b> <c> .", headers={"Content-Type": "text/turtle"}),
    ]
    for status, media, body in attempts:
        assert_json_error(status, media, body, 403, "read-only")
    assert triple_count(server) == before


# --------------------------------------------------------------------------- screened


def test_service_and_dataset_clauses_get_400_and_call_nobody(server: Server, listener: Listener) -> None:
    texts = [
        f"SELECT * WHERE {{ SERVICE <{listener.url}sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{listener.url}sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{listener.url}g.ttl> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{listener.url}g.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        *bypasses(listener.port).values(),
    ]
    for text in texts:
        message = assert_json_error(*query(server, text), 400)
        assert "refused" in message or "syntax" in message.lower()
    status, media, body = request(
        server, params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "default-graph-uri": listener.url}
    )
    assert_json_error(status, media, body, 400, "refused")
    time.sleep(0.1)
    assert listener.hits == []


def test_a_syntax_error_is_400_with_a_json_body(server: Server) -> None:
    assert "syntax" in assert_json_error(*query(server, "SELECT ?x WHERE { ?x }"), 400, "syntax").lower()
    assert_json_error(*request(server), 400, "bad-request")  # no query at all


# --------------------------------------------------------------------------- bounded


def test_a_slow_query_stops_at_the_time_limit_and_the_server_keeps_answering(server: Server) -> None:
    outcome: list[tuple[int, str, bytes]] = []
    slow = threading.Thread(target=lambda: outcome.append(query(server, SLOW)))
    started = time.monotonic()
    slow.start()
    time.sleep(0.5)
    quick_started = time.monotonic()
    status, _, body = query(server, "ASK { aikgd:RU ?p ?o }")
    quick = time.monotonic() - quick_started
    assert status == 200 and json.loads(body)["boolean"] is True
    slow.join(timeout=30)
    elapsed = time.monotonic() - started
    message = assert_json_error(*outcome[0], 503, "limit-time")
    assert "3 s" in message
    assert elapsed < 15 and quick < elapsed
    assert triple_count(server) > 0  # and afterwards, as before


def test_the_row_cap(server: Server) -> None:
    message = assert_json_error(*query(server, "SELECT * WHERE { ?s ?p ?o }"), 503, "limit-rows")
    assert "2,000 rows" in message


def test_the_body_cap(server: Server) -> None:
    big = ("SELECT * WHERE { ?s ?p ?o } # " + "x" * 20_000).encode()
    status, media, body = request(
        server, method="POST", body=big, headers={"Content-Type": "application/sparql-query"}
    )
    assert_json_error(status, media, body, 413, "too-large")


def test_a_foreign_host_header_is_refused(server: Server) -> None:
    status, _, _ = request(server, "/", headers={"Host": "attacker.example"})
    assert status == 400


def test_bound_to_loopback_by_default(server: Server) -> None:
    assert DEFAULT_HOST == "127.0.0.1"
    assert server.url.startswith("http://127.0.0.1:")


# --------------------------------------------------------------------------- the query page


def test_the_query_page_and_its_examples_are_served_with_no_network_assets(server: Server) -> None:
    status, media, page = request(server, "/")
    assert status == 200 and media.startswith("text/html")
    assert not re.search(rb"""(?:src|href)=["']?(?:https?:)?//""", page)
    for asset in re.findall(rb'(?:src|href)="(/static/[^"]+)"', page):
        status, _, body = request(server, asset.decode())
        assert status == 200 and b"http://" not in body.replace(b"https://w3id.org/aikg/", b"")
    status, media, body = request(server, "/questions")
    listing = json.loads(body)
    assert status == 200 and [q["id"] for q in listing] == [q.id for q in load_catalogue()]
    assert all(q["sparql"] and q["question"] for q in listing)
