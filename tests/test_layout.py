"""The folder layout decides the catalog and the profiles' imports (one rule, in layout.FOLDERS).

A new module is a new file: ``aikg layout`` regenerates the catalog and the import
blocks, ``aikg layout --check`` (and ``aikg check``) fails while they are stale,
and the new module is then loaded by the profiles its folder says.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aikg.errors import AikgInputError
from aikg.layout import CATALOG_FILE, FOLDERS, plan, write_layout
from aikg.load import load_profile
from aikg.resources import ontology_dir

NEW_MODULE = """\
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/aikg/data/module/outside/example-republic> a owl:Ontology ;
    rdfs:label "aikg data: Example Republic (outside sources)"@en .
"""


@pytest.fixture()
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), target)
    return target


def test_the_shipped_layout_is_up_to_date() -> None:
    assert write_layout(check=True) == []


def test_every_folder_in_the_rule_exists_and_every_module_is_in_the_catalog() -> None:
    layout = plan()
    for folder in FOLDERS:
        assert (layout.folder / folder).is_dir(), folder
    catalog = (layout.folder / CATALOG_FILE).read_text(encoding="utf-8")
    for iri, path in layout.modules.items():
        assert f'name="{iri}" uri="{path.relative_to(layout.folder).as_posix()}"' in catalog


def test_a_new_file_makes_the_layout_stale_until_regenerated(copy: Path) -> None:
    (copy / "data" / "outside" / "example-republic.ttl").write_text(NEW_MODULE, encoding="utf-8")
    before = {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()}
    stale = write_layout(copy, check=True)
    assert sorted(p.name for p in stale) == ["catalog-v001.xml", "kb-full.ttl"]
    assert {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()} == before  # --check writes nothing
    assert sorted(p.name for p in write_layout(copy)) == ["catalog-v001.xml", "kb-full.ttl"]
    assert write_layout(copy, check=True) == []
    iri = "https://w3id.org/aikg/data/module/outside/example-republic"
    assert iri in {m.iri for m in load_profile("full", copy).modules}
    assert iri not in {m.iri for m in load_profile("study", copy).modules}


def test_two_files_declaring_one_module_are_an_input_error(copy: Path) -> None:
    for name in ("a.ttl", "b.ttl"):
        (copy / "data" / "outside" / name).write_text(NEW_MODULE, encoding="utf-8")
    with pytest.raises(AikgInputError, match="is also declared by"):
        plan(copy)


def test_a_file_without_an_ontology_header_is_an_input_error(copy: Path) -> None:
    bad = copy / "data" / "outside" / "headless.ttl"
    bad.write_text(
        "<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n", encoding="utf-8"
    )
    with pytest.raises(AikgInputError, match="exactly one owl:Ontology header"):
        plan(copy)


def test_aikg_layout_check_is_silent_and_clean_on_the_shipped_tree() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "aikg", "layout", "--check"], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""
