"""`make book`'s build: Jupyter Book with -n -W --keep-going, and every page of _toc.yml written."""

import pytest

from amcenestrant_book.paths import toc_pages

pytestmark = pytest.mark.slow


def test_every_toc_page_is_built(built_book, root):
    pages = toc_pages(root)
    assert len(pages) >= 12
    missing = [page for page in pages if not (built_book / f"{page}.html").is_file()]
    assert missing == []


def test_figures_are_in_the_pages(built_book):
    html = (built_book / "chapters" / "clinical.html").read_text(encoding="utf-8")
    assert "hazard-ratios.svg" in html
    assert 'alt="Forest plot' in html

