"""What the report with pictures shows, read from the graph (:mod:`aikg.report_html`).

Everything comes from the asserted and the derived graph by SPARQL: criterion
matches (``aikg:CriterionMatch``), the pairwise similarity of definitions (the
query of CQ-06, for every pair), answer intervals (``aikg:AnswerInterval``) and
status events. No status is recomputed here: an answer is the derived interval
that contains the report's date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

import pyoxigraph as ox

from .load import KnowledgeBase
from .namespaces import AIKGV, prefix_map

if TYPE_CHECKING:
    from .shacl.findings import ValidationResult
from .resources import queries_dir

__all__ = [
    "ANSWER_STATUSES",
    "LENSES",
    "Pair",
    "Answer",
    "Event",
    "ReportData",
    "as_of_date",
    "collect",
]

#: The answer statuses, in the order of the legend (strongest first).
ANSWER_STATUSES: Final = tuple(
    str(AIKGV) + name
    for name in (
        "AnswerBindingApplicable",
        "AnswerBindingNotYetApplicable",
        "AnswerBindingNotInForce",
        "AnswerSoftLawOnly",
        "AnswerNone",
        "AnswerNotEstablished",
    )
)
LENSES: Final = (str(AIKGV) + "TextLens", str(AIKGV) + "StudyLens")
_VALUES: Final = re.compile(r"^\s*VALUES .*# @params\s*$", re.M)


@dataclass(frozen=True)
class Pair:
    """The similarity of two definitions in one lens (CQ-06's columns)."""

    a: str
    b: str
    shared: int
    union: int
    jaccard: float | None  # None where CQ-06 leaves it undefined (fewer than two core criteria)


@dataclass(frozen=True)
class Answer:
    """The derived answer for one jurisdiction and concept on the report's date."""

    status: str
    strongest: str | None
    based_on: tuple[str, ...]


@dataclass(frozen=True)
class Event:
    """A dated status event of an instrument."""

    instrument: str
    day: dt.date
    date_text: str
    status: str
    party: str | None
    sources: tuple[str, ...]


@dataclass
class ReportData:
    """Everything the page and its Markdown twin show."""

    profile: str
    date: dt.date
    labels: dict[str, str] = field(default_factory=dict)
    matches: dict[str, dict[str, dict[str, bool]]] = field(
        default_factory=dict
    )  # lens -> def -> criterion -> direct
    core: set[str] = field(default_factory=set)
    definition_jurisdiction: dict[str, str] = field(default_factory=dict)
    pairs: dict[str, list[Pair]] = field(default_factory=dict)  # lens -> pairs
    answers: dict[tuple[str, str], Answer] = field(default_factory=dict)  # (jurisdiction, concept) -> answer
    principles: list[str] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)
    jurisdictions: list[str] = field(default_factory=list)
    models: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # model -> (source, pages)
    model_claims: dict[str, list[str]] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    instrument_of: dict[str, str] = field(default_factory=dict)  # provision -> instrument
    jurisdiction_of: dict[str, str] = field(default_factory=dict)  # instrument -> jurisdiction
    sources: dict[str, list[str]] = field(default_factory=dict)  # resource -> its sources
    source_links: dict[str, list[str]] = field(default_factory=dict)  # source -> URLs
    source_text: dict[str, str] = field(default_factory=dict)  # source -> citation text
    gaps: list[tuple[str, str, str, str]] = field(
        default_factory=list
    )  # shape, jurisdiction, subject, message


