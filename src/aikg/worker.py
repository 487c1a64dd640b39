"""Queries that stop: every query runs in a child process that can be killed.

pyoxigraph cannot cancel a query from Python, and rdflib's regular expressions
cannot be interrupted, so a query is never run in the caller's process when a
limit applies. A **child** is forked from a process that already holds the
knowledge base (fork is copy-on-write: a few milliseconds, no reload), and in
the child:

1. internet sockets are forbidden (:func:`aikg.sandbox.deny_network`);
2. the query is screened again (:func:`aikg.sparql.screen`), inside the sandbox;
3. the address space is capped at the child's size plus the memory budget;
4. the engine runs with the top-level LIMIT and the row cap, and the answer
   goes back to the parent over a socket.

The parent waits at most the time limit, reading as the answer arrives; then it
kills the child. A limit reached is a :class:`~aikg.engines.QueryLimitError`
(exit code 3) saying which one.

* :func:`run_forked` forks from the caller (the CLI and the API: one child per query).
* :class:`Zygote` is a separate, single-threaded process that loads the knowledge
  base once and forks one child per query on request; the endpoint
  (:mod:`aikg.serve`) uses it, because forking a multi-threaded server is unsafe.
  It is started as ``python -m aikg.worker --fd N ...``.
"""

from __future__ import annotations

import argparse
import contextlib
import faulthandler
import logging
import math
import os
import pickle
import select
import signal
import socket
import struct
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from .engines import (
    DEFAULT_ENGINE,
    Engine,
    QueryEngineError,
    QueryLimitError,
    execute_on_graph,
    execute_on_store,
)
from .load import KnowledgeBase
from .results import QueryResult
from .sandbox import deny_network, limit_memory
from .sparql import (
    QueryForm,
    QueryInputError,
    QuerySyntaxError,
    RefusedQueryError,
    RefusedUpdateError,
    Screened,
    screen,
)

__all__ = [
    "Limits",
    "CLI_LIMITS",
    "SERVE_LIMITS",
    "NO_LIMITS",
    "Request",
    "QueryLimitError",
    "can_fork",
    "run_forked",
    "Zygote",
    "main",
]

_MIB: Final = 1024 * 1024
_VERDICTS: Final = 512
_ERRORS: Final[dict[str, type[Exception]]] = {  # most specific first
    "update": RefusedUpdateError,
    "refused": RefusedQueryError,
    "syntax": QuerySyntaxError,
    "input": QueryInputError,
    "engine": QueryEngineError,
}


@dataclass(frozen=True)
class Limits:
    """Per-query bounds; ``None`` means unbounded."""

    timeout: float | None = 30.0  #: seconds of wall-clock time
    max_rows: int | None = 100_000  #: rows (or triples) a query may return
    memory_mib: int | None = 2048  #: address space above the worker's own size


#: ``aikg ask`` / ``aikg query`` and the Python API.
CLI_LIMITS: Final = Limits()
#: ``aikg serve``: shorter, fewer rows, less memory per query.
SERVE_LIMITS: Final = Limits(timeout=10.0, max_rows=10_000, memory_mib=1024)
#: No bounds: the query runs in the caller's process.
NO_LIMITS: Final = Limits(timeout=None, max_rows=None, memory_mib=None)


@dataclass(frozen=True)
class Request:
    """One query for a child: its text, engine, top-level LIMIT and limits."""

    text: str
    engine: Engine = DEFAULT_ENGINE
    limit: int | None = None
    limits: Limits = CLI_LIMITS
    #: The form an earlier child found when it screened this very text (the zygote
    #: remembers the verdicts of its children); the child then does not parse it again.
    screened_as: QueryForm | None = None


def can_fork() -> bool:
    """True where queries can run in a killable child (POSIX with ``fork``)."""
    return hasattr(os, "fork")


# --------------------------------------------------------------------------- in the child


def _answer(kb: KnowledgeBase, request: Request) -> QueryResult:
    limits = request.limits
    if request.screened_as is not None and request.engine == "oxigraph":
        screened = Screened(request.text, request.screened_as)  # this exact text passed in an earlier child
    else:
        screened = screen(request.text)  # again, inside the sandbox: what runs is what was checked
    if limits.memory_mib is not None:
        limit_memory(limits.memory_mib * _MIB)
    if request.engine == "rdflib":
        import rdflib.plugins.sparql as rdflib_sparql

        rdflib_sparql.SPARQL_LOAD_GRAPHS = False  # never fetch a graph named in a query
        return execute_on_graph(
            screened, kb.graph, screened.form, limit=request.limit, max_rows=limits.max_rows
        )
    return execute_on_store(
        screened.text, kb.store, screened.form, limit=request.limit, max_rows=limits.max_rows
    )


def _reply(request: Request, kb: KnowledgeBase) -> tuple[Any, ...]:
    try:
        return ("ok", _answer(kb, request))
    except QueryLimitError as exc:
        return ("limit", exc.limit, str(exc))
    except MemoryError:
        return ("limit", "memory", "")
    except RecursionError:
        return ("refused", "the query is nested too deeply to run")
    except Exception as exc:  # anything else is reported, typed, to the parent
        for kind, cls in _ERRORS.items():
            if isinstance(exc, cls):
                return (kind, str(exc))
        return ("engine", f"{type(exc).__name__}: {exc}")


