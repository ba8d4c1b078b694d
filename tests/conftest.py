"""Fixtures shared by the tests: the project root, temporary copies of it, and `make book`."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VENV = Path(sys.prefix)
COPY_IGNORE = shutil.ignore_patterns(".venv", "_build", ".git", "__pycache__", "*.egg-info",
                                     ".ipynb_checkpoints", ".pytest_cache")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A copy of the project (sources, data, chapters; no venv, build or git), mtimes kept."""
    copy = tmp_path / "book"
    shutil.copytree(ROOT, copy, ignore=COPY_IGNORE)
    return copy


def make_book(project: Path, target: str = "book") -> subprocess.CompletedProcess:
    """`make book` (or another target) in `project` with this test run's virtual environment,
    which is never reinstalled."""
    stamp = VENV / ".installed"
    env = {k: v for k, v in os.environ.items() if k != "AMCENESTRANT_BOOK_ROOT"}
    return subprocess.run(
        ["make", "-C", str(project), target, f"VENV={VENV}", "-o", str(stamp)],
        capture_output=True, text=True, env=env, check=False, timeout=1200,
    )


def tree_digest(directory: Path) -> dict[str, str]:
    return {
        path.relative_to(directory).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.rglob("*")) if path.is_file()
    }


def require_chromium(path: Path = Path("/usr/lib/chromium/chromium")) -> None:
    """Skip a local run without Debian's chromium, saying why; in CI its absence is a failure."""
    if not path.is_file():
        message = f"Debian's chromium is not installed ({path}): apt-get install chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message + "; the browser and PDF checks run in CI")
