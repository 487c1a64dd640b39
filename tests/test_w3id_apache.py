"""The w3id redirect rules (w3id/.htaccess) served by Debian's Apache on loopback, with a
configuration of the test's own in a temporary folder: content negotiation sends a browser
to the HTML documentation at the term's anchor and an RDF client to the product in the
format it asked for; every download URL of the VoID description resolves."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import _missing
from products import rendered

from aikg import __version__

REPO = Path(__file__).resolve().parents[1]
APACHE = Path(os.environ.get("AIKG_APACHE", "/usr/sbin/apache2"))
MODULES = Path("/usr/lib/apache2/modules")
HOST = "https://aikg-project.github.io/aikg/"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    if not APACHE.is_file():
        _missing(f"apache2 not found at {APACHE} (apt-get install apache2; .ci/install-apache2.sh)")
    folder = Path(tempfile.mkdtemp(prefix="aikg-apache-"))
    folder.chmod(0o755)  # the server's children (www-data when started as root) read the rules
    (folder / "www" / "aikg").mkdir(parents=True)
    shutil.copy(REPO / "w3id" / ".htaccess", folder / "www" / "aikg" / ".htaccess")
    for path in (folder / "www", folder / "www" / "aikg", folder / "www" / "aikg" / ".htaccess"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    port = _free_port()
    user = "User www-data\nGroup www-data\n" if os.geteuid() == 0 else ""
    modules = "".join(
        f"LoadModule {name}_module {MODULES}/mod_{name}.so\n"
        for name in ("mpm_event", "authz_core", "rewrite", "headers")
    )
    (folder / "httpd.conf").write_text(
        f'ServerRoot "{folder}"\n{modules}{user}Listen 127.0.0.1:{port}\nServerName 127.0.0.1\n'
        f'PidFile "{folder}/httpd.pid"\nErrorLog "{folder}/error.log"\nLogLevel warn\nMutex file:{folder}\n'
        f'DocumentRoot "{folder}/www"\n<Directory "{folder}/www">\n'
        "    AllowOverride All\n    Require all granted\n"
        "</Directory>\n",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [str(APACHE), "-f", str(folder / "httpd.conf"), "-DFOREGROUND"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(f"apache2 stopped: {process.stdout.read().decode(errors='replace')}")  # type: ignore[union-attr]
                time.sleep(0.1)
        yield f"127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)
        log = (folder / "error.log").read_text(errors="replace") if (folder / "error.log").exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        assert "RewriteRule" not in log and "Invalid command" not in log, log


def _get(server: str, path: str, accept: str | None = None) -> tuple[int, str, str]:
    connection = http.client.HTTPConnection(server, timeout=10)
    headers = {"Accept": accept} if accept else {}
    connection.request("GET", f"/aikg/{path}", headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, response.getheader("Location") or "", response.getheader("Vary") or ""


CASES = [
    ("ont/Statute", BROWSER, 303, "doc/index.html#Statute"),
    ("ont/Statute", "text/turtle", 303, "dist/aikg-tbox.ttl"),
    ("ont/hasJurisdiction", "application/rdf+xml", 303, "dist/aikg-tbox.rdf"),
    ("vocab/Autonomy", BROWSER, 303, "doc/vocab.html#Autonomy"),
    ("vocab/Autonomy", "application/ld+json", 303, "dist/aikg-tbox.jsonld"),
    ("ontology", None, 303, "doc/index.html"),
    ("ontology", "text/turtle;q=1.0, application/rdf+xml;q=0.5", 303, "dist/aikg-tbox.ttl"),
    ("ontology/actors", "application/n-triples", 303, "dist/aikg-tbox.nt"),
    ("ontology.ttl", BROWSER, 302, "dist/aikg-tbox.ttl"),
    ("kb/study", "application/trig", 303, "dist/aikg-study.trig"),
    ("kb/full", "application/n-quads", 303, "dist/aikg-full.nq"),
    ("kb/full.jsonld", None, 302, "dist/aikg-full.jsonld"),
    ("data/eu-ai-act", "text/turtle", 303, "dist/aikg-full.ttl"),
    ("data/eu-ai-act", BROWSER, 303, "report/report.html"),
    ("derived/answer-1", "application/n-triples", 303, "dist/aikg-full.nt"),
    ("shapes/S01", BROWSER, 303, "doc/shapes.html#S01"),
    ("shapes/S01", "text/turtle", 303, "dist/aikg-shapes.ttl"),
    ("context.jsonld", "application/ld+json", 302, "dist/aikg-context.jsonld"),
    (f"{__version__}/ontology", "text/turtle", 303, f"releases/{__version__}/aikg-tbox.ttl"),
    (f"{__version__}/kb/full", "application/rdf+xml", 303, f"releases/{__version__}/aikg-full.rdf"),
    (f"{__version__}/kb/full", BROWSER, 303, "doc/index.html"),
    ("dataset", "text/turtle", 303, "dist/aikg-void.ttl"),
    ("", BROWSER, 303, ""),
]


@pytest.mark.parametrize(
    ("path", "accept", "status", "target"), CASES, ids=[f"{c[0] or 'root'}|{c[1]}" for c in CASES]
)
def test_content_negotiation(server: str, path: str, accept: str | None, status: int, target: str) -> None:
    got_status, location, vary = _get(server, path, accept)
    assert (got_status, location) == (status, HOST + target)
    assert "Accept" in vary


def test_every_download_url_of_the_void_description_resolves(server: str) -> None:
    void = rendered()["aikg-void.ttl"].decode("utf-8")
    urls = sorted(set(re.findall(r"<https://w3id\.org/aikg/([0-9.]+/[^>]+)>", void)))
    assert len(urls) >= 18
    for path in urls:
        status, location, _vary = _get(server, path)
        version, name = path.split("/", 1)
        assert (status, location) == (302, f"{HOST}releases/{version}/{name}"), path
        assert name in rendered(), name


def test_every_class_iri_redirects_to_an_anchor_that_exists(server: str) -> None:
    page = rendered()["doc/index.html"].decode("utf-8")
    for local in ("Statute", "AnswerInterval", "issuedBy", "asOfDate"):
        status, location, _vary = _get(server, f"ont/{local}", BROWSER)
        anchor = location.split("#", 1)[1]
        assert status == 303 and f'id="{anchor}"' in page