def _recv_all(sock: socket.socket) -> bytes:
    chunks: list[bytes] = []
    while True:
        chunk = sock.recv(1 << 16)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _child(kb: KnowledgeBase, sock: socket.socket) -> None:
    """Serve one request on *sock* and return (the caller then ``os._exit``\\ s)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.alarm(600)  # until the request says its own limit
    faulthandler.disable()  # an allocation failure is reported by the parent, not as a dump
    logging.disable(logging.CRITICAL)  # rdflib's warnings would fill the stderr pipe
    sock.sendall(struct.pack("!q", os.getpid()))
    deny_network()
    request: Request = pickle.loads(_recv_all(sock))
    timeout = request.limits.timeout
    # The child dies on its own if its parent cannot kill it (e.g. the parent died).
    signal.alarm(math.ceil(timeout) + 5 if timeout is not None else 0)
    sock.sendall(pickle.dumps(_reply(request, kb), protocol=pickle.HIGHEST_PROTOCOL))
    sock.shutdown(socket.SHUT_WR)


# --------------------------------------------------------------------------- in the parent


def _died(status: int, stderr: bytes, limits: Limits) -> Exception:
    text = stderr.decode("utf-8", "replace")
    if limits.memory_mib is not None and (
        "memory allocation" in text
        or "MemoryError" in text
        or (os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGABRT, signal.SIGKILL))
    ):
        return _memory_error(limits)
    how = f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit {os.WEXITSTATUS(status)}"
    detail = text.strip().splitlines()[-1:] if text.strip() else []
    return QueryEngineError(f"the query worker died ({how}){': ' + detail[0] if detail else ''}")


def _memory_error(limits: Limits) -> QueryLimitError:
    return QueryLimitError(
        "memory",
        f"the query ran out of memory: it needed more than {limits.memory_mib:,} MiB "
        "(the memory limit; --memory raises it)",
    )


def _time_error(limits: Limits) -> QueryLimitError:
    return QueryLimitError(
        "time",
        f"the query ran out of time: stopped after {limits.timeout:g} s "
        "(the time limit; --timeout raises it)",
    )


def _unpack(reply: tuple[Any, ...], limits: Limits) -> QueryResult:
    kind = reply[0]
    if kind == "ok":
        return reply[1]  # type: ignore[no-any-return]
    if kind == "limit":
        return_limit, message = reply[1], reply[2]
        if return_limit == "memory":
            raise _memory_error(limits)
        raise QueryLimitError(return_limit, message)
    raise _ERRORS.get(kind, QueryEngineError)(reply[1])


def _exchange(
    sock: socket.socket, request: Request, limits: Limits, deadline: float | None, pid: int | None
) -> tuple[int, bytes | None]:
    """Send *request*, read the answer until EOF or *deadline*; return (pid, answer or None)."""
    sock.setblocking(False)
    received = bytearray()
    pending = pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL)
    sent_request = False
    while True:
        remaining = None if deadline is None else deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            return pid or 0, None
        writers = [sock] if pid is not None and not sent_request else []
        readable, writable, _ = select.select([sock], writers, [], remaining)
        if writable:
            count = sock.send(pending)
            pending = pending[count:]
            if not pending:
                sent_request = True
                sock.shutdown(socket.SHUT_WR)
        if readable:
            chunk = sock.recv(1 << 16)
            if not chunk:
                return pid or 0, bytes(received)
            received += chunk
            if pid is None and len(received) >= 8:
                pid = struct.unpack("!q", bytes(received[:8]))[0]
                del received[:8]


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, signal.SIGKILL)


def run_forked(kb: KnowledgeBase, request: Request, limits: Limits = CLI_LIMITS) -> QueryResult:
    """Run *request* in a child forked from this process, within *limits*."""
    request = Request(request.text, request.engine, request.limit, limits)
    _ = kb.graph if request.engine == "rdflib" else kb.store  # build before the fork, not in every child
    parent_sock, child_sock = socket.socketpair()
    err_read, err_write = os.pipe()
    deadline = None if limits.timeout is None else time.monotonic() + limits.timeout
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        try:
            parent_sock.close()
            os.close(err_read)
            os.dup2(err_write, 2)
            _child(kb, child_sock)
        finally:
            os._exit(0)
    child_sock.close()
    os.close(err_write)
    answer: bytes | None = None
    try:
        _, answer = _exchange(parent_sock, request, limits, deadline, pid=None)
    finally:
        parent_sock.close()
        if answer is None:
            _kill(pid)
        _, status = os.waitpid(pid, 0)
        stderr = _read_available(err_read)
        os.close(err_read)
    if answer is None:
        raise _time_error(limits)
    if not answer:
        raise _died(status, stderr, limits)
    return _unpack(pickle.loads(answer), limits)


def _read_available(fd: int, cap: int = 1 << 16) -> bytes:
    os.set_blocking(fd, False)
    try:
        return os.read(fd, cap)
    except (BlockingIOError, OSError):
        return b""


# --------------------------------------------------------------------------- the zygote


class Zygote:
    """A process that holds the knowledge base and forks one sandboxed child per query.

    Thread-safe: any number of threads may call :meth:`run` at once; at most
    *workers* queries run at the same time (the others wait, within their time limit).
    """

    def __init__(
        self,
        profile: str = "full",
        data: Sequence[Path | str] = (),
        *,
        base_iri: str | None = None,
        limits: Limits = SERVE_LIMITS,
        workers: int = 4,
    ) -> None:
        self.limits = limits
        self._lock = threading.Lock()
        self._verdicts: dict[str, QueryForm] = {}  # texts a child screened and accepted
        self._slots = threading.BoundedSemaphore(workers)
        self._control, child_end = socket.socketpair()
        argv = [sys.executable, "-m", "aikg.worker", "--fd", str(child_end.fileno()), "--profile", profile]
        argv += [f"--data={path}" for path in data]
        if base_iri:
            argv += ["--base", base_iri]
        import subprocess

        self._process = subprocess.Popen(argv, pass_fds=[child_end.fileno()], stdin=subprocess.DEVNULL)
        child_end.close()
        ready = _recv_all_until_ready(self._control)
        if ready != b"R":
            self.close()
            raise QueryEngineError(ready.decode("utf-8", "replace") or "the query worker did not start")

    def run(self, text: str, engine: Engine = DEFAULT_ENGINE, limit: int | None = None) -> QueryResult:
        """Screen and run *text* in a fresh child, within the zygote's limits."""
        limits = self.limits
        deadline = None if limits.timeout is None else time.monotonic() + limits.timeout
        if not self._slots.acquire(timeout=limits.timeout if limits.timeout is not None else -1):
            raise _time_error(limits)
        try:
            request = Request(text, engine, limit, limits, self._verdicts.get(text))
            result = self._run(request, limits, deadline)
        finally:
            self._slots.release()
        with self._lock:
            if text not in self._verdicts:
                if len(self._verdicts) >= _VERDICTS:
                    self._verdicts.pop(next(iter(self._verdicts)), None)
                self._verdicts[text] = result.form
        return result

    def _run(self, request: Request, limits: Limits, deadline: float | None) -> QueryResult:
        mine, theirs = socket.socketpair()
        err_read, err_write = os.pipe()
        try:
            with self._lock:
                try:
                    socket.send_fds(self._control, [b"Q"], [theirs.fileno(), err_write])
                except OSError:
                    raise QueryEngineError("the query worker is gone; restart the server") from None
        finally:
            theirs.close()
            os.close(err_write)
        pid, answer = 0, None
        try:
            pid, answer = _exchange(mine, request, limits, deadline, pid=None)
        finally:
            mine.close()
            if answer is None and pid:
                _kill(pid)
            stderr = _read_available(err_read)
            os.close(err_read)
        if answer is None:
            raise _time_error(limits)
        if not answer:
            memory = limits.memory_mib is not None and b"memory allocation" in stderr
            raise _memory_error(limits) if memory else QueryEngineError("the query worker died")
        return _unpack(pickle.loads(answer), limits)

    def alive(self) -> bool:
        return self._process.poll() is None

    def close(self) -> None:
        """Stop the zygote (its running children end with their time limit)."""
        with contextlib.suppress(OSError):
            self._control.close()
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=5)
            except Exception:
                self._process.kill()
                self._process.wait()

    def __enter__(self) -> Zygote:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _recv_all_until_ready(sock: socket.socket) -> bytes:
    data = sock.recv(1 << 16)
    return data


