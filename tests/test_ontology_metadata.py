"""Ontology metadata: fixed in the sources (not stamped at build time), complete on every module
header (the FOOPS!-style checklist M01-M07 in ontology/shapes/metadata.ttl), and consistent with
the package version and the changelog."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
from rdflib import OWL, URIRef
from rdflib.namespace import DCTERMS, VANN

from aikg import __version__
from aikg.load import PROFILES, load_profile
from aikg.pytest_plugin import compare_expected, read_expectations
from aikg.release import check_release
from aikg.validate import shapes_dir, validate

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "shapes"
METADATA = shapes_dir() / "metadata.ttl"
ONTOLOGY = URIRef("https://w3id.org/aikg/ontology")
ROOTS = {
    "tbox": ONTOLOGY,
    "study": URIRef("https://w3id.org/aikg/kb/study"),
    "full": URIRef("https://w3id.org/aikg/kb/full"),
}
LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")
PROJECT = URIRef("https://w3id.org/aikg")


def test_tbox_ontology_header_is_complete() -> None:
    g = load_profile("tbox").graph

    def one(p: URIRef) -> rdflib.term.Node:
        values = list(g.objects(ONTOLOGY, p))
        assert values, f"missing {p}"
        return values[0]

    assert str(one(OWL.versionIRI)) == f"https://w3id.org/aikg/{__version__}/ontology"
    assert str(one(OWL.versionInfo)) == __version__
    assert {t.language for t in g.objects(ONTOLOGY, DCTERMS.title)} == {"en", "ru", "kk"}  # type: ignore[attr-defined]
    assert one(DCTERMS.description)
    assert one(DCTERMS.creator) == PROJECT and one(DCTERMS.publisher) == PROJECT
    assert one(DCTERMS.license) == LICENCE
    assert str(one(DCTERMS.created)) == "2026-11-26" and one(DCTERMS.modified) and one(DCTERMS.issued)
    assert "aikg" in str(one(DCTERMS.bibliographicCitation))
    assert str(one(VANN.preferredNamespacePrefix)) == "aikg"
    assert str(one(VANN.preferredNamespaceUri)) == "https://w3id.org/aikg/ont/"
    assert one(DCTERMS.source) == URIRef("https://w3id.org/aikg/data/study")


@pytest.mark.parametrize("profile", list(PROFILES))
def test_every_root_carries_version_issue_date_and_licence(profile: str) -> None:
    g = load_profile(profile).graph  # type: ignore[arg-type]
    root = ROOTS[profile]
    assert (
        str(g.value(root, OWL.versionIRI))
        == f"https://w3id.org/aikg/{__version__}/{str(root).split('aikg/')[1]}"
    )
    assert (root, DCTERMS.license, LICENCE) in g and g.value(root, DCTERMS.issued) is not None


def test_version_is_written_once() -> None:
    # the package version and the ontology version agree, so a release bumps both together
    g = load_profile("tbox").graph
    assert str(g.value(ONTOLOGY, OWL.versionInfo)) == __version__


def test_version_headers_agree_with_the_changelog() -> None:
    # The release check itself: versionInfo, versionIRI, issued (= the version's date in
    # CHANGELOG.md) and priorVersion (= the previous section, absent for the first release).
    day = check_release(__version__, changelog=REPO / "CHANGELOG.md", allow_unreleased=True)
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## \[{re.escape(__version__)}\] . {day.isoformat()}$", text, re.M)


def test_every_module_header_names_creator_publisher_issue_licence_citation_and_prefix(kb_full) -> None:  # type: ignore[no-untyped-def]
    g = kb_full.graph
    for module in kb_full.modules:
        header = URIRef(module.iri)
        for predicate in (
            DCTERMS.creator,
            DCTERMS.publisher,
            DCTERMS.issued,
            DCTERMS.license,
            DCTERMS.bibliographicCitation,
            VANN.preferredNamespacePrefix,
            VANN.preferredNamespaceUri,
        ):
            assert g.value(header, predicate) is not None, f"{module.path.name}: no {predicate}"
        assert all(isinstance(c, URIRef) for c in g.objects(header, DCTERMS.creator)), module.path.name


# --------------------------------------------------------------------------- the M shapes


def _fixtures() -> list[Path]:
    return sorted(FIXTURES.glob("M[0-9][0-9]-*.ttl"))


def test_every_metadata_shape_has_a_valid_and_an_invalid_fixture() -> None:
    found = {}
    for path in _fixtures():
        shape, kind = re.match(r"^(M\d\d)-(valid|invalid-\d\d)\.ttl$", path.name).groups()  # type: ignore[union-attr]
        word = "valid" if kind == "valid" else "invalid"
        assert re.match(rf"^# {word}: \S", path.read_text(encoding="utf-8").splitlines()[0]), path.name
        found.setdefault(shape, set()).add(kind.split("-")[0])
    assert found == {f"M{n:02d}": {"valid", "invalid"} for n in range(1, 8)}


@pytest.mark.parametrize("path", _fixtures(), ids=lambda p: p.stem)
def test_metadata_fixture_produces_exactly_its_expected_findings(path: Path) -> None:
    result = validate([path], "tbox", include_shipped=False, fail_on="none", shapes=METADATA)
    missing, unexpected = compare_expected(path, result)
    assert not missing and not unexpected, ([str(e) for e in missing], [str(f) for f in unexpected])
    if path.stem.endswith("-valid"):
        assert not read_expectations(path)


@pytest.mark.parametrize("profile", ["study", "full"])
def test_the_shipped_modules_pass_the_checklist(profile: str) -> None:
    result = validate(profile=profile, fail_on="none", shapes=METADATA)  # type: ignore[arg-type]
    assert result.findings == (), result.to_text()
    assert set(result.shapes) == {f"M{n:02d}" for n in range(1, 8)}
