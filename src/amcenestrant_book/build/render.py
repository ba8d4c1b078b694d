"""Render _build/html with Jupyter Book from the stored outputs, independent of build history.

Sphinx 7.4 writes a different site into an output folder that already holds one (a search index
without its index entries), so every render writes into a new folder, `_build/.html-next`, and
that folder then replaces `_build/html` by rename. The doctree cache is kept, so unchanged pages
are not parsed again, and when only the book's content changed (chapters, data, figures,
references) the new folder starts with the last site's pages, of which the Sphinx extension
`page_reuse` writes again only those whose content changed. A stamp of every input skips the
render when nothing changed.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from ..paths import toc_pages
from . import files, page_reuse, stamps
from .digests import LIBRARY, REQUIREMENTS, tree_digest

HTML = "_build/html"
NEXT = "_build/.html-next"
OLD = "_build/.html-old"
DOCTREES = "_build/.doctrees"
STAMP = "_build/.rendered"
CONTENT = ("references.bib", "chapters", "figures", "data")
# A change here can change every page (theme, templates, styles, the extensions, the toc): no reuse.
FRAME = ("_config.yml", "_toc.yml", "_static", LIBRARY, REQUIREMENTS)
INPUTS = CONTENT + FRAME
FRAME_STAMP = "_build/.rendered-frame"
PAGE_RECORD = "_build/.rendered-pages.json"


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


def seed_from_last_site(root: Path, next_html: Path, frame: str) -> None:
    """Start the new site with the last one's pages and the record they were written from, when
    the last site was written with the same frame; otherwise the new site starts empty."""
    html, record = root / HTML, root / PAGE_RECORD
    files.write_text(next_html / page_reuse.RECORD, "null\n")
    if not (html.is_dir() and record.is_file() and stamps.stamped(root, FRAME_STAMP, frame)):
        return
    for docname in json.loads(record.read_text(encoding="utf-8"))["doctrees"]:
        page = html / f"{docname}.html"
        if page.is_file():
            (next_html / page.relative_to(html)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(page, next_html / page.relative_to(html))
    if (html / "_sources").is_dir():
        shutil.copytree(html / "_sources", next_html / "_sources")
    for name in ("searchindex.js", ".buildinfo"):
        if (html / name).is_file():
            shutil.copy2(html / name, next_html / name)
    shutil.copy2(record, next_html / page_reuse.RECORD)


def render(root: Path) -> bool:
    """Render unless every input is as at the last render; then check every page of _toc.yml."""
    digest, frame = inputs_digest(root), tree_digest(root, FRAME)
    if stamps.stamped(root, STAMP, digest) and (root / HTML / "index.html").is_file():
        print("render: every page is up to date")
    else:
        (root / STAMP).unlink(missing_ok=True)
        next_html, old_html = root / NEXT, root / OLD
        shutil.rmtree(next_html, ignore_errors=True)
        next_html.mkdir(parents=True)
        seed_from_last_site(root, next_html, frame)
        if sphinx_build(root, next_html) != 0:
            print("build: jupyter-book reported errors or warnings; _build/html is as it was", file=sys.stderr)
            return False
        # the record of the pages leaves the site, and names it only once it is in place
        (root / PAGE_RECORD).unlink(missing_ok=True)
        (next_html / page_reuse.RECORD).rename(root / f"{PAGE_RECORD}.next")
        shutil.rmtree(old_html, ignore_errors=True)
        if (root / HTML).exists():
            (root / HTML).rename(old_html)
        next_html.rename(root / HTML)
        shutil.rmtree(old_html, ignore_errors=True)
        (root / f"{PAGE_RECORD}.next").rename(root / PAGE_RECORD)
        stamps.stamp(root, FRAME_STAMP, frame)
        stamps.stamp(root, STAMP, digest)
    missing = [p for p in toc_pages(root) if not (root / HTML / f"{p}.html").is_file()]
    for page in missing:
        print(f"error: page {page} of _toc.yml was not written", file=sys.stderr)
    return not missing
