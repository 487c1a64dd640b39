"""The catalogue of competency questions: ``queries/cq/*.rq`` and their headers.

Each file opens with a machine-read header, one ``# key: value`` line per
field, before its ``PREFIX`` lines::

    # id: CQ-06
    # title: Similarity of two jurisdictions' definitions
    # question: For every pair of ...?
    # kind: harmonization
    # level: core                                   (optional)
    # param: ?jurisdictionA | iri | aikgd:EU | the first jurisdiction   (zero or more)
    # top-k: 5                                      (optional)
    # temporal: no
    # closed-world: yes                             (optional)
    # aggregate: yes                                (optional)
    # expected: tests/expected/study/cq-06-....tsv
    # expected-full: tests/expected/full/cq-06-....tsv
    # support: study, Results (...)

Other comment lines in the header (they do not start with a lower-case key)
are kept as free notes. A question with parameters holds their defaults in
exactly one line ``VALUES ... { ... } # @params`` of its top-level ``WHERE``
group, so the file runs as-is in any SPARQL engine; :mod:`aikg.query`
replaces that line for a parameterised run.

This module only reads and checks headers; it never runs a query.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal, get_args

from .errors import AikgError
from .resources import queries_dir

__all__ = [
    "Kind",
    "ParamType",
    "KINDS",
    "PARAM_TYPES",
    "REQUIRED_KEYS",
    "KNOWN_KEYS",
    "CatalogueError",
    "UnknownQuestionError",
    "Parameter",
    "Question",
    "ParamsLine",
    "cq_dir",
    "parse_question",
    "load_catalogue",
    "get_question",
    "find_params_line",
]

Kind = Literal["harmonization", "gap", "conflict", "provenance and time"]
ParamType = Literal["iri", "date", "integer", "decimal", "string"]
KINDS: Final[tuple[str, ...]] = get_args(Kind)
PARAM_TYPES: Final[tuple[str, ...]] = get_args(ParamType)

#: Fields every question must have (``param``, ``level``, ``top-k``,
#: ``closed-world`` and ``aggregate`` are optional).
REQUIRED_KEYS: Final = (
    "id",
    "title",
    "question",
    "kind",
    "temporal",
    "expected",
    "expected-full",
    "support",
)
KNOWN_KEYS: Final = frozenset(REQUIRED_KEYS + ("level", "param", "top-k", "closed-world", "aggregate"))
_REPEATABLE: Final = frozenset({"param"})

# A header field: lower-case key, colon, value. Free notes ("# Dates keep their
# precision: ...") start with an upper-case word and so never look like a key.
_FIELD: Final = re.compile(r"^#\s*([a-z][a-z-]*):\s*(.*?)\s*$")
_ID: Final = re.compile(r"^CQ-\d{2,}$")
_VARNAME: Final = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_PARAMS_MARKER: Final = re.compile(r"#\s*@params\s*$")
# The parameter line: VALUES ?x { ... } or VALUES (?x ?y) { ( ... ) }, then the marker.
_PARAMS_LINE: Final = re.compile(
    r"^(?P<indent>\s*)VALUES\s+(?P<vars>\?\w+|\((?:\s*\?\w+)+\s*\))\s*\{(?P<body>.*)\}\s*#\s*@params\s*$"
)


class CatalogueError(AikgError):
    """A query file's header is incomplete or malformed (a bug in the catalogue)."""

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else str(self.path)
        super().__init__(f"{where}: {message}")


class UnknownQuestionError(AikgError):
    """No question has the requested id; the message suggests close ones."""

    def __init__(self, question_id: str, known: tuple[str, ...]) -> None:
        self.question_id = question_id
        self.known = known
        close = difflib.get_close_matches(question_id.upper(), known, n=3)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        super().__init__(
            f"unknown question {question_id!r}.{hint} Run `aikg questions` for the list "
            f"({known[0]} … {known[-1]})."
            if known
            else f"unknown question {question_id!r}: the catalogue is empty"
        )


@dataclass(frozen=True)
class Parameter:
    """One ``# param:`` line. ``default`` is SPARQL/Turtle text, e.g. ``aikgd:EU``."""

    name: str  # without the leading "?"
    type: ParamType
    default: str
    description: str

    @property
    def variable(self) -> str:
        return "?" + self.name


