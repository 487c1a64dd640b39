"""Run every check on a loaded knowledge base and format one report.

Strict parsing and offline import resolution already happened when the
knowledge base was loaded (bad input raises before any check runs). The
checks here are: orphan files and hygiene queries (both always about the
whole tree, i.e. the ``full`` profile), HermiT consistency and the OWL 2 DL
profile (both about the profile that was loaded). The two Java-based checks
run side by side: each spends most of its time in its own Java process.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

from .errors import AikgError, AikgJavaError
from .hygiene import load_rules, run_hygiene
from .load import KnowledgeBase, load_profile, orphan_files
from .profile import ProfileReport, check_profile
from .reason import ReasoningResult, reason
from .validate import ValidationResult, load_shapes, validate

__all__ = ["CHECKS", "Status", "CheckResult", "CheckReport", "run_checks", "format_report"]

#: The checks that can be skipped, in the order they are reported.
CHECKS: Final = ("orphans", "hygiene", "shapes", "reason", "profile")

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
    """All results, plus the reasoner's and profile checker's full outputs for reuse."""

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


def _orphans(ontology_dir: Path) -> CheckResult:
    orphans = orphan_files(ontology_dir)
    if orphans:
        return CheckResult(
            "orphans",
            "fail",
            f"{len(orphans)} RDF file(s) under ontology/ not reachable from kb-full.ttl",
            tuple(
                f"ERROR: {path} is imported by nothing (add it to the catalog and an owl:imports)"
                for path in orphans
            ),
        )
    return CheckResult("orphans", "pass", "every RDF file under ontology/ is reachable from kb-full.ttl")


def _hygiene(kb: KnowledgeBase) -> CheckResult:
    # The rules are written for the merged full profile: in `tbox` alone, for
    # instance, the sources that terms cite (data/study/sources.ttl) are absent.
    target = kb
    if kb.profile is not None and kb.profile != "full":
        target = load_profile("full", kb.catalog.path.parent)
    rules = load_rules()
    findings = run_hygiene(target, rules)
    status: Status = "fail" if findings else "pass"
    return CheckResult(
        "hygiene",
        status,
        f"{len(rules)} rules ({', '.join(r.id for r in rules)}) on {target.profile or 'the input'}, "
        f"{len(findings)} finding(s)",
        tuple(str(f) for f in findings),
    )


def _shapes_result(result: ValidationResult) -> CheckResult:
    # Warnings and infos are gaps in the law, reported by `aikg report`, not failures.
    counts = result.counts()
    summary = (
        f"SHACL: {len(result.shapes)} shapes, {counts['violation']} violation(s); "
        f"gap findings on {result.snapshot}: {counts['warning']} warning(s), {counts['info']} info(s)"
    )
    findings = tuple(f"ERROR: {finding}" for finding in result.violations)
    return CheckResult("shapes", "fail" if findings else "pass", summary, findings)


def _reason_result(result: ReasoningResult) -> CheckResult:
    if not result.consistent:
        return CheckResult(
            "reason",
            "fail",
            "HermiT: the ontology is INCONSISTENT",
            (
                "ERROR: HermiT found no model; look for an individual in two disjoint classes, "
                "a functional property with two values, or a value outside a range",
            ),
        )
    summary = (
        f"HermiT: consistent, {len(result.unsatisfiable)} unsatisfiable class(es), "
        f"{result.inferred_count} inferred triple(s)"
    )
    findings = tuple(
        f"ERROR: <{iri}> is unsatisfiable (equivalent to owl:Nothing)" for iri in result.unsatisfiable
    )
    return CheckResult("reason", "fail" if findings else "pass", summary, findings)


def _profile_result(report: ProfileReport) -> CheckResult:
    summary = (
        f"OWL 2 DL (OWL API OWL2DLProfile): {report.axioms} axioms, "
        f"{len(report.problems)} violation(s), {len(report.allowed)} allowed date-datatype violation(s)"
    )
    findings = tuple(f"ERROR: {violation}" for violation in report.problems)
    return CheckResult("profile", "fail" if findings else "pass", summary, findings)


def run_checks(kb: KnowledgeBase, *, skip: Collection[str] = ()) -> CheckReport:
    """Run the checks not in *skip* on *kb*; never raises for a finding.

    The orphan check looks at the folder of the catalog *kb* was loaded with.
    """
    unknown = set(skip) - set(CHECKS)
    if unknown:
        raise ValueError(f"unknown check(s): {', '.join(sorted(unknown))}")
    results: dict[str, CheckResult] = {}
    reasoning: list[ReasoningResult] = []
    profile: list[ProfileReport] = []
    validation: list[ValidationResult] = []

    def run_shapes() -> CheckResult:
        folder = kb.catalog.path.parent
        if not (folder / "shapes").is_dir():
            return CheckResult("shapes", "skip", f"no shapes/ folder in {folder}")
        # Like the hygiene rules, the shapes expect the sources the TBox cites.
        target = kb if kb.profile in (None, "study", "full") else load_profile("full", folder)
        # Validate exactly the graph that was loaded (it brings its own TBox), wherever it came from.
        try:
            validation.append(
                validate(
                    include_shipped=False,
                    with_tbox=False,
                    graphs=[target.graph],
                    shapes=load_shapes(folder / "shapes"),
                )
            )
        except AikgError as exc:  # e.g. a fork's shapes folder that aikg cannot use
            return CheckResult("shapes", "error", f"could not run: {exc}")
        return _shapes_result(validation[0])

    def run_reason() -> CheckResult:
        reasoning.append(reason(kb.graph))
        return _reason_result(reasoning[0])

    def run_profile() -> CheckResult:
        profile.append(check_profile(kb.graph))
        return _profile_result(profile[0])

    _ = kb.graph  # build the rdflib graph once, before two threads want it
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {
            name: pool.submit(_timed, name, run)
            for name, run in (("reason", run_reason), ("profile", run_profile))
            if name not in skip
        }
        if "orphans" not in skip:
            results["orphans"] = _timed("orphans", lambda: _orphans(kb.catalog.path.parent))
        if "hygiene" not in skip:
            results["hygiene"] = _timed("hygiene", lambda: _hygiene(kb))
        if "shapes" not in skip:
            results["shapes"] = _timed("shapes", run_shapes)
        for name, future in futures.items():
            results[name] = future.result()
    ordered = tuple(results.get(name) or CheckResult(name, "skip", "skipped on request") for name in CHECKS)
    return CheckReport(
        kb=kb,
        results=ordered,
        reasoning=reasoning[0] if reasoning else None,
        profile=profile[0] if profile else None,
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
