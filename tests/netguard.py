"""Real listeners on 127.0.0.1 that record every connection, and the session's canary.

* :class:`Listener` is a TCP server in a thread: each test that sends a hostile
  query aims it at a listener and asserts that the listener saw nothing.
* :func:`canary_fixture` (fixture ``canary``, session-scoped, autouse in the modules that import it) is a
  listener on a port no test serves: hostile queries and files name it too, and
  at the end of the session it must have seen no connection from any test.

Import the fixtures into a test module with
``from netguard import canary_fixture, listener_fixture  # noqa: F401``
(fixtures ``canary`` and ``listener``).
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

__all__ = ["Listener", "canary_fixture", "listener_fixture", "CANARY"]


class Listener:
    """A TCP listener on 127.0.0.1 that records the first bytes of every connection."""

    def __init__(self) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self._sock.settimeout(0.2)
        self.port: int = self._sock.getsockname()[1]
        self.hits: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name=f"listener-{self.port}", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except (TimeoutError, OSError):
                continue
            with conn:
                conn.settimeout(0.5)
                try:
                    self.hits.append(conn.recv(4096) or b"<connected, sent nothing>")
                except OSError:
                    self.hits.append(b"<connected>")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self._sock.close()


_CANARY: list[Listener] = []


def CANARY() -> Listener:  # noqa: N802 - a constant-like accessor
    """The session's canary listener (started on first use)."""
    if not _CANARY:
        _CANARY.append(Listener())
    return _CANARY[0]


@pytest.fixture(scope="session", autouse=True, name="canary")
def canary_fixture() -> Iterator[Listener]:
    """The canary: a port no test serves; it must see no connection from any test."""
    guard = CANARY()
    yield guard
    assert guard.hits == [], f"something connected to the canary port {guard.port}: {guard.hits[:3]}"


@pytest.fixture(name="listener")
def listener_fixture() -> Iterator[Listener]:
    """A fresh listener for one test."""
    guard = Listener()
    yield guard
    guard.close()
