"""The generated pages in docs/ match what the graph says today, and say all of it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF

from aikg.api import load_graph
from aikg.docs import PAGES, codebook_page, coverage_page, render, write_pages
from aikg.namespaces import AIKG, SKOS
from aikg.terms import curie_or_iri

DOCS = Path(__file__).resolve().parents[1] / "docs"
# Pages other than questions.md (its own test shows a diff); rendered once per run.
STATIC = sorted(set(PAGES) - {"questions.md"})


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return {name: render(name) for name in STATIC}


@pytest.mark.parametrize("name", STATIC)
def test_committed_page_is_up_to_date(name: str, pages: dict[str, str]) -> None:
    committed = (DOCS / name).read_text(encoding="utf-8")
    assert committed == pages[name], f"docs/{name} is stale: run `aikg docs` and commit the result"


def test_errata_page_lists_every_erratum(pages: dict[str, str]) -> None:
    graph = load_graph("study").graph
    errata = list(graph.subjects(RDF.type, AIKG.Erratum))
    assert errata, "the study profile has no errata"
    for erratum in errata:
        assert f"`{curie_or_iri(str(graph.value(erratum, AIKG.corrects)))}`" in pages["errata.md"]
    assert pages["errata.md"].count("\n| E") == len(errata)


def test_codebook_has_every_coding_rule(pages: dict[str, str]) -> None:
    graph = load_graph("full").graph
    ruled = {c for c in graph.subjects(SKOS.scopeNote, None) if (c, SKOS.inScheme, None) in graph}
    assert len(ruled) > 50
    for concept in ruled:
        assert f"— `{curie_or_iri(str(concept))}`" in pages["codebook.md"], concept


def test_codebook_shows_what_a_criterion_counts_toward() -> None:
    graph = load_graph("full").graph
    page = codebook_page(graph)
    section = page.split("— `aikgv:PatternIdentification`", 1)[1].split("\n#", 1)[0]
    assert (
        "**Counts toward:** processing and analysis of large amounts of data (`aikgv:DataProcessing`)"
        in section
    )


def test_coverage_page_lists_every_jurisdiction_with_instruments(pages: dict[str, str]) -> None:
    graph = load_graph("full").graph
    page = coverage_page(graph)
    assert page == pages["coverage.md"]
    for jurisdiction in set(graph.objects(None, AIKG.hasJurisdiction)):
        assert f"— `{curie_or_iri(str(jurisdiction))}`" in page, jurisdiction
    # A blank is never read as absence: the page says what a missing declaration means.
    assert "*not established*" in page


def test_write_pages_is_all_or_none_and_check_writes_nothing(tmp_path: Path) -> None:
    stale = write_pages(tmp_path, check=True)
    assert sorted(p.name for p in stale) == sorted(PAGES)
    assert list(tmp_path.iterdir()) == []
    written = write_pages(tmp_path)
    assert sorted(p.name for p in written) == sorted(PAGES)
    assert write_pages(tmp_path, check=True) == []
    (tmp_path / "codebook.md").write_text("edited by hand\n", encoding="utf-8")
    assert [p.name for p in write_pages(tmp_path, check=True)] == ["codebook.md"]
    assert (tmp_path / "codebook.md").read_text(encoding="utf-8") == "edited by hand\n"


def test_aikg_docs_check_exits_1_on_a_stale_page(tmp_path: Path) -> None:
    (tmp_path / "model.md").write_text("stale\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "aikg", "docs", "--check", "--dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 1, done.stderr
    assert f"stale {tmp_path / 'model.md'}" in done.stdout
    assert (tmp_path / "model.md").read_text(encoding="utf-8") == "stale\n"
