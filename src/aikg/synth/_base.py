"""The generator's first half: jurisdictions, instruments with their events, provisions and rules."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence

from ._turtle import (
    _DIMENSIONS,
    _SYLLABLES,
    _T,
    Model,
    Stage,
    _Bn,
    _date,
    _Doc,
    _en,
    _Jur,
    _last_day,
    _lit,
)


class _Base:
    """Draws, names, sources and citations; jurisdictions, instruments, provisions and rules."""

    def __init__(self, model: Model, triples: int, seed: int) -> None:
        self.m, self.rng, self.target = model, random.Random(seed), triples
        self.used_names: set[str] = set()
        self.scale = max(1.0, math.log2(max(triples, 2000) / 1000))  # 10k: 3.3, 100k: 6.6, 1M: 10
        self.rules_of: dict[str, tuple[str, str]] = {}  # instrument -> (its chapter rule, the chapter)

    def r(self) -> float:
        return self.rng.random()

    def one(self, items: Sequence[_T]) -> _T:
        return items[int(self.r() * len(items))]

    def pick(self, items: Sequence[str], k: int) -> list[str]:
        """Up to *k* distinct items, sorted."""
        return sorted({self.one(items) for _ in range(k)})

    def concepts(self, scheme: str, k: int) -> list[str]:
        return [f"aikgv:{c}" for c in self.pick(self.m.schemes[scheme], k)] if k else []

    def day(self, first_year: int, last_year: int) -> dt.date:
        return dt.date(first_year, 1, 1) + dt.timedelta(days=int(self.r() * (last_year - first_year) * 365))

    def later(self, day: dt.date, most: int, least: int = 0) -> dt.date:
        return day + dt.timedelta(days=least + int(self.r() * most))

    def name(self) -> tuple[str, str]:
        while True:
            parts = [self.one(_SYLLABLES) for _ in range(2 + int(self.r() * 2))]
            latin = "".join(p[0] for p in parts).capitalize() + "ia"
            if latin not in self.used_names:
                self.used_names.add(latin)
                return latin, "".join(p[1] for p in parts).capitalize() + "ия"

    def source(self, doc: _Doc, iri: str, label: str, level: str) -> str:
        kind = "OfficialText" if level == "EvidenceOfficialText" else "OnlineResource"
        doc.add(
            iri,
            ("a", f"aikg:{kind}"),
            ("rdfs:label", _en(label)),
            ("aikg:evidenceLevel", "aikgv:" + level),
            ("rdfs:seeAlso", f"<https://example.org/sources/{iri[3:]}>"),
        )
        return iri

    def labels(self, names: Sequence[str]) -> list[str]:
        return [_lit(name, lang) for name, lang in zip(names, ("en", "ru", "kk"), strict=False)]

    def cite(self, source: str, locator: str | None = None, quote: str | None = None) -> _Bn:
        pairs: list[tuple[str, str | _Bn]] = [("aikg:source", source)]
        pairs += [("aikg:locator", _lit(locator))] if locator else []
        pairs += [("aikg:quote", _en(quote))] if quote else []
        return _Bn(*pairs)

    def coverage(self, dim: str, complete: bool, source: str, covered: str) -> _Bn:
        level = "CoverageComplete" if complete else "CoveragePartial"
        return _Bn(
            ("a", "aikg:CoverageDeclaration"),
            ("aikg:dimension", f"aikgv:{dim}"),
            ("aikg:coverageLevel", f"aikgv:{level}"),
            ("aikg:coveredProvisions", _lit(covered)),
            ("aikg:date", _date(dt.date(2026, 9, 1), "day")),
            ("aikg:citation", self.cite(source)),
        )

    def jurisdiction(self, doc: _Doc, code: str, parent: _Jur | None) -> _Jur:
        latin, cyr = self.name()
        if parent is None:
            names, kind = (f"Republic of {latin}", f"Республика {cyr}", f"{cyr} Республикасы"), "aikg:State"
        else:
            names = (f"Province of {latin} ({parent.names[0]})", f"Провинция {cyr}", f"{cyr} провинциясы")
            kind = "aikg:SubnationalJurisdiction"
        sources = [
            self.source(doc, f"ex:{code}-src-{key}", f"{what} the {names[0]}", f"Evidence{level}")
            for key, what, level in (
                ("gazette", "Official Gazette of", "OfficialText"),
                ("portal", "Legal portal of", "OfficialPage"),
                ("news", "Legal news on", "Secondary"),
            )
        ]
        jur = _Jur(f"ex:{code}", code, names, f"ex:{code}-parliament", sources)
        complete = self.r() < 0.5
        listed = f"All AI-related instruments the portal of the {names[0]} lists"
        inventory = [self.coverage(d, complete and self.r() < 0.8, sources[1], listed) for d in _DIMENSIONS]
        doc.add(
            jur.iri,
            ("a", kind),
            ("rdfs:label", self.labels(names)),
            ("aikg:withinJurisdiction", [parent.iri] if parent else []),
            ("aikg:inventoryCoverage", inventory),
            ("aikg:citation", self.cite(sources[0], "Constitution, Article 1")),
        )
        doc.add(
            jur.body,
            ("a", "aikg:PublicBody"),
            ("rdfs:label", _en(f"Parliament of the {names[0]}")),
            ("aikg:partOf", (parent or jur).iri),
            ("aikg:hasJurisdiction", jur.iri),
            ("aikg:citation", self.cite(sources[0], "Signature")),
        )
        return jur

    def events(
        self, doc: _Doc, inst: str, label: str, stages: Sequence[Stage], start: dt.date, source: str
    ) -> tuple[list[str], dt.date]:
        """One dated event per stage, each after the last day the previous one may stand for."""
        iris, cursor = [], start
        for index, (status, party) in enumerate(stages):
            x = self.r()
            precision = "day" if (index == 0 and x < 0.5) or x < 0.75 else ("month" if x < 0.92 else "year")
            iri = f"{inst}-ev{index}"
            kind = "aikg:StatusAttestation" if status == "Draft" and index > 0 else "aikg:StatusChange"
            written = _date(cursor, precision).split("^")[0].strip('"')
            doc.add(
                iri,
                ("a", kind),
                ("rdfs:label", _en(f"{label}: {status.lower()} ({written})")),
                ("aikg:resultingStatus", f"aikgv:{status}"),
                ("aikg:forParty", party or []),
                ("aikg:date", _date(cursor, precision)),
                ("aikg:citation", self.cite(source, f"Record {index + 1}")),
            )
            iris.append(iri)
            cursor = self.later(_last_day(cursor, precision), 500, 1)
        return iris, cursor

    def provisions(self, doc: _Doc, inst: str, label: str, src: str, binding: bool) -> list[str]:
        found: list[str] = []
        chapter: str | None = None
        for index in range(int(self.r() * self.scale * (4 if binding else 1.5))):
            if index % 6 == 0:
                chapter = f"{inst}-ch{index // 6 + 1}"
                where = f"Chapter {index // 6 + 1}"
                doc.add(
                    chapter,
                    ("a", "aikg:Provision"),
                    ("rdfs:label", _en(f"{label}, {where}")),
                    ("aikg:provisionOf", inst),
                    ("aikg:locator", _lit(where)),
                    ("aikg:citation", self.cite(src, where)),
                )
                found.append(chapter)
            prov, where = f"{inst}-art{index + 1}", f"Art. {index + 1}"
            doc.add(
                prov,
                ("a", "aikg:Provision"),
                ("rdfs:label", _en(f"{label}, Article {index + 1}")),
                ("aikg:provisionOf", inst),
                ("aikg:locator", _lit(where)),
                ("aikg:withinProvision", chapter or []),
                ("aikg:upholdsPrinciple", self.concepts("principles", int(self.r() * 3))),
                ("aikg:addressesIssue", self.concepts("legal-issues", int(self.r() * 2.5))),
                ("aikg:regulatesParty", self.concepts("party-roles", int(self.r() * 2))),
                ("aikg:excludesParty", self.concepts("party-roles", 1) if self.r() < 0.03 else []),
                ("aikg:citation", self.cite(src, where, f"Article {index + 1} of {label}.")),
            )
            found.append(prov)
        return found

    def rule(
        self,
        doc: _Doc,
        iri: str,
        inst: str,
        label: str,
        src: str,
        day: dt.date,
        setter: str,
        applies: Sequence[str] = (),
        scope: str | None = None,
        replaces: str | None = None,
    ) -> None:
        precision = "day" if self.r() < 0.85 else "month"
        boundary = "aikgv:After" if self.r() < 0.1 and precision == "day" else "aikgv:From"
        doc.add(
            iri,
            ("a", "aikg:ApplicationRule"),
            ("rdfs:label", _en(f"{label}: applies from {day}")),
            ("aikg:ruleOf", inst),
            ("aikg:appliesProvision", list(applies)),
            ("aikg:appliesTo", _en(scope) if scope else []),
            ("aikg:date", _date(day, precision)),
            ("aikg:boundary", boundary),
            ("aikg:setBy", setter),
            ("aikg:replacesRule", replaces or []),
            ("aikg:citation", self.cite(src, "Final provisions")),
        )

    def rules(
        self, doc: _Doc, inst: str, label: str, src: str, provisions: list[str], after: dt.date
    ) -> None:
        """A general rule; for some, a later date for the first chapter; for some, a scoped rule."""
        final = provisions[-1]
        self.rule(doc, f"{inst}-rule-general", inst, label, src, self.later(after, 400), final)
        chapters = [p for p in provisions if "-ch" in p]
        if chapters and self.r() < 0.5:
            self.rule(doc, f"{inst}-rule-ch1", inst, label, src, self.later(after, 900), final, chapters[:1])
            self.rules_of[inst] = (f"{inst}-rule-ch1", chapters[0])
        if self.r() < 0.2:
            self.rule(
                doc,
                f"{inst}-rule-scoped",
                inst,
                label,
                src,
                self.later(after, 900, 365),
                final,
                provisions[:2],
                scope="systems placed on the market before the general date",
            )
