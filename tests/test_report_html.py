"""The report with pictures: one self-contained page and its Markdown twin, with the study's
comparison read from the graph on a date; statuses are the derived answer intervals; every
cell links to something on the page; the page renders in headless Chromium, every table has
rows, and a screenshot is not blank."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from aikg.load import KnowledgeBase
from aikg.namespaces import prefix_map
from aikg.report_data import collect
from aikg.report_html import HTML_FILE, MARKDOWN_FILE, render_report, write_report

DAY = dt.date(2024, 12, 31)


@pytest.fixture(scope="module")
def report(kb_study: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    written = write_report(kb_study, folder, DAY)
    assert {p.relative_to(folder).as_posix() for p in written} == {
        HTML_FILE,
        MARKDOWN_FILE,
        "img/heatmap-text.svg",
        "img/heatmap-study.svg",
        "img/statuses.svg",
        "img/timeline.svg",
    }
    return folder


def _html(report: Path) -> str:
    return (report / HTML_FILE).read_text(encoding="utf-8")


def test_the_page_is_self_contained(report: Path) -> None:
    text = _html(report)
    assert "<script" not in text and "<link" not in text and "<img" not in text
    assert not re.search(r"""\b(?:src|srcset)=["']""", text)
    assert text.count("<svg") == 4  # the pictures are inline


def test_every_internal_link_has_its_target(report: Path) -> None:
    text = _html(report)
    ids = set(re.findall(r'\bid="([^"]+)"', text))
    targets = set(re.findall(r'href="#([^"]+)"', text))
    assert targets and targets <= ids, sorted(targets - ids)[:5]
    markdown = (report / MARKDOWN_FILE).read_text(encoding="utf-8")
    md_ids = set(re.findall(r'<a id="([^"]+)"></a>', markdown))
    md_targets = set(re.findall(r"\]\(#([^)]+)\)", markdown))
    assert md_targets <= md_ids | {"definitions"}, sorted(md_targets - md_ids)[:5]


def test_answer_cells_are_the_derived_answer_intervals(report: Path, kb_study: KnowledgeBase) -> None:
    # The report reads statuses; it never computes them. Compare with the derived graph directly.
    query = """SELECT ?j ?c ?s WHERE {
               ?a a aikg:AnswerInterval ; aikg:forJurisdiction ?j ; aikg:answerConcept ?c ;
                  aikg:answerStatus ?s .
               ?c a aikg:LegalIssue . OPTIONAL { ?a aikg:fromDay ?f } OPTIONAL { ?a aikg:toDay ?t }
               FILTER ((!BOUND(?f) || ?f <= "2024-12-31"^^xsd:date)
                       && (!BOUND(?t) || "2024-12-31"^^xsd:date <= ?t))
             }"""
    derived = {
        (r[0].value, r[1].value): r[2].value
        for r in kb_study.store.query(query, prefixes=prefix_map(), use_default_graph_as_union=True)
    }  # type: ignore[union-attr]
    data = collect(kb_study, DAY, gaps=False)
    shown = {key: answer.status for key, answer in data.answers.items() if key[1] in data.issues}
    assert shown == derived and len(shown) > 100
    colours = set(re.findall(r'<td style="background:(#[0-9a-f]{6})[;"]', _html(report)))
    assert len(colours) >= 2  # at least two statuses are on the page


def test_the_comparison_is_the_studys(report: Path) -> None:
    text = _html(report)
    for heading in (
        "Definitions × criteria",
        "Pairwise similarity",
        "Principles × jurisdictions",
        "Jurisdiction × legal issue",
        "Legal-status models",
        "Gap findings",
        "Timeline",
    ):
        assert heading in text, heading
    assert "n/d" in text  # an undefined Jaccard index says so
    assert "object of law" in text and "electronic person" in text.lower()
    assert "on 2024-12-31" in text


def test_markdown_twin_has_the_same_tables_and_pictures(report: Path) -> None:
    markdown = (report / MARKDOWN_FILE).read_text(encoding="utf-8")
    for picture in ("img/heatmap-text.svg", "img/heatmap-study.svg", "img/statuses.svg", "img/timeline.svg"):
        assert f"]({picture})" in markdown
    assert markdown.count("\n|---|") >= 9


def test_the_same_data_give_the_same_bytes(kb_study: KnowledgeBase, report: Path) -> None:
    html, markdown, pictures = render_report(collect(kb_study, DAY))
    assert html == _html(report)
    assert pictures["timeline.svg"] == (report / "img" / "timeline.svg").read_text(encoding="utf-8")


def test_the_page_renders_in_chromium(report: Path, page: Any, tmp_path: Path) -> None:
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto((report / HTML_FILE).as_uri())
    assert page.console_errors == []
    assert [r for r in page.requests if not r.startswith("file:")] == []
    rows = page.evaluate(
        "() => [...document.querySelectorAll('table')].map(t => t.querySelectorAll('tbody tr').length)"
    )
    assert len(rows) >= 10 and all(n > 0 for n in rows), rows
    svgs = page.evaluate(
        "() => [...document.querySelectorAll('svg')].map(s => s.getBoundingClientRect().height)"
    )
    assert len(svgs) == 4 and all(h > 100 for h in svgs)
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=False)
    from PIL import Image

    with Image.open(shot) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50  # not blank: text, tables, colours


def test_the_date_picks_the_intervals(kb_full: KnowledgeBase) -> None:
    # The EU's AI Act applies to AI literacy from 2 February 2025: before that day no answer says so.
    literacy = ("https://w3id.org/aikg/data/EU", "https://w3id.org/aikg/vocab/AILiteracy")
    before = collect(kb_full, dt.date(2025, 2, 1), gaps=False).answers[literacy]
    after = collect(kb_full, dt.date(2025, 2, 2), gaps=False).answers[literacy]
    assert before.status != after.status
    assert after.status == "https://w3id.org/aikg/vocab/AnswerBindingApplicable"
