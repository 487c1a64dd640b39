"""Benchmark aikg at scale: load, every competency question on three engines, SHACL, commands.

    python benchmarks/run.py                          # 10k, 100k and 1M triples; writes benchmarks/RESULTS.md
    python benchmarks/run.py --sizes 10k --out -      # one size, the record on standard output

Each size is a synthetic extension (``aikg synth``, seed 1) loaded with the full profile.
Method (issue 12): every measure runs in a fresh child process with the data already
loaded (load is measured on its own); one warm-up run, then the median of 3; a measure
whose first run takes more than 10 s runs once; every run is capped (60 s: a run that
reaches the cap is killed and reported as such); the whole run stops starting new
measures after ``--budget`` seconds (30 minutes). Peak memory is the child's
``ru_maxrss``. Apache Jena ARQ (Debian's libapache-jena-java, through
``../shared/tools/jena-classpath``) runs each question in one JVM with ``--repeat=1,3
--time``: its own timer covers query evaluation only, not the JVM start or the load.

This is a script, not a test: its numbers depend on the machine. RESULTS.md is a
measured record; the text after the analysis marker is written by hand and kept.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import queue
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
MARKER = "<!-- analysis: written by hand below this line; run.py keeps it -->"
SLOW_FIRST_RUN = 10.0  # seconds: a measure whose first run is slower runs once
JENA_CP = ROOT.parent / "shared" / "tools" / "jena-classpath"
PARTS = ("load", "oxigraph", "rdflib", "jena", "shacl", "commands", "ask")

# A child that loads a size and runs questions, one JSON line per event (see _Worker).
_WORKER = r"""
import json, signal, sys, time
from aikg.cq import load_catalogue
from aikg.load import load_profile
from aikg.namespaces import PREFIXES, prefix_map
from aikg.query import bind_params, with_params
engine, data_dir, ids = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
from pathlib import Path
files = sorted(Path(data_dir).glob("*.ttl")) if data_dir != "-" else []
started = time.perf_counter()
kb = load_profile("full", data=files)
_ = kb.store if engine == "oxigraph" else kb.graph
print(json.dumps({"event": "loaded", "seconds": time.perf_counter() - started}), flush=True)
questions = {q.id: q for q in load_catalogue()}
def _cap(signum, frame):
    raise TimeoutError
signal.signal(signal.SIGALRM, _cap)  # stops pure-Python work (rdflib) at the cap; a native call ends first
cap = int(float(sys.argv[5]))
for qid in ids:
    text = with_params(questions[qid], bind_params(questions[qid]))
    times, rows = [], 0
    for run in range(4):
        print(json.dumps({"event": "start", "cq": qid, "run": run}), flush=True)
        t = time.perf_counter()
        signal.alarm(cap + 1)
        try:
            if engine == "oxigraph":  # aikg's store and prefixes, each engine's own query call, every row read
                rows = len([tuple(row) for row in kb.store.query(text, prefixes=prefix_map(), use_default_graph_as_union=True)])
            else:
                rows = len([tuple(row) for row in kb.graph.query(text, initNs=dict(PREFIXES))])
        except TimeoutError:
            times = None
            break
        finally:
            signal.alarm(0)
        times.append(time.perf_counter() - t)
        if run == 0 and times[0] > float(sys.argv[4]):
            break
    if times is None or max(times) > cap:
        print(json.dumps({"event": "capped", "cq": qid}), flush=True)
    else:
        print(json.dumps({"event": "done", "cq": qid, "times": times, "rows": rows}), flush=True)
"""

# A child that times one expression (after an untimed setup) under the cap, and reports its peak memory.
_TIMED = r"""
import json, resource, signal, sys, time
setup = {}
exec(sys.argv[1], setup)
def _cap(signum, frame):
    raise TimeoutError
signal.signal(signal.SIGALRM, _cap)
signal.alarm(int(float(sys.argv[3])) + 1)
started = time.perf_counter()
try:
    extra = eval(sys.argv[2], setup) or {}
