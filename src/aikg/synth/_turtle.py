"""The model the generator reads from the TBox, and Turtle written with a triple count."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, TypeAlias, TypeVar

from ..load import load_profile

SYNTH_NS: Final = "https://example.org/aikg-synth/"
#: Real databases stop at about 200 states plus sub-national and international bodies.
MAX_JURISDICTIONS: Final = 230
_A, _V = "https://w3id.org/aikg/ont/", "https://w3id.org/aikg/vocab/"
_PREFIXES: Final = {
    "aikg": _A,
    "aikgv": _V,
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "ex": SYNTH_NS,
}
_HEADER: Final = "".join(f"@prefix {p}: <{n}> .\n" for p, n in _PREFIXES.items()) + "\n"
_SYLLABLES: Final = [
    ("no", "но"),
    ("var", "вар"),
    ("li", "ли"),
    ("ta", "та"),
    ("ken", "кен"),
    ("dor", "дор"),
    ("mi", "ми"),
    ("sa", "са"),
    ("ra", "ра"),
    ("bel", "бел"),
    ("tu", "ту"),
    ("gor", "гор"),
    ("ve", "ве"),
    ("lan", "лан"),
    ("ko", "ко"),
    ("zem", "зем"),
    ("al", "ал"),
    ("pa", "па"),
]
# (English, Russian, Kazakh) names of what an instrument is about; the first four are about AI.
_TOPICS: Final = [
    ("Artificial Intelligence", "об искусственном интеллекте", "жасанды интеллект туралы"),
    ("Robotics", "о робототехнике", "робототехника туралы"),
    ("Automated Decision-Making", "об автоматизированных решениях", "автоматтандырылған шешімдер туралы"),
    ("Algorithmic Transparency", "об алгоритмической прозрачности", "алгоритмдік ашықтық туралы"),
    ("Personal Data", "о персональных данных", "дербес деректер туралы"),
    ("Digital Platforms", "о цифровых платформах", "цифрлық платформалар туралы"),
    ("Cybersecurity", "о кибербезопасности", "киберқауіпсіздік туралы"),
    ("Data Governance", "об управлении данными", "деректерді басқару туралы"),
]
_AI_TOPICS: Final = 4
_DIMENSIONS: Final = tuple(
    "Dimension" + d for d in "Definition LegalIssues Principles RegulatedParties".split()
)
_PARTY_KINDS: Final = ("Treaty", "Directive")
_T = TypeVar("_T")
Stage: TypeAlias = tuple[str, "str | None"]  # (status, party)
Earlier: TypeAlias = tuple[str, bool, dt.date, list[str]]  # instrument, binding, after its events, provisions


@dataclass(frozen=True)
class Model:
    """What the generator takes from aikg's TBox."""

    kinds: dict[str, tuple[bool, tuple[str, str, str]]]  # local name -> (binding, labels en/ru/kk)
    schemes: dict[str, tuple[str, ...]]  # scheme local name -> concept local names
    core: tuple[str, ...]
    specific: tuple[str, ...]


def read_model(ontology_dir: Path | None = None) -> Model:
    """Instrument kinds, concept schemes and criteria levels, as the TBox declares them."""
    kb = load_profile("tbox", ontology_dir)

    def rows(query: str) -> list[list[str]]:
        return [[term.value for term in row] for row in kb.query(query)]  # type: ignore[union-attr]

    labels: dict[str, dict[str, str]] = {}
    binding: dict[str, bool] = {}
    for kind, force, label, lang in rows("""SELECT ?k ?f ?l (LANG(?l) AS ?lang) {
            ?k rdfs:subClassOf aikg:LegalInstrument , [ owl:onProperty aikg:formalForce ; owl:hasValue ?f ] ;
               rdfs:label ?l }"""):
        labels.setdefault(kind[len(_A) :], {})[lang] = label
        binding[kind[len(_A) :]] = force.endswith("LegallyBinding")
    kinds = {
        name: (binding[name], (own.get("en", name), own.get("ru", name), own.get("kk", name)))
        for name, own in sorted(labels.items())
    }
    schemes: dict[str, list[str]] = {}
    for concept, scheme in rows("SELECT ?c ?s { ?c skos:inScheme ?s }"):
        schemes.setdefault(scheme[len(_V) :], []).append(concept[len(_V) :])
    levels: dict[str, list[str]] = {"CoreCriterion": [], "SpecificCriterion": []}
    levels_query = "SELECT ?c ?t { VALUES ?t { aikg:CoreCriterion aikg:SpecificCriterion } ?c a ?t }"
    for concept, level in rows(levels_query):
        levels[level[len(_A) :]].append(concept[len(_V) :])
    return Model(
        kinds,
        {k: tuple(sorted(v)) for k, v in sorted(schemes.items())},
        tuple(sorted(levels["CoreCriterion"])),
        tuple(sorted(levels["SpecificCriterion"])),
    )


# --------------------------------------------------------------------------- Turtle with a triple count


def _lit(text: str, lang: str | None = None) -> str:
    body = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{body}@{lang}" if lang else body


def _en(text: str) -> str:
    return _lit(text, lang="en")


def _date(day: dt.date, precision: str) -> str:
    if precision == "year":
        return f'"{day.year:04d}"^^xsd:gYear'
    if precision == "month":
        return f'"{day.year:04d}-{day.month:02d}"^^xsd:gYearMonth'
    return f'"{day.isoformat()}"^^xsd:date'


def _last_day(day: dt.date, precision: str) -> dt.date:
    """The last day a date written at *precision* may stand for."""
    if precision == "year":
        return dt.date(day.year, 12, 31)
    if precision == "month":
        return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1) - dt.timedelta(days=1)
    return day


class _Bn:
    """A blank node object, ``[ p o ; ... ]``, with its triple count."""

    def __init__(self, *pairs: tuple[str, str | _Bn]) -> None:
        inner = " ; ".join(f"{p} {o.text if isinstance(o, _Bn) else o}" for p, o in pairs)
        self.text: str = f"[ {inner} ]"
        self.count: int = sum(1 + (o.count if isinstance(o, _Bn) else 0) for _p, o in pairs)


Objects: TypeAlias = "str | _Bn | Sequence[str | _Bn]"


@dataclass
class _Doc:
    name: str
    parts: list[str] = field(default_factory=list)
    count: int = 0

    def add(self, subject: str, *pairs: tuple[str, Objects]) -> None:
        lines = []
        for predicate, objects in pairs:
            items = [objects] if isinstance(objects, (str, _Bn)) else list(objects)
            if items:
                self.count += sum(1 + (o.count if isinstance(o, _Bn) else 0) for o in items)
                lines.append(f"{predicate} " + " , ".join(o.text if isinstance(o, _Bn) else o for o in items))
        self.parts.append(f"{subject} " + " ;\n    ".join(lines) + " .\n")


# --------------------------------------------------------------------------- the generator


@dataclass
class _Jur:
    iri: str
    code: str
    names: tuple[str, str, str]
    body: str
    sources: list[str]  # noqa: E702
