"""Writes never clobber what they should write into or refuse (aikg.fileio), issue 11 item 4.

Each test is one defect that main had before the atomic writer: a device or a
symbolic link replaced by a regular file, temporary files left behind by SIGTERM
or SIGKILL, a half-written ``.ttl``/``.nt`` pair, a predictable temporary name
that followed a planted link, tracebacks on a read-only or full disk, on ``--out``
naming a file or a bad ``--dir``, and a truncated standard output with exit 0.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from netguard import canary_fixture  # noqa: F401

from aikg import fileio
from aikg.cli import main
from aikg.errors import AikgOutputError
from aikg.fileio import STALE_SECONDS, TEMP_PREFIX, write_file, write_files

REPO = Path(__file__).resolve().parent.parent


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX))


def test_a_device_is_written_through_not_replaced() -> None:
    write_file("/dev/null", b"nothing to see\n")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_fifo_is_written_through(tmp_path: Path) -> None:
    fifo = tmp_path / "out.nt"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    write_file(fifo, b"<a> <b> <c> .\n")
    assert reader.communicate(timeout=10)[0] == b"<a> <b> <c> .\n"
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_symbolic_link_is_followed_and_kept(tmp_path: Path) -> None:
    target = tmp_path / "real.ttl"
    target.write_bytes(b"old\n")
    link = tmp_path / "link.ttl"
    link.symlink_to(target)
    write_file(link, b"new\n")
    assert link.is_symlink() and target.read_bytes() == b"new\n"


def test_a_planted_link_at_a_predictable_temporary_name_is_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_bytes(b"precious\n")
    (tmp_path / ".model.md.tmp").symlink_to(victim)  # where main's `aikg docs` wrote first
    write_file(tmp_path / "model.md", b"page\n")
    assert victim.read_bytes() == b"precious\n"
    assert (tmp_path / "model.md").read_bytes() == b"page\n" and not (tmp_path / "model.md").is_symlink()


def test_a_folder_at_the_nt_target_leaves_the_pair_as_it_was(tmp_path: Path) -> None:
    ttl, nt = tmp_path / "aikg-full.ttl", tmp_path / "aikg-full.nt"
    ttl.write_bytes(b"old turtle\n")
    nt.mkdir()
    with pytest.raises(AikgOutputError) as refused:
        write_files({ttl: b"new turtle\n", nt: b"new triples\n"})
    assert refused.value.exit_code == 2 and "directory" in str(refused.value)
    assert ttl.read_bytes() == b"old turtle\n" and nt.is_dir()
    assert _temps(tmp_path) == []


def test_several_files_land_together_or_not_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "a.ttl", tmp_path / "b.ttl"
    first.write_bytes(b"a0\n")
    second.write_bytes(b"b0\n")
    real_replace = os.replace
    calls: list[str] = []

    def failing_replace(src: str | Path, dst: str | Path) -> None:
        calls.append(str(dst))
        if Path(dst) == second:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(AikgOutputError):
        write_files({first: b"a1\n", second: b"b1\n"})
    monkeypatch.setattr(os, "replace", real_replace)
    assert (first.read_bytes(), second.read_bytes()) == (b"a0\n", b"b0\n")
    assert _temps(tmp_path) == []


# --------------------------------------------------------------------------- signals

_SLOW_WRITER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from aikg import fileio

    def slow_fsync(fd):
        Path(sys.argv[2]).write_text("staged")
        time.sleep(60)

    os.fsync = slow_fsync
    fileio.write_file(Path(sys.argv[1]) / "out.nt", b"<a> <b> <c> .\\n" * 1000)
    """
)


