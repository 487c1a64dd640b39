"""Progress of long steps: a spinner on a terminal, log records everywhere else.

Library code marks a step with :func:`step`; it costs nothing and shows nothing
unless the ``aikg`` command turned the display on (:func:`configure`). Then a
step that takes longer than a second shows a spinner on standard error while it
runs and a one-line "done" with its time afterwards. Standard output never
carries progress, so ``aikg report > report.txt`` and pipes get the report only.
When standard error is not a terminal there is no spinner: each step is a log
record instead (shown with ``--verbose``).
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Final

__all__ = ["configure", "step", "LOG"]

LOG: Final = logging.getLogger("aikg")

#: Seconds a step runs before its spinner appears (quick steps stay silent).
SPINNER_DELAY: Final = 1.0


class _State:
    live: bool = False
    console: Any = None
    depth: int = 0


_state = _State()
_lock = threading.Lock()


def configure(*, verbosity: int = 0, live: bool | None = None) -> None:
    """Set up logging and the display for the command line.

    *verbosity*: -1 quiet (warnings and errors only), 0 normal, 1 verbose (each step
    and its time, as log records). *live*: show spinners on standard error; by
    default only when it is a terminal and not quiet.
    """
    level = {-1: logging.WARNING, 0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    LOG.setLevel(level)
    for handler in list(LOG.handlers):
        LOG.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("aikg: %(message)s"))
    LOG.addHandler(handler)
    LOG.propagate = False
    if live is None:
        live = verbosity == 0 and sys.stderr.isatty()
    _state.live = bool(live)
    _state.console = None
    if _state.live:
        from rich.console import Console

        _state.console = Console(stderr=True, highlight=False)


@contextmanager
def step(description: str) -> Iterator[None]:
    """Mark a step of work; nested steps show only the outermost spinner."""
    start = time.perf_counter()
    LOG.info("%s …", description)
    with _lock:
        _state.depth += 1
        outer = _state.depth == 1
    status = None
    timer = None
    if outer and _state.live and _state.console is not None:
        status = _state.console.status(description, spinner="dots")

        def show() -> None:
            status.start()

        timer = threading.Timer(SPINNER_DELAY, show)
        timer.daemon = True
        timer.start()
    ok = False
    try:
        yield
        ok = True
    finally:
        seconds = time.perf_counter() - start
        if timer is not None:
            timer.cancel()
        if status is not None:
            status.stop()
            if seconds >= SPINNER_DELAY:
                mark = "[green]✓[/green]" if ok else "[red]✗[/red]"
                _state.console.print(f"{mark} {description} [dim]({seconds:.1f} s)[/dim]", soft_wrap=True)
        with _lock:
            _state.depth -= 1
        LOG.info("%s: %s in %.1f s", description, "done" if ok else "failed", seconds)