def _zygote_main(control: socket.socket, kb: KnowledgeBase) -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(control, 16, 2)
        except OSError:
            return
        if not message:
            return
        if len(fds) != 2:
            for fd in fds:
                os.close(fd)
            continue
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the query child
            try:
                control.close()
                os.dup2(fds[1], 2)
                _child(kb, socket.socket(fileno=fds[0]))
            finally:
                os._exit(0)
        for fd in fds:
            os.close(fd)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m aikg.worker --fd N``: the zygote of :class:`Zygote` (not a user command)."""
    parser = argparse.ArgumentParser(prog="python -m aikg.worker")
    parser.add_argument("--fd", type=int, required=True)
    parser.add_argument("--profile", default="full")
    parser.add_argument("--data", action="append", default=[])
    parser.add_argument("--base", default=None)
    args = parser.parse_args(argv)
    control = socket.socket(fileno=args.fd)
    try:
        from .load import load_profile

        kb = load_profile(args.profile, data=args.data, base_iri=args.base)
        _ = kb.store
    except Exception as exc:  # reported to the server, which refuses to start
        control.sendall(str(exc).encode("utf-8")[:60_000] or b"cannot load the graph")
        return 1
    screen("ASK { ?s ?p ?o }")  # load the parser's grammar once, here, not in every child
    deny_network()
    control.sendall(b"R")
    _zygote_main(control, kb)
    return 0


if __name__ == "__main__":
    sys.exit(main())
