"""The browser checks can fail: browser_site.py writes tiny static pages, each with exactly one
defect, and one clean page. The same code that checks the book (browser_checks.visit and
browser_checks.problems, as used by test_browser.py) must find each defect, and only it."""

from __future__ import annotations

import browser_checks as bc
import pytest
from browser_site import write_site

from amcenestrant_book.build.loopback import serve

pytestmark = pytest.mark.browser

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# page -> the kinds of defect the checks must report for it (and no other kind)
EXPECTED = {
    "clean.html": set(),
    "console-error.html": {"console_errors"},
    "uncaught-exception.html": {"console_errors"},
    # A missing file is both an image that does not decode and a request that failed (HTTP 404).
    "missing-image.html": {"broken_images", "failed_requests"},
    "undecodable-image.html": {"broken_images"},
    "broken-link.html": {"broken_links"},
    "broken-anchor.html": {"broken_links"},
    "remote-script.html": {"remote_requests"},
    "remote-font.html": {"remote_requests"},
    "remote-preconnect.html": {"remote_requests"},
    "axe-contrast.html": {"axe_violations"},
    "axe-button-name.html": {"axe_violations"},
    "table-without-header.html": {"tables_without_headers"},
    "figure-without-alt.html": {"images_without_alt"},
    "figure-alt-is-file-name.html": {"images_without_alt"},
    "figure-small-text.html": {"small_figure_text"},
    "wide-table.html": {"wide_tables"},
    "field-name-header.html": {"field_name_headers"},
    "id-shown.html": {"ids_shown"},
    "forbidden-word.html": {"forbidden_words"},
    "glued-unlinked.html": {"glued_unlinked"},
    "glued-bold.html": {"glued_bold"},
    # navigation is checked by check_navigation (below); as pages they have no defect
    "nav-working.html": set(),
    "nav-dead-toggles.html": set(),
}
# Record ids and bibliography keys that the fixture pages must not show as text.
IDS = frozenset({"a5_pfs_hr", "tolaney2023ameera3"})


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory):
    return write_site(tmp_path_factory.mktemp("browser-site"))


@pytest.fixture(scope="module")
def site(site_dir):
    with serve(site_dir) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def links(site):
    return bc.LinkChecker(site)


def test_every_fixture_page_has_an_expectation(site_dir):
    assert sorted(bc.html_pages(site_dir)) == sorted(EXPECTED)


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_checks_find_exactly_the_defect_of_each_page(browser, site, links, page, tmp_path):
    report = bc.visit(browser, site, page, links=links, screenshot=tmp_path / bc.screenshot_name(page), ids=IDS)
    assert set(report.defects()) == EXPECTED[page], report.defects()
    # What test_browser.py asserts to be empty is not empty here, for exactly these kinds.
    for kind in bc.PageReport.DEFECT_KINDS:
        found = bc.problems({page: report}, kind)
        assert bool(found) == (kind in EXPECTED[page]), (kind, found)
        assert all(line.startswith(f"{page}: ") for line in found)
    assert report.axe_rules_passed > 0, "axe-core did not run"
    assert report.screenshot.read_bytes().startswith(PNG_SIGNATURE)


def test_the_clean_page_is_really_checked(browser, site, links):
    report = bc.visit(browser, site, "clean.html", links=links, ids=IDS)
    assert report.defects() == {}
    assert report.images_checked == 1
    assert report.links_checked == 2  # its own section and another page; the external link is not followed
    assert report.tables_checked == 1


def test_remote_requests_are_blocked_not_sent(browser, site, links):
    report = bc.visit(browser, site, "remote-script.html", links=links)
    assert report.remote_requests == ["script https://cdn.example.org/mathjax/tex-chtml.js"]
    assert report.console_errors == [], "the aborted request is reported once, as a remote request"


