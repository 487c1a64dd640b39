"""The release products, rendered once per test session and shared by the test modules
(test_build, test_formats, test_release, test_htmldocs, test_w3id_apache).

The bridge product needs Java: without it the products are rendered without it and the tests
that need it skip (fail under CI=true, see conftest._missing)."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

from aikg._java import find_java
from aikg.build import render
from aikg.fileio import write_files
from aikg.load import PROFILES

__all__ = ["have_java", "rendered", "dist_dir"]


def have_java() -> bool:
    return find_java() is not None


@cache
def rendered() -> dict[str, bytes]:
    """Every product of ``aikg build --profile all`` (name -> bytes)."""
    return render(tuple(PROFILES), bridge=have_java())  # type: ignore[arg-type]


@cache
def dist_dir() -> Path:
    """The products written into a temporary folder (removed at exit)."""
    folder = Path(tempfile.mkdtemp(prefix="aikg-dist-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    write_files({folder / name: data for name, data in rendered().items()})
    return folder