@dataclass(frozen=True)
class ParamsLine:
    """Where the ``VALUES ... # @params`` line is and what it declares."""

    index: int  # 0-based line index in the query text
    indent: str
    variables: tuple[str, ...]  # without "?"
    body: str  # the text between the braces, i.e. the default row


@dataclass(frozen=True)
class Question:
    """One competency question: its header fields, its file and its SPARQL."""

    id: str
    title: str
    question: str
    kind: Kind
    temporal: bool
    expected: str  # repo-relative path of the study-profile answer
    expected_full: str  # repo-relative path of the full-profile answer
    support: str
    path: Path
    sparql: str
    level: str | None = None
    params: tuple[Parameter, ...] = ()
    top_k: int | None = None
    closed_world: bool = False
    aggregate: bool = False
    notes: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        """The file name without ``.rq``, e.g. ``cq-06-definition-similarity-pair``."""
        return self.path.stem

    def param(self, name: str) -> Parameter:
        """The parameter called *name* (with or without ``?``); KeyError if none."""
        bare = name[1:] if name.startswith(("?", "$")) else name
        for parameter in self.params:
            if parameter.name == bare:
                return parameter
        raise KeyError(name)

    def expected_path(self, profile: str, root: Path | None = None) -> Path:
        """The expected-results file for *profile* (``study`` or ``full``).

        Paths in headers are relative to the repository root, which is the
        parent of the ``queries/`` folder in a checkout (a wheel ships no tests).
        """
        if profile not in ("study", "full"):
            raise ValueError(f"no expected results for profile {profile!r}")
        relative = self.expected if profile == "study" else self.expected_full
        base = root if root is not None else queries_dir().parent
        return base / relative


def cq_dir() -> Path:
    """The folder of the competency questions (``queries/cq``)."""
    return queries_dir() / "cq"


def _parse_bool(path: Path, line: int, key: str, value: str) -> bool:
    if value not in ("yes", "no"):
        raise CatalogueError(path, f"{key}: must be 'yes' or 'no', not {value!r}", line)
    return value == "yes"


def _parse_param(path: Path, line: int, value: str) -> Parameter:
    parts = [part.strip() for part in value.split("|", 3)]
    if len(parts) != 4 or not all(parts):
        raise CatalogueError(path, "param: expected '?name | type | default | description'", line)
    variable, kind, default, description = parts
    if not variable.startswith("?") or not _VARNAME.match(variable[1:]):
        raise CatalogueError(path, f"param: {variable!r} is not a SPARQL variable", line)
    if kind not in PARAM_TYPES:
        raise CatalogueError(
            path, f"param {variable}: type {kind!r} is not one of {', '.join(PARAM_TYPES)}", line
        )
    return Parameter(name=variable[1:], type=kind, default=default, description=description)  # type: ignore[arg-type]


def find_params_line(path: Path | str, sparql: str) -> ParamsLine | None:
    """The ``# @params`` line of *sparql*, or ``None``; more than one is an error."""
    found: list[ParamsLine] = []
    for index, text in enumerate(sparql.splitlines()):
        if not _PARAMS_MARKER.search(text):
            continue
        match = _PARAMS_LINE.match(text)
        if match is None:
            raise CatalogueError(
                path,
                "a '# @params' line must be one 'VALUES ?x { ... }' or 'VALUES (?x ?y) { ( ... ) }' line",
                index + 1,
            )
        names = tuple(re.findall(r"\?(\w+)", match.group("vars")))
        found.append(
            ParamsLine(
                index=index,
                indent=match.group("indent"),
                variables=names,
                body=match.group("body").strip(),
            )
        )
    if len(found) > 1:
        raise CatalogueError(path, "more than one '# @params' line", found[1].index + 1)
    return found[0] if found else None


