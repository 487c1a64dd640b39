"""Hostile input to ``aikg validate`` stays bounded: refused fast, in little memory, exit 2.

* XML with a DOCTYPE (an entity-expansion bomb, an external entity, an external
  DTD) is refused by the defusedxml screen before any RDF parser sees it;
* a JSON-LD remote context is not fetched;
* a file over the input cap (:data:`aikg.load.MAX_INPUT_BYTES`) is refused;
* all 94 negative-syntax cases of the W3C Turtle suite are rejected, read from
  ``$AIKG_SHARED/w3c-tests/rdf-turtle`` (default ``../shared``; none is copied
  into the repository). They skip visibly when it is absent, unless ``CI=true``.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from aikg.cli_validate import EXIT_BAD_INPUT, main
from aikg.load import MAX_INPUT_BYTES

REPO = Path(__file__).resolve().parent.parent
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

#: The classic "billion laughs", ten levels deep (10^9 "lol"s, about 3 GB expanded).
BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10)
    )
    + f']>\n<rdf:RDF xmlns:rdf="{RDF_NS}">\n'
    + '  <rdf:Description rdf:about="https://example.org/x"><rdf:value>&lol9;</rdf:value></rdf:Description>\n'
    + "</rdf:RDF>\n"
)
XXE = (
    '<?xml version="1.0"?>\n<!DOCTYPE r [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n'
    f'<rdf:RDF xmlns:rdf="{RDF_NS}">\n'
    '  <rdf:Description rdf:about="https://example.org/x"><rdf:value>&xxe;</rdf:value></rdf:Description>\n'
    "</rdf:RDF>\n"
)
EXTERNAL_DTD = (
    '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF SYSTEM "http://example.org/evil.dtd">\n'
    f'<rdf:RDF xmlns:rdf="{RDF_NS}"/>\n'
)
PARAMETER_ENTITY = (
    '<?xml version="1.0"?>\n'
    '<!DOCTYPE r [ <!ENTITY % remote SYSTEM "http://example.org/evil.dtd"> %remote; ]>\n'
    f'<rdf:RDF xmlns:rdf="{RDF_NS}"/>\n'
)


def _refused_fast(path: Path, capsys: pytest.CaptureFixture[str], memory_kib: int = 50 * 1024) -> str:
    """Run ``aikg validate PATH`` in this process: exit 2, well under a second, small memory."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    code = main([str(path)])
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out, err = capsys.readouterr()
    assert code == EXIT_BAD_INPUT, out + err
    assert elapsed < 0.5, f"{path.name} took {elapsed:.2f} s to refuse"
    assert after - before < memory_kib, f"{path.name} raised peak memory by {(after - before) // 1024} MiB"
    assert out == ""
    return err


@pytest.mark.parametrize(
    "name,text",
    [
        ("bomb.rdf", BOMB),
        ("xxe.rdf", XXE),
        ("external-dtd.owl", EXTERNAL_DTD),
        ("parameter-entity.rdf", PARAMETER_ENTITY),
    ],
)
def test_xml_with_a_doctype_is_refused_at_once(
    name: str, text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    err = _refused_fast(path, capsys)
    assert re.match(rf"^{re.escape(str(path))}:2:\d+: refused", err), err
    assert "DOCTYPE" in err or "DTD" in err


def test_bomb_in_a_child_process_stays_small(tmp_path: Path) -> None:
    """Measured from outside: the whole process, Python start-up included, stays small."""
    path = tmp_path / "bomb.rdf"
    path.write_text(BOMB, encoding="utf-8")
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "aikg.cli_validate", str(path)],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=REPO,
    )
    elapsed = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert completed.returncode == EXIT_BAD_INPUT, completed.stderr
    assert "refused" in completed.stderr
    assert elapsed < 10, f"refusing the bomb took {elapsed:.1f} s including start-up"
    assert peak_kib < 300 * 1024, f"peak memory {peak_kib // 1024} MiB"


def test_json_ld_remote_context_is_not_fetched(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "remote.jsonld"
    path.write_text(
        '{"@context": "https://example.org/context.jsonld", "@id": "https://example.org/x", "name": "x"}',
        encoding="utf-8",
    )
    err = _refused_fast(path, capsys)
    assert err.startswith(str(path)) and "remote context" in err


def test_file_over_the_size_cap_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "huge.ttl"
    with path.open("wb") as handle:  # sparse: costs no disk
        handle.truncate(MAX_INPUT_BYTES + 1)
    # aikg.load reads up to the cap before refusing, so memory stays within it.
    err = _refused_fast(path, capsys, memory_kib=MAX_INPUT_BYTES // 1024 + 16 * 1024)
    assert err.startswith(f"{path}: ") and "larger than" in err and "input cap" in err, err


def test_deeply_nested_turtle_is_handled(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "deep.ttl"
    depth = 20_000
    path.write_text(
        "<https://example.org/x> <https://example.org/p> "
        + "[ <https://example.org/p> " * depth
        + "1"
        + " ]" * depth
        + " .\n",
        encoding="utf-8",
    )
    started = time.perf_counter()
    code = main(["--no-shipped", str(path)])
    capsys.readouterr()
    assert code in (0, 1) and time.perf_counter() - started < 60


# --------------------------------------------------------------------------- W3C Turtle suite


MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
RDFT = "http://www.w3.org/ns/rdftest#"


def _negative_syntax_cases(suite: Path) -> list[Path]:
    manifest = suite / "manifest.ttl"
    store = ox.Store()
    store.load(path=str(manifest), format=ox.RdfFormat.TURTLE, base_iri=manifest.as_uri())
    query = f"SELECT ?action WHERE {{ ?test a <{RDFT}TestTurtleNegativeSyntax> ; <{MF}action> ?action }}"
    cases = []
    for row in store.query(query):  # type: ignore[union-attr]
        iri = row[0].value  # type: ignore[index,union-attr]
        assert iri.startswith("file://"), iri
        cases.append(Path(iri[len("file://") :]))
    return sorted(cases)


def test_w3c_turtle_negative_syntax_cases_are_rejected(
    shared_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    suite = shared_dir / "w3c-tests" / "rdf-turtle"
    if not (suite / "manifest.ttl").is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{suite}/manifest.ttl is missing (CI=true)")
        pytest.skip(f"W3C Turtle suite not found at {suite}")
    cases = _negative_syntax_cases(suite)
    assert len(cases) == 94
    accepted = []
    for case in cases:
        code = main(["--no-shipped", str(case)])
        out, err = capsys.readouterr()
        if code != EXIT_BAD_INPUT or out or not re.match(rf"^{re.escape(str(case))}:\d+:\d+: \S", err):
            accepted.append((case.name, code, err.strip()[:120]))
    assert accepted == [], accepted


def test_no_w3c_case_is_copied_into_the_repository() -> None:
    names = {p.name for p in REPO.rglob("turtle-syntax-bad-*")}
    assert names == set()