def test_broken_links_say_why(browser, site, links):
    missing_page = bc.visit(browser, site, "broken-link.html", links=links).broken_links
    missing_anchor = bc.visit(browser, site, "broken-anchor.html", links=links).broken_links
    assert missing_page == [f"{site}chapters/no-such-page.html -> HTTP 404"]
    assert missing_anchor == [f"{site}clean.html#no-such-section -> no element with id 'no-such-section'"]


def test_serious_and_critical_violations_are_named(browser, site, links):
    contrast = bc.visit(browser, site, "axe-contrast.html", links=links).axe_violations
    button = bc.visit(browser, site, "axe-button-name.html", links=links).axe_violations
    assert len(contrast) == 1 and contrast[0].startswith("serious color-contrast")
    assert len(button) == 1 and button[0].startswith("critical button-name")


def test_screenshot_names_are_flat():
    assert bc.screenshot_name("chapters/intro.html") == "chapters__intro.png"
    assert bc.screenshot_name("search.html?q=palbociclib") == "search.png"


def test_the_browser_resolves_no_host_name_but_the_servers(browser, site_dir):
    """Even a host name that always resolves (localhost) is refused: no DNS query can leave."""
    with serve(site_dir) as base_url:
        page = browser.new_page()
        try:
            page.goto(base_url + "clean.html")
            assert page.title() == "Clean page"
            with pytest.raises(Exception, match="ERR_NAME_NOT_RESOLVED"):
                page.goto(base_url.replace("127.0.0.1", "localhost") + "clean.html")
        finally:
            page.close()


def test_figure_text_is_measured_from_the_svg(browser, site, links):
    report = bc.visit(browser, site, "figure-small-text.html", links=links)
    assert report.figures_measured == 2
    assert report.small_figure_text == ["small-text.svg: smallest text 4.0 px (under 10 px)"]  # 8 px x 200 / 400


def test_only_the_unscrolled_wide_table_is_reported(browser, site, links):
    found = bc.visit(browser, site, "wide-table.html", links=links).wide_tables
    assert len(found) == 2 and found[0].startswith("table A table forced wider"), found
    assert found[1].startswith("the page is "), found


def test_ids_and_words_are_found_in_text_not_in_code_or_links(browser, site, links):
    ids = bc.visit(browser, site, "id-shown.html", links=links, ids=IDS).ids_shown
    words = bc.visit(browser, site, "forbidden-word.html", links=links).forbidden_words
    assert sorted(w.split(" ")[0] for w in ids) == ["a5_pfs_hr", "tolaney2023ameera3"]
    assert [w.split(" (in")[0] for w in words] == ["seed", "aacrjournals.org"]


def test_glued_numbers_are_counted(browser, site, links):
    unlinked = bc.visit(browser, site, "glued-unlinked.html", links=links)
    bold = bc.visit(browser, site, "glued-bold.html", links=links)
    assert (unlinked.glued_count, unlinked.glued_unlinked, unlinked.glued_bold) == (1, ["1.209"], [])
    assert (bold.glued_count, bold.glued_unlinked, bold.glued_bold) == (1, [], ["1.209"])


@pytest.mark.parametrize("viewport", [(1280, 900), (390, 844)])
def test_navigation_checks_find_dead_toggles(browser, site, viewport):
    assert bc.check_navigation(browser, site, "nav-working.html", viewport) == []
    found = bc.check_navigation(browser, site, "nav-dead-toggles.html", viewport)
    size = f"{viewport[0]}x{viewport[1]}"
    assert found == [f"{size}: the primary toggle shows no drawer and changes no sidebar",
                     f"{size}: the secondary toggle shows no drawer and changes no sidebar"]


def test_navigation_checks_find_a_missing_favicon_and_a_second_search_box(browser, site):
    found = bc.check_navigation(browser, site, "clean.html", (1280, 900))
    assert "1280x900: no favicon (<link rel=icon>)" in found
    assert "1280x900: no visible primary sidebar toggle" in found
