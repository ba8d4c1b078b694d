"""`make pdf` writes the whole book as a PDF offline and leaves the multi-page HTML as it was."""

import pytest
from conftest import make_book, require_chromium, tree_digest


@pytest.mark.slow
def test_make_pdf_writes_a_pdf_and_keeps_the_html(built_copy_of):
    require_chromium()
    html = built_copy_of / "_build/html"
    before = tree_digest(html)

    result = make_book(built_copy_of, "pdf")

    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    pdf = built_copy_of / "_build/pdf/amcenestrant-book.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert pdf.stat().st_size > 100_000
    assert tree_digest(html) == before