def parse_question(path: Path | str) -> Question:
    """Read one ``.rq`` file and check its header; raise :class:`CatalogueError`."""
    path = Path(path)
    try:
        sparql = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CatalogueError(path, f"cannot read: {exc.strerror or exc}") from None
    fields: dict[str, str] = {}
    params: list[Parameter] = []
    notes: list[str] = []
    for number, text in enumerate(sparql.splitlines(), start=1):
        stripped = text.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break  # the header ends at the first non-comment line (PREFIX ...)
        match = _FIELD.match(stripped)
        if match is None:
            notes.append(stripped.lstrip("#").strip())
            continue
        key, value = match.groups()
        if key not in KNOWN_KEYS:
            raise CatalogueError(
                path, f"unknown header field {key!r} (known: {', '.join(sorted(KNOWN_KEYS))})", number
            )
        if not value:
            raise CatalogueError(path, f"header field {key!r} is empty", number)
        if key == "param":
            params.append(_parse_param(path, number, value))
            continue
        if key in fields and key not in _REPEATABLE:
            raise CatalogueError(path, f"header field {key!r} is given twice", number)
        fields[key] = value
        if key in ("temporal", "closed-world", "aggregate"):
            _parse_bool(path, number, key, value)
    missing = [key for key in REQUIRED_KEYS if key not in fields]
    if missing:
        raise CatalogueError(path, f"missing header field(s): {', '.join(missing)}")
    if not _ID.match(fields["id"]):
        raise CatalogueError(path, f"id {fields['id']!r} is not of the form CQ-NN")
    if not path.name.lower().startswith(fields["id"].lower() + "-"):
        raise CatalogueError(path, f"the file name must start with the id ({fields['id'].lower()}-)")
    if fields["kind"] not in KINDS:
        raise CatalogueError(path, f"kind {fields['kind']!r} is not one of: {'; '.join(KINDS)}")
    for key, folder in (("expected", "study"), ("expected-full", "full")):
        # The catalogue's own files live in tests/expected/<profile>/; the name
        # must match the query's so that an answer can never be paired with
        # the wrong question.
        wanted = f"expected/{folder}/{path.stem}.tsv"
        if not (fields[key] == wanted or fields[key].endswith("/" + wanted)):
            raise CatalogueError(path, f"{key}: should end with {wanted}, not {fields[key]!r}")
    top_k: int | None = None
    if "top-k" in fields:
        if not fields["top-k"].isdigit() or int(fields["top-k"]) < 1:
            raise CatalogueError(path, f"top-k must be a positive integer, not {fields['top-k']!r}")
        top_k = int(fields["top-k"])
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise CatalogueError(path, f"a parameter is declared twice: {names}")
    line = find_params_line(path, sparql)
    if params and line is None:
        raise CatalogueError(path, "the question has parameters but no 'VALUES ... # @params' line")
    if line is not None and line.variables != tuple(names):
        raise CatalogueError(
            path,
            f"the '# @params' line binds {line.variables}, the header declares {tuple(names)} "
            "(same names, same order)",
            line.index + 1,
        )
    return Question(
        id=fields["id"],
        title=fields["title"],
        question=fields["question"],
        kind=fields["kind"],  # type: ignore[arg-type]
        temporal=fields["temporal"] == "yes",
        expected=fields["expected"],
        expected_full=fields["expected-full"],
        support=fields["support"],
        path=path,
        sparql=sparql,
        level=fields.get("level"),
        params=tuple(params),
        top_k=top_k,
        closed_world=fields.get("closed-world") == "yes",
        aggregate=fields.get("aggregate") == "yes",
        notes=tuple(notes),
    )


def load_catalogue(folder: Path | None = None) -> tuple[Question, ...]:
    """Every question of *folder* (default ``queries/cq``), sorted by id."""
    folder = folder if folder is not None else cq_dir()
    questions = [parse_question(path) for path in sorted(folder.glob("*.rq"))]
    seen: dict[str, Path] = {}
    for question in questions:
        if question.id in seen:
            raise CatalogueError(question.path, f"id {question.id} is also used by {seen[question.id]}")
        seen[question.id] = question.path
    return tuple(sorted(questions, key=lambda q: int(q.id.split("-")[1])))


def get_question(
    question_id: str, catalogue: tuple[Question, ...] | Mapping[str, Question] | None = None
) -> Question:
    """The question with *question_id* (case-insensitive, ``6`` and ``cq-6`` work too)."""
    questions = tuple(catalogue.values()) if isinstance(catalogue, Mapping) else catalogue
    if questions is None:
        questions = load_catalogue()
    wanted = question_id.strip().upper()
    digits = wanted[3:] if wanted.startswith("CQ-") else wanted
    if digits.isdigit():
        wanted = f"CQ-{int(digits):02d}"
    for question in questions:
        if question.id == wanted:
            return question
    raise UnknownQuestionError(question_id, tuple(q.id for q in questions))
