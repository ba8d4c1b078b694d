"""Executing every chapter afresh gives byte for byte the notebooks and figures in the repository."""

import os
import subprocess
import sys

import pytest
from conftest import tree_digest


@pytest.mark.slow
def test_fresh_execution_reproduces_committed_notebooks_and_figures(root, project_copy):
    (project_copy / "chapters/execution.json").unlink()  # every chapter is now stale
    env = {k: v for k, v in os.environ.items() if k != "AMCENESTRANT_BOOK_ROOT"}
    result = subprocess.run([sys.executable, "-m", "amcenestrant_book", "execute"], cwd=project_copy,
                            capture_output=True, text=True, env=env, check=False, timeout=1200)
    assert result.returncode == 0, result.stdout + result.stderr
    for directory in ("chapters", "figures"):
        fresh, committed = tree_digest(project_copy / directory), tree_digest(root / directory)
        changed = sorted(name for name in fresh.keys() | committed.keys()
                         if fresh.get(name) != committed.get(name))
        assert changed == [], f"{directory}/ differs after a fresh execution: {changed}"
