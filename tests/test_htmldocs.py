"""The HTML documentation: an anchor per class, property, concept and shape; labels in three
languages with the English one as title; definitions, sources, examples; self-contained; and
it renders in headless Chromium with no console error and no request off the machine."""

from __future__ import annotations

import re
from typing import Any

import pytest
from products import dist_dir, rendered

from aikg.build import shapes_triples
from aikg.htmldocs import PAGES, term_anchors
from aikg.load import load_profile
from aikg.rdfio import to_rdflib_graph


@pytest.fixture(scope="module")
def anchors() -> dict[str, list[str]]:
    return term_anchors(to_rdflib_graph(load_profile("tbox").triples()), to_rdflib_graph(shapes_triples()))


def _page(name: str) -> str:
    return rendered()[f"doc/{name}"].decode("utf-8")


def test_every_term_has_its_anchor(anchors: dict[str, list[str]]) -> None:
    assert (
        len(anchors["index.html"]) > 150
        and len(anchors["vocab.html"]) > 150
        and len(anchors["shapes.html"]) > 40
    )
    assert {"Statute", "hasJurisdiction", "citation"} <= set(anchors["index.html"])
    assert {"Autonomy", "answer-statuses", "AnswerSoftLawOnly"} <= set(anchors["vocab.html"])
    assert {"S01", "G01", "M01", "T04"} <= set(anchors["shapes.html"])
    for name, ids in anchors.items():
        found = set(re.findall(r'id="([^"]+)"', _page(name)))
        assert set(ids) <= found, (name, sorted(set(ids) - found)[:5])


def test_pages_are_self_contained() -> None:
    for name in PAGES:
        text = _page(name)
        assert "<script" not in text and "<link" not in text and "@import" not in text, name
        assert not re.search(r"""(?:src|srcset)=["']https?:""", text), name
        assert "url(" not in text, name


def test_a_class_shows_its_labels_definition_sources_and_examples() -> None:
    text = _page("index.html")
    section = text[text.index('id="Statute"') :]
    section = section[: section.index("</section>")]
    assert "<h3>statute" in section  # the English label is the title
    assert "ru: закон" in section and "kk: заң" in section
    assert "A legal instrument enacted by a legislature" in section
    assert "examples in the graph" in section and "https://w3id.org/aikg/data/" in section
    assert 'href="index.html#LegalInstrument"' in section


def test_a_concept_shows_its_scheme_and_use() -> None:
    text = _page("vocab.html")
    section = text[text.index('id="Autonomy"') :]
    section = section[: section.index("</section>")]
    assert "used in the graph by" in section and "sources" in section


def test_each_module_has_a_class_diagram() -> None:
    text = _page("index.html")
    assert text.count("<svg") >= 8
    assert '<a href="#Statute"><rect' in text


@pytest.mark.parametrize("name", PAGES)
def test_the_page_renders_in_chromium_with_every_anchor(
    name: str, page: Any, anchors: dict[str, list[str]]
) -> None:
    url = (dist_dir() / "doc" / name).as_uri()
    page.goto(url)
    assert page.title().startswith("aikg")
    assert page.console_errors == []
    assert [r for r in page.requests if not r.startswith("file:")] == []
    missing = page.evaluate("ids => ids.filter(id => !document.getElementById(id))", anchors[name])
    assert missing == []
    visible = page.evaluate("() => document.body.innerText.length")
    assert visible > 5000
