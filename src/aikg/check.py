"""Run every check on a loaded knowledge base and format one report.

Strict parsing and offline import resolution already happened when the
knowledge base was loaded (bad input raises before any check runs). The
checks here are: orphan files and a stale generated layout (both about the
ontology folder), the SHACL shapes (about the loaded graph with its derived
graph), and, from one JVM run (:mod:`aikg.owl`), HermiT consistency and the
OWL 2 DL profile. Every rule that SHACL can express is a shape
(``ontology/shapes/``); no other rule language is used.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Collection
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final, Literal

from .errors import AikgError, AikgJavaError
from .layout import ROOTS, write_layout
from .load import KnowledgeBase, orphan_files
from .owl import OwlReport, ProfileReport, ReasoningResult, check_owl
from .progress import step

if TYPE_CHECKING:
    from .validate import ValidationResult

__all__ = ["CHECKS", "Status", "CheckResult", "CheckReport", "run_checks", "format_report"]

#: The checks that can be skipped, in the order they are reported.
CHECKS: Final = ("orphans", "layout", "shapes", "reason", "profile")

Status = Literal["pass", "fail", "skip", "error"]


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check. ``error`` means it could not run (e.g. no Java)."""

    name: str
    status: Status
    summary: str
    findings: tuple[str, ...] = ()
    seconds: float = 0.0


@dataclass(frozen=True)
class CheckReport:
    """All results, plus the full outputs of the reasoner, the profile checker and SHACL."""

    kb: KnowledgeBase = field(repr=False)
    results: tuple[CheckResult, ...]
    reasoning: ReasoningResult | None = field(default=None, repr=False)
    profile: ProfileReport | None = field(default=None, repr=False)
    validation: ValidationResult | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return all(result.status in ("pass", "skip") for result in self.results)


def _timed(name: str, run: Callable[[], CheckResult]) -> CheckResult:
    started = time.perf_counter()
    try:
        result = run()
    except AikgJavaError as exc:
        result = CheckResult(name, "error", f"could not run: {exc}")
    return CheckResult(
        result.name, result.status, result.summary, result.findings, time.perf_counter() - started
    )


def _orphans(kb: KnowledgeBase) -> CheckResult:
    orphans = orphan_files(kb.catalog.path.parent)
    if orphans:
        return CheckResult(
            "orphans",
            "fail",
            f"{len(orphans)} RDF file(s) under ontology/ not reachable from kb-full.ttl",
            tuple(
                f"{path} is imported by nothing (move it into a folder `aikg layout` reads)"
                for path in orphans
            ),
        )
    return CheckResult("orphans", "pass", "every RDF file under ontology/ is reachable from kb-full.ttl")


def _layout(kb: KnowledgeBase) -> CheckResult:
    folder = kb.catalog.path.parent
    missing = [root for root in ROOTS if not (folder / root).is_file()]
    if missing:  # an ontology folder of one's own that does not follow aikg's layout
        return CheckResult("layout", "skip", f"not aikg's folder layout ({', '.join(missing)} missing)")
    stale = write_layout(folder, check=True)
    if stale:
        return CheckResult(
            "layout",
            "fail",
            f"{len(stale)} generated file(s) do not match the folder layout; run `aikg layout`",
            tuple(str(path) for path in stale),
        )
    return CheckResult("layout", "pass", "the catalog and the profiles' imports match the folder layout")


def _shapes_result(result: ValidationResult) -> CheckResult:
    # Warnings and infos are gaps in the law, reported by `aikg report`, not failures.
    counts = result.counts()
    summary = (
        f"SHACL: {len(result.shapes)} shapes, {counts['violation']} violation(s); "
        f"gap findings on {result.as_of}: {counts['warning']} warning(s), {counts['info']} info(s)"
    )
    findings = tuple(str(finding) for finding in result.violations)
    return CheckResult("shapes", "fail" if findings else "pass", summary, findings)


