"""Where the ontology and the SPARQL queries are on disk.

Three layouts are supported, tried in this order:

1. an environment variable (``AIKG_ONTOLOGY_DIR`` / ``AIKG_QUERIES_DIR``);
2. a wheel, which carries them inside the package as ``aikg/_resources/<name>``
   (``pyproject.toml`` force-includes them);
3. an editable install or a source checkout, where they are ``<repo>/<name>``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from .errors import AikgError

__all__ = ["ONTOLOGY_ENV", "QUERIES_ENV", "resource_dir", "shipped_dir", "ontology_dir", "queries_dir"]

ONTOLOGY_ENV: Final = "AIKG_ONTOLOGY_DIR"
QUERIES_ENV: Final = "AIKG_QUERIES_DIR"

_PACKAGE_DIR: Final = Path(__file__).resolve().parent


def resource_dir(name: str, env_var: str) -> Path:
    """Locate the resource folder *name* (``"ontology"`` or ``"queries"``).

    Raises :class:`AikgError` when none of the layouts has it, rather than
    returning a path that does not exist and failing later with a vaguer error.
    """
    override = os.environ.get(env_var)
    if override:
        path = Path(override).expanduser().resolve()
        if not path.is_dir():
            raise AikgError(f"{env_var}={override!r} is not a directory")
        return path
    return shipped_dir(name, env_var)


def shipped_dir(name: str, env_var: str = ONTOLOGY_ENV) -> Path:
    """The folder *name* that aikg ships (in the wheel or the checkout), ignoring overrides."""
    candidates = (
        _PACKAGE_DIR / "_resources" / name,  # wheel
        _PACKAGE_DIR.parent.parent / name,  # src/aikg -> repo root
    )
    for path in candidates:
        if path.is_dir():
            return path
    tried = ", ".join(str(c) for c in candidates)
    raise AikgError(f"cannot find the {name}/ folder (tried {tried}); set {env_var}")


def ontology_dir() -> Path:
    """The folder holding ``catalog-v001.xml``, ``aikg.ttl`` and the modules."""
    return resource_dir("ontology", ONTOLOGY_ENV)


def queries_dir() -> Path:
    """The folder holding ``hygiene/`` and the other SPARQL queries."""
    return resource_dir("queries", QUERIES_ENV)
