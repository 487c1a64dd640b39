"""Finding the Java runtime that HermiT and the OWL API run on."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .errors import AikgJavaError

__all__ = ["find_java", "require_java"]


def find_java() -> str | None:
    """The ``java`` executable: ``$JAVA_HOME/bin/java`` if set, else the one on PATH."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / "java"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which("java")


def require_java() -> str:
    """Like :func:`find_java`, but raise :class:`AikgJavaError` if there is none."""
    java = find_java()
    if java is None:
        raise AikgJavaError(
            "java not found: HermiT and the OWL 2 DL profile check need a Java runtime "
            "(11 or newer); install one, e.g. `apt-get install default-jre-headless`"
        )
    return java
