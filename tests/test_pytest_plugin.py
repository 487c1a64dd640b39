"""The pytest plugin: a researcher's own test suite asserts that an extension conforms."""

from __future__ import annotations

from pathlib import Path

import pytest

from aikg.pytest_plugin import Expectation, compare_expected, read_expectations
from aikg.validate import validate

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "shapes"
GOOD = FIXTURES / "S03-valid.ttl"
BROKEN = FIXTURES / "S05-invalid-01.ttl"  # a definition without criteria


def test_plugin_fixtures_in_a_researchers_suite(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_my_extension=f"""
        from pathlib import Path

        GOOD = Path({str(GOOD)!r})
        BROKEN = Path({str(BROKEN)!r})

        def test_my_jurisdiction_conforms(aikg_assert_conforms):
            result = aikg_assert_conforms(GOOD, include_shipped=False)
            assert result.conforms and result.findings == ()

        def test_broken_extension_fails(aikg_assert_conforms):
            aikg_assert_conforms(str(BROKEN), include_shipped=False)

        def test_nothing_to_validate_fails(aikg_assert_conforms):
            aikg_assert_conforms()

        def test_validate_fixture(aikg_validate):
            result = aikg_validate(BROKEN, include_shipped=False)
            assert [f.constraint for f in result.violations] == ["S05-coded"]
            assert result.profile == "tbox"

        def test_profile_option(aikg_validate, request):
            assert request.config.getoption("--aikg-profile") == "study"
        """
    )
    # In a child process: pytester's in-process runs unload the modules they import (pySHACL, rdflib's
    # SPARQL engine), and a second copy of rdflib's SPARQL operators would corrupt later validations.
    result = pytester.runpytest_subprocess("-p", "aikg.pytest_plugin", "--aikg-profile", "study", "-q")
    result.assert_outcomes(passed=3, failed=2)
    result.stdout.fnmatch_lines(
        [
            "*aikg validation failed (--fail-on violation):*",
            "*S05-coded*A definition has at least one criterion*",
        ]
    )
    result.stdout.fnmatch_lines(["*aikg_assert_conforms() was given no file to validate*"])
    assert "Traceback" not in result.stdout.str()  # the failures are messages, not tracebacks


def test_assert_expected_in_a_researchers_suite(pytester: pytest.Pytester) -> None:
    fixture = pytester.path / "my-invalid.ttl"
    fixture.write_text(BROKEN.read_text(encoding="utf-8"), encoding="utf-8")
    wrong = pytester.path / "my-wrong.ttl"
    wrong.write_text(
        BROKEN.read_text(encoding="utf-8").replace(
            "# expect: S05-coded ex:def sh:Violation", "# expect: S05-wording ex:def sh:Violation"
        ),
        encoding="utf-8",
    )
    pytester.makepyfile(
        test_fixtures="""
        from pathlib import Path
        from aikg.pytest_plugin import assert_expected

        def test_expected():
            assert_expected(Path("my-invalid.ttl"))

        def test_wrong_expectation():
            assert_expected(Path("my-wrong.ttl"))
        """
    )
    result = pytester.runpytest_subprocess("-p", "aikg.pytest_plugin", "-q")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*expected, not found: S05-wording <https://example.org/aikg-test/def> sh:Violation*",
            "*found, not expected: Violation S05-coded*",
        ]
    )


def test_read_expectations(tmp_path: Path) -> None:
    path = tmp_path / "G03-invalid-01.ttl"
    path.write_text(
        "# invalid: something.\n"
        "# expect: G03 ex:XY sh:Info aikgv:PersonalDataProtection\n"
        "# expect: S03-jurisdiction <https://example.org/x> Violation\n"
        "@prefix ex: <https://example.org/aikg-test/> .\n",
        encoding="utf-8",
    )
    assert read_expectations(path) == [
        Expectation(
            "G03",
            "https://example.org/aikg-test/XY",
            "Info",
            "https://w3id.org/aikg/vocab/PersonalDataProtection",
            2,
        ),
        Expectation("S03-jurisdiction", "https://example.org/x", "Violation", None, 3),
    ]


@pytest.mark.parametrize(
    "line,message",
    [
        ("# expect: S03 ex:x", "expected '# expect: SHAPE RESOURCE SEVERITY [VALUE]'"),
        ("# expect: S03 ex:x sh:Fatal", "unknown severity 'sh:Fatal'"),
        ("# expect: S03 nowhere:x sh:Violation", "cannot expand 'nowhere:x'"),
    ],
)
def test_bad_expectation_lines(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "S03-invalid-01.ttl"
    path.write_text(f"# invalid: x.\n{line}\n@prefix ex: <https://example.org/> .\n", encoding="utf-8")
    with pytest.raises(ValueError, match=f"{path}:2: .*{message[:20]}"):
        read_expectations(path)


def test_compare_expected_counts_each_finding_once() -> None:
    path = FIXTURES / "S18-invalid-01.ttl"  # S18-top fails twice (minCount, hasValue)
    result = validate(path, include_shipped=False)
    missing, unexpected = compare_expected(path, result)
    assert missing == [] and unexpected == []
    assert [e.shape for e in read_expectations(path)].count("S18-top") == 2


def test_a_gap_is_expected_by_jurisdiction_and_concept(tmp_path: Path) -> None:
    source = FIXTURES / "G03-invalid-01.ttl"
    result = validate(source, include_shipped=False)
    assert compare_expected(source, result) == ([], [])
    other = tmp_path / "G03-invalid-99.ttl"
    other.write_text(
        source.read_text(encoding="utf-8").replace(
            "aikgv:PersonalDataProtection\n", "aikgv:LiabilityForHarm\n", 1
        ),
        encoding="utf-8",
    )
    missing, unexpected = compare_expected(other, result)
    assert [str(m) for m in missing] == [
        "G03 <https://example.org/aikg-test/XY> sh:Info https://w3id.org/aikg/vocab/LiabilityForHarm"
    ]
    assert [f.concept for f in unexpected] == ["https://w3id.org/aikg/vocab/PersonalDataProtection"]
