"""The generator's second half: definitions, relations, international instruments, the run."""

from __future__ import annotations

import datetime as dt
import math

from ._base import _Base
from ._turtle import (
    _AI_TOPICS,
    _DIMENSIONS,
    _HEADER,
    _PARTY_KINDS,
    _TOPICS,
    MAX_JURISDICTIONS,
    SYNTH_NS,
    Earlier,
    Objects,
    Stage,
    _Bn,
    _date,
    _Doc,
    _en,
    _Jur,
    _lit,
)


class _Gen(_Base):
    """Instruments with their definitions and relations, international bodies, and the whole run."""

    def instrument(self, doc: _Doc, jur: _Jur, number: int, earlier: list[Earlier]) -> None:
        kind = self.one([k for k in self.m.kinds if k not in _PARTY_KINDS])
        binding, (k_en, k_ru, k_kk) = self.m.kinds[kind]
        topic_index = int(self.r() * len(_TOPICS))
        topic, ai = _TOPICS[topic_index], topic_index < _AI_TOPICS
        inst, num = f"ex:{jur.code}-i{number}", f"{number}-{jur.code.upper()}"
        label = f"{k_en.capitalize()} No. {num} of the {jur.names[0]} on {topic[0]}"
        official = self.r() < 0.7
        level = "EvidenceOfficialText" if official else "EvidenceSecondary"
        src = self.source(doc, f"{inst}-text", f"Text of {label}", level)
        jur.sources.append(src)
        start = self.day(1995, 2029)
        stages: list[Stage]
        if binding and self.r() < 0.1:
            stages = [("Draft", None), ("Draft", None)]  # a bill, still a bill later
        elif binding:
            stages = [("Draft", None), ("Adopted", None), ("Published", None), ("InForce", None)]  # type: ignore[list-item]
            stages = stages[1:] if self.r() < 0.15 else stages
            stages += [("Repealed", None)] if self.r() < 0.08 else []
        else:
            stages = [("Adopted", None)]
            stages += [("Withdrawn", None)] if self.r() < 0.06 else []
        events, after = self.events(doc, inst, label, stages, start, src)
        provisions = self.provisions(doc, inst, label, src, binding)
        direct: list[tuple[str, Objects]] = []
        if not provisions or self.r() < 0.3:
            direct = [
                ("aikg:upholdsPrinciple", self.concepts("principles", 1 + int(self.r() * 3))),
                ("aikg:addressesIssue", self.concepts("legal-issues", 1 + int(self.r() * 2))),
                ("aikg:regulatesParty", self.concepts("party-roles", int(self.r() * 2))),
            ]
        complete = self.r() < 0.4
        cover = [self.coverage(d, complete, src, "The whole text") for d in _DIMENSIONS]
        if self.r() < 0.5:
            cover.append(self.coverage("DimensionStatusHistory", True, src, "Every status event to date"))
        names = [label]
        if self.r() < 0.4:
            names += [f"{k_ru.capitalize()} № {num} {topic[1]}", f"{k_kk.capitalize()} № {num} {topic[2]}"]
        doc.add(
            inst,
            ("a", f"aikg:{kind}"),
            ("rdfs:label", self.labels(names)),
            ("aikg:formalForce", "aikgv:LegallyBinding" if binding else "aikgv:NonBinding"),
            ("aikg:hasJurisdiction", jur.iri),
            ("aikg:issuedBy", jur.body),
            ("aikg:officialNumber", _lit(num)),
            ("aikg:isAISpecific", str(ai).lower()),
            ("aikg:officialText", [src] if official else []),
            *direct,
            ("aikg:hasStatusEvent", events),
            ("aikg:codingCoverage", cover),
            ("aikg:citation", self.cite(src, "Title", f"{label}.")),
        )
        if binding and len(stages) > 2 and provisions:
            self.rules(doc, inst, label, src, provisions, after)
        if ai and self.r() < 0.6:
            self.definition(doc, jur, inst, label, src, provisions, start)
        self.relation(doc, inst, label, src, provisions, earlier, after)
        earlier.append((inst, binding, after, provisions))

    def definition(
        self, doc: _Doc, jur: _Jur, inst: str, label: str, src: str, provisions: list[str], start: dt.date
    ) -> None:
        defin = f"{inst}-def"
        core = self.pick(self.m.core, 1 + int(self.r() * 3))
        text = sorted(set(core + self.pick(self.m.specific, 1 + int(self.r() * 5))))
        study = self.pick(self.m.core + self.m.specific, 1 + int(self.r() * 3)) if self.r() < 0.3 else []
        doc.add(
            defin,
            ("a", "aikg:AIDefinition"),
            ("rdfs:label", _en(f"Definition of AI in {label}")),
            (
                "aikg:wording",
                [
                    _en(f"artificial intelligence means a machine-based system ({label})"),
                    _lit(f"искусственный интеллект — система ({jur.names[1]})", "ru"),
                ],
            ),
            ("aikg:wordingKind", "aikgv:OfficialText"),
            ("aikg:definedTerm", _lit("AI")),
            ("aikg:statedIn", provisions[1] if len(provisions) > 1 else inst),
            ("aikg:hasJurisdiction", jur.iri),
            ("aikg:date", _date(start, "year")),
            ("aikg:hasCriterion", [f"aikgv:{c}" for c in text]),
            ("aikg:studyAttributesCriterion", [f"aikgv:{c}" for c in study]),
            ("aikg:citation", self.cite(src, "Art. 2")),
        )
        if self.r() < 0.15:  # a scholar's rendering of it, coded in the study lens
            scholar, work = f"{defin}-scholar", f"{defin}-work"
            doc.add(
                scholar,
                ("a", "aikg:Person"),
                ("rdfs:label", _en(f"Scholar writing on {jur.names[0]}")),
                ("aikg:citation", self.cite(jur.sources[2])),
            )
            doc.add(
                work,
                ("a", "aikg:ScholarlyWork"),
                ("rdfs:label", _en(f"Commentary on {label}")),
                ("dcterms:title", _en(f"Commentary on {label}")),
                ("dcterms:creator", _lit(f"Scholar of {jur.names[0]}")),
                ("aikg:evidenceLevel", "aikgv:EvidenceSecondary"),
            )
            doc.add(
                f"{defin}-rendering",
                ("a", "aikg:AIDefinition"),
                ("rdfs:label", _en(f"A scholar's rendering of the definition in {label}")),
                ("aikg:wording", _en("AI is a system that acts autonomously")),
                ("aikg:wordingKind", "aikgv:Paraphrase"),
                ("aikg:definedTerm", _lit("AI")),
                ("aikg:statedBy", scholar),
                ("aikg:renderingOf", defin),
                ("aikg:studyAttributesCriterion", [f"aikgv:{c}" for c in self.pick(self.m.core, 2)]),
                (
                    "aikg:citation",
                    _Bn(("aikg:source", work), ("aikg:pages", _lit(str(int(self.r() * 99) + 1)))),
                ),
            )

    def relation(
        self,
        doc: _Doc,
        inst: str,
        label: str,
        src: str,
        provisions: list[str],
        earlier: list[Earlier],
        after: dt.date,
    ) -> None:
        """Now and then, the new instrument acts on an earlier one of its jurisdiction."""
        if not earlier or not provisions or self.r() > 0.35:
            return
        target, target_binding, target_after, target_provisions = earlier[int(self.r() * len(earlier))]
        day, x = self.later(max(after, target_after), 300), self.r()
        kind = (
            "Amends"
            if x < 0.45
            else "Repeals"
            if x < 0.55 and target_binding
            else "Replaces"
            if x < 0.6
            else "Implements"
            if x < 0.8
            else "Interprets"
        )
        rel = f"{inst}-rel"
        doc.add(
            rel,
            ("a", "aikg:InstrumentRelation"),
            ("rdfs:label", _en(f"{label} {kind.lower()} {target}")),
            ("aikg:relationKind", f"aikgv:{kind}"),
            ("aikg:actingInstrument", inst),
            ("aikg:targetInstrument", target),
            ("aikg:targetProvision", target_provisions[:1] if kind == "Amends" else []),
            ("aikg:date", _date(day, "day")),
            ("aikg:setBy", provisions[0]),
            ("aikg:citation", self.cite(src, "Final provisions")),
        )
        if kind in ("Repeals", "Replaces"):
            earlier[:] = [e for e in earlier if e[0] != target]  # an ended instrument is not acted on again
        elif kind == "Amends" and target_binding and target_provisions and self.r() < 0.5:
            old = self.rules_of.get(target)  # the amending act moves a date: a rule replacing the old one
            chapters = [p for p in target_provisions if "-ch" in p]
            applies = [old[1]] if old else chapters[:1] or target_provisions[:1]
            self.rule(
                doc,
                f"{rel}-rule",
                target,
                label,
                src,
                self.later(day, 700, 200),
                provisions[0],
                applies,
                replaces=old[0] if old else None,
            )

    def international(self, doc: _Doc, states: list[_Jur], budget: int) -> None:
        """Organisations with treaties (signed, ratified, in force per party) and directives (transposed)."""
        orgs = max(2, min(12, int(self.scale * 1.2)))
        for o in range(orgs):
            code, (latin, cyr) = f"org{o + 1}", self.name()
            union = o % 3 == 1
            names = (
                (f"{latin} Union", f"Союз {cyr}", f"{cyr} одағы")
                if union
                else (
                    f"{latin} Organisation for Digital Co-operation",
                    f"Организация цифрового сотрудничества {cyr}",
                    f"{cyr} ұйымы",
                )
            )
            src = self.source(doc, f"ex:{code}-src", f"Treaties of the {names[0]}", "EvidenceOfficialText")
            kinds = (
                ["aikg:SupranationalOrganisation"]
                if union
                else ["aikg:InternationalOrganisation", "aikg:InternationalJurisdiction"]
            )
            doc.add(
                f"ex:{code}",
                ("a", kinds),
                ("rdfs:label", self.labels(names)),
                ("aikg:citation", self.cite(src, "Founding treaty")),
            )
            members = sorted({self.one([s.iri for s in states]) for _ in range(4 + int(self.r() * 12))})
            number = 0
            while doc.count < budget * (o + 1) / orgs:
                number += 1
                kind = "Directive" if union else ("Treaty" if self.r() < 0.6 or number < 2 else "Guidelines")
                binding, (k_en, _ru, _kk) = self.m.kinds[kind]
                inst = f"ex:{code}-i{number}"
                label = f"{names[0]} {k_en} No. {number} on {self.one([t[0] for t in _TOPICS])}"
                own: list[Stage] = [("Adopted", None)]
                parties: list[list[Stage]] = []
                if kind == "Treaty":
                    for party in members:
                        if self.r() < 0.7:
                            steps: list[Stage] = [("Signed", party), ("Ratified", party), ("InForce", party)]
                            parties.append(steps if self.r() < 0.6 else steps[:1])
                elif kind == "Directive":
                    own += [("Published", None), ("InForce", None)]
                    parties = [[("Transposed", p)] for p in members if self.r() < 0.7]
                events, after = self.events(doc, inst, label, own, self.day(1995, 2028), src)
                for index, stages in enumerate(parties):  # each party's steps follow the instrument's own
                    party_label = f"{label} ({str(stages[0][1])[3:]})"
                    more, _end = self.events(
                        doc, f"{inst}-p{index + 1}", party_label, stages, self.later(after, 700), src
                    )
                    events += more
                self.provisions(doc, inst, label, src, binding)
                doc.add(
                    inst,
                    ("a", f"aikg:{kind}"),
                    ("rdfs:label", _en(label)),
                    ("aikg:formalForce", "aikgv:LegallyBinding" if binding else "aikgv:NonBinding"),
                    ("aikg:hasJurisdiction", f"ex:{code}"),
                    ("aikg:issuedBy", f"ex:{code}"),
                    ("aikg:isAISpecific", "true"),
                    ("aikg:upholdsPrinciple", self.concepts("principles", 2)),
                    ("aikg:addressesIssue", self.concepts("legal-issues", 1)),
                    ("aikg:hasStatusEvent", events),
                    ("aikg:citation", self.cite(src, "Preamble")),
                )

    def run(self) -> dict[str, bytes]:
        count = max(3, min(MAX_JURISDICTIONS, round(math.sqrt(self.target) / 4)))
        weights = [1 / (i + 2) ** 0.6 for i in range(count)]  # a few large legal orders, many small ones
        docs: list[_Doc] = []
        states: list[_Jur] = []
        for index in range(count):
            code = f"j{index + 1:03d}"
            doc = _Doc(f"synth-{code}")
            parent = self.one(states) if states and self.r() < 0.15 else None
            jur = self.jurisdiction(doc, code, parent)
            states += [] if parent else [jur]
            earlier: list[Earlier] = []
            budget, number = self.target * 0.9 * weights[index] / sum(weights), 0
            while doc.count < budget or number == 0:
                number += 1
                self.instrument(doc, jur, number, earlier)
            docs.append(doc)
        docs.append(_Doc("synth-international"))
        self.international(docs[-1], states, max(200, self.target - sum(d.count for d in docs)))
        out: dict[str, bytes] = {}
        for doc in docs:
            head = (
                f"# aikg synthetic extension: {doc.count} triples (of about {self.target} in all); "
                f"invented data for benchmarks.\n{_HEADER}"
                f"<{SYNTH_NS}module/{doc.name}> a owl:Ontology ;\n"
                f"    rdfs:label {_lit(f'aikg synthetic data: {doc.name}', 'en')} .\n\n"
            )
            out[f"{doc.name}.ttl"] = (head + "\n".join(doc.parts)).encode("utf-8")
        return out
