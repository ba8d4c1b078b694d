"""Execute one chapter into a staging folder: `python -m amcenestrant_book.build.run_chapter
NOTEBOOK STAGE`. Nothing of the project is written: the executed notebook goes to
STAGE/notebook.ipynb, its figures to STAGE/figures/, and the files it read under data/ to
STAGE/read.log. The build then puts notebook and figures in place together (`execution`).

Outputs are stored without timing metadata and the interpreter is recorded as major.minor, so
the same inputs give the same bytes on any patch release.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from ..paths import FIGURES_ENV, ROOT_ENV
from .read_audit import KERNEL_LINE, LOG_ENV

KERNEL_ARGUMENTS = [
    f"--InteractiveShellApp.exec_lines={KERNEL_LINE}",
    "--HistoryManager.enabled=False",  # no history database to open and write
]


def normalise(notebook: nbformat.NotebookNode) -> None:
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    language = notebook.metadata.get("language_info")
    if language and "version" in language:
        language["version"] = f"{sys.version_info.major}.{sys.version_info.minor}"


def execute(notebook_path: Path, stage: Path, root: Path) -> None:
    notebook = nbformat.read(notebook_path, as_version=4)
    (stage / "figures").mkdir(parents=True, exist_ok=True)
    os.environ.update({ROOT_ENV: str(root), FIGURES_ENV: str(stage / "figures"),
                       LOG_ENV: str(stage / "read.log"), "MPLBACKEND": "Agg"})  # figures are files, no display
    (stage / "read.log").touch()
    NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        record_timing=False,
        shutdown_kernel="immediate",
        extra_arguments=KERNEL_ARGUMENTS,
        resources={"metadata": {"path": str(notebook_path.parent)}},
    ).execute()
    normalise(notebook)
    nbformat.write(notebook, stage / "notebook.ipynb")


if __name__ == "__main__":
    notebook_arg, stage_arg, root_arg = sys.argv[1:]
    execute(Path(notebook_arg), Path(stage_arg), Path(root_arg))
