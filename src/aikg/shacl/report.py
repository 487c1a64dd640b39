"""The three renderings of a :class:`~aikg.shacl.findings.ValidationResult`.

* **text**: findings grouped by resource, one table per resource, then a summary.
  Everything that comes from the data (labels, messages, values, IRIs) passes through
  :func:`aikg.terms.escape_control`, so a hostile label cannot move the cursor or
  reverse the text of a terminal.
* **JSON**: options, counts and every finding (:meth:`Finding.as_dict`), keys sorted.
* **Turtle**: the ``sh:ValidationReport`` itself, with paths written as SHACL paths
  (RDF, not strings) and blank focus nodes and values described, written by the
  canonical writer ``aikg build`` uses (:func:`aikg.rdfio.to_turtle`: blank nodes
  labelled by RDFC-1.0, so the same findings give byte-identical files).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Final

import pyoxigraph as ox

from ..namespaces import AIKGSH, PREFIXES
from ..rdfio import to_turtle as canonical_turtle
from ..terms import display, escape_control
from .findings import Finding, ValidationResult
from .shapes import SEVERITIES, SH, Severity

__all__ = ["REPORT_PREFIXES", "display_path", "to_text", "to_json", "report_triples", "to_turtle"]

#: Prefixes of the Turtle report (the user's own Turtle prefixes are added).
REPORT_PREFIXES: Final = {"sh": str(SH), "aikgsh": str(AIKGSH), **PREFIXES}
_RANK: Final = {name: rank for rank, name in enumerate(SEVERITIES)}
_HEADING: Final = {"Violation": "Violations", "Warning": "Warnings", "Info": "Infos"}
_VALUE_WIDTH: Final = 40
_RDF_TYPE: Final = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def display_path(path: Path | str) -> str:
    """*path* relative to the working directory when it is inside it."""
    resolved = Path(path).resolve()
    try:
        return str(resolved.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------- text


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _value_text(result: ValidationResult, finding: Finding) -> str:
    """What the value column shows: the gap's concept or instrument, else the value at fault."""
    subject = finding.concept or finding.instrument
    if subject:
        return result.compact(subject)
    if finding.value is None or finding.value == finding.focus:
        return "-"  # a SPARQL result without ?value repeats the focus node
    if isinstance(finding.value, ox.NamedNode) and finding.value.value == finding.resource:
        return "-"  # an anchored rule: the value is the resource the group is about
    if isinstance(finding.value, ox.BlankNode):
        return "[]"
    return display(finding.value, result.prefixes)


def _shape_text(finding: Finding) -> str:
    return finding.shape if finding.constraint == f"{finding.shape}-sparql" else finding.constraint


def _header(result: ValidationResult) -> str:
    files = ", ".join(display_path(p) for p in result.data_files) or "no files"
    background = f"profile {result.profile}" if result.include_shipped else "TBox only (--no-shipped)"
    if result.as_of is None:
        date = "no as-of date"
    else:
        date = f"as of {result.as_of.isoformat()}" + (" (--date)" if result.date_given else "")
    counts = f"{result.triples} triples; {len(result.shapes)} shapes"
    return f"aikg validate: {background} + {files}; {counts}; {date}"


