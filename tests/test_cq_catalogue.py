"""The catalogue of competency questions is complete: every query has a full header,
both expected-results files and an answer test; every expected file belongs to a query.

The test ids come from the same glob as ``tests/test_cq_answers.py`` uses, so a
new ``.rq`` file is picked up (and must pass) without editing any test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aikg.cq import (
    KINDS,
    REQUIRED_KEYS,
    CatalogueError,
    Question,
    UnknownQuestionError,
    get_question,
    load_catalogue,
    parse_question,
)
from aikg.query import ENGINES, UNDEF, _code_only, bind_params, parse_term, read_expected

REPO = Path(__file__).resolve().parent.parent
CQ_DIR = REPO / "queries" / "cq"
EXPECTED = REPO / "tests" / "expected"
QUERY_FILES = sorted(CQ_DIR.glob("*.rq"))
PROFILES = ("study", "full")
#: Parameters whose default is UNDEF (read from the data) come back under another column name.
ECHO_COLUMNS = {"date": "asOfDate", "lens": "usedLens"}

# One term of a VALUES row: a quoted literal with its tag or datatype, an <IRI>, or a bare token.
_ROW_TERM = re.compile(r'"(?:[^"\\]|\\.)*"(?:@[\w-]+|\^\^[^\s()]+)?|<[^>]*>|[^\s()]+')


@pytest.fixture(scope="module")
def catalogue() -> tuple[Question, ...]:
    return load_catalogue(CQ_DIR)


def test_the_catalogue_has_at_least_20_questions_of_every_kind(catalogue: tuple[Question, ...]) -> None:
    assert len(catalogue) >= 20
    assert {q.kind for q in catalogue} == set(KINDS)
    assert [q.path for q in catalogue] == QUERY_FILES  # sorted by id = sorted by file name


@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.stem for p in QUERY_FILES])
def test_header_is_complete(path: Path) -> None:
    question = parse_question(path)  # raises CatalogueError for a missing or malformed field
    for text in (question.id, question.title, question.question, question.support):
        assert text.strip()
    assert question.question.endswith(("?", ".")), "the question is a sentence"
    head = path.read_text(encoding="utf-8").split("PREFIX", 1)[0]
    for key in REQUIRED_KEYS:
        assert re.search(rf"^# {key}: \S", head, re.M), f"{path.name}: no '# {key}:' line"


@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.stem for p in QUERY_FILES])
@pytest.mark.parametrize("profile", PROFILES)
def test_expected_file_exists_and_is_readable(path: Path, profile: str) -> None:
    question = parse_question(path)
    expected = question.expected_path(profile, REPO)
    assert expected.is_file(), f"{question.id}: no expected results for the {profile} profile at {expected}"
    result = read_expected(expected)  # every cell parses as a term
    assert result.variables, f"{expected}: no header row"


@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.stem for p in QUERY_FILES])
def test_parameters_are_valid_terms_in_one_top_level_values_line(path: Path) -> None:
    question = parse_question(path)
    defaults = bind_params(question)  # each default parses as a term of its declared type
    lines = question.sparql.splitlines()
    marked = [i for i, line in enumerate(lines) if "# @params" in line]
    if not question.params:
        assert not marked, "a question without parameters has no '# @params' line"
        return
    assert len(marked) == 1
    line = lines[marked[0]]
    # The defaults in the header and in the query are the same terms.
    body = line[line.index("{") + 1 : line.rindex("}")]
    # UNDEF leaves the variable unbound: the query then reads the value from the data.
    row = [None if text == UNDEF else parse_term(text) for text in _ROW_TERM.findall(body)]
    assert row == list(defaults.values()), f"{question.id}: header defaults differ from the VALUES line"
    # The line sits in the top-level WHERE group (brace depth 1), not in a sub-select.
    before = _code_only("\n".join(lines[: marked[0]]))
    assert before.count("{") - before.count("}") == 1, f"{question.id}: '# @params' is not at the top level"
    # A question returns its parameters as columns.
    projection = re.search(r"\bSELECT\b(.*?)\bWHERE\b", _code_only(question.sparql), re.S | re.I)
    assert projection is not None
    for parameter in question.params:
        # A parameter that may default to the data's value comes back as the value used.
        column = ECHO_COLUMNS.get(parameter.name, parameter.name)
        assert re.search(rf"\?{column}\b", projection.group(1)), (
            f"{question.id}: parameter ?{parameter.name} is not projected (as ?{column})"
        )


def test_every_question_has_an_answer_test_on_both_profiles_and_engines() -> None:
    import test_cq_answers  # the answer tests are generated from the same glob

    ids = {parse_question(p).id for p in QUERY_FILES}
    cases = {(q.id, profile, engine) for q, profile, engine in test_cq_answers.CASES}
    wanted = {(i, p, e) for i in ids for p in PROFILES for e in ENGINES}
    assert wanted <= cases, f"questions without an answer test: {sorted(wanted - cases)}"
    assert {q.id for q in test_cq_answers.QUESTIONS} == ids


@pytest.mark.parametrize("profile", PROFILES)
def test_every_expected_file_belongs_to_a_query(catalogue: tuple[Question, ...], profile: str) -> None:
    claimed = {q.expected_path(profile, REPO).resolve() for q in catalogue}
    files = {p.resolve() for p in (EXPECTED / profile).glob("*")}
    assert files, f"no expected files under {EXPECTED / profile}"
    orphans = sorted(str(p.relative_to(REPO)) for p in files - claimed)
    assert not orphans, f"expected files no query names: {orphans}"


def test_question_ids_are_unique_and_match_file_names(catalogue: tuple[Question, ...]) -> None:
    ids = [q.id for q in catalogue]
    assert len(ids) == len(set(ids))
    for question in catalogue:
        assert question.path.name.startswith(question.id.lower() + "-")


def test_get_question_accepts_short_forms_and_suggests_on_unknown(catalogue: tuple[Question, ...]) -> None:
    assert get_question("cq-6", catalogue).id == "CQ-06"
    assert get_question("6", catalogue).id == "CQ-06"
    with pytest.raises(UnknownQuestionError, match="aikg questions"):
        get_question("CQ-999", catalogue)


# --------------------------------------------------------------------------- broken headers

_GOOD = """\
# id: CQ-77
# title: A title
# question: What?
# kind: gap
# param: ?x | iri | aikgd:EU | something
# temporal: no
# expected: tests/expected/study/cq-77-x.tsv
# expected-full: tests/expected/full/cq-77-x.tsv
# support: nowhere
PREFIX aikgd: <https://w3id.org/aikg/data/>
SELECT ?x WHERE {
  VALUES ?x { aikgd:EU } # @params
}
"""


def _write(tmp_path: Path, text: str, name: str = "cq-77-x.rq") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_header_parses(tmp_path: Path) -> None:
    question = parse_question(_write(tmp_path, _GOOD))
    assert question.id == "CQ-77" and question.params[0].name == "x"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("# support: nowhere\n", "", "missing header field"),
        ("# title: A title\n", "# title: A title\n# title: Again\n", "given twice"),
        ("# kind: gap", "# kind: gaps", "kind"),
        ("# temporal: no", "# temporal: maybe", "yes' or 'no"),
        ("| iri |", "| uri |", "type"),
        ("# param: ?x | iri | aikgd:EU | something", "# param: ?x | iri | aikgd:EU", "param"),
        ("  VALUES ?x { aikgd:EU } # @params\n", "", "no 'VALUES"),
        ("VALUES ?x {", "VALUES ?y {", "the header declares"),
        ("# temporal: no", "# temporal: no\n# expectd: x", "unknown header field"),
        ("cq-77-x.tsv\n# expected-full", "cq-78-x.tsv\n# expected-full", "should end with"),
        ("# id: CQ-77", "# id: Q-77", "CQ-NN"),
    ],
)
def test_a_broken_header_is_refused(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in _GOOD
    with pytest.raises(CatalogueError, match=re.escape(message)):
        parse_question(_write(tmp_path, _GOOD.replace(old, new)))


def test_a_duplicate_id_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, _GOOD)
    _write(tmp_path, _GOOD.replace("cq-77-x.tsv", "cq-77-y.tsv"), "cq-77-y.rq")
    with pytest.raises(CatalogueError, match="also used by"):
        load_catalogue(tmp_path)
