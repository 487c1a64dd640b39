"""Official-only answers (``--evidence official``): a dated fact that no official source
supports stays in the derivation as unknown, so the answers the official sources cannot
carry become "not established"; nothing becomes stronger, weaker or negative."""

from __future__ import annotations

import subprocess
import sys

import pytest

from aikg.api import ask, load_graph
from aikg.load import KnowledgeBase

# The answer of every jurisdiction and concept on the profile's as-of date.
ANSWERS = """SELECT ?j ?c ?s WHERE {
  ?a a aikg:AnswerInterval ; aikg:forJurisdiction ?j ; aikg:answerConcept ?c ; aikg:answerStatus ?s .
  ?p aikg:asOfDate ?d . OPTIONAL { ?a aikg:fromDay ?f } OPTIONAL { ?a aikg:toDay ?t }
  FILTER ((!BOUND(?f) || ?f <= ?d) && (!BOUND(?t) || ?d <= ?t)) }"""
NOT_ESTABLISHED = "https://w3id.org/aikg/vocab/AnswerNotEstablished"


def _answers(kb: KnowledgeBase) -> dict[tuple[str, str], str]:
    return {(r[0].value, r[1].value): r[2].value for r in kb.query(ANSWERS)}  # type: ignore[union-attr]


@pytest.mark.parametrize("profile", ["study", "full"])
def test_official_only_answers_are_the_same_or_not_established(profile: str) -> None:
    every = _answers(load_graph(profile))
    official = _answers(load_graph(profile, evidence="official"))
    assert set(official) == set(every)  # the same questions are answered
    changed = {k: (every[k], v) for k, v in official.items() if v != every[k]}
    assert all(v == NOT_ESTABLISHED for _every, v in changed.values()), changed
    if profile == "full":
        # Facts read only from secondary copies (the AI Act's Official Journal text was not
        # in the stored material) are set aside: some answers must change.
        assert changed


def test_the_ai_act_definition_is_not_established_on_official_evidence_alone() -> None:
    # CQ-13 (binding definition of AI in effect): with every source, the AI Act's Art. 3(1)
    # applies in the EU on the full profile's as-of date; its dates come from secondary
    # copies of the Official Journal, so official-only evidence cannot establish it.
    eu = "https://w3id.org/aikg/data/EU"
    art = "https://w3id.org/aikg/data/eu-ai-act-art-3-1"

    def rows(evidence: str) -> set[tuple[str, str, str]]:
        result = ask("CQ-13", evidence=evidence)  # type: ignore[arg-type]
        index = {name: i for i, name in enumerate(result.variables)}
        return {
            (row[index["status"]].value, row[index["strongestKnown"]].value, row[index["basis"]].value)  # type: ignore[union-attr]
            for row in result.rows
            if row[index["jurisdiction"]] is not None
            and row[index["jurisdiction"]].value == eu  # type: ignore[union-attr]
            and row[index["basis"]] is not None
            and row[index["basis"]].value == art  # type: ignore[union-attr]
        }

    vocab = "https://w3id.org/aikg/vocab/"
    assert rows("any") == {(vocab + "AnswerBindingApplicable", vocab + "EffectApplicable", art)}
    assert rows("official") == {(vocab + "AnswerNotEstablished", vocab + "EffectNotEstablished", art)}


def test_an_unsupported_application_rule_is_not_read_as_applicable_from_entry_into_force() -> None:
    # Setting aside the AI Act's Art. 113 rules must not make its obligations apply from
    # entry into force (1 August 2024): the effect is unknown, never "applicable".
    kb = load_graph("full", evidence="official")
    found = kb.query(
        """SELECT DISTINCT ?e WHERE { ?i a aikg:EffectInterval ; aikg:intervalOf aikgd:eu-ai-act ;
                                      aikg:forJurisdiction aikgd:EU ; aikg:effect ?e }"""
    )
    assert {row[0].value for row in found} == {"https://w3id.org/aikg/vocab/EffectNotEstablished"}  # type: ignore[union-attr,index]


def test_unknown_evidence_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown evidence"):
        load_graph("full").with_evidence("rumour")  # type: ignore[arg-type]


def test_the_cli_says_which_evidence_it_used_and_refuses_it_with_an_endpoint() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "aikg", "ask", "CQ-13", "--evidence", "official", "--format", "tsv"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "from official sources only" in done.stderr
    assert "AnswerNotEstablished" in done.stdout
    refused = subprocess.run(
        [
            sys.executable,
            "-m",
            "aikg",
            "ask",
            "CQ-13",
            "--evidence",
            "official",
            "--endpoint",
            "http://127.0.0.1:9/q",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert refused.returncode == 2
    assert "--evidence official derives answers locally" in refused.stderr


def test_the_report_on_official_evidence_writes_the_page_but_no_products(
    tmp_path: pytest.TempPathFactory,
) -> None:
    out = tmp_path / "dist"  # type: ignore[operator]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "aikg",
            "-q",
            "report",
            "--evidence",
            "official",
            "--out",
            str(out),
            "--skip",
            "reason",
            "--skip",
            "profile",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Products: not written (--data or --evidence given)." in done.stdout
    assert "Answers and gaps: from the dated facts an official source supports" in done.stdout
    assert (out / "report" / "report.html").is_file()
    assert not (out / "aikg-full.ttl").exists()


def test_cq24_lists_what_official_evidence_cannot_establish_instead_of_dropping_it() -> None:
    # CQ-24 (what has effect in the EU on the date) shows the AI Act as "not established" on
    # official evidence alone, rather than leaving it out of a list that looks complete.
    result = ask("CQ-24", {"jurisdiction": "aikgd:EU"}, evidence="official")
    index = {name: i for i, name in enumerate(result.variables)}
    effects = {
        row[index["effect"]].value  # type: ignore[union-attr]
        for row in result.rows
        if row[index["instrument"]].value == "https://w3id.org/aikg/data/eu-ai-act"  # type: ignore[union-attr]
    }
    assert effects == {"https://w3id.org/aikg/vocab/EffectNotEstablished"}
