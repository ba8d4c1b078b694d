"""The code follows the project's lint rules (pyproject.toml, [tool.ruff]): the package, the
tests, the benchmark and the code cells of every notebook."""

import subprocess
import sys
from pathlib import Path


def test_ruff_finds_nothing(root):
    ruff = Path(sys.executable).parent / "ruff"
    result = subprocess.run([str(ruff), "check", "--no-cache", "."], cwd=root,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_reads_the_notebooks(root):
    ruff = Path(sys.executable).parent / "ruff"
    listed = subprocess.run([str(ruff), "check", "--no-cache", "--show-files", "."], cwd=root,
                            capture_output=True, text=True, check=True).stdout
    assert "chapters/clinical.ipynb" in listed
    assert "src/amcenestrant_book/build/cli.py" in listed
