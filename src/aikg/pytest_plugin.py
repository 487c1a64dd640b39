"""A pytest plugin for researchers who extend aikg: assert that your files conform.

Load it with ``pytest -p aikg.pytest_plugin`` (or ``pytest_plugins =
["aikg.pytest_plugin"]`` in a ``conftest.py``; an installed aikg registers it as a
``pytest11`` entry point). It offers:

* the fixture ``aikg_validate``: :func:`aikg.validate.validate`, with the profile
  set by ``--aikg-profile`` (default ``full``);
* the fixture ``aikg_assert_conforms`` and the function :func:`assert_conforms`:
  validate files and fail the test with the findings table if there is a
  Violation (or, with ``fail_on="warning"``, a Warning);
* :func:`read_expectations` and :func:`assert_expected`: check a fixture file
  against the findings it declares in comment lines, the format aikg's own shape
  fixtures use::

      # invalid: an instrument without a jurisdiction.
      # expect: S03-jurisdiction ex:my-law sh:Violation
      # expect: G03 ex:XY sh:Info aikgv:LiabilityForHarm

  Each ``expect`` line is a shape ID (``S03``) or a named shape or constraint
  (``S03-jurisdiction``), the resource (a CURIE of the file's prefixes or of
  aikg's, or ``<IRI>``), the severity, and optionally the value: the value at
  fault, or for a gap the concept or instrument it is about (the resource of a
  gap is its jurisdiction, and of an anchored rule the resource at fault). The file must
  produce exactly these findings: every Violation it causes, and every finding
  (of any severity) of the shapes its expect lines name, or of the shape in the
  file's name (``S03-invalid-01.ttl``). A file with no expect line must produce
  neither.

Example, in a researcher's ``test_my_extension.py``::

    def test_my_extension_conforms(aikg_assert_conforms):
        aikg_assert_conforms("data/my-jurisdiction.ttl")
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from .load import DEFAULT_PROFILE, PROFILES, Profile
from .namespaces import PREFIXES
from .validate import AIKGSH, SEVERITIES, FailOn, Finding, Severity, ValidationResult, validate

__all__ = [
    "Expectation",
    "assert_conforms",
    "read_expectations",
    "compare_expected",
    "assert_expected",
    "aikg_validate",
    "aikg_assert_conforms",
]

_EXPECT = re.compile(r"^#\s*expect:\s*(.+?)\s*$")
_SHAPE_IN_NAME = re.compile(r"^([A-Z][0-9]{2})-")
_SEVERITY_NAMES = {f"sh:{s}": s for s in SEVERITIES} | {s: s for s in SEVERITIES}


# --------------------------------------------------------------------------- conformance


def assert_conforms(
    *files: Path | str,
    profile: Profile = DEFAULT_PROFILE,
    include_shipped: bool = True,
    fail_on: FailOn = "violation",
) -> ValidationResult:
    """Validate *files* (with the shipped graph) and fail with the findings if they do not conform.

    Returns the :class:`~aikg.validate.ValidationResult` for further checks. Called
    with no file it fails: a test that validates nothing must not pass.
    """
    if not files:
        pytest.fail(
            "aikg_assert_conforms() was given no file to validate: pass the paths of your RDF files, "
            'e.g. aikg_assert_conforms("data/my-jurisdiction.ttl")',
            pytrace=False,
        )
    result = validate(files, profile, include_shipped=include_shipped, fail_on=fail_on)
    if result.failed:
        shown: Severity = "Violation" if fail_on == "violation" else "Warning"
        pytest.fail(
            f"aikg validation failed (--fail-on {fail_on}):\n{result.to_text(show=shown)}", pytrace=False
        )
    return result


# --------------------------------------------------------------------------- expectations


@dataclass(frozen=True)
class Expectation:
    """One ``# expect:`` line: a shape or constraint, a resource, a severity, maybe a value."""

    shape: str
    resource: str
    severity: str
    value: str | None = None
    line: int = 0

    def matches(self, finding: Finding) -> bool:
        if self.shape not in finding.names:
            return False
        if finding.resource != self.resource or finding.severity != self.severity:
            return False
        if self.value is None:
            return True
        value = finding.value.value if isinstance(finding.value, ox.NamedNode) else None
        return self.value in (value, finding.concept, finding.instrument)

    def __str__(self) -> str:
        value = f" {self.value}" if self.value else ""
        return f"{self.shape} <{self.resource}> sh:{self.severity}{value}"


def _prefixes_of(file: Path, text: str) -> dict[str, str]:
    """aikg's prefixes and those the file declares, as its Turtle parser reads them."""
    prefixes = dict(PREFIXES)
    prefixes["aikgsh"] = str(AIKGSH)
    try:
        parser = ox.parse(text.encode("utf-8"), ox.RdfFormat.TURTLE, base_iri=file.resolve().as_uri())
        for _quad in parser:
            pass
    except (SyntaxError, ValueError):
        return prefixes  # not Turtle: only aikg's prefixes
    prefixes.update({p: n for p, n in parser.prefixes.items() if p})
    return prefixes


