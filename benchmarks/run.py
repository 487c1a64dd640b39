"""Measure how long aikg's main operations take and how much memory they need.

Timings are benchmarks, not tests: they depend on the machine. Run

    python benchmarks/run.py            # print the table
    python benchmarks/run.py --write    # also rewrite benchmarks/RESULTS.md

Each measurement runs in a fresh child process, so one step's caches and
memory do not flatter the next; the peak resident memory is that Python
process's ``ru_maxrss`` (the Java processes HermiT and the OWL API run in are
not counted). The targets below are what a researcher on a laptop should
expect; a row over its target is marked.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"

# name -> (python code run in a child process, target seconds)
STEPS: dict[str, tuple[str, float]] = {
    "load study profile (parse + merge)": (
        "from aikg.load import load_profile; load_profile('study').store",
        5.0,
    ),
    "load full profile (parse + merge)": (
        "from aikg.load import load_profile; load_profile('full').store",
        5.0,
    ),
    "rdflib graph of the full profile": (
        "from aikg.load import load_profile; load_profile('full').graph",
        10.0,
    ),
    "HermiT consistency and materialisation (full)": (
        "from aikg.load import load_profile; from aikg.reason import reason; assert reason(load_profile('full').graph).ok",
        30.0,
    ),
    "OWL 2 DL profile check (full)": (
        "from aikg.load import load_profile; from aikg.profile import check_profile; check_profile(load_profile('full').graph)",
        30.0,
    ),
    "hygiene queries (9 rules)": (
        "from aikg.load import load_profile; from aikg.hygiene import run_hygiene; run_hygiene(load_profile('full'))",
        5.0,
    ),
    "all 28 questions, oxigraph, study": (
        "from aikg.api import ask; from aikg.cq import load_catalogue; [ask(q.id) for q in load_catalogue()]",
        10.0,
    ),
    "all 28 questions, rdflib, study": (
        "from aikg.api import ask; from aikg.cq import load_catalogue; [ask(q.id, engine='rdflib') for q in load_catalogue()]",
        60.0,
    ),
    "all 28 questions, oxigraph, full": (
        "from aikg.api import ask; from aikg.cq import load_catalogue; [ask(q.id, profile='full') for q in load_catalogue()]",
        10.0,
    ),
    "SHACL validation of the shipped graph": (
        "from aikg.validate import validate; validate()",
        60.0,
    ),
}

_CHILD = """
import json, resource, sys, time
started = time.perf_counter()
exec(sys.argv[1])
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "max_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def measure(code: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def table(rows: list[tuple[str, float, float, float]]) -> str:
    lines = ["| step | seconds | target (s) | peak memory (MiB) |", "|---|---:|---:|---:|"]
    for name, seconds, target, rss in rows:
        flag = " **over target**" if seconds > target else ""
        lines.append(f"| {name} | {seconds:.2f}{flag} | {target:.0f} | {rss:.0f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite benchmarks/RESULTS.md")
    parser.add_argument("--repeat", type=int, default=3, help="runs per step; the median is reported")
    args = parser.parse_args(argv)
    rows = []
    for name, (code, target) in STEPS.items():
        runs = sorted((measure(code) for _ in range(args.repeat)), key=lambda r: r["seconds"])
        median = runs[len(runs) // 2]
        rows.append((name, median["seconds"], target, median["max_rss_kib"] / 1024))
        print(f"{name}: {median['seconds']:.2f} s", file=sys.stderr)
    text = table(rows)
    print(text, end="")
    if args.write:
        machine = f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}, {resource.getpagesize()}-byte pages"
        RESULTS.write_text(
            "# Benchmark results\n\n"
            f"Written by `python benchmarks/run.py --write` (median of {args.repeat} runs, each in a fresh process) "
            f"on {time.strftime('%Y-%m-%d')} ({machine}). Times include importing the libraries a step needs; "
            "memory is the peak of the Python process (HermiT and the OWL API run in Java child processes, "
            "not counted).\n\n" + text,
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
