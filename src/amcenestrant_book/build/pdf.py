"""The whole book as one PDF, offline: Sphinx's single-page HTML of the book, printed by Debian's
Chromium (driven by Playwright) with the book's print stylesheet (_static/book.css, `@media
print`): no web chrome and no code, every chapter on a new page, the contents first, page numbers in
the footer, bookmarks for every heading.

Why Chromium and not LaTeX: the pages are HTML (figures as SVG with text, tables from MyST,
citations, glued numbers); printing them keeps exactly what the reader sees on the web, needs
only the browser the tests already use, and no TeX installation of several hundred megabytes.
The single-page build goes to its own folder, so _build/html stays as it is.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from .files import atomic_path
from .loopback import ONLY_LOOPBACK, serve

PDF = "_build/pdf/amcenestrant-book.pdf"
WORK = "_build/pdf-work"
ROOT_PAGE = "chapters/intro.html"  # the single page (index.html only redirects to it)
CHROMIUM_NAMES = ("/usr/bin/chromium", "chromium", "chromium-browser")
FOOTER = ('<div style="width:100%;font-size:9px;font-family:sans-serif;text-align:center;color:#444;">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')

# Before printing: the byline under the title, every image loaded, each chapter marked to start a page.
_PREPARE_JS = r"""
async (byline) => {
  const title = document.querySelector('h1');
  const line = document.createElement('p');
  line.className = 'book-byline';
  line.textContent = byline;
  title.after(line);
  document.querySelectorAll('details').forEach(folded => { folded.open = true; });  // long tables, unfolded
  const images = Array.from(document.images);
  images.forEach(img => { img.loading = 'eager'; });
  await Promise.all(images.map(img => img.complete ? null : new Promise(done => {
    img.addEventListener('load', done, {once: true});
    img.addEventListener('error', done, {once: true});
  })));
  // Sphinx's single page opens with the book's contents (the root toctree); each document
  // after it starts a page.
  const chapters = document.querySelectorAll('span[id^="document-"] + section');
  chapters.forEach(section => section.classList.add('book-chapter-start'));
  const broken = images.filter(i => !i.naturalWidth).map(i => i.src);
  return {images: images.length, broken: broken, chapters: chapters.length};
}
"""


def chromium_path(names: Iterable[str] = CHROMIUM_NAMES) -> str | None:
    """The first of `names` (paths or command names) that is an executable, or None."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def _route(base: str, route, request) -> None:
    """Only the loopback site. Sphinx's single page (chapters/intro.html) names its images,
    styles and scripts as if it stood at the root ("_images/x.svg", "_static/book.css"): without
    this the PDF had no figures (their alt text was printed) and no print stylesheet."""
    if not request.url.startswith(base):
        route.abort()
    elif request.url.startswith(base + "chapters/_"):
        route.continue_(url=base + request.url[len(base + "chapters/"):])
    else:
        route.continue_()


def byline(root: Path) -> str:
    """The title page's line under the title, from CITATION.cff: "The authors · version 0.1.0 ·
    22 November 2026" (the release date, so that the same sources print the same PDF)."""
    import yaml

    from ..dates import in_words

    citation = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    authors = ", ".join(author["name"] for author in citation["authors"])
    return f"{authors} · version {citation['version']} · {in_words(str(citation['date-released']))}"


def print_pdf(site: Path, target: Path, chromium: str, title_byline: str) -> dict:
    """Print the single-page book in `site` (its index.html) to `target`, `title_byline` under its title."""
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True,
                                             args=["--no-sandbox", ONLY_LOOPBACK])
        try:
            page = browser.new_page()
            page.route("**/*", functools.partial(_route, base))
            page.emulate_media(media="print")
            page.goto(base + ROOT_PAGE, wait_until="load")
            report = page.evaluate(_PREPARE_JS, title_byline)
            target.parent.mkdir(parents=True, exist_ok=True)
            with atomic_path(target) as temporary:
                page.pdf(path=str(temporary), format="A4", print_background=True, display_header_footer=True,
                         header_template="<span></span>", footer_template=FOOTER, outline=True, tagged=True,
                         margin={"top": "16mm", "bottom": "18mm", "left": "15mm", "right": "15mm"})
        finally:
            browser.close()
    return report


def render_pdf(root: Path) -> bool:
    """`make pdf`: the single-page HTML build in _build/pdf-work, printed to _build/pdf/."""
    chromium = chromium_path()
    if chromium is None:
        print("error: the PDF needs Debian's chromium; install it with apt-get install chromium", file=sys.stderr)
        return False
    work = root / WORK
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(root), "--builder", "singlehtml",
               "--path-output", str(work)]
    if subprocess.run(command, check=False).returncode != 0:
        return False
    report = print_pdf(work / "_build/singlehtml", root / PDF, chromium, byline(root))
    if report["broken"]:
        print("error: images that did not load for the PDF:\n" + "\n".join(report["broken"]), file=sys.stderr)
        return False
    print(f"pdf: {PDF} ({report['chapters']} chapters, {report['images']} images)")
    return True
