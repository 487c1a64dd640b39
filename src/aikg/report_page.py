"""What the report's HTML page and its Markdown twin share: names, anchors and links.

Every row that holds sources has an anchor: ``def-<id>`` (a definition), ``inst-<id>``
(an instrument), ``jur-<id>`` (a jurisdiction), ``src-<id>`` (a source, with its
citation and address). A cell links to the row that holds its sources.
"""

from __future__ import annotations

import re
from typing import Final

from .report_data import ANSWER_STATUSES, LENSES, ReportData, instruments_of
from .terms import compact

__all__ = ["CODES", "DARK", "Page", "anchor", "href", "local"]

#: One character per answer status, for the cells (the legend says what each means).
CODES: Final = dict(zip(ANSWER_STATUSES, ("A", "Y", "N", "S", "0", "?"), strict=True))
#: The statuses whose colour takes white text.
DARK: Final = frozenset({ANSWER_STATUSES[0], ANSWER_STATUSES[4]})


def local(iri: str) -> str:
    """The last segment of *iri*, safe in an HTML id."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", re.split(r"[/#]", iri)[-1] or iri)


def anchor(kind: str, iri: str) -> str:
    return f"{kind}-{local(iri)}"


def href(kind: str, iri: str) -> str:
    return "#" + anchor(kind, iri)


class Page:
    """The report's data with the names and links both renderings use."""

    def __init__(self, data: ReportData) -> None:
        self.data = data

    def name(self, iri: str) -> str:
        return self.data.labels.get(iri) or compact(iri) or iri

    def code(self, iri: str) -> str:
        return local(iri)

    def short(self, definition: str) -> str:
        """A definition's label for a picture: its jurisdiction's code and at most 45 characters."""
        jurisdiction = self.data.definition_jurisdiction.get(definition)
        label = self.name(definition)
        label = label if len(label) <= 45 else label[:44] + "…"
        return f"{self.code(jurisdiction)}: {label}" if jurisdiction else label

    def source_of(self, resource: str) -> str:
        """The link to the first source of *resource* (its row if it has none)."""
        sources = self.data.sources.get(resource, [])
        return href("src", sources[0]) if sources else href("def", resource)

    def answer_link(self, jurisdiction: str, concept: str) -> str:
        """The instrument an answer is based on, else the jurisdiction's row."""
        answer = self.data.answers.get((jurisdiction, concept))
        found = instruments_of(self.data, answer.based_on) if answer else []
        return href("inst", found[0]) if found else href("jur", jurisdiction)

    def instruments(self) -> list[str]:
        data = self.data
        linked = {i for a in data.answers.values() for i in instruments_of(data, a.based_on)}
        return sorted(linked | {e.instrument for e in data.events})

    def jurisdiction_rows(self) -> list[str]:
        data = self.data
        gaps = {j for _shape, j, _subject, _message in data.gaps}
        return sorted(set(data.jurisdictions) | set(data.definition_jurisdiction.values()) | gaps)

    def definitions(self, lens: str) -> list[str]:
        jurisdiction = self.data.definition_jurisdiction
        return sorted(self.data.matches[lens], key=lambda d: (self.name(jurisdiction.get(d, "~")), d))

    def all_definitions(self) -> list[str]:
        return sorted(set(self.definitions(LENSES[0])) | set(self.definitions(LENSES[1])))

    def criteria(self, lens: str) -> list[str]:
        used = {c for row in self.data.matches[lens].values() for c in row}
        return sorted(used, key=lambda c: (c not in self.data.core, self.name(c)))

    def mark(self, lens: str, definition: str, criterion: str) -> str:
        """● coded, ○ through the codebook, · not met."""
        matched = self.data.matches[lens][definition]
        return "●" if matched.get(criterion) else "○" if criterion in matched else "·"

    def cited(self) -> list[str]:
        """Every source some row of the page links to, sorted."""
        data = self.data
        found = {s for d in self.all_definitions() for s in data.sources.get(d, [])}
        found |= {s for e in data.events for s in e.sources}
        found |= {s for i in self.instruments() for s in data.sources.get(i, [])}
        found |= {s for j in self.jurisdiction_rows() for s in data.sources.get(j, [])}
        found |= {s for entries in data.models.values() for s, _pages in entries}
        found |= {s for claims in data.model_claims.values() for c in claims for s in data.sources.get(c, [])}
        return sorted(found)
