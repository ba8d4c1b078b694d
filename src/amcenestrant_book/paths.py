"""Where things are: the project root is found from any working directory."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

ROOT_ENV = "AMCENESTRANT_BOOK_ROOT"
# Set by the chapter runner (and the tests): figures go to this folder instead of figures/, so
# that a chapter's notebook and figures can be put in place together once it has run.
FIGURES_ENV = "AMCENESTRANT_BOOK_FIGURES"
_MARKERS = ("_config.yml", "data/datapackage.yaml")
DATA_PAGES = "chapters/data"  # the appendix page of every data table


def _is_root(path: Path) -> bool:
    return all((path / marker).is_file() for marker in _MARKERS)


def project_root(start: Path | str | None = None) -> Path:
    """The book's root: $AMCENESTRANT_BOOK_ROOT, else the first parent of `start` (default: the
    working directory) holding `_config.yml` and `data/datapackage.yaml`, else the checkout this
    package was installed from."""
    if os.environ.get(ROOT_ENV):
        root = Path(os.environ[ROOT_ENV]).resolve()
        if not _is_root(root):
            raise FileNotFoundError(f"{ROOT_ENV}={root} is not a book root (no {' or '.join(_MARKERS)})")
        return root
    here = Path(start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if _is_root(candidate):
            return candidate
    installed = Path(__file__).resolve().parents[2]
    if _is_root(installed):
        return installed
    raise FileNotFoundError(f"no book root above {here}: expected {' and '.join(_MARKERS)}")


def data_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "data"


def figures_dir(root: Path | None = None) -> Path:
    """Where figures are written: figures/ of `root`; without one, $AMCENESTRANT_BOOK_FIGURES
    when set, else figures/ of the project root."""
    if root is None and os.environ.get(FIGURES_ENV):
        return Path(os.environ[FIGURES_ENV])
    return (root or project_root()) / "figures"


def toc_pages(root: Path | None = None) -> list[str]:
    """Every page of _toc.yml (paths without suffix), in reading order."""
    root = root or project_root()
    pages: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            pages.extend(node[key] for key in ("root", "file") if key in node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8")))
    return pages
