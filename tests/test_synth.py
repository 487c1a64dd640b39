"""``aikg synth``: deterministic, in aikg's model, valid under the shapes, growing like a legal database."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aikg.cli import main
from aikg.load import KnowledgeBase, load_profile
from aikg.synth import MAX_JURISDICTIONS, read_model, synthesize, write_synth
from aikg.validate import validate


@pytest.fixture(scope="module")
def ten_k(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_synth(tmp_path_factory.mktemp("synth") / "10k", 10_000, seed=1)


@pytest.fixture(scope="module")
def ten_k_kb(ten_k: list[Path]) -> KnowledgeBase:
    return load_profile("full", data=ten_k)


def _count(files: dict[str, bytes], pattern: str) -> int:
    return sum(len(re.findall(pattern, text.decode("utf-8"), re.MULTILINE)) for text in files.values())


def test_same_seed_same_bytes_and_the_cli_writes_them(tmp_path: Path) -> None:
    model = read_model()
    first, again, other = (synthesize(3000, seed, model) for seed in (7, 7, 8))
    assert first == again
    assert first != other
    assert main(["synth", "--triples", "3000", "--seed", "7", "--out", str(tmp_path)]) == 0
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == first


def test_bad_arguments_exit_2_and_write_nothing(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["synth", "--triples", "0", "--out", str(tmp_path / "out")])
    assert exit_info.value.code == 2
    assert not (tmp_path / "out").exists()


def test_it_grows_with_more_instruments_per_jurisdiction_not_more_jurisdictions() -> None:
    model = read_model()
    sizes = {n: synthesize(n, 1, model) for n in (2_000, 20_000, 200_000)}
    jurisdictions = {
        n: _count(f, r"^ex:j\d+ a aikg:(State|SubnationalJurisdiction)") for n, f in sizes.items()
    }
    instruments = {n: _count(f, r"^ex:j\d+-i\d+ a aikg:") for n, f in sizes.items()}
    provisions = {n: _count(f, r"^ex:\S+ a aikg:Provision") for n, f in sizes.items()}
    sources = {
        n: _count(f, r"^ex:\S+ a aikg:(OfficialText|OnlineResource|ScholarlyWork)") for n, f in sizes.items()
    }
    assert jurisdictions[2_000] < jurisdictions[20_000] < jurisdictions[200_000] <= MAX_JURISDICTIONS
    for per in (instruments, provisions, sources):  # per jurisdiction, each grows
        assert (
            per[2_000] / jurisdictions[2_000]
            < per[20_000] / jurisdictions[20_000]
            < per[200_000] / jurisdictions[200_000]
        )
    for n, files in sizes.items():
        written = sum(
            int(m)
            for m in re.findall(
                rb"^# aikg synthetic extension: (\d+) triples", b"".join(files.values()), re.MULTILINE
            )
        )
        assert n <= written < n * 1.1 + 1000  # about N: each legal order ends on a whole instrument


def test_ten_thousand_triples_pass_the_shapes(ten_k: list[Path]) -> None:
    result = validate(ten_k)
    violations = [f for f in result.findings if f.severity == "Violation"]
    assert not violations, violations[:5]


def test_the_model_is_exercised(ten_k_kb: KnowledgeBase) -> None:
    def values(query: str) -> set[str]:
        return {row[0].value for row in ten_k_kb.query(query)}  # type: ignore[union-attr,index]

    synth = "FILTER (STRSTARTS(STR(?x), 'https://example.org/aikg-synth/'))"
    kinds = values(
        "SELECT DISTINCT ?k { ?k rdfs:subClassOf aikg:LegalInstrument . ?k owl:equivalentClass* ?k }"
    )
    used = values(f"SELECT DISTINCT ?k {{ ?x a ?k . ?k rdfs:subClassOf aikg:LegalInstrument {synth} }}")
    assert used == kinds, f"kinds never generated: {kinds - used}"
    assert values(
        f"SELECT DISTINCT (DATATYPE(?d) AS ?t) {{ ?x aikg:hasStatusEvent/aikg:date ?d {synth} }}"
    ) == {
        "http://www.w3.org/2001/XMLSchema#date",
        "http://www.w3.org/2001/XMLSchema#gYearMonth",
        "http://www.w3.org/2001/XMLSchema#gYear",
    }
    assert values(f"SELECT DISTINCT (LANG(?l) AS ?lang) {{ ?x a aikg:State ; rdfs:label ?l {synth} }}") == {
        "en",
        "ru",
        "kk",
    }
    assert {"Amends", "Repeals", "Implements", "Interprets"} <= {
        v.rsplit("/", 1)[1] for v in values(f"SELECT DISTINCT ?k {{ ?x aikg:relationKind ?k {synth} }}")
    }
    assert values(f"SELECT DISTINCT ?e {{ ?x aikg:evidenceLevel ?e {synth} }}") == {
        f"https://w3id.org/aikg/vocab/Evidence{e}" for e in ("OfficialText", "OfficialPage", "Secondary")
    }
    assert values(
        "SELECT DISTINCT ?s { ?x aikg:hasStatusEvent ?e . ?e aikg:forParty ?p ; aikg:resultingStatus ?s "
        + synth
        + " }"
    )
    for pattern in (
        "?x aikg:appliesTo ?scope",
        "?x aikg:replacesRule ?old",
        "?x aikg:studyAttributesCriterion ?c",
        "?x aikg:hasCriterion ?c",
        "?x aikg:renderingOf ?d",
        "?x aikg:inventoryCoverage ?c",
        "?x aikg:codingCoverage ?c",
        "?x aikg:withinJurisdiction ?j",
        "?x aikg:excludesParty ?p",
    ):
        assert values(f"SELECT ?x {{ {pattern} {synth} }} LIMIT 1"), pattern
    answers = values(
        "SELECT DISTINCT ?s { ?a aikg:forJurisdiction ?x ; aikg:answerStatus ?s "
        "FILTER (STRSTARTS(STR(?x), 'https://example.org/aikg-synth/')) }"
    )
    assert len(answers) >= 4  # the derived answers differ from one synthetic jurisdiction to another
