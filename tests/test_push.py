"""``aikg push`` into a real Oxigraph server (the ``oxigraph`` package's, started here on 127.0.0.1).

The server is skipped when it cannot start, and that is a failure under CI=true.
Credentials are checked against a small Basic-auth Graph Store on 127.0.0.1 (Oxigraph
has no authentication of its own)."""

from __future__ import annotations

import base64
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import _missing

from aikg.cli import main
from aikg.derive import DERIVED_GRAPH
from aikg.load import KnowledgeBase
from aikg.push import graph_triples, profile_graphs, push_kb
from aikg.remote import ENV_PASSWORD, ENV_TOKEN, ENV_USER, GENID, RemoteError, RemoteInputError, run_remote


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _oxigraph() -> str | None:
    beside = Path(sys.executable).with_name("oxigraph")  # the package's script, in the same environment
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def start_oxigraph(*extra: str) -> Iterator[str]:
    """An in-memory ``oxigraph serve`` on a free loopback port; yields its base URL."""
    exe = _oxigraph()
    if exe is None:
        _missing("the Oxigraph server is not installed (pip install oxigraph)")
    port = _free_port()
    process = subprocess.Popen(
        [str(exe), "serve", "--bind", f"127.0.0.1:{port}", *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2).read()  # noqa: S310
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    error = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
                    _missing(f"the Oxigraph server did not start on {base}: {error.strip()[:300]}")
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def oxigraph() -> Iterator[str]:
    yield from start_oxigraph()


@pytest.fixture(autouse=True)
def no_store_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (ENV_TOKEN, ENV_USER, ENV_PASSWORD):
        monkeypatch.delenv(name, raising=False)


def _counts(query_url: str) -> dict[str, int]:
    result = run_remote("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", query_url)
    return {row[0].value: int(row[1].value) for row in result.rows}  # type: ignore[union-attr]


def test_push_writes_one_graph_per_module_and_the_derived_graph(
    oxigraph: str, kb_full: KnowledgeBase
) -> None:
    pushed = push_kb(kb_full, f"{oxigraph}/store", query=f"{oxigraph}/query")  # checked by count too
    assert [g.iri for g in pushed] == list(profile_graphs(kb_full))
    assert pushed[-1].iri == DERIVED_GRAPH and pushed[-1].triples == len(set(kb_full.derived))
    counts = _counts(f"{oxigraph}/query")
    assert counts == {g.iri: g.triples for g in pushed if g.triples}
    for module in kb_full.modules:
        assert counts.get(module.iri, 0) == len(set(module.triples)), module.iri
    # A second push replaces every graph: the store holds the same, not twice as much.
    push_kb(kb_full, f"{oxigraph}/store", chunk=5000)
    assert _counts(f"{oxigraph}/query") == counts


def test_blank_nodes_travel_as_the_same_skolem_iri_in_every_graph(
    oxigraph: str, kb_full: KnowledgeBase
) -> None:
    graphs = graph_triples(kb_full)
    derived_genids = {t.subject.value for t in graphs[DERIVED_GRAPH] if t.subject.value.startswith(GENID)}
    assert derived_genids, "the derived graph gives days to blank coverage declarations"
    module_genids = {
        t.subject.value
        for iri, ts in graphs.items()
        if iri != DERIVED_GRAPH
        for t in ts
        if t.subject.value.startswith(GENID)
    }
    assert derived_genids <= module_genids
    assert graph_triples(kb_full) == graphs  # canonical labels: the same IRIs on every push
    push_kb(kb_full, f"{oxigraph}/store")
    joined = run_remote(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?m { ?d aikg:coverageLevel ?l } "
        "GRAPH ?x { ?d aikg:latestDay ?day } }",
        f"{oxigraph}/query",
    )
    assert int(joined.rows[0][0].value) >= len(derived_genids) > 0  # type: ignore[union-attr]


def test_cli_push_reports_the_graphs_and_checks_them(
    oxigraph: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["push", "--store", f"{oxigraph}/store", "--query", f"{oxigraph}/query", "--profile", "study"]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "<https://w3id.org/aikg/derived>" in out
    assert f"named graphs to {oxigraph}/store; checked through {oxigraph}/query" in out


def test_credentials_in_the_url_are_refused_before_anything_is_sent(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["push", "--store", "http://user:secret@127.0.0.1:9/store"]) == 2
    err = capsys.readouterr().err
    assert "credentials in the URL are refused" in err and "secret" not in err
    with pytest.raises(RemoteInputError):
        run_remote("CQ-13", "ftp://127.0.0.1/query")


def test_an_unreachable_store_is_a_clear_failure(
    kb_study: KnowledgeBase, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"http://127.0.0.1:{_free_port()}/store"
    with pytest.raises(RemoteError, match="cannot reach"):
        push_kb(kb_study, url)
    assert main(["push", "--store", url, "--profile", "study"]) == 1
    assert "cannot reach" in capsys.readouterr().err


class _AuthStore(BaseHTTPRequestHandler):
    """A Graph Store that wants ``Basic alice:s3cret`` and keeps what it is sent."""

    received: list[tuple[str, str, int]] = []

    def _handle(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        expected = "Basic " + base64.b64encode(b"alice:s3cret").decode()
        if self.headers.get("Authorization") != expected:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="store"')
            self.end_headers()
            return
        self.received.append((self.command, self.path, len(body)))
        self.send_response(204)
        self.end_headers()

    do_PUT = do_POST = _handle  # noqa: N815

    def log_message(self, *args: object) -> None:
        return None


def test_credentials_come_from_the_environment(
    kb_study: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _AuthStore)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/store"
    try:
        with pytest.raises(RemoteError, match=ENV_USER):  # no credentials, no terminal: a clear error
            push_kb(kb_study, url)
        monkeypatch.setenv(ENV_USER, "alice")
        monkeypatch.setenv(ENV_PASSWORD, "s3cret")
        _AuthStore.received.clear()
        pushed = push_kb(kb_study, url)
        assert [path for _method, path, _n in _AuthStore.received if _method == "PUT"] == [
            "/store?" + urllib.parse.urlencode({"graph": g.iri}) for g in pushed
        ]
    finally:
        server.shutdown()
