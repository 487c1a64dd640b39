"""Queries that stop: a time limit, a row cap, a memory budget, and a LIMIT the engine applies.

On main before issue 11, a three-way cross product ran for 76 s and reached 4 GB,
its COUNT(*) ran past 120 s, ``--limit`` trimmed the rows after building all of
them, and rdflib's REGEX ``^(a+)+$`` ran past 60 s. Each of these now stops with
exit code 3 and a message naming the limit, and the caller stays responsive.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from netguard import canary_fixture  # noqa: F401

from aikg.api import Limits, ask, load_graph, run_query
from aikg.cli import main
from aikg.errors import EXIT_LIMIT
from aikg.load import KnowledgeBase
from aikg.query import QueryLimitError

CROSS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CROSS_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CROSS_SORTED = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?f"
REGEX = 'SELECT ?s WHERE { BIND("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!" AS ?s) FILTER(REGEX(?s, "^(a+)+$")) }'


@pytest.fixture(scope="module")
def full() -> KnowledgeBase:
    return load_graph("full")


def _query(
    text: str, tmp_path: Path, *args: str, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str, float]:
    path = tmp_path / "q.rq"
    path.write_text(text, encoding="utf-8")
    started = time.monotonic()
    code = main(["query", str(path), *args])
    out, err = capsys.readouterr()
    return code, out, err, time.monotonic() - started


def test_a_count_over_a_cross_product_stops_at_the_time_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err, elapsed = _query(CROSS_COUNT, tmp_path, "--timeout", "2", capsys=capsys)
    assert (code, out) == (EXIT_LIMIT, "")
    assert "ran out of time" in err and "2 s" in err and "--timeout" in err
    assert elapsed < 15


def test_rdflib_catastrophic_regex_stops_at_the_time_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err, elapsed = _query(REGEX, tmp_path, "--engine", "rdflib", "--timeout", "2", capsys=capsys)
    assert (code, out) == (EXIT_LIMIT, "")
    assert "ran out of time" in err
    assert elapsed < 20


def test_limit_is_applied_by_the_engine_not_after_the_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """9e13 rows exist; --limit 3 must answer at once (a trim after building them would time out)."""
    code, out, err, _ = _query(
        CROSS, tmp_path, "--limit", "3", "--timeout", "20", "--format", "tsv", capsys=capsys
    )
    assert code == 0, err
    assert len(out.splitlines()) == 1 + 3
    code, out, _, _ = _query(CROSS, tmp_path, "--limit", "2", "--timeout", "20", capsys=capsys)
    assert code == 0 and out.splitlines()[-1].startswith("(first 2 rows; more exist")


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_limit_is_the_smaller_of_k_and_the_querys_own(engine: str, full: KnowledgeBase) -> None:
    text = "SELECT ?s WHERE { ?s a aikg:AIDefinition } ORDER BY ?s LIMIT 4"
    assert len(run_query(text, graph=full, engine=engine, limit=2).rows) == 2  # type: ignore[arg-type]
    four = run_query(text, graph=full, engine=engine, limit=10)  # type: ignore[arg-type]
    assert len(four.rows) == 4 and not four.more
    everything = run_query(text.replace(" LIMIT 4", ""), graph=full, engine=engine)  # type: ignore[arg-type]
    assert four.rows == everything.rows[:4]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_the_row_cap(engine: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err, _ = _query(
        "SELECT * WHERE { ?s ?p ?o }", tmp_path, "--engine", engine, "--max-rows", "100", capsys=capsys
    )
    assert (code, out) == (EXIT_LIMIT, "")
    assert "more than 100 rows" in err and "row cap" in err


def test_the_memory_budget(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err, elapsed = _query(
        CROSS_SORTED, tmp_path, "--memory", "200", "--timeout", "60", capsys=capsys
    )
    assert (code, out) == (EXIT_LIMIT, ""), err
    assert "ran out of memory" in err and "200 MiB" in err and "--memory" in err
    assert elapsed < 60


def test_the_api_raises_a_typed_limit_error_and_recovers(full: KnowledgeBase) -> None:
    started = time.monotonic()
    with pytest.raises(QueryLimitError) as stopped:
        run_query(CROSS_COUNT, graph=full, limits=Limits(timeout=1.0))
    assert stopped.value.limit == "time" and stopped.value.exit_code == EXIT_LIMIT
    assert time.monotonic() - started < 10
    with pytest.raises(QueryLimitError) as capped:
        run_query("SELECT * WHERE { ?s ?p ?o }", graph=full, limits=Limits(max_rows=10))
    assert capped.value.limit == "rows"
    assert len(ask("CQ-06", graph=full).rows) >= 1  # the next query runs as usual


def test_a_real_process_exits_3(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text(CROSS_COUNT, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "aikg", "query", str(path), "--timeout", "1"],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == EXIT_LIMIT, done.stderr
    assert done.stdout == "" and done.stderr.startswith("aikg: error: the query ran out of time")
    assert "Traceback" not in done.stderr


def test_bad_limit_options_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    for option in (["--timeout", "soon"], ["--timeout", "-1"], ["--max-rows", "many"], ["--memory", "-5"]):
        with pytest.raises(SystemExit) as exited:
            main(["query", "-", *option])
        assert exited.value.code == 2
    capsys.readouterr()
