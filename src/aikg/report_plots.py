"""The pictures of the report, as SVG drawn by matplotlib (deterministic, text kept as text).

Three kinds: the heat map of pairwise similarity of definitions (an undefined
index is hatched and says "n/d"), the answer statuses per jurisdiction (stacked
bars in the colours of :data:`STATUS_COLOURS`), and the timeline of the
instruments' status events. Every mark links to the page's anchor that holds its
sources (``<a>`` in the SVG). matplotlib is driven without pyplot (no global
figure state); the SVG has no date, a fixed hash salt and no font outlines, so the
same data give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Final

from .report_data import ANSWER_STATUSES, Pair, ReportData

__all__ = ["STATUS_COLOURS", "EVENT_COLOURS", "heatmap_svg", "status_bars_svg", "timeline_svg"]

#: The colour of each answer status (strongest first), also used by the tables.
STATUS_COLOURS: Final = dict(
    zip(ANSWER_STATUSES, ("#1b7837", "#7fbf7b", "#c2e699", "#f4a736", "#d73027", "#bdbdbd"), strict=True)
)
_V: Final = "https://w3id.org/aikg/vocab/"
#: Colours of the resulting statuses of events on the timeline.
EVENT_COLOURS: Final = {
    _V + "Draft": "#9e9ac8",
    _V + "Published": "#6baed6",
    _V + "Signed": "#fd8d3c",
    _V + "Adopted": "#2171b5",
    _V + "Ratified": "#e6550d",
    _V + "InForce": "#1b7837",
    _V + "Superseded": "#969696",
    _V + "Repealed": "#525252",
}
#: The timeline starts here; an event before it is drawn on the left edge with its year.
_WINDOW_START: Final = dt.date(2016, 1, 1)
_RC: Final = {"svg.hashsalt": "aikg", "svg.fonttype": "none", "font.size": 8, "font.family": "DejaVu Sans"}


def _svg(draw: Callable[[object], None], width: float, height: float) -> str:
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_RC):  # type: ignore[arg-type]
        figure = Figure(figsize=(width, height))
        FigureCanvasSVG(figure)
        draw(figure)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "aikg"}, bbox_inches="tight")
    text = buffer.getvalue()
    return text[text.index("<svg") :]  # no XML prolog or DOCTYPE: the SVG goes inline into HTML


def heatmap_svg(
    definitions: Sequence[str], pairs: Sequence[Pair], name: Callable[[str], str], link: Callable[[str], str]
) -> str:
    """The matrix of Jaccard indexes (core criteria) between *definitions*; undefined cells hatched."""
    from matplotlib.patches import Rectangle

    index = {(p.a, p.b): p for p in pairs}
    size = max(len(definitions), 1)

    def draw(figure: object) -> None:
        axes = figure.add_axes((0.3, 0.02, 0.68, 0.68))  # type: ignore[attr-defined]
        colormap = __import__("matplotlib").colormaps["Blues"]
        for row, a in enumerate(definitions):
            for column, b in enumerate(definitions):
                pair = index.get((a, b))
                if a == b:
                    cell = Rectangle((column, row), 1, 1, facecolor="#ffffff", edgecolor="#dddddd")
                elif pair is None or pair.jaccard is None:
                    cell = Rectangle(
                        (column, row), 1, 1, facecolor="#eeeeee", edgecolor="#cccccc", hatch="///"
                    )
                    axes.text(
                        column + 0.5, row + 0.5, "n/d", ha="center", va="center", fontsize=5, color="#555555"
                    )
                else:
                    cell = Rectangle(
                        (column, row),
                        1,
                        1,
                        facecolor=colormap(0.15 + 0.85 * pair.jaccard),
                        edgecolor="#ffffff",
                    )
                    colour = "#ffffff" if pair.jaccard > 0.6 else "#222222"
                    axes.text(
                        column + 0.5,
                        row + 0.5,
                        f"{pair.jaccard:.2f}",
                        ha="center",
                        va="center",
                        fontsize=5,
                        color=colour,
                    )
                cell.set_url(link(a))
                axes.add_patch(cell)
        axes.set_xlim(0, size)
        axes.set_ylim(size, 0)
        axes.set_xticks(
            [i + 0.5 for i in range(len(definitions))],
            [name(d) for d in definitions],
            rotation=90,
            fontsize=6,
        )
        axes.set_yticks(
            [i + 0.5 for i in range(len(definitions))], [name(d) for d in definitions], fontsize=6
        )
        axes.xaxis.tick_top()
        axes.set_aspect("equal")

    side = 2.5 + 0.28 * size
    return _svg(draw, side, side)


def status_bars_svg(
    data: ReportData, concepts: Sequence[str], name: Callable[[str], str], link: Callable[[str], str]
) -> str:
    """Per jurisdiction, how many of *concepts* have each answer status on the report's date."""
    jurisdictions = data.jurisdictions

    def draw(figure: object) -> None:
        axes = figure.add_subplot(1, 1, 1)  # type: ignore[attr-defined]
        left = [0] * len(jurisdictions)
        for status in ANSWER_STATUSES:
            counts = [
                Counter(data.answers[(j, c)].status for c in concepts if (j, c) in data.answers)[status]
                for j in jurisdictions
            ]
            bars = axes.barh(
                range(len(jurisdictions)),
                counts,
                left=left,
                color=STATUS_COLOURS[status],
                label=data.labels.get(status, status),
                edgecolor="#ffffff",
                linewidth=0.3,
            )
            for bar, jurisdiction in zip(bars, jurisdictions, strict=True):
                bar.set_url(link(jurisdiction))
            left = [a + b for a, b in zip(left, counts, strict=True)]
        axes.set_yticks(range(len(jurisdictions)), [name(j) for j in jurisdictions], fontsize=7)
        axes.invert_yaxis()
        axes.set_xlabel("principles and legal issues")
        axes.legend(loc="lower right", fontsize=6, frameon=False)
        axes.spines[["top", "right"]].set_visible(False)

    return _svg(draw, 7.5, 1.2 + 0.22 * len(jurisdictions))


