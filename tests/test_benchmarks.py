"""benchmarks/RESULTS.md is committed for readers; it must cover every benchmark step
(its numbers depend on the machine, so only its rows are checked, not its values)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_results_list_every_benchmark_step() -> None:
    spec = importlib.util.spec_from_file_location("aikg_benchmarks", ROOT / "benchmarks" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    results = (ROOT / "benchmarks" / "RESULTS.md").read_text(encoding="utf-8")
    rows = [
        line.split("|")[1].strip()
        for line in results.splitlines()
        if line.startswith("| ") and "---" not in line
    ]
    assert rows[0] == "step"
    assert rows[1:] == list(module.STEPS), (
        "benchmarks/RESULTS.md is stale: run python benchmarks/run.py --write"
    )
    assert "over target" not in results, "a step is over its target"