def _rows(kb: KnowledgeBase, text: str) -> list[dict[str, ox.NamedNode | ox.Literal | ox.BlankNode | None]]:
    solutions = kb.store.query(text, prefixes=prefix_map(), use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
    return [dict(zip(names, row, strict=True)) for row in solutions]  # type: ignore[union-attr,arg-type]


def _v(term: object) -> str:
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else ""  # type: ignore[union-attr]


def as_of_date(kb: KnowledgeBase) -> dt.date:
    """The profile's as-of date (``aikg:asOfDate``)."""
    rows = _rows(kb, "SELECT ?d WHERE { ?p aikg:asOfDate ?d } ORDER BY ?d")
    if not rows:
        raise ValueError("the knowledge base has no aikg:asOfDate: give the report a date")
    return dt.date.fromisoformat(_v(rows[0]["d"]))


def _similarity(kb: KnowledgeBase, lens: str) -> list[Pair]:
    """CQ-06's query for every pair of definitions (no jurisdiction given), in *lens*."""
    text = (queries_dir() / "cq" / "cq-06-definition-similarity-pair.rq").read_text(encoding="utf-8")
    text = _VALUES.sub(
        f"  VALUES (?jurisdictionA ?jurisdictionB ?lens) {{ (UNDEF UNDEF <{lens}>) }}", text, count=1
    )
    pairs = []
    for row in _rows(kb, text):
        jaccard = _v(row.get("jaccardCore"))
        pairs.append(
            Pair(
                _v(row["definitionA"]),
                _v(row["definitionB"]),
                int(_v(row["sharedCore"]) or 0),
                int(_v(row["unionCore"]) or 0),
                float(jaccard) if jaccard else None,
            )
        )
    return sorted(set(pairs), key=lambda p: (p.a, p.b))


def _labels(kb: KnowledgeBase) -> dict[str, str]:
    labels: dict[str, str] = {}
    for row in _rows(
        kb,
        """SELECT ?s ?l WHERE { { ?s rdfs:label ?l } UNION { ?s skos:prefLabel ?l }
                            FILTER (LANGMATCHES(LANG(?l), "en")) } ORDER BY ?s ?l""",
    ):
        labels.setdefault(_v(row["s"]), _v(row["l"]))
    return labels


def _answers(kb: KnowledgeBase, day: dt.date, data: ReportData) -> None:
    date = f'"{day.isoformat()}"^^xsd:date'
    rows = _rows(
        kb,
        f"""SELECT ?a ?j ?c ?status ?strong ?kind WHERE {{
        ?a a aikg:AnswerInterval ; aikg:forJurisdiction ?j ; aikg:answerConcept ?c ;
           aikg:answerStatus ?status .
        {{ ?c a aikg:Principle BIND ("principle" AS ?kind) }}
        UNION {{ ?c a aikg:LegalIssue BIND ("issue" AS ?kind) }}
        OPTIONAL {{ ?a aikg:fromDay ?from }} OPTIONAL {{ ?a aikg:toDay ?to }}
        FILTER ((!BOUND(?from) || ?from <= {date}) && (!BOUND(?to) || {date} <= ?to))
        OPTIONAL {{ ?a aikg:strongestKnown ?strong }} }}""",
    )
    based: dict[str, list[str]] = defaultdict(list)
    for row in _rows(kb, "SELECT ?a ?b WHERE { ?a a aikg:AnswerInterval ; aikg:basedOn ?b } ORDER BY ?a ?b"):
        based[_v(row["a"])].append(_v(row["b"]))
    principles: set[str] = set()
    issues: set[str] = set()
    jurisdictions: set[str] = set()
    for row in rows:
        j, c = _v(row["j"]), _v(row["c"])
        (principles if _v(row["kind"]) == "principle" else issues).add(c)
        jurisdictions.add(j)
        data.answers[(j, c)] = Answer(
            _v(row["status"]), _v(row["strong"]) or None, tuple(based[_v(row["a"])])
        )
    data.principles, data.issues = sorted(principles), sorted(issues)
    data.jurisdictions = sorted(jurisdictions, key=lambda j: (data.labels.get(j, j), j))


def _sources(kb: KnowledgeBase, data: ReportData) -> None:
    for row in _rows(kb, "SELECT ?r ?s WHERE { ?r aikg:citation/aikg:source ?s } ORDER BY ?r ?s"):
        data.sources.setdefault(_v(row["r"]), []).append(_v(row["s"]))
    for row in _rows(
        kb,
        """SELECT ?s ?u WHERE { ?x aikg:citation/aikg:source ?s .
                            { ?s rdfs:seeAlso ?u } UNION { ?s foaf:page ?u } FILTER (isIRI(?u)) }
                            ORDER BY ?s ?u""",
    ):
        links = data.source_links.setdefault(_v(row["s"]), [])
        if _v(row["u"]) not in links:
            links.append(_v(row["u"]))
    for row in _rows(
        kb,
        """SELECT ?s ?c WHERE { ?x aikg:citation/aikg:source ?s . ?s dcterms:bibliographicCitation ?c
                            FILTER (LANGMATCHES(LANG(?c), "en") || LANG(?c) = "") } ORDER BY ?s ?c""",
    ):
        data.source_text.setdefault(_v(row["s"]), _v(row["c"]))


def _events(kb: KnowledgeBase, data: ReportData) -> None:
    rows = _rows(
        kb,
        """SELECT ?i ?e ?date ?day ?status ?party ?j WHERE {
        ?i aikg:hasStatusEvent ?e .
        ?e aikg:resultingStatus ?status ; aikg:date ?date ; aikg:earliestDay ?day .
        OPTIONAL { ?e aikg:forParty ?party } OPTIONAL { ?i aikg:hasJurisdiction ?j } }
        ORDER BY ?day ?i ?status""",
    )
    for row in rows:
        instrument, event = _v(row["i"]), _v(row["e"])
        data.jurisdiction_of.setdefault(instrument, _v(row["j"]))
        data.events.append(
            Event(
                instrument,
                dt.date.fromisoformat(_v(row["day"])),
                _v(row["date"]),
                _v(row["status"]),
                _v(row["party"]) or None,
                tuple(data.sources.get(event, ())),
            )
        )
    for row in _rows(kb, "SELECT ?p ?i WHERE { ?p aikg:provisionOf ?i }"):
        data.instrument_of[_v(row["p"])] = _v(row["i"])
    for row in _rows(
        kb,
        "SELECT ?i ?j WHERE { ?i a ?k ; aikg:hasJurisdiction ?j . ?k rdfs:subClassOf aikg:LegalInstrument }",
    ):
        data.jurisdiction_of.setdefault(_v(row["i"]), _v(row["j"]))


def _models(kb: KnowledgeBase, data: ReportData) -> None:
    for row in _rows(
        kb,
        """SELECT ?m ?s ?pages WHERE { ?m a aikg:LegalStatusModel .
        OPTIONAL { ?s aikg:discussesLegalStatusModel ?m
                   OPTIONAL { ?m aikg:citation ?c . ?c aikg:source ?s ; aikg:pages ?pages } } }
        ORDER BY ?m ?s""",
    ):
        entries = data.models.setdefault(_v(row["m"]), [])
        if row["s"] is not None:
            entries.append((_v(row["s"]), _v(row["pages"])))
    for row in _rows(
        kb,
        "SELECT ?m ?claim WHERE { ?m a aikg:LegalStatusModel . ?claim a aikg:Claim ; aikg:about ?m } "
        "ORDER BY ?m ?claim",
    ):
        data.model_claims.setdefault(_v(row["m"]), []).append(_v(row["claim"]))


def _gaps(kb: KnowledgeBase, day: dt.date, data: ReportData, result: ValidationResult | None) -> None:
    """The findings of the gap shapes (G..) on *day*, for the profile and data files of *kb*
    (from *result* when it is a validation of *kb* on *day*)."""
    from .validate import shapes_dir, validate

    if result is None or result.as_of != day:
        folder = shapes_dir()
        result = validate(
            kb.data_files,
            data.profile,  # type: ignore[arg-type]
            date=day,
            fail_on="none",  # type: ignore[arg-type]
            shapes=[folder / "common.ttl", folder / "gaps.ttl"],
        )
    for finding in result.findings:
        if finding.shape[:1] != "G":
            continue
        subject = finding.concept or finding.instrument or ""
        data.gaps.append((finding.shape, finding.jurisdiction or finding.resource, subject, finding.message))
    data.gaps.sort()


def collect(
    kb: KnowledgeBase,
    date: dt.date | None = None,
    *,
    gaps: bool = True,
    validation: ValidationResult | None = None,
) -> ReportData:
    """Read everything the report shows from *kb* on *date* (default: its as-of date).

    *validation*, a validation of *kb* on that date, is read for the gap findings
    instead of validating again."""
    day = date or as_of_date(kb)
    data = ReportData(profile=kb.profile or "full", date=day, labels=_labels(kb))
    for lens in LENSES:
        table: dict[str, dict[str, bool]] = defaultdict(dict)
        for row in _rows(
            kb,
            f"""SELECT ?d ?c ?direct WHERE {{ ?m aikg:lens <{lens}> ; aikg:matchedText ?d ;
                                 aikg:matchedCriterion ?c ; aikg:codedDirectly ?direct }}""",
        ):
            table[_v(row["d"])][_v(row["c"])] = _v(row["direct"]) == "true"
        data.matches[lens] = dict(table)
        data.pairs[lens] = _similarity(kb, lens)
    data.core = {_v(r["c"]) for r in _rows(kb, "SELECT ?c WHERE { ?c a aikg:CoreCriterion }")}
    for row in _rows(kb, "SELECT ?d ?j WHERE { ?d a aikg:AIDefinition ; aikg:hasJurisdiction ?j }"):
        data.definition_jurisdiction[_v(row["d"])] = _v(row["j"])
    _sources(kb, data)
    _answers(kb, day, data)
    _models(kb, data)
    _events(kb, data)
    if gaps:
        _gaps(kb, day, data, validation)
    return data


def instruments_of(data: ReportData, resources: Iterable[str]) -> list[str]:
    """The instruments behind *resources* (a provision counts as its instrument), sorted."""
    return sorted({data.instrument_of.get(r, r) for r in resources})