def to_text(result: ValidationResult, show: Severity = "Info") -> str:
    """A readable report: findings grouped by resource in a table, then a summary.

    *show* is the least serious severity listed (the counts always cover all).
    """
    lines = [escape_control(_header(result))]
    for severity in SEVERITIES:
        if _RANK[severity] > _RANK[show]:
            continue
        groups = result.by_resource(severity)
        total = sum(len(g) for g in groups.values())
        lines.append("")
        lines.append(f"{_HEADING[severity]}: {total}" + (f" in {len(groups)} resource(s)" if total else ""))
        for resource, findings in groups.items():
            lines.append("")
            title = result.compact(resource) if not resource.startswith("_:") else resource
            label = result.labels.get(resource)
            if label:
                title += f'  "{label}"'
            sources = sorted({f.source for f in findings if f.source})
            if sources:
                title += "  (" + ", ".join(sources) + ")"
            lines.append(escape_control("  " + title))
            rows = [("shape", "path", "value", "message")] + [
                (
                    _shape_text(f),
                    f.path_text(result.compact) or "-",
                    _shorten(_value_text(result, f), _VALUE_WIDTH),
                    f.message,
                )
                for f in findings
            ]
            rows = [
                (escape_control(a), escape_control(b), escape_control(c), escape_control(d))
                for a, b, c, d in rows
            ]
            widths = [max(len(row[i]) for row in rows) for i in range(3)]
            for row in rows:
                cells = [row[i].ljust(widths[i]) for i in range(3)] + [row[3]]
                lines.append(("    " + "  ".join(cells)).rstrip())
    lines.append("")
    lines.append(result.summary())
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- JSON


def to_json(result: ValidationResult) -> str:
    """Deterministic JSON: options, counts and every finding."""
    data = {
        "profile": result.profile,
        "includeShipped": result.include_shipped,
        "dataFiles": [display_path(p) for p in result.data_files],
        "asOf": result.as_of.isoformat() if result.as_of else None,
        "dateGiven": result.date_given,
        "triples": result.triples,
        "shapes": list(result.shapes),
        "failOn": result.fail_on,
        "conforms": result.conforms,
        "failed": result.failed,
        "counts": result.counts(),
        "findings": [f.as_dict() for f in result.findings],
    }
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


# --------------------------------------------------------------------------- the sh:ValidationReport


def _sh(local: str) -> ox.NamedNode:
    return ox.NamedNode(f"{SH}{local}")


def report_triples(result: ValidationResult) -> list[ox.Triple]:
    """The findings as a SHACL ``sh:ValidationReport`` (``sh:conforms`` true when there is no Violation)."""
    report = ox.BlankNode("report")
    triples = [
        ox.Triple(report, _RDF_TYPE, _sh("ValidationReport")),
        ox.Triple(
            report,
            _sh("conforms"),
            ox.Literal(
                "true" if result.conforms else "false",
                datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"),
            ),
        ),
    ]
    for index, finding in enumerate(result.findings):
        node = ox.BlankNode(f"result{index}")
        triples.append(ox.Triple(report, _sh("result"), node))
        pairs: list[tuple[str, ox.NamedNode | ox.BlankNode | ox.Literal | None]] = [
            ("focusNode", finding.focus),
            ("resultPath", finding.path),
            ("value", finding.value),
            ("resultSeverity", _sh(finding.severity)),
            ("sourceConstraintComponent", _sh(finding.component)),
            ("sourceShape", finding.source_shape),
            ("sourceConstraint", finding.source_constraint),
            ("resultMessage", ox.Literal(finding.message, language="en")),
        ]
        triples.append(ox.Triple(node, _RDF_TYPE, _sh("ValidationResult")))
        triples.extend(ox.Triple(node, _sh(p), o) for p, o in pairs if o is not None)
        triples.extend(finding.description)
    return list(dict.fromkeys(triples))


def to_turtle(result: ValidationResult) -> str:
    """The ``sh:ValidationReport`` as canonical Turtle, with a two-line comment header."""
    counts = result.counts()
    as_of = result.as_of.isoformat() if result.as_of else "none"
    header = (
        "# SHACL validation report of aikg (aikg validate --format turtle).\n"
        f"# {counts['violation']} violation(s), {counts['warning']} warning(s), "
        f"{counts['info']} info(s); as of {as_of}.\n"
    )
    prefixes = {**REPORT_PREFIXES, **{p: n for p, n in result.prefixes.items() if p not in REPORT_PREFIXES}}
    return header + canonical_turtle(report_triples(result), prefixes).decode("utf-8")
