"""benchmarks/run.py runs end to end on a tiny size (a smoke test: no timing is asserted)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("aikg_benchmarks", ROOT / "benchmarks" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_benchmark_runs_on_a_tiny_size_and_writes_a_record(tmp_path: Path) -> None:
    out = tmp_path / "RESULTS.md"
    marker = "<!-- analysis: written by hand below this line; run.py keeps it -->"
    out.write_text(f"old numbers\n\n{marker}\nkept\n")
    args = ["--sizes", "1500", "--cap", "30", "--runs", "1", "--budget", "300", "--parts", "load,oxigraph"]
    code = _script().main([*args, "--work", str(tmp_path / "work"), "--out", str(out)])
    assert code == 0
    text = out.read_text(encoding="utf-8")
    assert "old numbers" not in text and text.endswith("kept\n")  # the hand-written analysis is kept
    assert "## Load" in text and "## Questions at 1500" in text and "## Targets" in text
    rows = [line for line in text.splitlines() if line.startswith("| CQ-")]
    assert len(rows) == len(list((ROOT / "queries" / "cq").glob("cq-*.rq")))
    assert all("(cap)" not in row and "not run" not in row for row in rows)


def test_sizes_and_measures() -> None:
    run = _script()
    assert [run.parse_size(s) for s in ("10k", "1M", "2500")] == [10_000, 1_000_000, 2500]
    assert [run.size_label(n) for n in (10_000, 1_000_000, 2500)] == ["10k", "1M", "2500"]
    clock = run.Clock(60)
    slow = iter([12.0, 1.0, 1.0, 1.0])
    assert run.repeated(lambda: next(slow), clock, 60).times == [12.0]  # a slow first run counts once
    fast = iter([0.5, 0.3, 0.1, 0.2])
    assert run.repeated(lambda: next(fast), clock, 60).value == 0.2  # warm-up dropped, median of 3

    def capped() -> float:
        raise TimeoutError

    assert run.repeated(capped, clock, 60).cell(60) == "> 60 (cap)"
    assert run.repeated(lambda: 1.0, run.Clock(-1), 60).skipped == "time budget"
