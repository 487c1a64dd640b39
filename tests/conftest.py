"""Shared fixtures: paths, loaded profiles, and one HermiT / OWL API run per profile.

Java-based tests skip with a visible reason when ``java`` is missing, except
under ``CI=true``, where a missing Java is a failure (CI must test everything).
The same holds for tests that need ``../shared`` (env ``AIKG_SHARED``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

# One Chromium per session for every module that uses the fixtures browser and page
# (a fixture imported into two modules would start a second Playwright inside the first's loop).
from browser import browser_fixture, page_fixture  # noqa: E402, F401

from aikg._java import find_java
from aikg.load import KnowledgeBase, load_profile
from aikg.profile import ProfileReport, check_profile
from aikg.reason import ReasoningResult, reason

# pytester (running a researcher's own suite with the aikg plugin) for every module that needs it.
pytest_plugins = ["pytester"]

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
IN_CI = os.environ.get("CI") == "true"


def _missing(reason_text: str) -> None:
    """Skip, or fail under CI=true, so that CI can never pass by skipping."""
    if IN_CI:
        pytest.fail(f"{reason_text} (CI=true, so this is a failure, not a skip)")
    pytest.skip(reason_text)


@pytest.fixture(scope="session")
def need_tool() -> Callable[[str, str], str]:
    """``need_tool("tmux", "why")``: the tool's path; skips (fails under CI=true) if absent."""

    def find(name: str, why: str) -> str:
        found = shutil.which(name)
        if found is None:
            _missing(f"{name} not found: {why}")
        return found  # type: ignore[return-value]

    return find


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def java() -> str:
    found = find_java()
    if found is None:
        _missing("java not found: HermiT and OWL API tests need a Java runtime")
    return found  # type: ignore[return-value]


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    path = Path(os.environ.get("AIKG_SHARED", REPO_ROOT.parent / "shared")).resolve()
    if not path.is_dir():
        _missing(f"shared material not found at {path} (set AIKG_SHARED)")
    return path


@pytest.fixture(scope="session")
def kb_full() -> KnowledgeBase:
    return load_profile("full")


@pytest.fixture(scope="session")
def kb_study() -> KnowledgeBase:
    return load_profile("study")


@pytest.fixture(scope="session")
def reasoning_full(java: str, kb_full: KnowledgeBase) -> ReasoningResult:
    return reason(kb_full.graph)


@pytest.fixture(scope="session")
def reasoning_study(java: str, kb_study: KnowledgeBase) -> ReasoningResult:
    return reason(kb_study.graph)


@pytest.fixture(scope="session")
def profile_full(java: str, kb_full: KnowledgeBase) -> ProfileReport:
    return check_profile(kb_full.graph)