def _start_slow_writer(folder: Path) -> tuple[subprocess.Popen[bytes], Path]:
    marker = folder.parent / f"{folder.name}.staged"
    process = subprocess.Popen([sys.executable, "-c", _SLOW_WRITER, str(folder), str(marker)], cwd=REPO)
    for _ in range(300):
        if marker.exists():
            return process, marker
        time.sleep(0.05)
    process.kill()
    pytest.fail("the writer never staged its temporary file")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_and_sigint_remove_the_temporary_file(signum: int, tmp_path: Path) -> None:
    folder = tmp_path / "dist"
    folder.mkdir()
    process, _ = _start_slow_writer(folder)
    assert len(_temps(folder)) == 1
    process.send_signal(signum)
    assert process.wait(timeout=20) != 0
    assert _temps(folder) == [] and not (folder / "out.nt").exists()


def test_after_sigkill_the_next_write_sweeps_only_stale_dead_temporaries(tmp_path: Path) -> None:
    folder = tmp_path / "dist"
    folder.mkdir()
    process, _ = _start_slow_writer(folder)
    process.kill()
    process.wait(timeout=20)
    (leftover,) = _temps(folder)  # SIGKILL cannot be caught: the file stays
    old = time.time() - STALE_SECONDS - 60
    os.utime(folder / leftover, (old, old))
    fresh_dead = folder / f"{TEMP_PREFIX}{process.pid}-fresh{'.tmp'}"
    fresh_dead.write_bytes(b"maybe still being renamed\n")
    alive = folder / f"{TEMP_PREFIX}{os.getpid()}-mine.tmp"
    alive.write_bytes(b"a live process's file\n")
    os.utime(alive, (old, old))
    write_file(folder / "other.ttl", b"x\n")
    assert _temps(folder) == sorted([fresh_dead.name, alive.name])


# --------------------------------------------------------------------------- system errors


@pytest.fixture
def read_only_dir(tmp_path: Path) -> Iterator[Path]:
    """A folder nothing can write into, even root (a read-only tmpfs when we are root)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() == 0:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(folder)], capture_output=True
        )
        if done.returncode != 0:
            pytest.skip(f"cannot mount a read-only tmpfs: {done.stderr.decode().strip()}")
        try:
            yield folder
        finally:
            subprocess.run(["umount", str(folder)], check=False)
        return
    folder.chmod(0o555)
    try:
        yield folder
    finally:
        folder.chmod(0o755)


def test_a_read_only_folder_is_one_line_and_exit_1(
    read_only_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "--profile", "tbox", "--out", str(read_only_dir)]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert err.startswith("aikg: error: cannot ") and str(read_only_dir) in err


def test_a_full_disk_is_one_line_and_exit_1(tmp_path: Path) -> None:
    """RLIMIT_FSIZE makes every write past 4 KiB fail with EFBIG, like a full disk."""
    script = textwrap.dedent(
        """
        import resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        from aikg.cli import main
        sys.exit(main(["build", "--profile", "tbox", "--out", sys.argv[1]]))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "dist")], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and done.stderr.startswith("aikg: error: cannot write")
    assert not any(p.name.endswith((".ttl", ".nt")) for p in (tmp_path / "dist").iterdir())
    assert _temps(tmp_path / "dist") == []


def test_out_naming_a_file_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    not_a_folder = tmp_path / "dist"
    not_a_folder.write_bytes(b"I am a file\n")
    assert main(["build", "--profile", "tbox", "--out", str(not_a_folder)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1 and "not a directory" in err.lower()
    assert not_a_folder.read_bytes() == b"I am a file\n"


def test_a_dir_under_a_file_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_bytes(b"x")
    done = subprocess.run(
        [sys.executable, "-m", "aikg", "docs", "--dir", str(blocker / "docs")],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode in (1, 2), done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_standard_output_on_a_full_disk_is_an_error(tmp_path: Path) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "aikg", "ask", "CQ-13"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert done.returncode == 1, done.stderr
    assert "No space left on device" in done.stderr and "Traceback" not in done.stderr


def test_write_stdout_checks_the_flush(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-c", "from aikg.fileio import write_stdout; write_stdout(b'x' * 100000)"],
            stdout=full, stderr=subprocess.PIPE, text=True, timeout=60,
        )  # fmt: skip
    assert done.returncode != 0
    assert fileio.STDOUT == "-"
