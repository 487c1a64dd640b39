"""The report with pictures: the study's comparison, from the graph, on a date.

:func:`write_report` writes into a folder

* ``report.html``: one self-contained page (inline CSS and SVG, no script, nothing
  fetched when viewed);
* ``report.md``: its Markdown twin (:mod:`aikg.report_md`), with the pictures as
  ``img/*.svg`` beside it.

Sections: definitions × criteria in the text lens and in the study lens; a heat map
of the pairwise similarity of definitions per lens (the Jaccard index of core
criteria, CQ-06's query; "n/d" where it is undefined); principles × jurisdictions
and jurisdiction × legal issue, each cell coloured by its derived answer status
(``aikgv:answer-statuses``); the legal-status models and the sources that propose
them; the gap findings of the G shapes; a timeline of the instruments. Every cell
links to its sources: the page lists every instrument, jurisdiction, definition
and source with an anchor, and a source with its citation and address. The data
come from :mod:`aikg.report_data` (read, never recomputed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Final

from .fileio import write_files
from .load import KnowledgeBase
from .report_data import ANSWER_STATUSES, LENSES, ReportData, collect
from .report_md import render_markdown
from .report_page import CODES, DARK, Page, anchor, href
from .report_plots import STATUS_COLOURS, heatmap_svg, status_bars_svg, timeline_svg

if TYPE_CHECKING:
    from .shacl.findings import ValidationResult

__all__ = ["HTML_FILE", "MARKDOWN_FILE", "render_report", "write_report"]

HTML_FILE: Final = "report.html"
MARKDOWN_FILE: Final = "report.md"
_LENS_TAGS: Final = ("text", "study")
_STYLE: Final = "".join(
    (
        'body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0 auto;',
        "max-width:92em;padding:1em 1.5em;color:#1d2430;line-height:1.4}",
        "h1{font-size:1.6em}h2{border-bottom:2px solid #1d3557;margin-top:2em}",
        "table{border-collapse:collapse;margin:.6em 0;font-size:.85em}",
        "th,td{border:1px solid #d8dde6;padding:.15em .35em;vertical-align:top}thead th{background:#f1f4f8}",
        "table.matrix td{text-align:center;min-width:1.4em}",
        "table.matrix td a{text-decoration:none;color:inherit;display:block}",
        "th.rot{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;font-weight:600;",
        "font-size:.8em;max-height:18em;overflow:hidden;text-overflow:ellipsis}",
        ".legend span{display:inline-block;padding:.1em .5em;margin:.15em;border-radius:3px;font-size:.85em}",
        "figure{margin:1em 0;overflow-x:auto}figcaption{font-size:.85em;color:#4a5568}.muted{color:#8a94a6}",
        "nav a{margin-right:1em}td.l{text-align:left}",
    )
)


def _a(target: str, text: str, title: str = "") -> str:
    tip = f' title="{escape(title)}"' if title else ""
    return f'<a href="{escape(target)}"{tip}>{text}</a>'


def _table(head: Sequence[str], rows: Iterable[str], cls: str = "") -> str:
    heads = "".join(head if head and head[0].startswith("<th") else [f"<th>{escape(h)}</th>" for h in head])
    return f'<table class="{cls}"><thead><tr>{heads}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _sources(page: Page, resources: Iterable[str]) -> str:
    found = sorted({s for r in resources for s in page.data.sources.get(r, [])})
    return ", ".join(_a(href("src", s), escape(page.name(s))) for s in found)


def _rotated(title: str, text: str) -> str:
    return f'<th class="rot" title="{escape(title)}">{escape(text)}</th>'


def _criteria(page: Page, lens: str) -> str:
    data, criteria = page.data, page.criteria(lens)
    head = ["<th>definition</th>", "<th>jurisdiction</th>"]
    head += [_rotated(page.name(c), page.name(c) + (" ★" if c in data.core else "")) for c in criteria]
    rows = []
    for definition in page.definitions(lens):
        jurisdiction = data.definition_jurisdiction.get(definition, "")
        cells = []
        for criterion in criteria:
            mark = page.mark(lens, definition, criterion)
            shown = '<span class="muted">·</span>' if mark == "·" else mark
            cells.append(f"<td>{_a(page.source_of(definition), shown, page.name(criterion))}</td>")
        jur = _a(href("jur", jurisdiction), escape(page.code(jurisdiction))) if jurisdiction else ""
        name = _a(href("def", definition), escape(page.name(definition)))
        rows.append(f'<tr><th class="l">{name}</th><td>{jur}</td>{"".join(cells)}</tr>')
    return _table(head, rows, "matrix")


def _answer_cell(page: Page, jurisdiction: str, concept: str) -> str:
    answer = page.data.answers.get((jurisdiction, concept))
    target = page.answer_link(jurisdiction, concept)
    if answer is None:
        return f"<td>{_a(target, '—', 'no answer interval on this day')}</td>"
    tip = page.name(answer.status)
    if answer.strongest:
        tip += f"; strongest known: {page.name(answer.strongest)}"
    ink = ";color:#ffffff" if answer.status in DARK else ""
    mark = _a(target, CODES.get(answer.status, "?"), tip)
    return f'<td style="background:{STATUS_COLOURS.get(answer.status, "#ffffff")}{ink}">{mark}</td>'


def _answers(page: Page, rows_of: Sequence[str], columns: Sequence[str], concept_rows: bool) -> str:
    """A matrix of answers: rows are concepts and columns jurisdictions (or the other way)."""
    head = ["<th></th>"] + [
        _rotated(page.name(c), page.code(c) if concept_rows else page.name(c)) for c in columns
    ]
    rows = []
    for row in rows_of:
        cells = "".join(
            _answer_cell(page, column, row) if concept_rows else _answer_cell(page, row, column)
            for column in columns
        )
        label = escape(page.name(row)) if concept_rows else _a(href("jur", row), escape(page.name(row)))
        rows.append(f'<tr><th class="l">{label}</th>{cells}</tr>')
    return _table(head, rows, "matrix")


def _legend(page: Page) -> str:
    items = "".join(
        f'<span style="background:{STATUS_COLOURS[s]}{";color:#ffffff" if s in DARK else ""}">'
        f"{CODES[s]} = {escape(page.name(s))}</span>"
        for s in ANSWER_STATUSES
    )
    return f'<p class="legend">{items} <span>— = no answer on this day</span></p>'


def _models(page: Page) -> str:
    data, rows = page.data, []
    for model, entries in sorted(data.models.items()):
        proposed = ", ".join(
            _a(href("src", s), escape(page.name(s))) + (f" (p. {escape(p)})" if p else "") for s, p in entries
        )
        claims = "<br>".join(
            f"{escape(page.name(c))} ({_sources(page, [c])})" for c in data.model_claims.get(model, [])
        )
        rows.append(f"<tr><td>{escape(page.name(model))}</td><td>{proposed}</td><td>{claims}</td></tr>")
    return _table(["model", "proposed or discussed in", "claims about it"], rows)


def _gaps(page: Page) -> str:
    rows = [
        f"<tr><td>{escape(shape)}</td><td>{_a(href('jur', j), escape(page.name(j)))}</td>"
        f"<td>{escape(page.name(subject)) if subject else ''}</td><td class=l>{escape(message)}</td></tr>"
        for shape, j, subject, message in page.data.gaps
    ]
    return _table(["shape", "jurisdiction", "about", "finding"], rows)


def _instruments(page: Page) -> str:
    data, rows = page.data, []
    for instrument in page.instruments():
        events = "<br>".join(
            f"{escape(e.date_text)}: {escape(page.name(e.status))}"
            + (f" ({escape(page.name(e.party))})" if e.party else "")
            for e in data.events
            if e.instrument == instrument
        )
        jurisdiction = data.jurisdiction_of.get(instrument, "")
        jur = _a(href("jur", jurisdiction), escape(page.code(jurisdiction))) if jurisdiction else ""
        rows.append(
            f'<tr id="{anchor("inst", instrument)}"><td class=l>{escape(page.name(instrument))}</td>'
            f"<td>{jur}</td><td class=l>{events}</td><td class=l>{_sources(page, [instrument])}</td></tr>"
        )
    return _table(["instrument", "jurisdiction", "status events", "sources"], rows)


def _jurisdictions(page: Page) -> str:
    data, rows = page.data, []
    for jurisdiction in page.jurisdiction_rows():
        mine = [i for i in page.instruments() if data.jurisdiction_of.get(i) == jurisdiction]
        listed = ", ".join(_a(href("inst", i), escape(page.name(i))) for i in mine) or "none in the graph"
        rows.append(
            f'<tr id="{anchor("jur", jurisdiction)}"><td>{escape(page.code(jurisdiction))}</td>'
            f"<td class=l>{escape(page.name(jurisdiction))}</td><td class=l>{listed}</td>"
            f"<td class=l>{_sources(page, [jurisdiction, *mine])}</td></tr>"
        )
    return _table(["code", "jurisdiction", "instruments", "sources"], rows)


def _definitions(page: Page) -> str:
    rows = [
        f'<tr id="{anchor("def", d)}"><td class=l>{escape(page.name(d))}</td>'
        f"<td>{escape(page.code(page.data.definition_jurisdiction.get(d, '')))}</td>"
        f"<td class=l>{_sources(page, [d])}</td></tr>"
        for d in page.all_definitions()
    ]
    return _table(["definition", "jurisdiction", "sources"], rows)


def _source_list(page: Page) -> str:
    data = page.data
    rows = [
        f'<tr id="{anchor("src", s)}"><td class=l>{escape(page.name(s))}</td>'
        f"<td class=l>{escape(data.source_text.get(s, ''))}</td>"
        f"<td class=l>{' '.join(_a(u, escape(u)) for u in data.source_links.get(s, []))}</td></tr>"
        for s in page.cited()
    ]
    return _table(["source", "citation", "address"], rows)


def _html(page: Page, pictures: dict[str, str]) -> str:
    data, day = page.data, page.data.date.isoformat()
    nav = "".join(
        f'<a href="#{target}">{name}</a>'
        for target, name in (
            ("definitions", "Definitions"),
            ("similarity", "Similarity"),
            ("principles", "Principles"),
            ("issues", "Legal issues"),
            ("models", "Legal status"),
            ("gaps", "Gaps"),
            ("timeline", "Timeline"),
            ("sources", "Sources"),
        )
    )
    parts = [
        f"<h1>aikg report: how legal systems define and regulate AI, on {day}</h1>",
        f"<p>Profile <b>{escape(data.profile)}</b>, as of <b>{day}</b>: "
        f"{len(data.jurisdictions)} jurisdictions, "
        f"{len(data.principles)} principles, {len(data.issues)} legal issues, {len(page.instruments())} "
        "instruments. Read from the graph and its derived answers; every cell links to its sources.</p>",
        f"<nav>{nav}</nav>",
        '<h2 id="definitions">Definitions × criteria</h2><p>● the wording meets the criterion as coded; ○ it '
        "meets it through the codebook (a narrower criterion it meets implies it); ★ core criterion. A cell "
        "links to the definition's source.</p>",
        *(f"<h3>{escape(page.name(lens))}</h3>{_criteria(page, lens)}" for lens in LENSES),
        '<h2 id="similarity">Pairwise similarity of definitions</h2><p>The Jaccard index of core criteria '
        "(CQ-06), defined only where both definitions have at least two coded core criteria (n/d otherwise). "
        "A cell links to the definition of its row.</p>",
        *(
            f"<figure>{pictures[f'heatmap-{tag}.svg']}<figcaption>{escape(page.name(lens))}</figcaption></figure>"
            for lens, tag in zip(LENSES, _LENS_TAGS, strict=True)
        ),
        f'<h2 id="principles">Principles × jurisdictions</h2>{_legend(page)}'
        f"{_answers(page, data.principles, data.jurisdictions, True)}",
        f'<h2 id="issues">Jurisdiction × legal issue</h2>{_legend(page)}'
        f"{_answers(page, data.jurisdictions, data.issues, False)}",
        f"<figure>{pictures['statuses.svg']}<figcaption>Answer statuses of the principles and legal issues "
        "per jurisdiction.</figcaption></figure>",
        f'<h2 id="models">Legal-status models of AI and who proposes them</h2>{_models(page)}',
        f'<h2 id="gaps">Gap findings on {day}</h2>{_gaps(page)}',
        f'<h2 id="timeline">Timeline of the instruments</h2><figure>{pictures["timeline.svg"]}<figcaption>'
        f"Status events by date (the dashed line is {day}); a dot links to its instrument."
        "</figcaption></figure>",
        f'<h3 id="instruments">Instruments</h3>{_instruments(page)}',
        f'<h3 id="jurisdictions">Jurisdictions</h3>{_jurisdictions(page)}',
        f'<h3 id="definition-list">Definitions</h3>{_definitions(page)}',
        f'<h2 id="sources">Sources</h2>{_source_list(page)}',
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>aikg report, {day}</title><style>{_STYLE}</style></head><body>"
        + "".join(parts)
        + "</body></html>\n"
    )


def render_report(data: ReportData) -> tuple[str, str, dict[str, str]]:
    """(HTML page, Markdown twin, SVG pictures by file name) for *data*."""
    page = Page(data)
    pictures: dict[str, str] = {}
    for lens, tag in zip(LENSES, _LENS_TAGS, strict=True):
        pictures[f"heatmap-{tag}.svg"] = heatmap_svg(
            page.definitions(lens), data.pairs[lens], page.short, lambda d: href("def", d)
        )
    concepts = [*data.principles, *data.issues]
    pictures["statuses.svg"] = status_bars_svg(data, concepts, page.code, lambda j: href("jur", j))
    pictures["timeline.svg"] = timeline_svg(data, page.name, lambda i: href("inst", i))
    return _html(page, pictures), render_markdown(page, HTML_FILE), pictures


def write_report(
    kb: KnowledgeBase,
    out_dir: Path,
    date: dt.date | None = None,
    *,
    validation: ValidationResult | None = None,
) -> list[Path]:
    """Write ``report.html``, ``report.md`` and ``img/*.svg`` for *kb* on *date* (default: its as-of date).

    *validation*, the result of validating *kb* on that date (as ``aikg report`` has
    it), saves validating again for the gap findings. All files are written together
    or not at all (:mod:`aikg.fileio`); the paths are returned sorted.
    """
    html, markdown, pictures = render_report(collect(kb, date, validation=validation))
    files: dict[Path | str, bytes] = {
        out_dir / HTML_FILE: html.encode("utf-8"),
        out_dir / MARKDOWN_FILE: markdown.encode("utf-8"),
    }
    files.update({out_dir / "img" / name: svg.encode("utf-8") for name, svg in sorted(pictures.items())})
    write_files(files)
    return sorted(Path(p) for p in files)