def _expand(token: str, prefixes: dict[str, str], where: str) -> str:
    if token.startswith("<") and token.endswith(">"):
        return token[1:-1]
    prefix, sep, local = token.partition(":")
    if sep and prefix in prefixes:
        return prefixes[prefix] + local
    raise ValueError(f"{where}: cannot expand {token!r} (unknown prefix)")


def read_expectations(path: Path | str) -> list[Expectation]:
    """The ``# expect:`` lines of a fixture file (see the module documentation)."""
    file = Path(path)
    text = file.read_text(encoding="utf-8")
    prefixes = _prefixes_of(file, text)
    expectations = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _EXPECT.match(line)
        if not match:
            continue
        where = f"{file}:{number}"
        tokens = match.group(1).split()
        if len(tokens) not in (3, 4):
            raise ValueError(f"{where}: expected '# expect: SHAPE RESOURCE SEVERITY [VALUE]'")
        severity = _SEVERITY_NAMES.get(tokens[2])
        if severity is None:
            raise ValueError(f"{where}: unknown severity {tokens[2]!r} (sh:Violation, sh:Warning or sh:Info)")
        value = _expand(tokens[3], prefixes, where) if len(tokens) == 4 else None
        expectations.append(
            Expectation(
                shape=tokens[0],
                resource=_expand(tokens[1], prefixes, where),
                severity=severity,
                value=value,
                line=number,
            )
        )
    return expectations


def _shape_of(name: str) -> str | None:
    match = _SHAPE_IN_NAME.match(name)
    return match.group(1) if match else None


def _relevant(finding: Finding, shapes: set[str]) -> bool:
    return finding.severity == "Violation" or bool(finding.names & shapes)


def compare_expected(path: Path | str, result: ValidationResult) -> tuple[list[Expectation], list[Finding]]:
    """(expectations no finding met, findings no expectation covers) for a fixture file."""
    file = Path(path)
    expectations = read_expectations(file)
    shapes = {e.shape for e in expectations} | {e.shape.split("-")[0] for e in expectations}
    own = _shape_of(file.name)
    if own:
        shapes.add(own)
    findings = [f for f in result.findings if _relevant(f, shapes)]
    unmatched_findings = list(findings)
    missing = []
    # Exact constraint names first, then shape IDs, so that a shape-level line does
    # not take the finding a constraint-level line needs.
    for expectation in sorted(expectations, key=lambda e: ("-" not in e.shape, e.line)):
        for finding in unmatched_findings:
            if expectation.matches(finding):
                unmatched_findings.remove(finding)
                break
        else:
            missing.append(expectation)
    return missing, unmatched_findings


def assert_expected(
    path: Path | str,
    *,
    profile: Profile = "tbox",
    include_shipped: bool = False,
) -> ValidationResult:
    """Validate one fixture file and fail unless it produces exactly its ``# expect:`` findings.

    By default the file is validated against the TBox alone (with the study's
    bibliography), as aikg's own shape fixtures are.
    """
    result = validate([path], profile, include_shipped=include_shipped, fail_on="none")
    missing, unexpected = compare_expected(path, result)
    if missing or unexpected:
        lines = [f"{path}: findings differ from the '# expect:' lines"]
        lines += [f"  expected, not found: {e}" for e in missing]
        lines += [f"  found, not expected: {f}" for f in unexpected]
        lines.append(result.to_text())
        pytest.fail("\n".join(lines), pytrace=False)
    return result


# --------------------------------------------------------------------------- pytest hooks


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("aikg", "aikg validation")
    group.addoption(
        "--aikg-profile",
        choices=list(PROFILES),
        default=DEFAULT_PROFILE,
        help=f"the shipped aikg graph the aikg_* fixtures validate with (default: {DEFAULT_PROFILE})",
    )


def _profile(config: pytest.Config) -> Profile:
    try:
        return config.getoption("--aikg-profile")  # type: ignore[no-any-return]
    except ValueError:  # the option is not registered (plugin loaded late)
        return DEFAULT_PROFILE


@pytest.fixture
def aikg_validate(request: pytest.FixtureRequest) -> Callable[..., ValidationResult]:
    """:func:`aikg.validate.validate` with the profile of ``--aikg-profile``."""
    default = _profile(request.config)

    def run(
        data_files: Iterable[Path | str] | Path | str = (),
        profile: Profile | None = None,
        **options: object,
    ) -> ValidationResult:
        return validate(data_files, profile or default, **options)  # type: ignore[arg-type]

    return run


@pytest.fixture
def aikg_assert_conforms(request: pytest.FixtureRequest) -> Callable[..., ValidationResult]:
    """:func:`assert_conforms` with the profile of ``--aikg-profile``."""
    default = _profile(request.config)

    def run(*files: Path | str, profile: Profile | None = None, **options: object) -> ValidationResult:
        return assert_conforms(*files, profile=profile or default, **options)  # type: ignore[arg-type]

    return run
