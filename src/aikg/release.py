"""A release: every product in one tagged, checksummed archive.

``aikg release`` (or :func:`make_release`) checks that the release is what it
claims to be, builds every product (:func:`aikg.build.render`, all profiles, the
bridge, the documentation, VoID/DCAT) and writes into ``dist/``:

* ``aikg-<version>.tar.gz``: the folder ``aikg-<version>/`` with every product,
  ``CHANGELOG.md`` and ``SHA256SUMS`` (the SHA-256 of each file in it), packed
  deterministically (names sorted, owner root, mode 0644, every time stamp the
  release date from the changelog, gzip without a name or time), so the same
  sources give the same archive bytes;
* ``aikg-<version>.tar.gz.sha256``: the archive's checksum, as ``sha256sum -c``
  reads it.

It refuses (exit 2, nothing written) unless ``CHANGELOG.md`` (Keep a Changelog)
has a dated section for the version and an empty ``[Unreleased]`` section, the
three profile roots carry that version (``owl:versionInfo`` and a version IRI
``https://w3id.org/aikg/<version>/...``) and were issued on the release date
(``dcterms:issued``), and a root that names a prior version names the previous
section of the changelog. With ``tag=True`` it then makes the annotated git tag
``v<version>`` on a clean work tree.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import re
import subprocess
import tarfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from . import __version__
from .build import DEFAULT_OUT_DIR, render
from .errors import AikgError, AikgInputError
from .fileio import write_files
from .load import PROFILES, load_profile
from .rdfio import term_value

__all__ = [
    "Release",
    "ReleaseError",
    "changelog_sections",
    "check_release",
    "archive",
    "make_release",
    "tag_release",
]

_SECTION: Final = re.compile(
    r"^## \[(?P<version>[^\]]+)\](?:\s*[-—–]\s*(?P<date>\d{4}-\d{2}-\d{2}))?\s*$", re.M
)
_OWL: Final = "http://www.w3.org/2002/07/owl#"
_ISSUED: Final = "http://purl.org/dc/terms/issued"


class ReleaseError(AikgError):
    """The release is not consistent (changelog, version, headers) or could not be tagged."""


@dataclass(frozen=True)
class Release:
    """What :func:`make_release` wrote."""

    version: str
    date: dt.date
    archive: Path
    checksum: Path
    files: tuple[str, ...]
    tag: str | None = None


def changelog_sections(text: str) -> list[tuple[str, dt.date | None, str]]:
    """(version, date, body) of every ``## [...]`` section, in file order."""
    matches = list(_SECTION.finditer(text))
    sections = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        day = dt.date.fromisoformat(match["date"]) if match["date"] else None
        sections.append((match["version"], day, text[match.end() : end].strip()))
    return sections


def _root_header(profile: str, ontology_dir: Path | None) -> dict[str, list[str]]:
    kb = load_profile(profile, ontology_dir)  # type: ignore[arg-type]
    header: dict[str, list[str]] = {}
    for t in kb.root.triples:
        if term_value(t.subject) == kb.root.iri:
            header.setdefault(t.predicate.value, []).append(term_value(t.object))
    header["@iri"] = [kb.root.iri]
    return header


