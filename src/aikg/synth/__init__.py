"""A deterministic synthetic extension of aikg's graph, for benchmarks and scale tests.

:func:`synthesize` writes Turtle in aikg's own model (kinds, labels and concept schemes read from
the TBox): states, provinces and international bodies; instruments of every kind with dated
status events (day, month or year precision, in order); provisions coded with principles, issues
and parties; application rules (some scoped, some replaced by amending acts); relations (amends,
repeals, replaces...); definitions with criteria in both lenses and scholars' renderings;
coverage declarations; treaties and directives with their parties; sources with evidence levels.
All of it is invented, in ``https://example.org/aikg-synth/``. It grows as legal databases grow:
at most :data:`MAX_JURISDICTIONS` jurisdictions, more instruments, provisions and sources in each.
The same ``(triples, seed)`` gives byte-identical files (only :meth:`random.Random.random` draws).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..fileio import write_files
from ._gen import _Gen
from ._turtle import (
    MAX_JURISDICTIONS,
    SYNTH_NS,
    Model,
    read_model,
)

__all__ = ["SYNTH_NS", "MAX_JURISDICTIONS", "Model", "read_model", "synthesize", "write_synth"]


def synthesize(triples: int, seed: int = 0, model: Model | None = None) -> dict[str, bytes]:
    """File name -> Turtle of an extension of about *triples* triples (same arguments, same bytes)."""
    if triples < 1:
        raise ValueError("triples must be positive")
    return _Gen(model or read_model(), triples, seed).run()


def write_synth(out_dir: Path, triples: int, seed: int = 0) -> list[Path]:
    """Write :func:`synthesize` into *out_dir* (all files or none); return the paths written."""
    files: Mapping[Path | str, bytes] = {out_dir / name: t for name, t in synthesize(triples, seed).items()}
    write_files(files)
    return sorted(Path(p) for p in files)