except TimeoutError:
    print(json.dumps({"capped": True}))
    sys.exit(0)
seconds = time.perf_counter() - started
signal.alarm(0)
print(json.dumps({"seconds": seconds, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, **extra}))
"""
SETUP_ALLOWANCE = 900.0  # seconds a child may spend before the timed expression (parsing a product)


@dataclass
class Measure:
    """Seconds of the runs that counted; ``capped`` if a run reached the cap; ``skipped`` says why not run."""

    times: list[float] = field(default_factory=list)
    capped: bool = False
    skipped: str = ""
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def value(self) -> float | None:
        return None if self.capped or self.skipped or not self.times else statistics.median(self.times)

    def cell(self, cap: float) -> str:
        if self.skipped:
            return f"not run ({self.skipped})"
        if self.capped:
            return f"> {cap:.0f} (cap)"
        if not self.times:
            return "-"
        runs = "" if len(self.times) > 1 else " (1 run)"
        return f"{_fmt(statistics.median(self.times))}{runs}"


def _fmt(seconds: float) -> str:
    return f"{seconds:.3f}" if seconds < 10 else f"{seconds:.1f}"


class Clock:
    """The whole run's time budget."""

    def __init__(self, budget: float) -> None:
        self.deadline = time.monotonic() + budget

    def left(self) -> float:
        return self.deadline - time.monotonic()


def repeated(run_once: Callable[[], float], clock: Clock, cap: float, runs: int = 3) -> Measure:
    """Warm-up, then the median of *runs*; once if the first run is slow; :class:`TimeoutError` = cap."""
    measure = Measure()
    if clock.left() <= 0:
        measure.skipped = "time budget"
        return measure
    try:
        first = run_once()
        if first > SLOW_FIRST_RUN or runs == 0:
            measure.times = [first]
            return measure
        measure.times = [run_once() for _ in range(runs)]
    except TimeoutError:
        measure.capped = True
    except RuntimeError as exc:  # a measure that failed is reported, the others still run
        measure.skipped = f"failed: {str(exc)[:120]}"
        print(f"  {measure.skipped}", file=sys.stderr, flush=True)
    return measure


