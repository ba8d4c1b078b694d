"""The code follows the project's lint rules (pyproject.toml, [tool.ruff])."""

import subprocess
import sys
from pathlib import Path


def test_ruff_finds_nothing(root):
    ruff = Path(sys.executable).parent / "ruff"
    result = subprocess.run([str(ruff), "check", "src", "tests", "bench"], cwd=root,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
