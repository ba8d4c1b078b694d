"""Render _build/html with Jupyter Book from the stored outputs, independent of build history.

Sphinx 7.4 writes a different site into an output folder that already holds one (a search index
without its index entries, `?v=` strings on links), so every render writes into an empty
folder, `_build/.html-next`, and that folder then replaces `_build/html` by rename. The doctree
cache is kept, so unchanged pages are not parsed again. A stamp of every input skips the render
when nothing changed.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from ..paths import toc_pages
from . import stamps
from .digests import LIBRARY, REQUIREMENTS, tree_digest

HTML = "_build/html"
NEXT = "_build/.html-next"
OLD = "_build/.html-old"
DOCTREES = "_build/.doctrees"
STAMP = "_build/.rendered"
INPUTS = ("_config.yml", "_toc.yml", "references.bib", "chapters", "figures", "data", "_static", LIBRARY,
          REQUIREMENTS)


def sphinx_build(root: Path, output: Path) -> int:
    """Jupyter Book's Sphinx build of the whole book (as `jupyter-book build -n -W --keep-going`)."""
    from jupyter_book.sphinx import build_sphinx

    result = build_sphinx(
        root, output, noconfig=True, path_config=str(root / "_config.yml"),
        confoverrides={"external_toc_path": (root / "_toc.yml").as_posix(), "latex_individualpages": False,
                       "nitpicky": True},
        doctreedir=root / DOCTREES, builder="html", warningiserror=True, keep_going=True,
    )
    return result if isinstance(result, int) else 1


def inputs_digest(root: Path) -> str:
    """What the HTML depends on: the book's sources, the package (its Sphinx extension included)
    and the pinned packages."""
    return tree_digest(root, INPUTS)


def render(root: Path) -> bool:
    """Render unless every input is as at the last render; then check every page of _toc.yml."""
    digest = inputs_digest(root)
    if stamps.stamped(root, STAMP, digest) and (root / HTML / "index.html").is_file():
        print("render: every page is up to date")
    else:
        (root / STAMP).unlink(missing_ok=True)
        next_html, old_html = root / NEXT, root / OLD
        shutil.rmtree(next_html, ignore_errors=True)
        if sphinx_build(root, next_html) != 0:
            print("build: jupyter-book reported errors or warnings; _build/html is as it was", file=sys.stderr)
            return False
        shutil.rmtree(old_html, ignore_errors=True)
        if (root / HTML).exists():
            (root / HTML).rename(old_html)
        next_html.rename(root / HTML)
        shutil.rmtree(old_html, ignore_errors=True)
        stamps.stamp(root, STAMP, digest)
    missing = [p for p in toc_pages(root) if not (root / HTML / f"{p}.html").is_file()]
    for page in missing:
        print(f"error: page {page} of _toc.yml was not written", file=sys.stderr)
    return not missing
