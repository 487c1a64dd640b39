"""aikg release: checks the changelog and the version headers, packs every product into a
deterministic, checksummed archive, and tags a clean git work tree."""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
from products import rendered

from aikg import __version__
from aikg.cli import main
from aikg.errors import EXIT_BAD_INPUT, AikgInputError
from aikg.release import ReleaseError, archive, changelog_sections, check_release, make_release, tag_release

REPO = Path(__file__).resolve().parents[1]


def _changelog(
    tmp_path: Path, unreleased: str = "", version: str = __version__, day: str = "2026-11-27", older: str = ""
) -> Path:
    text = (
        f"# Changelog\n\n## [Unreleased]\n{unreleased}\n## [{version}] — {day}\n\n"
        f"### Added\n- Everything.\n{older}"
    )
    path = tmp_path / "CHANGELOG.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_changelog_sections_are_read_in_order() -> None:
    sections = changelog_sections((REPO / "CHANGELOG.md").read_text(encoding="utf-8"))
    assert sections[0][0] == "Unreleased"
    assert any(name == __version__ and day is not None for name, day, _body in sections)


def test_a_release_is_a_deterministic_checksummed_archive(tmp_path: Path) -> None:
    changelog = _changelog(tmp_path)
    made = make_release(tmp_path / "dist", changelog=changelog, files=rendered())
    data = made.archive.read_bytes()
    assert made.archive.name == f"aikg-{__version__}.tar.gz"
    assert made.checksum.read_text() == f"{hashlib.sha256(data).hexdigest()}  {made.archive.name}\n"
    again = make_release(tmp_path / "again", changelog=changelog, files=rendered())
    assert again.archive.read_bytes() == data  # same sources, same bytes
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        members = {m.name: m for m in tar.getmembers()}
        folder = f"aikg-{__version__}"
        assert set(members) == {f"{folder}/{n}" for n in [*rendered(), "CHANGELOG.md", "SHA256SUMS"]}
        assert {m.mtime for m in members.values()} == {1795737600}  # 2026-11-27, the release date
        assert {(m.uid, m.gid, m.mode) for m in members.values()} == {(0, 0, 0o644)}
        sums = tar.extractfile(members[f"{folder}/SHA256SUMS"]).read().decode()  # type: ignore[union-attr]
        for line in sums.splitlines():
            digest, name = line.split("  ")
            member = tar.extractfile(members[f"{folder}/{name}"])
            assert member is not None and hashlib.sha256(member.read()).hexdigest() == digest, name


def test_the_archive_does_not_depend_on_the_order_of_its_files() -> None:
    files = {"b.ttl": b"b", "a.ttl": b"a"}
    day = __import__("datetime").date(2026, 11, 27)
    assert archive(files, "9.9.9", day) == archive(dict(reversed(list(files.items()))), "9.9.9", day)


def test_unreleased_changes_block_a_release(tmp_path: Path) -> None:
    changelog = _changelog(tmp_path, unreleased="\n### Added\n- Something new.\n")
    with pytest.raises(AikgInputError, match=r"\[Unreleased\] section is not empty"):
        make_release(tmp_path / "dist", changelog=changelog, files=rendered())
    assert not (tmp_path / "dist").exists()
    assert main(["release", "--changelog", str(changelog), "--out", str(tmp_path / "dist")]) == EXIT_BAD_INPUT


def test_a_version_without_a_dated_section_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AikgInputError, match="no dated section"):
        check_release("9.9.9", changelog=_changelog(tmp_path))


def test_headers_must_carry_the_version_and_its_date(tmp_path: Path) -> None:
    with pytest.raises(ReleaseError, match="dcterms:issued"):
        check_release(__version__, changelog=_changelog(tmp_path, day="2027-01-01"))
    older = "\n## [0.0.9] — 2026-01-01\n\n- The first.\n"
    with pytest.raises(ReleaseError, match="owl:priorVersion should be"):
        check_release(__version__, changelog=_changelog(tmp_path, older=older))


def test_tagging_needs_a_clean_tree_and_a_new_tag(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    repo = tmp_path / "repo"
    repo.mkdir()

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout

    git("init", "-q")
    git("config", "user.email", "test@example.org")
    git("config", "user.name", "test")
    (repo / "file.txt").write_text("x")
    with pytest.raises(ReleaseError, match="uncommitted changes"):
        tag_release("1.2.3", repo)
    git("add", "file.txt")
    git("commit", "-q", "-m", "first")
    assert tag_release("1.2.3", repo) == "v1.2.3"
    assert "aikg 1.2.3" in git("tag", "-n", "v1.2.3")
    with pytest.raises(ReleaseError, match="already exists"):
        tag_release("1.2.3", repo)
