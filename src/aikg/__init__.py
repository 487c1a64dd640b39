"""aikg: an OWL 2 DL ontology and knowledge graph of how legal systems define and regulate AI.

The Python package loads the ontology from its local files (never from the
network), builds deterministic release products, and checks them: strict
parsing, hygiene queries, HermiT consistency and the OWL 2 DL profile.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

__all__ = ["__version__"]

try:
    # pyproject.toml is the one place the version is written.
    __version__: str = version("aikg")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
