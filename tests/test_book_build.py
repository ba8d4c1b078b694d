"""`make book`'s build: Jupyter Book with -n -W --keep-going, and every page of _toc.yml written."""

from amcenestrant_book.paths import toc_pages


def test_every_toc_page_is_built(built_book, root):
    pages = toc_pages(root)
    assert len(pages) >= 12
    missing = [page for page in pages if not (built_book / f"{page}.html").is_file()]
    assert missing == []


def test_figures_are_in_the_pages(built_book):
    html = (built_book / "chapters" / "clinical.html").read_text(encoding="utf-8")
    assert "hazard-ratios.svg" in html
    assert 'alt="Forest plot' in html


def test_no_link_carries_a_version_string(built_book):
    """Sphinx 7.4 adds `?v=` to links when it renders into a folder that already holds a site;
    the build always renders into an empty one."""
    pages = [p for p in built_book.rglob("*.html") if "?v=" in p.read_text(encoding="utf-8")]
    assert pages == []
