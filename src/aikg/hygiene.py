"""Hygiene rules: one SPARQL SELECT per rule in ``queries/hygiene/*-violation.rq``.

Each file opens with a banner ``# <ID>: <what it checks>``. Every row it
returns is a finding; the first column is a message that starts with
``ERROR:`` or ``WARN:`` and names the resource. A clean graph gives no rows.
The files declare no ``PREFIX`` lines: :func:`aikg.namespaces.prefix_map` is
passed to the engine, so namespaces stay declared in one place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

import pyoxigraph as ox

from .errors import AikgError
from .load import KnowledgeBase
from .namespaces import PREFIXES
from .resources import queries_dir

__all__ = ["Severity", "Rule", "Finding", "load_rules", "run_rule", "run_hygiene", "compact"]

Severity = Literal["ERROR", "WARN"]

_BANNER: Final = re.compile(r"^#\s*([A-Z][A-Z0-9-]*):\s*(\S.*)$")
_SEVERITY: Final = re.compile(r"^(ERROR|WARN):\s")
_IRI_IN_MESSAGE: Final = re.compile(r"<([^<>\s]+)>")


@dataclass(frozen=True)
class Rule:
    """One hygiene query."""

    id: str
    title: str
    path: Path
    query: str


@dataclass(frozen=True)
class Finding:
    """One row of a hygiene query."""

    rule: str
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"[{self.rule}] {compact(self.message)}"


def compact(message: str) -> str:
    """Shorten ``<IRI>`` to ``prefix:local`` where a known prefix allows, for reading."""

    def shorten(match: re.Match[str]) -> str:
        iri = match.group(1)
        for prefix, namespace in PREFIXES.items():
            local = iri[len(namespace) :]
            if iri.startswith(namespace) and re.fullmatch(r"[A-Za-z0-9_][\w.-]*", local or "-"):
                return f"{prefix}:{local}"
        return match.group(0)

    return _IRI_IN_MESSAGE.sub(shorten, message)


def load_rules(folder: Path | None = None) -> tuple[Rule, ...]:
    """Read every ``*-violation.rq`` of *folder* (default ``queries/hygiene``), sorted by ID."""
    folder = folder if folder is not None else queries_dir() / "hygiene"
    rules = []
    for path in sorted(folder.glob("*-violation.rq")):
        text = path.read_text(encoding="utf-8")
        match = _BANNER.match(text.splitlines()[0] if text else "")
        if match is None:
            raise AikgError(f"{path}:1:1: a hygiene query must open with '# <ID>: <what it checks>'")
        rules.append(Rule(id=match.group(1), title=match.group(2), path=path, query=text))
    ids = [rule.id for rule in rules]
    if len(set(ids)) != len(ids):
        raise AikgError(f"duplicate hygiene rule IDs in {folder}: {sorted(ids)}")
    return tuple(sorted(rules, key=lambda rule: rule.id))


def run_rule(rule: Rule, kb: KnowledgeBase) -> list[Finding]:
    """Run one rule over the union of *kb*'s modules."""
    try:
        solutions = kb.query(rule.query)
    except SyntaxError as exc:
        raise AikgError(f"{rule.path}: SPARQL syntax error: {exc}") from None
    if not isinstance(solutions, ox.QuerySolutions):
        raise AikgError(f"{rule.path}: a hygiene rule must be a SELECT query")
    findings: list[Finding] = []
    seen: set[str] = set()
    for solution in solutions:
        message = solution[0]
        # A message that is missing or lacks its severity is a bug in the query,
        # and must not pass silently as "no finding".
        text = message.value if isinstance(message, ox.Literal) else ""
        match = _SEVERITY.match(text)
        if match is None:
            raise AikgError(
                f"{rule.path}: first column must be a message starting with ERROR: or WARN:, got {message!r}"
            )
        # The union of the module graphs keeps a triple stated in two modules twice,
        # which can repeat a row; one finding is enough.
        if text not in seen:
            seen.add(text)
            severity: Severity = "ERROR" if match.group(1) == "ERROR" else "WARN"
            findings.append(Finding(rule=rule.id, severity=severity, message=text))
    return findings


def run_hygiene(kb: KnowledgeBase, rules: Iterable[Rule] | None = None) -> list[Finding]:
    """Run every rule (default: all of ``queries/hygiene``) and return all findings."""
    findings: list[Finding] = []
    for rule in rules if rules is not None else load_rules():
        findings.extend(run_rule(rule, kb))
    return findings
