"""The built book in a real browser: every page of _build/html opened in Chromium from a loopback
server, with no console error, no undecodable image, no broken internal link, no request to any
other host, no failed request, no serious or critical axe-core violation, header rows on every
table and alt text on every figure; the search page finds "palbociclib". A screenshot of every
page is saved in _build/screenshots/.

The book is built (`python -m amcenestrant_book build`) only when _build/html/index.html is
missing. BOOK_HTML=path/to/html tests another build instead. Without Chromium, Playwright or
axe-core (`npm ci`) the tests are skipped, and with CI=true they fail.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import browser_checks as bc
import pytest

from amcenestrant_book.build.loopback import serve
from amcenestrant_book.contract import load_descriptor
from amcenestrant_book.data import load_written
from amcenestrant_book.markup import bibliography_keys
from amcenestrant_book.paths import toc_pages

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def book_html() -> Path:
    """The built HTML book: $BOOK_HTML, or _build/html, built first if it has no index.html."""
    if os.environ.get("BOOK_HTML"):
        html = Path(os.environ["BOOK_HTML"]).resolve()
        assert (html / "index.html").is_file(), f"BOOK_HTML={html} holds no built book (no index.html)"
        return html
    html = ROOT / "_build" / "html"
    if not (html / "index.html").is_file():
        result = subprocess.run([sys.executable, "-m", "amcenestrant_book", "build"], cwd=ROOT,
                                capture_output=True, text=True, check=False, timeout=1800)
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert (html / "index.html").is_file()
    return html


@pytest.fixture(scope="module")
def site(book_html, browser):
    """The loopback server of the book (stopped after this module's tests)."""
    with serve(book_html) as base_url:
        yield base_url


SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")
# Pages whose navigation is clicked at each viewport: the home page, a chapter, an appendix page.
NAVIGATION_PAGES = ("chapters/intro.html", "chapters/clinical.html", "chapters/data/efficacy.html")


def shown_ids() -> frozenset[str]:
    """What a reader must never see as text: every bibliography key, and every record id of the
    data written as a code (snake_case; trial names such as AMEERA-3 are words)."""
    ids = set(bibliography_keys(ROOT))
    for item in load_descriptor(ROOT)["resources"]:
        frame = load_written(item["name"], ROOT)
        for column in item["schema"]["primaryKey"]:
            ids.update(value for value in frame[column] if SNAKE_CASE.match(value))
    return frozenset(ids)


@pytest.fixture(scope="module")
def reports(book_html, browser, site) -> dict[str, bc.PageReport]:
    """Every page of the book visited once, checked, and screenshotted: half of the pages by this
    module's browser, the other half at the same time by a second one, in a thread with its own
    Playwright (a page waits on its network and scripts more than on the processor)."""
    screenshots = book_html.parent / "screenshots"
    screenshots.mkdir(parents=True, exist_ok=True)
    for old in screenshots.glob("*.png"):
        old.unlink()
    ids = shown_ids()

    def visit_all(chromium, pages: list[str]) -> dict[str, bc.PageReport]:
        links = bc.LinkChecker(site)
        return {page: bc.visit(chromium, site, page, links=links, screenshot=screenshots / bc.screenshot_name(page),
                               ids=ids) for page in pages}

    def visit_in_a_second_browser(pages: list[str]) -> dict[str, bc.PageReport]:
        with bc.open_browser() as chromium:
            return visit_all(chromium, pages)

    pages = bc.html_pages(book_html)
    with ThreadPoolExecutor(max_workers=1) as pool:
        second = pool.submit(visit_in_a_second_browser, pages[1::2])
        found = visit_all(browser, pages[0::2]) | second.result()
    return {page: found[page] for page in pages}


def test_every_page_is_opened_and_screenshotted(reports, book_html, site):
    book_root = book_html.parent.parent if (book_html.parent.parent / "_toc.yml").is_file() else ROOT
    expected = {f"{page}.html" for page in toc_pages(book_root)} | {"index.html", "search.html", "genindex.html"}
    assert expected - set(reports) == set(), "pages of the book that were not opened"
    for page, report in reports.items():
        assert report.final_url.startswith(site), f"{page} ended up at {report.final_url}"
        assert report.screenshot is not None and report.screenshot.is_file(), page
        data = report.screenshot.read_bytes()
        assert data.startswith(PNG_SIGNATURE) and len(data) > 5000, f"{page}: screenshot is not a real PNG"


def test_no_console_errors(reports):
    found = bc.problems(reports, "console_errors")
    assert found == [], "console errors:\n" + "\n".join(found)


def test_every_image_decodes(reports):
    assert sum(report.images_checked for report in reports.values()) >= 5, "the book's figures were not found"
    found = bc.problems(reports, "broken_images")
    assert found == [], "images that do not decode (naturalWidth 0):\n" + "\n".join(found)


def test_every_internal_link_resolves(reports):
    assert all(report.links_checked > 0 for report in reports.values()), "a page without internal links"
    found = bc.problems(reports, "broken_links")
    assert found == [], "broken internal links:\n" + "\n".join(found)


def test_no_request_leaves_the_site(reports):
    found = bc.problems(reports, "remote_requests")
    assert found == [], "requests to other hosts (scripts, fonts, MathJax, ...):\n" + "\n".join(found)


def test_no_local_request_fails(reports):
    found = bc.problems(reports, "failed_requests")
    assert found == [], "files the pages ask for that the site does not have:\n" + "\n".join(found)


def test_no_serious_or_critical_accessibility_violation(reports):
    assert all(report.axe_rules_passed > 0 for report in reports.values()), "axe-core did not run on every page"
    found = bc.problems(reports, "axe_violations")
    assert found == [], "axe-core violations (serious or critical):\n" + "\n".join(found)


def test_tables_have_header_rows(reports):
    assert sum(report.tables_checked for report in reports.values()) >= 5, "the book's tables were not found"
    found = bc.problems(reports, "tables_without_headers")
    assert found == [], "tables without a header row:\n" + "\n".join(found)


def test_figures_have_alt_text(reports):
    found = bc.problems(reports, "images_without_alt")
    assert found == [], "images without alt text:\n" + "\n".join(found)


def test_search_finds_palbociclib(browser, site, book_html):
    titles, report = bc.search_results(browser, site, "palbociclib",
                                       screenshot=book_html.parent / "screenshots" / "search-palbociclib.png")
    assert titles, "the search page found nothing for 'palbociclib'"
    assert any("Clinical" in title for title in titles), titles
    # the excerpts of the pages found are checked on those pages
    other = {kind: found for kind, found in report.defects().items() if kind not in bc.PageReport.READER_TEXT_KINDS}
    assert other == {}


def test_search_finds_nothing_for_a_made_up_word(browser, site):
    titles, _ = bc.search_results(browser, site, "qwxzvbnonsense")
    assert titles == []


def test_figure_text_is_at_least_10_px(reports):
    assert sum(report.figures_measured for report in reports.values()) >= 10, "the book's figures were not measured"
    found = bc.problems(reports, "small_figure_text")
    assert found == [], f"figure text under {bc.MIN_FIGURE_TEXT_PX} CSS px at 1280x900:\n" + "\n".join(found)


def test_no_table_widens_its_column(reports):
    found = bc.problems(reports, "wide_tables")
    assert found == [], "tables wider than their column outside a scroll container:\n" + "\n".join(found)


def test_headers_are_words_not_field_names(reports):
    found = bc.problems(reports, "field_name_headers")
    assert found == [], "table headers that are field names:\n" + "\n".join(found)


def test_no_record_id_or_bibliography_key_is_shown_as_text(reports):
    found = bc.problems(reports, "ids_shown")
    assert found == [], "record ids or bibliography keys shown as text (outside code):\n" + "\n".join(found)


def test_no_forbidden_words(reports):
    found = bc.problems(reports, "forbidden_words")
    assert found == [], "words a reader must not see:\n" + "\n".join(found)


def test_glued_numbers_link_to_where_they_come_from(reports):
    glued = sum(report.glued_count for report in reports.values())
    unlinked = bc.problems(reports, "glued_unlinked")
    assert glued >= 50, f"only {glued} glued numbers found in the book"
    share = 1 - len(unlinked) / glued
    assert share >= bc.GLUED_LINKED_SHARE, (
        f"{share:.0%} of {glued} glued numbers link to their row or method (at least "
        f"{bc.GLUED_LINKED_SHARE:.0%} must); without a link:\n" + "\n".join(unlinked))
    # and every link resolves: test_every_internal_link_resolves


def test_glued_numbers_are_in_body_weight(reports):
    found = bc.problems(reports, "glued_bold")
    assert found == [], "glued numbers in bold:\n" + "\n".join(found)


@pytest.mark.parametrize("viewport", [(1280, 900), (1024, 768), (390, 844)])
@pytest.mark.parametrize("page", NAVIGATION_PAGES)
def test_navigation_works(browser, site, book_html, page, viewport):
    """Both sidebar toggles open and close their drawer; one search box; nothing floats over
    text; a favicon. Screenshots of each open drawer go to _build/screenshots/navigation/."""
    found = bc.check_navigation(browser, site, page, viewport, screenshot_dir=book_html.parent / "screenshots"
                                / "navigation")
    assert found == [], "\n".join(found)