def check_release(
    version: str = __version__,
    *,
    changelog: Path = Path("CHANGELOG.md"),
    ontology_dir: Path | None = None,
    allow_unreleased: bool = False,
) -> dt.date:
    """Check the changelog and the roots' headers for *version*; return the release date.

    *allow_unreleased* skips the check that ``[Unreleased]`` is empty (the headers of a
    work tree between releases still describe the last release).
    """
    try:
        text = changelog.read_text(encoding="utf-8")
    except OSError as exc:
        raise AikgInputError(changelog, f"cannot read the changelog: {exc.strerror or exc}") from None
    sections = changelog_sections(text)
    unreleased = [body for name, _day, body in sections if name.lower() == "unreleased"]
    if unreleased and unreleased[0] and not allow_unreleased:
        raise AikgInputError(
            changelog,
            "the [Unreleased] section is not empty: move its entries under a "
            f"new version (and set that version in pyproject.toml) before releasing {version}",
        )
    released = [(name, day) for name, day, _body in sections if name.lower() != "unreleased"]
    found = [i for i, (name, _day) in enumerate(released) if name == version]
    if not found or released[found[0]][1] is None:
        raise AikgInputError(
            changelog, f"no dated section '## [{version}] — YYYY-MM-DD' for the version to release"
        )
    date = released[found[0]][1]
    assert date is not None
    prior = released[found[0] + 1][0] if found[0] + 1 < len(released) else None
    for profile in PROFILES:
        header = _root_header(profile, ontology_dir)
        root = header["@iri"][0]
        path = root.removeprefix("https://w3id.org/aikg/")
        problems = []
        if header.get(_OWL + "versionInfo") != [version]:
            problems.append(f"owl:versionInfo is {header.get(_OWL + 'versionInfo')}, not [{version!r}]")
        if header.get(_OWL + "versionIRI") != [f"https://w3id.org/aikg/{version}/{path}"]:
            problems.append(f"owl:versionIRI is not https://w3id.org/aikg/{version}/{path}")
        if header.get(_ISSUED) != [date.isoformat()]:
            problems.append(f"dcterms:issued is {header.get(_ISSUED)}, not the release date {date}")
        expected_prior = [f"https://w3id.org/aikg/{prior}/{path}"] if prior else []
        if header.get(_OWL + "priorVersion", []) != expected_prior:
            problems.append(f"owl:priorVersion should be {expected_prior or 'absent (first release)'}")
        if problems:
            raise ReleaseError(f"<{root}> is not ready for release {version}: " + "; ".join(problems))
    return date


def archive(files: Mapping[str, bytes], version: str, date: dt.date) -> bytes:
    """The deterministic ``.tar.gz`` of *files* under ``aikg-<version>/``, with ``SHA256SUMS``."""
    folder = f"aikg-{version}"
    sums = "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items()))
    members = {**files, "SHA256SUMS": sums.encode("utf-8")}
    stamp = int(dt.datetime.combine(date, dt.time(), tzinfo=dt.UTC).timestamp())
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name in sorted(members):
            info = tarfile.TarInfo(f"{folder}/{name}")
            info.size, info.mtime, info.mode = len(members[name]), stamp, 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(members[name]))
    packed = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=packed, mtime=0, compresslevel=9) as stream:
        stream.write(raw.getvalue())
    return packed.getvalue()


def tag_release(version: str, repo: Path, *, message: str | None = None) -> str:
    """Make the annotated tag ``v<version>`` in the git work tree *repo* (clean, tag new)."""

    def git(*args: str) -> str:
        try:
            done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
        except FileNotFoundError:
            raise ReleaseError("git is not installed") from None
        except subprocess.CalledProcessError as exc:
            raise ReleaseError(f"git {' '.join(args)} failed: {exc.stderr.strip() or exc}") from None
        return done.stdout

    name = f"v{version}"
    if git("status", "--porcelain").strip():
        raise ReleaseError(f"the work tree {repo} has uncommitted changes: commit them before tagging {name}")
    if git("tag", "--list", name).strip():
        raise ReleaseError(f"the tag {name} already exists")
    git("tag", "-a", name, "-m", message or f"aikg {version}")
    return name


def make_release(
    out_dir: Path = DEFAULT_OUT_DIR,
    *,
    version: str = __version__,
    changelog: Path = Path("CHANGELOG.md"),
    ontology_dir: Path | None = None,
    files: Mapping[str, bytes] | None = None,
    tag: bool = False,
    repo: Path = Path("."),
) -> Release:
    """Check, build, archive and (with *tag*) tag release *version*; see the module documentation."""
    date = check_release(version, changelog=changelog, ontology_dir=ontology_dir)
    products = dict(files) if files is not None else render(tuple(PROFILES), ontology_dir=ontology_dir)  # type: ignore[arg-type]
    products["CHANGELOG.md"] = changelog.read_bytes()
    packed = archive(products, version, date)
    target = out_dir / f"aikg-{version}.tar.gz"
    checksum = target.with_name(target.name + ".sha256")
    write_files({target: packed, checksum: f"{hashlib.sha256(packed).hexdigest()}  {target.name}\n".encode()})
    made = tag_release(version, repo) if tag else None
    return Release(version, date, target, checksum, tuple(sorted(products)), made)
