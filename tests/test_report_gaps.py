"""`aikg report`, the main job, ends with the gaps in the law the SHACL shapes find."""

from __future__ import annotations

from pathlib import Path

import pytest

from aikg.cli import EXIT_OK, main


def test_report_lists_the_gap_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["report", "--profile", "study", "--skip", "reason", "--skip", "profile", "--out", str(tmp_path)]
    )
    out = capsys.readouterr().out
    assert code == EXIT_OK, out
    assert (
        "PASS   shapes    SHACL: 39 shapes, 0 violation(s); "
        "gap findings on 2024-12-31: 18 warning(s), 25 info(s)" in out
    )
    gaps = out[out.index("Gaps in the law on 2024-12-31") :]
    # The drafts of the study's snapshot (CQ-17): the KZ AI law, the AIA proposal,
    # and the AI Bill of Rights that the study calls a draft.
    assert "G05 instruments still in draft: 3" in gaps
    for line in (
        "aikgd:EU: aikgd:eu-aia-proposal",
        "aikgd:KZ: aikgd:kz-draft-ai-law",
        "aikgd:US: aikgd:us-ai-bill-of-rights",
    ):
        assert line in gaps
    # Only Russia has a binding definition, and it is not known to be in force:
    # every jurisdiction is a G01 gap.
    assert "G01 no legally binding definition of AI in force: 9" in gaps
    assert (
        "aikgd:KZ: aikgv:IntellectualPropertyInAIWorks, aikgv:LawLagsTechnology, aikgv:LiabilityForHarm"
        in gaps
    )


def test_shapes_check_fails_on_a_violation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A copy of the ontology where one instrument loses its jurisdiction (S03)
    # must fail the shapes check.
    import shutil

    from aikg.resources import ontology_dir

    copy = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), copy)
    russia = copy / "data" / "study" / "russia.ttl"
    text = russia.read_text(encoding="utf-8")
    russia.write_text(
        text.replace(
            "    aikg:hasJurisdiction aikgd:RU ;\n    aikg:officialNumber", "    aikg:officialNumber", 1
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("AIKG_ONTOLOGY_DIR", str(copy))
    code = main(["check", "--profile", "study", "--skip", "reason", "--skip", "profile", "--skip", "hygiene"])
    out = capsys.readouterr().out
    assert code == 1, out
    assert "FAIL   shapes" in out
    assert "ru-federal-law-123" in out
