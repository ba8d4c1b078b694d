"""`make pdf` writes the whole book as a PDF offline and leaves the multi-page HTML as it was."""

import pytest
from conftest import make_book, require_chromium, tree_digest


@pytest.mark.slow
def test_make_pdf_writes_a_pdf_and_keeps_the_html(project_copy):
    require_chromium()
    built = make_book(project_copy)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    html = project_copy / "_build/html"
    before = tree_digest(html)

    result = make_book(project_copy, "pdf")

    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    pdf = project_copy / "_build/pdf/amcenestrant-book.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert pdf.stat().st_size > 100_000
    assert tree_digest(html) == before
