"""The Markdown twin of the report (:mod:`aikg.report_html`): the same tables, with links,
and the pictures as ``img/*.svg`` files beside it."""

from __future__ import annotations

from collections.abc import Sequence

from .report_data import ANSWER_STATUSES, LENSES
from .report_page import CODES, Page, anchor, href

__all__ = ["render_markdown"]


def _md(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _link(target: str, text: str) -> str:
    return f"[{_md(text)}]({target})"


def _table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _sources(page: Page, resources: Sequence[str]) -> str:
    found = sorted({s for r in resources for s in page.data.sources.get(r, [])})
    return ", ".join(_link(href("src", s), page.name(s)) for s in found)


def _criteria(page: Page) -> list[str]:
    data, out = (
        page.data,
        ["## Definitions × criteria\n", "● coded; ○ through the codebook; ★ core criterion.\n"],
    )
    for lens in LENSES:
        criteria = page.criteria(lens)
        head = ["definition", "jurisdiction"] + [
            _md(page.name(c)) + (" ★" if c in data.core else "") for c in criteria
        ]
        rows = [
            [_link(href("def", d), page.name(d)), page.code(data.definition_jurisdiction.get(d, ""))]
            + [_link(page.source_of(d), page.mark(lens, d, c)) for c in criteria]
            for d in page.definitions(lens)
        ]
        out += [f"### {page.name(lens)}\n", _table(head, rows)]
    return out


def _answers(page: Page) -> list[str]:
    data, out = page.data, []
    legend = (
        "; ".join(f"{CODES[s]} = {page.name(s)}" for s in ANSWER_STATUSES) + "; — = no answer on this day"
    )
    for title, rows_of, columns, concept_rows in (
        ("Principles × jurisdictions", data.principles, data.jurisdictions, True),
        ("Jurisdiction × legal issue", data.jurisdictions, data.issues, False),
    ):
        table = []
        for row in rows_of:
            cells = []
            for column in columns:
                j, c = (column, row) if concept_rows else (row, column)
                answer = data.answers.get((j, c))
                cells.append(_link(page.answer_link(j, c), CODES.get(answer.status, "?") if answer else "—"))
            table.append([_md(page.name(row)), *cells])
        head = [""] + [page.code(c) if concept_rows else _md(page.name(c)) for c in columns]
        out += [f"## {title}\n", f"{legend}.\n", _table(head, table)]
    return [*out, "![Answer statuses per jurisdiction](img/statuses.svg)\n"]


def _lists(page: Page) -> list[str]:
    data = page.data
    models = [
        [
            _md(page.name(m)),
            ", ".join(_link(href("src", s), page.name(s)) for s, _pages in entries),
            "; ".join(_md(page.name(c)) for c in data.model_claims.get(m, [])),
        ]
        for m, entries in sorted(data.models.items())
    ]
    gaps = [
        [shape, _link(href("jur", j), page.name(j)), _md(page.name(x)) if x else "", _md(message)]
        for shape, j, x, message in data.gaps
    ]
    events = [
        [
            e.date_text,
            _link(href("inst", e.instrument), page.name(e.instrument)),
            _md(page.name(e.status)),
            _md(page.name(e.party)) if e.party else "",
            ", ".join(_link(href("src", s), page.name(s)) for s in e.sources),
        ]
        for e in data.events
    ]
    instruments = [
        [
            f'<a id="{anchor("inst", i)}"></a>{_md(page.name(i))}',
            page.code(data.jurisdiction_of.get(i, "")),
            _sources(page, [i]),
        ]
        for i in page.instruments()
    ]
    names = [
        [f'<a id="{anchor("jur", j)}"></a>{page.code(j)}', _md(page.name(j)), _sources(page, [j])]
        for j in page.jurisdiction_rows()
    ]
    names += [
        [f'<a id="{anchor("def", d)}"></a>definition', _md(page.name(d)), _sources(page, [d])]
        for d in page.all_definitions()
    ]
    sources = [
        [
            f'<a id="{anchor("src", s)}"></a>{_md(page.name(s))}',
            _md(data.source_text.get(s, "")),
            " ".join(f"<{u}>" for u in data.source_links.get(s, [])),
        ]
        for s in page.cited()
    ]
    return [
        "## Legal-status models of AI and who proposes them\n",
        _table(["model", "proposed or discussed in", "claims"], models),
        f"## Gap findings on {data.date.isoformat()}\n",
        _table(["shape", "jurisdiction", "about", "finding"], gaps),
        "## Timeline of the instruments\n",
        "![Timeline](img/timeline.svg)\n",
        _table(["date", "instrument", "status", "party", "sources"], events),
        "## Instruments\n",
        _table(["instrument", "jurisdiction", "sources"], instruments),
        "## Jurisdictions and definitions\n",
        _table(["anchor", "name", "sources"], names),
        "## Sources\n",
        _table(["source", "citation", "address"], sources),
    ]


def render_markdown(page: Page, html_file: str) -> str:
    """The Markdown twin of the page written as *html_file*."""
    day = page.data.date.isoformat()
    head = [
        f"# aikg report: how legal systems define and regulate AI, on {day}\n",
        f"Profile **{page.data.profile}**, as of **{day}**; the HTML page ({html_file}) is the same report. "
        "Every cell links to its sources.\n",
    ]
    similarity = [
        "## Pairwise similarity of definitions\n\n"
        "Jaccard index of core criteria (CQ-06); n/d where undefined.\n",
        "![Similarity, text lens](img/heatmap-text.svg)\n",
        "![Similarity, study lens](img/heatmap-study.svg)\n",
    ]
    return "\n".join([*head, *_criteria(page), *similarity, *_answers(page), *_lists(page)])
