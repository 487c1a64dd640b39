"""The one way aikg writes files: all or nothing, never clobbering what is not a file.

* A **regular file** (or a path that does not exist yet) is replaced atomically:
  the bytes go to a unique temporary file in the same folder (``mkstemp``), are
  flushed and synced, then renamed over the target.
* A **symbolic link** is followed: the file it points to is replaced, the link stays.
* A **device, FIFO or socket** (``/dev/null``, ``/dev/stdout``, a pipe) is written
  through: it is opened and written, never replaced.
* ``-`` is standard output; the write is flushed and checked, so a full disk or a
  closed pipe is an error, not a silently truncated output.
* Several files land together or not at all: if one rename fails, the files
  already replaced are restored.
* Temporary files are removed on errors, ``SIGINT`` and ``SIGTERM``; after a
  ``SIGKILL``, the next write into the same folder sweeps temporary files whose
  process is gone and that are older than :data:`STALE_SECONDS`.

Every OS error becomes an :class:`~aikg.errors.AikgOutputError` with a one-line
message and the exit code it deserves (2 for a path that cannot be a target,
1 for a failure of the system, such as a full or read-only disk).
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Final

from .errors import AikgOutputError

__all__ = ["STDOUT", "STALE_SECONDS", "TEMP_PREFIX", "write_files", "write_file", "write_stdout"]

#: The name that means standard output.
STDOUT: Final = "-"
#: A leftover temporary file older than this, whose process is gone, is swept.
STALE_SECONDS: Final = 300
TEMP_PREFIX: Final = ".aikg-"
_TEMP_SUFFIX: Final = ".tmp"
# A path that names something that can never be a file target is bad input (exit 2).
_BAD_TARGET_ERRNOS: Final = frozenset(
    {errno.ENOTDIR, errno.EISDIR, errno.ENOENT, errno.ENAMETOOLONG, errno.ELOOP}
)


def _error(path: Path | str, exc: OSError, doing: str) -> AikgOutputError:
    reason = exc.strerror or str(exc)
    code = 2 if exc.errno in _BAD_TARGET_ERRNOS else 1
    return AikgOutputError(f"cannot {doing} {path}: {reason}", exit_code=code)


def write_stdout(data: bytes) -> None:
    """Write *data* to standard output and make sure it arrived (flush and check)."""
    stream = getattr(sys.stdout, "buffer", None)
    try:
        if stream is None:
            sys.stdout.write(data.decode("utf-8"))
            sys.stdout.flush()
        else:
            sys.stdout.flush()
            stream.write(data)
            stream.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _error("standard output", exc, "write to") from None


def _kind(path: Path) -> str:
    """``missing``, ``file`` or ``special`` (device, FIFO, socket) after following links."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        raise _error(path, exc, "inspect") from None
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        raise AikgOutputError(f"cannot write {path}: it is a directory", exit_code=2)
    return "special"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _sweep(folder: Path) -> None:
    """Remove temporary files left by dead aikg processes (e.g. after SIGKILL)."""
    now = time.time()
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if not (name.startswith(TEMP_PREFIX) and name.endswith(_TEMP_SUFFIX)):
            continue
        pid_text = name[len(TEMP_PREFIX) :].split("-", 1)[0]
        if not pid_text.isdigit() or _pid_alive(int(pid_text)):
            continue
        with contextlib.suppress(OSError):
            if entry.is_file() and not entry.is_symlink() and now - entry.stat().st_mtime > STALE_SECONDS:
                entry.unlink()


_LIVE_TEMPS: set[Path] = set()
_LOCK = threading.Lock()


@contextlib.contextmanager
def _cleanup_on_signals() -> Iterator[None]:
    """Turn SIGTERM into SystemExit while temporary files exist (SIGINT already raises)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _stage(target: Path, data: bytes, umask: int) -> Path:
    try:
        handle, name = tempfile.mkstemp(
            dir=target.parent, prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=_TEMP_SUFFIX
        )
    except OSError as exc:  # a read-only or full file system, a folder we may not write
        raise _error(target, exc, "write") from None
    temp = Path(name)
    with _LOCK:
        _LIVE_TEMPS.add(temp)
    try:
        os.fchmod(handle, 0o666 & ~umask)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException as exc:  # a write error, or SIGTERM / SIGINT while staging
        with contextlib.suppress(OSError):
            temp.unlink()
        with _LOCK:
            _LIVE_TEMPS.discard(temp)
        if isinstance(exc, OSError):
            raise _error(target, exc, "write") from None
        raise
    return temp


def _write_through(path: Path, data: bytes) -> None:
    try:
        with open(path, "wb") as stream:
            stream.write(data)
            stream.flush()
    except OSError as exc:
        raise _error(path, exc, "write to") from None


def write_files(files: Mapping[Path | str, bytes]) -> None:
    """Write every file of *files*, or none of them (see the module's rules)."""
    regular: dict[Path, bytes] = {}
    special: dict[Path, bytes] = {}
    to_stdout: list[bytes] = []
    for given, data in files.items():
        if str(given) == STDOUT:
            to_stdout.append(data)
            continue
        path = Path(given)
        kind = _kind(path)
        target = path.resolve() if path.is_symlink() else path
        if kind == "special":
            special[target] = data
        else:
            regular[target] = data
    umask = os.umask(0)
    os.umask(umask)
    staged: list[tuple[Path, Path]] = []
    backups: list[tuple[Path, Path | None]] = []
    with _cleanup_on_signals():
        try:
            for target in regular:
                parent = target.parent
                if not parent.is_dir():
                    if parent.exists():
                        raise AikgOutputError(
                            f"cannot write {target}: {parent} is not a directory", exit_code=2
                        )
                    try:
                        parent.mkdir(parents=True, exist_ok=True)
                    except OSError as exc:
                        raise _error(parent, exc, "create the folder") from None
                _sweep(parent)
            for target, data in regular.items():
                staged.append((_stage(target, data, umask), target))
            for temp, target in staged:
                backup = None
                if target.exists():
                    backup = temp.with_name(temp.name + ".bak")
                    try:
                        os.link(target, backup)
                    except OSError:
                        backup = None  # no hard links here: restore is best effort
                    else:
                        with _LOCK:
                            _LIVE_TEMPS.add(backup)
                try:
                    os.replace(temp, target)
                except OSError as exc:
                    if backup is not None:
                        backup.unlink(missing_ok=True)
                    raise _error(target, exc, "replace") from None
                backups.append((target, backup))
            for target, data in special.items():
                _write_through(target, data)
            for data in to_stdout:
                write_stdout(data)
        except BaseException:
            for target, backup in reversed(backups):
                with contextlib.suppress(OSError):
                    if backup is not None:
                        os.replace(backup, target)
                    else:
                        target.unlink()
            raise
        finally:
            with _LOCK:
                leftovers = [t for t, _ in staged] + [b for _, b in backups if b is not None]
                for temp in leftovers:
                    _LIVE_TEMPS.discard(temp)
            for temp in leftovers:
                with contextlib.suppress(OSError):
                    temp.unlink()


def write_file(path: Path | str, data: bytes | str) -> None:
    """Write one file (or ``-`` for standard output) by the rules of :func:`write_files`."""
    write_files({path: data.encode("utf-8") if isinstance(data, str) else data})
