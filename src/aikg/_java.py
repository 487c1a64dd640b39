"""The Java side of aikg: finding the runtime, the jars owlready2 ships, and the
child processes in which HermiT and the OWL API run through JPype."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from rdflib import OWL, Graph

from .errors import AikgJavaError

__all__ = ["find_java", "require_java", "owlready2_jar", "serialise_for_owlapi", "start_jvm", "run_child"]


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


def owlready2_jar(relative: str) -> Path:
    """A jar shipped inside the installed owlready2, found without importing owlready2
    (importing it is slow and starts nothing we need here)."""
    spec = importlib.util.find_spec("owlready2")
    if spec is None or spec.origin is None:
        raise AikgJavaError("owlready2 is not installed; it ships HermiT and the OWL API")
    jar = Path(spec.origin).parent / relative
    if not jar.is_file():
        raise AikgJavaError(f"{jar} is missing from the owlready2 installation")
    return jar


def serialise_for_owlapi(graph: Graph) -> tuple[bytes, str]:
    """*graph* without ``owl:imports`` (the OWL API would fetch them), as RDF/XML, or
    N-Triples when a predicate IRI cannot be split into an XML QName; with the suffix."""
    stripped = Graph()
    for triple in graph:
        if triple[1] != OWL.imports:
            stripped.add(triple)
    try:
        return stripped.serialize(format="xml", encoding="utf-8"), ".rdf"
    except ValueError:
        return stripped.serialize(format="nt", encoding="utf-8"), ".nt"


def start_jvm(classpath: list[Path], *, quick: bool = False) -> Any:
    """Start the JVM of the ``java`` we found (not JPype's guess) and return ``jpype``.

    Called only in the child processes that run the OWL API, so the JVM never lives
    in the caller's process. ``quick`` stops the JIT at C1: for a short run on few
    cores, C2 compilation costs more than it saves (about 10 s -> 4 s for HermiT on
    the full profile on two cores).
    """
    import jpype

    java = find_java()
    java_home = Path(os.path.realpath(java)).parent.parent if java else None
    jvm = None
    if java_home is not None:
        for candidate in ("lib/server/libjvm.so", "lib/server/libjvm.dylib", "bin/server/jvm.dll"):
            if (java_home / candidate).is_file():
                jvm = str(java_home / candidate)
                break
    options = ["-Xmx2g", "-Djava.awt.headless=true", *(["-XX:TieredStopAtLevel=1"] if quick else [])]
    jpype.startJVM(
        jvm or jpype.getDefaultJVMPath(), *options, classpath=[str(p) for p in classpath], convertStrings=True
    )
    return jpype


def run_child(module: str, args: list[str], *, what: str, timeout: float) -> subprocess.CompletedProcess[str]:
    """Run ``python -m <module> <args>`` (a JVM-hosting child); raise on failure or time-out."""
    env = dict(os.environ)
    # The child must import this very package, installed or not.
    package_root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    try:
        process = subprocess.run(
            [sys.executable, "-m", module, *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            errors="replace",
            env=env,
            timeout=max(timeout, 1.0),
        )
    except subprocess.TimeoutExpired:
        raise AikgJavaError(f"{what} took over {timeout:.0f} s") from None
    if process.returncode != 0:
        detail = (process.stderr or process.stdout).strip()[-2000:]
        raise AikgJavaError(f"{what} failed: {detail}")
    return process
