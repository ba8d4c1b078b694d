"""`make pdf` writes the whole book as a PDF offline and leaves the multi-page HTML as it was; the
PDF read back (poppler's pdftotext) has every figure, none of the web chrome, no code and a page
number on every page. A defective PDF printed from a fixture page shows that the checks fail."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import make_book, require_chromium, tree_digest

from amcenestrant_book.build.pdf import byline, chromium_path

WEB_CHROME = ("Skip to main content", "Search Ctrl+K", "Show code cell source", "Hide code cell source",
              "Back to top", "Toggle navigation")
CODE = ("from amcenestrant_book", "import pandas", "load_table(")
HEADER_LINK = re.compile(r"\w#$")  # the "#" Sphinx puts after every heading
SVG_TEXT = re.compile(r"<text\b[^>]*>([^<]+)</text>")


def pdf_pages(pdf: Path) -> list[str]:
    """The text of every page (poppler's pdftotext)."""
    if shutil.which("pdftotext") is None:
        pytest.fail("poppler's pdftotext is needed to read the PDF: apt-get install poppler-utils", pytrace=False)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def figure_labels(svg: Path) -> list[str]:
    """The words an SVG figure draws as text (empty for text drawn as outlines)."""
    return [" ".join(label.split()) for label in SVG_TEXT.findall(svg.read_text(encoding="utf-8")) if label.strip()]


def pdf_problems(pdf: Path, figures: list[Path]) -> list[str]:
    """Everything wrong with the PDF: a page without its number, web chrome, code, a heading's
    "#", and a figure whose text is not in the PDF (a figure that is not there)."""
    pages = pdf_pages(pdf)
    found = []
    for number, text in enumerate(pages, start=1):
        if not re.search(rf"(?m)^\s*{number} / {len(pages)}\s*$", text):
            found.append(f"page {number}: no page number")
    whole = "\n".join(pages)
    found += [f"web chrome printed: {chrome!r}" for chrome in WEB_CHROME if chrome in whole]
    found += [f"code printed: {code!r}" for code in CODE if code in whole]
    found += [f"heading link printed: {line.strip()!r}" for line in whole.splitlines() if HEADER_LINK.search(line)]
    flat = " ".join(whole.split())
    for svg in figures:
        labels = figure_labels(svg)
        if not labels:
            found.append(f"figure {svg.name}: its text is drawn as outlines, so its presence cannot be read")
        elif not any(label in flat for label in labels):
            found.append(f"figure {svg.name}: none of its text ({labels[0]!r}, ...) is in the PDF")
    return found


@pytest.mark.slow
def test_make_pdf_writes_a_book_and_keeps_the_html(built_copy_of):
    require_chromium()
    html = built_copy_of / "_build/html"
    before = tree_digest(html)

    result = make_book(built_copy_of, "pdf")

    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    pdf = built_copy_of / "_build/pdf/amcenestrant-book.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert tree_digest(html) == before
    figures = sorted((built_copy_of / "_build/pdf-work/_build/singlehtml/_images").glob("*.svg"))
    assert len(figures) >= 10, "the single-page build has too few figures"
    assert byline(built_copy_of) in pdf_pages(pdf)[0]  # the title page names its authors and date
    plotted = [svg for svg in figures if "<text" in svg.read_text(encoding="utf-8") or "DejaVu" in
               svg.read_text(encoding="utf-8")]
    assert pdf_problems(pdf, plotted) == []
    assert len(pdf_pages(pdf)) >= 30


def test_the_byline_names_the_authors_version_and_release_date(tmp_path):
    (tmp_path / "CITATION.cff").write_text("title: t\nauthors:\n  - name: A. Author\n  - name: B. Author\n"
                                           "version: 1.2.0\ndate-released: 2026-11-22\n", encoding="utf-8")
    assert byline(tmp_path) == "A. Author, B. Author · version 1.2.0 · 22 November 2026"


def test_chromium_is_the_first_name_given_that_is_an_executable(tmp_path):
    browser = tmp_path / "chromium"
    browser.write_text("#!/bin/sh\n", encoding="utf-8")
    browser.chmod(0o755)
    assert chromium_path([str(tmp_path / "absent"), str(browser)]) == str(browser)
    assert chromium_path([str(tmp_path / "absent")]) is None


@pytest.mark.browser
def test_the_pdf_checks_fail_on_a_web_page_printed_as_is(tmp_path):
    """A page printed without the book's print stylesheet and footer: chrome, a heading link,
    code, no page numbers; and a figure that is missing."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    page_html = tmp_path / "page.html"
    page_html.write_text(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>x</title></head><body>"
        "<a href='#main'>Skip to main content</a><h1>Results#</h1><p>Search Ctrl+K</p>"
        "<pre>from amcenestrant_book import plots</pre><p>Hazard ratio</p></body></html>", encoding="utf-8")
    svg_present, svg_missing = tmp_path / "present.svg", tmp_path / "missing.svg"
    svg_present.write_text("<svg><text x='1' y='1'>Hazard ratio</text></svg>", encoding="utf-8")
    svg_missing.write_text("<svg><text x='1' y='1'>Overall survival</text></svg>", encoding="utf-8")
    pdf = tmp_path / "page.pdf"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(page_html.as_uri())
        page.pdf(path=str(pdf))
        browser.close()

    found = pdf_problems(pdf, [svg_present, svg_missing])

    assert found == [
        "page 1: no page number",
        "web chrome printed: 'Skip to main content'",
        "web chrome printed: 'Search Ctrl+K'",
        "code printed: 'from amcenestrant_book'",
        "heading link printed: 'Results#'",
        "figure missing.svg: none of its text ('Overall survival', ...) is in the PDF",
    ]
