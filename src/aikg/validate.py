"""The public face of aikg's SHACL validation: ``from aikg.validate import validate``.

The implementation is the :mod:`aikg.shacl` package (shapes, the pySHACL adapter,
findings and reports); this module re-exports its public names so that the
imports the README shows keep working.
"""

from __future__ import annotations

from .shacl import (
    AIKGSH,
    FAIL_ON,
    SEVERITIES,
    SH,
    FailOn,
    Finding,
    Severity,
    ShapeInfo,
    ValidationResult,
    gap_titles,
    load_shapes,
    parse_date,
    shape_ids,
    shape_info,
    shapes_dir,
    validate,
    validate_kb,
)

__all__ = [
    "AIKGSH",
    "SH",
    "SEVERITIES",
    "FAIL_ON",
    "Severity",
    "FailOn",
    "Finding",
    "ShapeInfo",
    "ValidationResult",
    "validate",
    "validate_kb",
    "parse_date",
    "shapes_dir",
    "load_shapes",
    "shape_ids",
    "shape_info",
    "gap_titles",
]
