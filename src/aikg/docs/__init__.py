"""Generate the reference pages of ``docs/`` from the graph.

The pages are committed because readers browse them on the repository; a test
regenerates each one and fails on any difference, so they never drift from the
Turtle they describe. Output is deterministic: rows are sorted and nothing
depends on the time of the build. ``aikg docs`` writes them (all or none);
``aikg docs --check`` writes nothing and exits 1 if one is stale.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Final

import rdflib

from ..fileio import write_files
from .codebook import codebook_page
from .coverage import coverage_page
from .reference import errata_page, glossary_page, model_page

__all__ = [
    "PAGES",
    "codebook_page",
    "coverage_page",
    "errata_page",
    "glossary_page",
    "model_page",
    "render",
    "write_pages",
]


def _graph(profile: str) -> rdflib.Graph:
    # aikg.api caches one knowledge base per profile and process, so the pages (and the
    # questions page) share each merged graph instead of rebuilding it.
    from ..api import load_graph

    return load_graph(profile).graph


def _sssom_page() -> str:
    """The SSSOM table, written by sssom-py (the ``dev`` extra; imported only here)."""
    from .. import __version__
    from ..api import load_graph
    from ..build import BRIDGE_MODULE
    from ..load import parse_file
    from ..resources import ontology_dir
    from ..sssom import sssom_tsv

    return sssom_tsv(load_graph("full"), parse_file(ontology_dir() / BRIDGE_MODULE), __version__)


def _questions_page() -> str:
    from .questions import render as render_questions  # imported late: it loads both profiles

    return render_questions()


#: page file name -> how to render it (from the profile the page describes)
PAGES: Final[dict[str, Callable[[], str]]] = {
    "model.md": lambda: model_page(_graph("tbox")),
    "glossary.md": lambda: glossary_page(_graph("full")),
    "codebook.md": lambda: codebook_page(_graph("full")),
    "coverage.md": lambda: coverage_page(_graph("full")),
    "errata.md": lambda: errata_page(_graph("study")),
    "alignments.sssom.tsv": lambda: _sssom_page(),
    "questions.md": _questions_page,
}


def render(name: str) -> str:
    return PAGES[name]()


def write_pages(docs_dir: Path, *, check: bool = False) -> list[Path]:
    """Write every stale page into *docs_dir* (all or none) and return them.

    With ``check=True`` nothing is written: the stale pages are returned.
    """
    stale: dict[Path | str, bytes] = {}
    for name in sorted(PAGES):
        target = docs_dir / name
        data = render(name).encode("utf-8")
        if target.is_file() and target.read_bytes() == data:
            continue
        stale[target] = data
    if stale and not check:
        docs_dir.mkdir(parents=True, exist_ok=True)
        write_files(stale)
    return sorted(Path(p) for p in stale)