def _reason_result(result: ReasoningResult) -> CheckResult:
    if result.consistent is None:
        return CheckResult(
            "reason",
            "fail",
            "HermiT refused to reason: the ontology is outside OWL 2 DL",
            (result.refused or "see the profile check for the violations",),
        )
    if not result.consistent:
        return CheckResult(
            "reason",
            "fail",
            "HermiT: the ontology is INCONSISTENT",
            (
                "HermiT found no model; look for an individual in two disjoint classes, "
                "a functional property with two values, or a value outside a range",
            ),
        )
    summary = (
        f"HermiT: consistent, {len(result.unsatisfiable)} unsatisfiable class(es), "
        f"{result.inferred_count} inferred triple(s)"
    )
    findings = tuple(f"<{iri}> is unsatisfiable (equivalent to owl:Nothing)" for iri in result.unsatisfiable)
    return CheckResult("reason", "fail" if findings else "pass", summary, findings)


def _profile_result(report: ProfileReport) -> CheckResult:
    summary = (
        f"OWL 2 DL (OWL API OWL2DLProfile): {report.axioms} axioms, "
        f"{len(report.problems)} violation(s), {len(report.allowed)} allowed date-datatype violation(s)"
    )
    findings = tuple(str(violation) for violation in report.problems)
    return CheckResult("profile", "fail" if findings else "pass", summary, findings)


def run_checks(kb: KnowledgeBase, *, skip: Collection[str] = (), date: dt.date | None = None) -> CheckReport:
    """Run the checks not in *skip* on *kb*; never raises for a finding.

    The OWL checks run in a background thread (their time is spent in a child
    JVM) while the SHACL shapes run here.
    """
    from .validate import validate_kb

    unknown = set(skip) - set(CHECKS)
    if unknown:
        raise ValueError(f"unknown check(s): {', '.join(sorted(unknown))}")
    results: dict[str, CheckResult] = {}
    owl: list[OwlReport] = []
    validation: list[ValidationResult] = []

    def run_owl() -> CheckResult:
        owl.append(check_owl(kb.graph))
        return CheckResult("owl", "pass", "")

    def run_shapes() -> CheckResult:
        try:
            validation.append(validate_kb(kb, date=date))
        except AikgError as exc:  # e.g. a fork's shapes folder that aikg cannot use
            return CheckResult("shapes", "error", f"could not run: {exc}")
        return _shapes_result(validation[0])

    want_owl = not {"reason", "profile"} <= set(skip)
    with step("checking: SHACL shapes, HermiT, OWL 2 DL profile"), ThreadPoolExecutor(max_workers=1) as pool:
        _ = kb.graph  # build the rdflib graph once, before the thread wants it
        owl_future = pool.submit(_timed, "owl", run_owl) if want_owl else None
        for name, run in (
            ("orphans", lambda: _orphans(kb)),
            ("layout", lambda: _layout(kb)),
            ("shapes", run_shapes),
        ):
            if name not in skip:
                results[name] = _timed(name, run)
        if owl_future is not None:
            outcome = owl_future.result()
            for name, make in (
                ("reason", lambda r: _reason_result(r.reasoning)),
                ("profile", lambda r: _profile_result(r.profile)),
            ):
                if name in skip:
                    continue
                if owl:
                    results[name] = CheckResult(**{**make(owl[0]).__dict__, "seconds": outcome.seconds})
                else:
                    results[name] = CheckResult(
                        name, outcome.status, outcome.summary, outcome.findings, outcome.seconds
                    )
    ordered = tuple(results.get(name) or CheckResult(name, "skip", "skipped on request") for name in CHECKS)
    return CheckReport(
        kb=kb,
        results=ordered,
        reasoning=owl[0].reasoning if owl else None,
        profile=owl[0].profile if owl else None,
        validation=validation[0] if validation else None,
    )


def format_report(report: CheckReport) -> str:
    """The report as text: one line per check, findings indented below it."""
    kb = report.kb
    files = len({m.path for m in kb.modules})
    lines = [
        f"aikg check: {kb.profile or 'ontology'} <{kb.root.iri}>",
        f"  PASS   parse     {files} file(s) parsed strictly; owl:imports resolved from the catalog, offline",
    ]
    for result in report.results:
        timing = f" ({result.seconds:.1f} s)" if result.status != "skip" else ""
        lines.append(f"  {result.status.upper():<6} {result.name:<9} {result.summary}{timing}")
        lines.extend(f"         - {finding}" for finding in result.findings)
    failed = [r.name for r in report.results if r.status in ("fail", "error")]
    lines.append("result: clean" if not failed else f"result: FAILED ({', '.join(failed)})")
    return "\n".join(lines) + "\n"
