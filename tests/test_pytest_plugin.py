"""The pytest plugin: a researcher's own test suite asserts that an extension conforms."""

from __future__ import annotations

from pathlib import Path

import pytest

from aikg.pytest_plugin import Expectation, compare_expected, read_expectations
from aikg.validate import validate

pytest_plugins = ["pytester"]

REPO = Path(__file__).resolve().parent.parent
TEMPLATE = REPO / "ontology" / "templates" / "new-jurisdiction.ttl"
BROKEN = REPO / "tests" / "shapes" / "S05-invalid-01.ttl"  # a definition without criteria


def test_plugin_fixtures_in_a_researchers_suite(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_my_extension=f"""
        from pathlib import Path

        TEMPLATE = Path({str(TEMPLATE)!r})
        BROKEN = Path({str(BROKEN)!r})

        def test_my_jurisdiction_conforms(aikg_assert_conforms):
            result = aikg_assert_conforms(TEMPLATE, include_shipped=False)
            assert result.conforms and result.findings == ()

        def test_broken_extension_fails(aikg_assert_conforms):
            aikg_assert_conforms(BROKEN, include_shipped=False)

        def test_validate_fixture(aikg_validate):
            result = aikg_validate([BROKEN], include_shipped=False)
            assert [f.constraint for f in result.violations] == ["S05-criterion"]
            assert result.profile == "tbox"

        def test_profile_option(aikg_validate, request):
            assert request.config.getoption("--aikg-profile") == "study"
        """
    )
    result = pytester.runpytest("-p", "aikg.pytest_plugin", "--aikg-profile", "study", "-q")
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*aikg validation failed (--fail-on violation):*",
            "*S05-criterion*A definition has at least one criterion*",
        ]
    )
    assert "Traceback" not in result.stdout.str()  # the failure is the findings table


def test_assert_expected_in_a_researchers_suite(pytester: pytest.Pytester) -> None:
    fixture = pytester.path / "my-invalid.ttl"
    fixture.write_text(BROKEN.read_text(encoding="utf-8"), encoding="utf-8")
    wrong = pytester.path / "my-wrong.ttl"
    wrong.write_text(
        BROKEN.read_text(encoding="utf-8").replace(
            "# expect: S05-criterion ex:def sh:Violation", "# expect: S05-wording ex:def sh:Violation"
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
    result = pytester.runpytest("-p", "aikg.pytest_plugin", "-q")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*expected, not found: S05-wording <https://example.org/aikg-test/def> sh:Violation*",
            "*found, not expected: Violation S05-criterion*",
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
    path = REPO / "tests" / "shapes" / "S18-invalid-01.ttl"  # S18-top fails twice (minCount, hasValue)
    result = validate([path], include_shipped=False)
    missing, unexpected = compare_expected(path, result)
    assert missing == [] and unexpected == []
    assert [e.shape for e in read_expectations(path)].count("S18-top") == 2