def timed_child(setup: str, expression: str, cap: float) -> dict[str, float]:
    """Run *expression* (after *setup*) in a fresh Python; its seconds, peak MiB and the dict it returns.

    The expression is capped inside the child (an alarm: pure-Python work stops at the cap; a
    native call stops when it returns) and, as a backstop, the whole child from outside."""
    try:
        out = subprocess.run(
            [sys.executable, "-c", _TIMED, setup, expression, str(cap)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=cap + SETUP_ALLOWANCE,
        )
    except subprocess.TimeoutExpired:
        raise TimeoutError from None
    if (
        out.returncode != 0 and "TimeoutError" in out.stderr
    ):  # the cap, re-raised by a library as its own error
        raise TimeoutError
    if out.returncode != 0:
        raise RuntimeError(f"child failed: {out.stderr.strip()[-800:]}")
    answer = json.loads(out.stdout.strip().splitlines()[-1])
    if answer.get("capped") or answer["seconds"] > cap:
        raise TimeoutError
    return answer


def command_seconds(args: list[str], cap: float) -> float:
    """Wall time of ``python -m aikg ARGS`` in a fresh process (exit 0 or 1 = findings)."""
    started = time.perf_counter()
    try:
        out = subprocess.run(
            [sys.executable, "-m", "aikg", *args], cwd=ROOT, capture_output=True, text=True, timeout=cap
        )
    except subprocess.TimeoutExpired:
        raise TimeoutError from None
    if out.returncode not in (0, 1) or (args[0] in ("check", "report") and "result:" not in out.stdout):
        raise RuntimeError(f"aikg {' '.join(args[:2])} exited {out.returncode}: {out.stderr.strip()[-800:]}")
    return time.perf_counter() - started


# --------------------------------------------------------------------------- questions on our engines


class _Lines:
    """The lines a child prints, read by a thread, so that waiting for one can time out."""

    def __init__(self, child: subprocess.Popen[str]) -> None:
        self.queue: queue.Queue[str] = queue.Queue()
        assert child.stdout is not None
        stream = child.stdout
        threading.Thread(
            target=lambda: [self.queue.put(line) for line in stream] + [self.queue.put("")], daemon=True
        ).start()

    def next(self, deadline: float) -> str:
        """The next line ('' at the end); :class:`TimeoutError` once *deadline* passes."""
        try:
            return self.queue.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise TimeoutError from None


def run_questions(
    engine: str, data_dir: str, ids: list[str], cap: float, clock: Clock
) -> tuple[dict[str, Measure], dict[str, int]]:
    """Every question in one child (restarted after a run reaches the cap); measures and row counts."""
    measures: dict[str, Measure] = {}
    rows: dict[str, int] = {}
    pending = list(ids)
    while pending:
        if clock.left() <= 0:
            for qid in pending:
                measures[qid] = Measure(skipped="time budget")
            break
        child = subprocess.Popen(
            [
                sys.executable,
                "-c",
                _WORKER,
                engine,
                data_dir,
                ",".join(pending),
                str(SLOW_FIRST_RUN),
                str(cap),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        current, deadline = None, time.monotonic() + SETUP_ALLOWANCE  # loading is not capped per run
        lines = _Lines(child)
        try:
            while True:
                line = lines.next(deadline)
                if not line:
                    if child.wait() != 0:
                        raise RuntimeError(
                            f"{engine} worker failed: {child.stderr.read()[-800:] if child.stderr else ''}"
                        )
                    pending = []
                    break
                event = json.loads(line)
                if event["event"] == "start":  # the child stops itself at the cap; this is the backstop
                    current, deadline = event["cq"], time.monotonic() + cap + 30
                elif event["event"] == "capped":
                    measures[event["cq"]] = Measure(capped=True)
                    pending.remove(event["cq"])
                    current, deadline = None, time.monotonic() + cap + 30
                elif event["event"] == "done":
                    times = event["times"]
                    measures[event["cq"]] = Measure(times=times[:1] if len(times) == 1 else times[1:])
                    rows[event["cq"]] = event["rows"]
                    pending.remove(event["cq"])
                    current, deadline = None, time.monotonic() + cap
        except TimeoutError:
            child.kill()
            child.wait()
            if current is None:  # the load itself did not finish within the budget
                for qid in pending:
                    measures[qid] = Measure(skipped="load not finished")
                break
            measures[current] = Measure(capped=True)
            pending.remove(current)
    return measures, rows


def run_jena(
    classpath: str, product: Path, queries: dict[str, str], cap: float, clock: Clock, work: Path
) -> dict[str, Measure]:
    """Each question in its own JVM: ``--repeat=1,3 --time``; ARQ's timer excludes the JVM start and the load."""
    measures: dict[str, Measure] = {}
    for qid, text in queries.items():
        if clock.left() <= 0:
            measures[qid] = Measure(skipped="time budget")
            continue
        query = work / f"{qid}.rq"
        query.write_text(text, encoding="utf-8")
        args = [
            "java",
            "-Xmx8g",
            "-cp",
            classpath,
            "arq.sparql",
            "--data",
            str(product),
            "--query",
            str(query),
            "--time",
            "--repeat=1,3",
            "--results=tsv",
        ]
        child = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        lines = _Lines(child)
        times: list[float] = []
        deadline = time.monotonic() + cap + 120  # the first run also waits for the JVM and the load
        measure = Measure()
        try:
            while True:
                line = lines.next(deadline)
                if not line:
                    break
                found = re.match(r"Time: ([0-9.]+) sec", line.strip())
                if found:
                    times.append(float(found.group(1)))
                    deadline = time.monotonic() + cap
                    if len(times) == 1 and times[0] > SLOW_FIRST_RUN:
                        break
        except TimeoutError:
            measure.capped = True
        child.kill()
        child.wait()
        if not measure.capped:
            measure.times = times[:1] if len(times) == 1 else times[1:]
        measures[qid] = measure
    return measures


# --------------------------------------------------------------------------- one size


def size_label(n: int) -> str:
    return (
        f"{n // 1_000_000}M"
        if n >= 1_000_000 and n % 1_000_000 == 0
        else (f"{n // 1000}k" if n % 1000 == 0 else str(n))
    )


def parse_size(text: str) -> int:
    text = text.strip().lower()
    factor = {"k": 1000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * factor)


def bench_size(n: int, args: argparse.Namespace, clock: Clock, work: Path) -> dict[str, object]:
    from aikg.cq import load_catalogue
    from aikg.synth import write_synth

    data = work / f"synth-{n}"
    write_synth(data, n, args.seed)
    files = sorted(data.glob("*.ttl"))
    files_py = repr([str(f) for f in files])
    cap = args.cap
    result: dict[str, object] = {"n": n, "label": size_label(n)}
    print(f"[{size_label(n)}] product and sizes", file=sys.stderr, flush=True)
    sizes = timed_child(
        f"from aikg.load import load_profile\nimport pyoxigraph as ox\nkb = load_profile('full', data=[__import__('pathlib').Path(f) for f in {files_py}])",
        f"(ox.serialize((q.triple for q in kb.store), output={str(work / f'product-{n}.nt')!r}, format=ox.RdfFormat.N_TRIPLES), "
        "{'asserted': sum(len(m.triples) for m in kb.modules), 'derived': len(kb.derived), 'store': len(kb.store), "
        f"'synthetic': sum(len(m.triples) for m in kb.modules if m.path in {{__import__('pathlib').Path(f).resolve() for f in {files_py}}})}})[1]",
        cap=3600,
    )
    result["sizes"] = sizes
    result["sizes_peak"] = sizes.get("peak_mib")  # the same load, plus writing the product
    product = work / f"product-{n}.nt"
    parts = set(args.parts)
    if "load" in parts:
        print(f"[{size_label(n)}] load", file=sys.stderr, flush=True)
        load_extra: dict[str, float] = {}

        def load_once() -> float:
            measured = timed_child(
                f"from aikg.load import load_profile\nfrom pathlib import Path\nfiles = [Path(f) for f in {files_py}]",
                "(lambda kb: (kb.store, {}))(load_profile('full', data=files))[1]",
                cap,
            )
            load_extra["peak_mib"] = max(load_extra.get("peak_mib", 0.0), measured["peak_mib"])
            return measured["seconds"]

        result["load"] = repeated(load_once, clock, cap, runs=args.runs)
        result["load_peak"] = load_extra.get("peak_mib") or result["sizes_peak"]
        raw_extra: dict[str, float] = {}

        def raw_once() -> float:
            measured = timed_child(
                "import pyoxigraph as ox",
                f"ox.Store().bulk_load(path={str(product)!r}, format=ox.RdfFormat.N_TRIPLES)",
                cap,
            )
            raw_extra["peak_mib"] = measured["peak_mib"]
            return measured["seconds"]

        result["raw_load"] = repeated(raw_once, clock, cap, runs=args.runs)
        result["raw_peak"] = raw_extra.get("peak_mib")
        result["derive"] = repeated(
            lambda: timed_child(
                f"from aikg.load import load_profile\nfrom pathlib import Path\nkb = load_profile('full', data=[Path(f) for f in {files_py}])",
                "len(kb.derived) and {}",
                cap,
            )["seconds"],
            clock,
            cap,
            runs=0,
        )
    ids = [q.id for q in load_catalogue()]
    if "oxigraph" in parts:
        print(f"[{size_label(n)}] questions on oxigraph", file=sys.stderr, flush=True)
        result["oxigraph"], result["oxigraph_rows"] = run_questions("oxigraph", str(data), ids, cap, clock)
    result["_data"], result["_product"] = data, product
    return result


def bench_extras(
    result: dict[str, object], args: argparse.Namespace, clock: Clock, work: Path, only: str
) -> None:
    """The slower references and commands, once every size has its load and questions measured."""
    from aikg.cq import load_catalogue
    from aikg.query import bind_params, with_params

    n, cap = int(result["n"]), args.cap  # type: ignore[call-overload]
    parts = set(args.parts) & {only}
    data, product = Path(str(result["_data"])), Path(str(result["_product"]))
    files = sorted(data.glob("*.ttl"))
    files_py = repr([str(f) for f in files])
    ids = [q.id for q in load_catalogue()]
    classpath = jena_classpath() if "jena" in parts and n <= args.jena_max else None
    if classpath:
        print(f"[{size_label(n)}] questions on Jena ARQ", file=sys.stderr, flush=True)
        texts = {q.id: with_params(q, bind_params(q)) for q in load_catalogue()}
        result["jena"] = run_jena(classpath, product, texts, cap, clock, work)
    if "shacl" in parts and n <= args.shacl_max:
        print(f"[{size_label(n)}] SHACL", file=sys.stderr, flush=True)
        result["pyshacl"] = repeated(
            lambda: timed_child(
                "import rdflib, pyshacl\nfrom aikg.validate import load_shapes\n"
                f"g = rdflib.Graph(); g.parse({str(product)!r}, format='nt'); shapes = load_shapes()",
                "pyshacl.validate(g, shacl_graph=shapes, inference='none', advanced=False, allow_warnings=True, allow_infos=True) and {}",
                cap,
            )["seconds"],
            clock,
            cap,
            runs=args.runs,
        )
        result["validate"] = repeated(
            lambda: timed_child(
                f"from aikg.validate import validate\nfiles = {files_py}", "validate(files) and {}", cap
            )["seconds"],
            clock,
            cap,
            runs=args.runs,
        )
    for engine in ("rdflib",):
        if engine in parts and n <= args.rdflib_max:
            print(f"[{size_label(n)}] questions on {engine}", file=sys.stderr, flush=True)
            result[engine], result[f"{engine}_rows"] = run_questions(engine, str(data), ids, cap, clock)
    if "commands" in parts and n <= args.commands_max:
        for command in ("check", "report"):
            print(f"[{size_label(n)}] aikg {command}", file=sys.stderr, flush=True)
            extra = ["--out", str(work / "dist")] if command == "report" else []
            result[command] = repeated(
                lambda c=command, e=extra: command_seconds([c, *e, "--data", *map(str, files)], cap),
                clock,
                cap,
                runs=args.runs,
            )


def jena_classpath() -> str | None:
    if shutil.which("java") is None or not JENA_CP.exists():
        return None
    out = subprocess.run(["bash", str(JENA_CP)], capture_output=True, text=True)
    return out.stdout.strip() or None


# --------------------------------------------------------------------------- the record


def _version(module: str) -> str:
    try:
        from importlib.metadata import version

        return version(module)
    except Exception:  # noqa: BLE001 - a missing package is reported as such
        return "not installed"


def machine() -> list[str]:
    cpu = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        if Path("/proc/cpuinfo").exists()
        else platform.processor()
    )
    memory = next(
        (
            line.split()[1]
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        "0",
    )
    java = (
        subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[:1]
        if shutil.which("java")
        else ["none"]
    )
    jena = (
        subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", "libapache-jena-java"], capture_output=True, text=True
        ).stdout
        or "not installed"
    )
    return [
        f"- machine: {cpu}, {os.cpu_count()} cores, {int(memory) / 1024 / 1024:.1f} GiB, {platform.platform()}",
        f"- Python {platform.python_version()}; pyoxigraph {_version('pyoxigraph')}, rdflib {_version('rdflib')}, "
        f"pySHACL {_version('pyshacl')}; Apache Jena ARQ {jena} (Debian), {java[0] if java else 'no java'}",
    ]


def table(header: list[str], rows: Iterable[list[str]]) -> str:
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _ratio(slow: Measure | None, fast: Measure | None, cap: float) -> str:
    if slow is None or fast is None or fast.value is None or fast.value == 0:
        return "-"
    if slow.capped:
        return f"> {cap / fast.value:.0f}×"
    if slow.value is None:
        return "-"
    return f"{slow.value / fast.value:.1f}×"


def record(
    results: list[dict[str, object]], args: argparse.Namespace, load_before: str, started: float
) -> str:
    cap = args.cap
    out = [
        "# Benchmark results",
        "",
        f"Measured by `python benchmarks/run.py` on {time.strftime('%Y-%m-%d')} ({(time.time() - started) / 60:.1f} min). "
        f"Synthetic extension `aikg synth --seed {args.seed}` loaded with the full profile; method: warm-up, median of "
        f"{args.runs}, one run if the first exceeds {SLOW_FIRST_RUN:.0f} s, every run capped at {cap:.0f} s.",
        "",
    ]
    out += machine()
    out += [
        f"- load average (1, 5, 15 min): {load_before} at the start, {' '.join(f'{x:.2f}' for x in os.getloadavg())} at the end",
        "",
    ]
    out += [
        "## Sizes",
        "",
        table(
            ["size", "synthetic triples", "asserted (with the full profile)", "derived", "in the store"],
            [
                [
                    str(r["label"]),
                    *(f"{int(r['sizes'][k]):,}" for k in ("synthetic", "asserted", "derived", "store")),
                ]  # type: ignore[index]
                for r in results
            ],
        ),
    ]
    out += [
        "## Load (fresh process, seconds; peak resident memory)",
        "",
        table(
            [
                "size",
                "aikg load (parse + derive + store)",
                "peak MiB",
                "of which derive",
                "raw pyoxigraph bulk load of the product",
                "peak MiB",
            ],
            [
                [
                    str(r["label"]),
                    _cell(r, "load", cap),
                    _mib(r.get("load_peak")),
                    _cell(r, "derive", cap),
                    _cell(r, "raw_load", cap),
                    _mib(r.get("raw_peak")),
                ]
                for r in results
            ],
        ),
    ]
    for r in results:
        ox, rd, jn = (r.get(k, {}) for k in ("oxigraph", "rdflib", "jena"))
        assert isinstance(ox, dict) and isinstance(rd, dict) and isinstance(jn, dict)
        ids = sorted(set(ox) | set(rd) | set(jn))
        if not ids:
            continue
        rows = []
        for qid in ids:
            rows.append(
                [
                    qid,
                    _m(ox.get(qid), cap),
                    _m(rd.get(qid), cap),
                    _m(jn.get(qid), cap),
                    str(r.get("oxigraph_rows", {}).get(qid, "-")),
                    _ratio(rd.get(qid), ox.get(qid), cap),
                    _ratio(jn.get(qid), ox.get(qid), cap),
                ]
            )  # type: ignore[union-attr]
        total = [sum(m.value for m in e.values() if m.value is not None) if e else None for e in (ox, rd, jn)]
        rows.append(
            ["catalogue (sum of measured)", *(_fmt(t) if t is not None else "-" for t in total), "", "", ""]
        )
        out += [
            f"## Questions at {r['label']} (seconds, query evaluation only)",
            "",
            table(
                [
                    "question",
                    "aikg (pyoxigraph)",
                    "rdflib",
                    "Jena ARQ",
                    "rows",
                    "rdflib / aikg",
                    "Jena / aikg",
                ],
                rows,
            ),
        ]
    out += [
        "## SHACL and commands (seconds)",
        "",
        table(
            ["size", "plain pySHACL on the product", "aikg validate", "aikg check", "aikg report"],
            [
                [
                    str(r["label"]),
                    _cell(r, "pyshacl", cap),
                    _cell(r, "validate", cap),
                    _cell(r, "check", cap),
                    _cell(r, "report", cap),
                ]
                for r in results
            ],
        ),
    ]
    if args.ask is not None:
        out += [
            f"`aikg ask CQ-13` from a cold start on the shipped graph (wall time of a fresh process): {args.ask.cell(cap)} s",
            "",
        ]
    out += ["## Targets (issue 12)", "", table(["target", "measured", "verdict"], targets(results, args)), ""]
    return "\n".join(out) + "\n"


def _verdict(value: float | None, limit: float, unit: str = "s", capped: bool = False) -> list[str]:
    if capped:
        return [f"> {limit:g} {unit} (cap)", "missed (cap reached)"]
    if value is None:
        return ["not measured", "-"]
    shown = f"{value:.0f} {unit}" if unit == "MiB" else f"{_fmt(value)} {unit}"
    return [shown, "met" if value < limit else f"missed by {value / limit:.1f}×"]


def targets(results: list[dict[str, object]], args: argparse.Namespace) -> list[list[str]]:
    """Each target of issue 12 at the sizes it names (the largest measured size stands for 1M)."""
    rows: list[list[str]] = []
    by = {int(r["n"]): r for r in results}  # type: ignore[call-overload]
    big = by.get(1_000_000)
    if big is not None:
        load = big.get("load")
        if isinstance(load, Measure):
            rows.append(["1M: load < 5 s", *_verdict(load.value, 5, capped=load.capped)])
        peak = big.get("load_peak")
        rows.append(
            ["1M: peak memory < 1.5 GB", *_verdict(peak if isinstance(peak, float) else None, 1536, "MiB")]
        )
        ox = big.get("oxigraph")
        if isinstance(ox, dict) and ox:
            worst = max(ox.items(), key=lambda item: (item[1].capped, item[1].value or 0))
            rows.append(
                [
                    f"1M: every question < 1 s (slowest: {worst[0]})",
                    *_verdict(worst[1].value, 1, capped=worst[1].capped),
                ]
            )
            capped = any(m.capped for m in ox.values())
            total = sum(m.value or 0 for m in ox.values())
            rows.append(["1M: the catalogue < 10 s", *_verdict(total, 10, capped=capped)])
    mid = by.get(100_000)
    if mid is not None:
        ox, rd, jn = (mid.get(k, {}) for k in ("oxigraph", "rdflib", "jena"))
        assert isinstance(ox, dict) and isinstance(rd, dict) and isinstance(jn, dict)
        rd = {q: m for q, m in rd.items() if m.capped or m.value is not None}
        jn = {q: m for q, m in jn.items() if m.value is not None}
        slow = [q for q, m in rd.items() if m.capped or (m.value or 0) > 1]
        short = [
            q
            for q in slow
            if ox.get(q) is None
            or ox[q].value is None
            or (not rd[q].capped and (rd[q].value or 0) / max(ox[q].value or 1e-9, 1e-9) < 100)
        ]
        rows.append(
            [
                f"100k: ≥ 100× faster than rdflib where rdflib > 1 s ({len(slow)} of {len(rd)} measured)",
                f"{len(slow) - len(short)} of {len(slow)} at ≥ 100×",
                (
                    "not measured"
                    if not rd
                    else "met"
                    if not short
                    else f"missed on {', '.join(sorted(short))}"
                ),
            ]
        )
        slower = [
            q
            for q, m in jn.items()
            if m.value is not None
            and ox.get(q) is not None
            and ox[q].value is not None
            and ox[q].value > m.value
        ]  # type: ignore[operator]
        rows.append(
            [
                f"100k: no slower than Jena ARQ ({len(jn)} questions measured)",
                f"{len(jn) - len(slower)} of {len(jn)} as fast or faster",
                "met"
                if jn and not slower
                else ("not measured" if not jn else f"missed on {', '.join(sorted(slower))}"),
            ]
        )
        for key, name in (("pyshacl", "plain pySHACL"), ("validate", "aikg validate")):
            measure = mid.get(key)
            if isinstance(measure, Measure):
                rows.append(
                    [f"100k: SHACL < 10 s ({name})", *_verdict(measure.value, 10, capped=measure.capped)]
                )
    if args.ask is not None:
        rows.append(["cold `aikg ask` < 1 s", *_verdict(args.ask.value, 1, capped=args.ask.capped)])
    return rows


def _m(measure: Measure | None, cap: float) -> str:
    return "-" if measure is None else measure.cell(cap)


def _cell(result: dict[str, object], key: str, cap: float) -> str:
    measure = result.get(key)
    return measure.cell(cap) if isinstance(measure, Measure) else "-"


def _mib(value: object) -> str:
    return f"{value:.0f}" if isinstance(value, float) else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k,1M", help="comma-separated sizes (default: 10k,100k,1M)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cap", type=float, default=60.0, help="seconds one run may take (default: 60)")
    parser.add_argument(
        "--budget",
        type=float,
        default=1800.0,
        help="seconds after which no new measure starts (default: 1800)",
    )
    parser.add_argument("--runs", type=int, default=3, help="timed runs after the warm-up (default: 3)")
    parser.add_argument(
        "--parts", default=",".join(PARTS), help=f"what to measure (default: {','.join(PARTS)})"
    )
    parser.add_argument(
        "--rdflib-max", type=parse_size, default=100_000, help="largest size rdflib runs at (default: 100k)"
    )
    parser.add_argument(
        "--jena-max", type=parse_size, default=100_000, help="largest size Jena runs at (default: 100k)"
    )
    parser.add_argument(
        "--commands-max", type=parse_size, default=100_000, help="largest size check/report run at"
    )
    parser.add_argument(
        "--shacl-max", type=parse_size, default=100_000, help="largest size SHACL runs at (default: 100k)"
    )
    parser.add_argument(
        "--work", type=Path, help="folder for the synthetic data and products (default: a temporary one)"
    )
    parser.add_argument("--out", default=str(RESULTS), help="where the record goes (- for standard output)")
    args = parser.parse_args(argv)
    args.parts = [p for p in args.parts.split(",") if p]
    unknown = set(args.parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown part(s): {', '.join(sorted(unknown))}")
    started, clock = time.time(), Clock(args.budget)
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    work = args.work or Path(tempfile.mkdtemp(prefix="aikg-bench-"))
    results = []
    args.ask = None
    if "ask" in args.parts:
        print("cold ask", file=sys.stderr, flush=True)
        args.ask = repeated(
            lambda: command_seconds(["ask", "CQ-13"], args.cap), clock, args.cap, runs=args.runs
        )
    try:
        for n in (parse_size(s) for s in args.sizes.split(",")):
            results.append(bench_size(n, args, clock, work))
        # The references that the targets name first (Jena, SHACL, rdflib at 100k), then the rest.
        order = sorted(
            ((r, part) for part in ("jena", "shacl", "rdflib", "commands") for r in results),
            key=lambda item: (item[1] == "commands", int(item[0]["n"]) != 100_000),
        )  # type: ignore[call-overload]
        for result, part in order:
            bench_extras(result, args, clock, work, part)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    text = record(results, args, load_before, started)
    if args.out == "-":
        sys.stdout.write(text)
        return 0
    out = Path(args.out)
    kept = (
        out.read_text(encoding="utf-8").split(MARKER, 1)[1]
        if out.exists() and MARKER in out.read_text(encoding="utf-8")
        else "\n"
    )
    out.write_text(text + "\n" + MARKER + kept, encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
