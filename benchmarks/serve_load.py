"""Load test of ``aikg serve``: concurrent clients on loopback for a fixed time.

Starts ``python -m aikg serve --port 0`` (on 127.0.0.1), then N client threads each
send the competency questions (default parameters, round robin, POST
``application/sparql-query``) until the time is up, and reports the request count,
the errors (any status but 200, or a failed connection) and the latency
percentiles. Traffic goes to 127.0.0.1 only; the loop is bounded in time and stops
by itself.

    python benchmarks/serve_load.py                # 20 clients, 30 s, print the table
    python benchmarks/serve_load.py --write        # and write benchmarks/RESULTS-serve.md
    python benchmarks/serve_load.py --check        # exit 1 if any request failed

Exit code 1 with ``--check`` when any request failed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "RESULTS-serve.md"


def _queries() -> list[tuple[str, str]]:
    sys.path.insert(0, str(REPO / "src"))
    from aikg.cq import load_catalogue
    from aikg.query import bind_params, with_params

    return [(q.id, with_params(q, bind_params(q))) for q in load_catalogue()]


def _start(profile: str, workers: int) -> tuple[subprocess.Popen[str], str, int]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aikg",
            "serve",
            "--port",
            "0",
            "--profile",
            profile,
            "--workers",
            str(workers),
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    assert process.stderr is not None
    line = process.stderr.readline()
    found = re.search(r"http://(127\.0\.0\.1):(\d+)/", line)
    if found is None:
        process.kill()
        raise SystemExit(f"aikg serve did not start: {line}")
    threading.Thread(target=process.stderr.read, daemon=True).start()
    return process, found.group(1), int(found.group(2))


def _client(
    host: str, port: int, queries: list[tuple[str, str]], offset: int, stop: float, out: dict[str, list]
) -> None:
    connection = http.client.HTTPConnection(host, port, timeout=60)
    index = offset
    while time.monotonic() < stop:
        name, text = queries[index % len(queries)]
        index += 1
        started = time.perf_counter()
        try:
            connection.request(
                "POST",
                "/sparql",
                body=text.encode("utf-8"),
                headers={
                    "Content-Type": "application/sparql-query",
                    "Accept": "application/sparql-results+json",
                },
            )
            response = connection.getresponse()
            body = response.read()
            elapsed = time.perf_counter() - started
            if response.status == 200:
                out["latency"].append(elapsed)
                out["per_query"].append((name, elapsed))
            else:
                out["errors"].append(f"{name}: HTTP {response.status} {body[:200]!r}")
        except (OSError, http.client.HTTPException) as exc:
            out["errors"].append(f"{name}: {type(exc).__name__}: {exc}")
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=60)
    connection.close()


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--profile", default="full")
    parser.add_argument("--workers", type=int, default=4, help="aikg serve --workers (queries run at once)")
    parser.add_argument("--write", action="store_true", help=f"write {RESULTS.relative_to(REPO)}")
    parser.add_argument("--check", action="store_true", help="exit 1 if any request failed")
    args = parser.parse_args(argv)

    queries = _queries()
    load_before = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    process, host, port = _start(args.profile, args.workers)
    out: dict[str, list] = {"latency": [], "errors": [], "per_query": []}
    try:
        stop = time.monotonic() + args.seconds
        clients = [
            threading.Thread(target=_client, args=(host, port, queries, i * 3, stop, out))
            for i in range(args.clients)
        ]
        started = time.monotonic()
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        wall = time.monotonic() - started
    finally:
        process.terminate()
        process.wait(timeout=20)

    latency = out["latency"]
    total = len(latency) + len(out["errors"])
    p50 = _percentile(latency, 0.50) * 1000 if latency else float("nan")
    p95 = _percentile(latency, 0.95) * 1000 if latency else float("nan")
    slowest: dict[str, list[float]] = {}
    for name, elapsed in out["per_query"]:
        slowest.setdefault(name, []).append(elapsed)
    table = [
        "| clients | seconds | requests | errors | requests/s | p50 (ms) | p95 (ms) | max (ms) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {args.clients} | {wall:.1f} | {total} | {len(out['errors'])} | {total / wall:.1f} "
        f"| {p50:.0f} | {p95:.0f} | {max(latency) * 1000 if latency else float('nan'):.0f} |",
    ]
    print("\n".join(table))
    for error in out["errors"][:10]:
        print("error:", error)
    if args.write:
        per_query = "\n".join(
            f"| {name} | {len(times)} | {statistics.median(times) * 1000:.0f} |"
            for name, times in sorted(slowest.items())
        )
        RESULTS.write_text(
            "# `aikg serve` under load\n\n"
            f"Measured by `python benchmarks/serve_load.py --write` on {dt.date.today().isoformat()}: "
            f"{args.clients} concurrent clients on loopback for {args.seconds:g} s, each sending the "
            f"{len(queries)} competency questions (default parameters) in turn as "
            "`POST application/sparql-query`, to "
            f"`aikg serve --profile {args.profile} --workers {args.workers}` "
            "(default limits: 10 s, 10,000 rows and 1 GiB per query; every query screened and run in its own "
            f"forked, sandboxed child). Machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{platform.machine()}; load average before the run: {load_before}.\n\n"
            + "\n".join(table)
            + "\n\nMedian latency per question under that load:\n\n"
            + "| question | requests | median (ms) |\n|---|---:|---:|\n"
            + per_query
            + "\n",
            encoding="utf-8",
        )
        print(f"wrote {RESULTS}")
    return 1 if (args.check and out["errors"]) or not latency else 0


if __name__ == "__main__":
    sys.exit(main())
