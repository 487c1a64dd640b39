"""``aikg validate``: SHACL validation of the graph and of your own files."""

from __future__ import annotations

from ..cli_validate import register

__all__ = ["register"]