def timeline_svg(data: ReportData, name: Callable[[str], str], link: Callable[[str], str]) -> str:
    """Every dated status event of every instrument, one row per instrument, coloured by status."""
    import matplotlib.dates as mdates

    instruments = sorted(
        {e.instrument for e in data.events},
        key=lambda i: (
            name(data.jurisdiction_of.get(i, "")),
            min(e.day for e in data.events if e.instrument == i),
            i,
        ),
    )
    row = {instrument: number for number, instrument in enumerate(instruments)}

    def draw(figure: object) -> None:
        axes = figure.add_subplot(1, 1, 1)  # type: ignore[attr-defined]
        seen: set[str] = set()
        start = max(min((e.day for e in data.events), default=_WINDOW_START), _WINDOW_START)
        for event in data.events:
            colour = EVENT_COLOURS.get(event.status, "#444444")
            label = data.labels.get(event.status, event.status) if event.status not in seen else None
            seen.add(event.status)
            day = max(event.day, start)  # an older event sits on the left edge, with its year
            dot = axes.scatter(
                [mdates.date2num(day)],
                [row[event.instrument]],
                s=14,
                color=colour,
                label=label,
                zorder=3,
                marker="o" if day == event.day else "<",
            )
            dot.set_url(link(event.instrument))
            if day != event.day:
                axes.annotate(
                    str(event.day.year),
                    (mdates.date2num(day), row[event.instrument]),
                    xytext=(6, -2),
                    textcoords="offset points",
                    fontsize=5,
                    color="#555555",
                )
        axes.set_xlim(mdates.date2num(start) - 60, mdates.date2num(data.date) + 200)
        axes.axvline(mdates.date2num(data.date), color="#e63946", linewidth=0.8, linestyle="--")
        axes.set_yticks(range(len(instruments)), [name(i)[:60] for i in instruments], fontsize=5.5)
        axes.invert_yaxis()
        axes.xaxis.set_major_locator(mdates.YearLocator(1))
        axes.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        axes.grid(axis="x", color="#eeeeee")
        handles, labels = axes.get_legend_handles_labels()
        order = sorted(range(len(labels)), key=lambda i: labels[i])
        axes.legend(
            [handles[i] for i in order],
            [labels[i] for i in order],
            loc="upper left",
            fontsize=6,
            frameon=False,
        )
        axes.spines[["top", "right"]].set_visible(False)

    return _svg(draw, 9.0, 1.5 + 0.14 * len(instruments))
