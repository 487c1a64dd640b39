"""`aikg report`, the main job, ends with the gaps in the law the SHACL shapes find."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aikg.cli import EXIT_OK, main


def test_report_lists_the_gap_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["report", "--profile", "study", "--skip", "reason", "--skip", "profile", "--out", str(tmp_path)]
    )
    out = capsys.readouterr().out
    assert code == EXIT_OK, out
    assert re.search(r"PASS   shapes    SHACL: \d+ shapes, 0 violation\(s\); gap findings on 2024-12-31", out)
    gaps = out[out.index("Gaps in the law on 2024-12-31") :]
    # On the study's snapshot the graph declares no inventory complete, so no absence is
    # claimed: no G01-G04 gap, only "not established" (G06) for every jurisdiction.
    for absent in ("G01", "G02", "G03", "G04"):
        assert re.search(rf"^  {absent} .*: 0$", gaps, re.MULTILINE), absent
    # The only draft on 2024-12-31 (CQ-17): Kazakhstan's AI bill. The AI Act was adopted
    # (in force from 1 August 2024) and the AI Bill of Rights is a published blueprint.
    assert "  G05 draft instrument: 1\n      aikgd:KZ: aikgd:kz-draft-ai-law\n" in gaps
    assert "G06 gap not established: 18" in gaps
    for code in ("CoE", "EU", "KZ", "OECD", "RU", "UK", "UN", "US", "international-law"):
        assert f"aikgd:{code}: aikgv:AIDefinitionTopic, aikgv:LiabilityForHarm\n" in gaps, code


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
    code = main(["check", "--profile", "study", "--skip", "reason", "--skip", "profile"])
    out = capsys.readouterr().out
    assert code == 1, out
    assert "FAIL   shapes" in out
    assert "ru-federal-law-123" in out
