"""Page reuse in the render: after a change to one page's text only that page (and the root page,
which Sphinx always writes) is written again, after a change of a title every page is, and either
way the site is byte for byte the site a clean render of the same sources writes. The probe book
has a glossary and an image on a page that is kept, and a word that leaves the index, the three
places where Sphinx 7.4 alone writes a partial site unlike a clean one, and citations on the page
that changes and on a page read after it (whose order in the environment must not look like a
change of the interface)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import tree_digest

from amcenestrant_book.build.render import HTML

PAGES = {
    "_config.yml": 'title: Page reuse probe\nonly_build_toc_files: true\nexecute:\n  execute_notebooks: "off"\n'
                   "bibtex_bibfiles:\n  - references.bib\n"
                   "sphinx:\n  extra_extensions:\n    - amcenestrant_book.build.page_reuse\n",
    "_toc.yml": "format: jb-book\nroot: chapters/intro\nchapters:\n  - file: chapters/alpha\n  - file: chapters/beta\n",
    "references.bib": "@book{one, author = {Ann One}, title = {First}, publisher = {P}, year = {2001}}\n"
                      "@book{two, author = {Bob Two}, title = {Second}, publisher = {P}, year = {2002}}\n",
    "chapters/intro.md": "# Introduction\n\nThe probe book, after {cite}`one`.\n\n```{bibliography}\n```\n",
    "chapters/alpha.md": "# Alpha\n\n![A dot](dot.svg)\n\n"
                         "```{glossary}\nDegrader\n  A drug that removes its target.\n```\n",
    "chapters/dot.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4">'
                        '<circle cx="2" cy="2" r="2"/></svg>\n',
    "chapters/beta.md": "# Beta\n\nA zebrafish model, see {term}`Degrader` and {cite}`two`.\n",
}


def render(root: Path) -> None:
    """The render of `root` in a process of its own, as `make book` runs it (Sphinx's configuration
    digest in .buildinfo differs between two builds in one process)."""
    code = "import sys; from pathlib import Path; from amcenestrant_book.build.render import render; " \
           "sys.exit(0 if render(Path(sys.argv[1])) else 1)"
    result = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def probe_book(folder: Path) -> Path:
    (folder / "chapters").mkdir(parents=True)
    for name, text in PAGES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def written_pages(root: Path, before: dict[str, int]) -> set[str]:
    """The pages of the site whose file is not the one the last render left (by modification time:
    a page that is kept is copied with its own)."""
    now = page_times(root)
    return {page for page, time in now.items() if before.get(page) != time}


def page_times(root: Path) -> dict[str, int]:
    return {p.stem: p.stat().st_mtime_ns for p in (root / HTML / "chapters").glob("*.html")}


def clean_site(sources: Path, folder: Path) -> dict[str, str]:
    """The site a first render of `sources` writes in a fresh folder."""
    shutil.copytree(sources, folder, ignore=shutil.ignore_patterns("_build"))
    render(folder)
    return tree_digest(folder / HTML)


def differences(one: dict[str, str], other: dict[str, str]) -> list[str]:
    return sorted(k for k in one.keys() | other.keys() if one.get(k) != other.get(k))


@pytest.fixture
def rendered_probe(tmp_path) -> Path:
    root = probe_book(tmp_path / "book")
    render(root)
    return root


@pytest.mark.slow
def test_a_changed_paragraph_writes_its_page_only_and_the_site_is_the_clean_one(rendered_probe, tmp_path):
    before = page_times(rendered_probe)
    beta = rendered_probe / "chapters/beta.md"
    beta.write_text(beta.read_text(encoding="utf-8").replace("zebrafish", "xenograft"), encoding="utf-8")
    render(rendered_probe)
    assert written_pages(rendered_probe, before) == {"beta", "intro"}
    assert "xenograft" in (rendered_probe / HTML / "chapters/beta.html").read_text(encoding="utf-8")
    assert differences(tree_digest(rendered_probe / HTML), clean_site(rendered_probe, tmp_path / "clean")) == []


@pytest.mark.slow
def test_a_changed_title_writes_every_page_and_the_site_is_the_clean_one(rendered_probe, tmp_path):
    before = page_times(rendered_probe)
    beta = rendered_probe / "chapters/beta.md"
    beta.write_text(beta.read_text(encoding="utf-8").replace("# Beta", "# Beta, renamed"), encoding="utf-8")
    render(rendered_probe)
    assert written_pages(rendered_probe, before) == {"intro", "alpha", "beta"}
    assert "Beta, renamed" in (rendered_probe / HTML / "chapters/alpha.html").read_text(encoding="utf-8")
    assert differences(tree_digest(rendered_probe / HTML), clean_site(rendered_probe, tmp_path / "clean")) == []
