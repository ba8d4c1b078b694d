"""Checks of built HTML pages in a real browser (Chromium driven by Playwright), used on the book
and on the small defect fixtures in tests/fixtures/browser-site/ alike.

Plain functions, no pytest: `serve` a directory on a loopback port, `open_browser`, `visit` a page
and get a `PageReport` (console errors, undecodable images, broken internal links, requests that
leave the site, local requests that failed, serious or critical axe-core violations, tables
without a header row, images without alt text), with a full-page screenshot.
"""

from __future__ import annotations

import contextlib
import functools
import html.parser
import http.server
import os
import shutil
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  # Resolve no host name but the loopback server's: nothing, not even a DNS query for
                  # a link's host or a preconnect hint, leaves the machine.
                  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
BLOCKING_IMPACTS = ("serious", "critical")
# Directories of a Sphinx build that hold assets, not pages.
ASSET_DIRS = {"_static", "_sources", "_images", "_downloads"}


# --------------------------------------------------------------------------- what is needed


def chromium_candidates() -> list[str]:
    """Where to look for Chromium: $CHROMIUM if set, else Debian's binary and the usual names."""
    return [os.environ["CHROMIUM"]] if os.environ.get("CHROMIUM") else list(CHROMIUM_CANDIDATES)


def chromium_path() -> str | None:
    """The Chromium executable, or None when it is not installed."""
    for candidate in chromium_candidates():
        found = shutil.which(candidate)
        if found:
            return found
    return None


def missing_requirements() -> str | None:
    """Why the browser checks cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package 'playwright' is not installed (it is pinned in requirements.txt)"
    if chromium_path() is None:
        return ("no Chromium browser found (looked for " + ", ".join(chromium_candidates())
                + "); install Debian's package: apt-get install chromium")
    if not AXE_SCRIPT.is_file():
        return "axe-core is not installed in node_modules/; run `npm ci` in the project root"
    return None


# --------------------------------------------------------------------------- serving


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 at a free port from a thread; yield the base URL ('http://127.0.0.1:N/')."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="browser-checks-http", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextlib.contextmanager
def open_browser():
    """A headless Chromium (Debian's binary) under Playwright; closed on exit."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise RuntimeError(missing_requirements())
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def html_pages(directory: Path) -> list[str]:
    """Every HTML page of a built site, as paths relative to it ('chapters/intro.html'), sorted."""
    pages = []
    for path in sorted(directory.rglob("*.html")):
        relative = path.relative_to(directory)
        if not ASSET_DIRS.intersection(relative.parts[:-1]):
            pages.append(relative.as_posix())
    return pages


# --------------------------------------------------------------------------- the report


@dataclass
class PageReport:
    page: str
    url: str = ""
    final_url: str = ""
    console_errors: list[str] = field(default_factory=list)
    broken_images: list[str] = field(default_factory=list)
    broken_links: list[str] = field(default_factory=list)
    remote_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    axe_violations: list[str] = field(default_factory=list)
    tables_without_headers: list[str] = field(default_factory=list)
    images_without_alt: list[str] = field(default_factory=list)
    images_checked: int = 0
    links_checked: int = 0
    tables_checked: int = 0
    axe_rules_passed: int = 0
    screenshot: Path | None = None
    collected: object = None

    DEFECT_KINDS = ("console_errors", "broken_images", "broken_links", "remote_requests", "failed_requests",
                    "axe_violations", "tables_without_headers", "images_without_alt")

    def defects(self) -> dict[str, list[str]]:
        """The non-empty defect lists, by kind."""
        return {kind: getattr(self, kind) for kind in self.DEFECT_KINDS if getattr(self, kind)}


def problems(reports: dict[str, PageReport], kind: str) -> list[str]:
    """Every defect of `kind` ('console_errors', 'broken_links', ...) over `reports`, one line
    each, prefixed with its page: what a test asserts to be empty."""
    if kind not in PageReport.DEFECT_KINDS:
        raise ValueError(f"unknown kind of defect: {kind}")
    return [f"{page}: {item}" for page, report in reports.items() for item in getattr(report, kind)]


# --------------------------------------------------------------------------- links


class _IdCollector(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and (name == "id" or (name == "name" and tag == "a")):
                self.ids.add(value)


class LinkChecker:
    """Resolves internal links against the loopback server: the target must answer 200, and a
    fragment must name an element id (or <a name>) of the target page. Results are cached."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self._status: dict[str, int] = {}
        self._ids: dict[str, set[str]] = {}

    def is_internal(self, url: str) -> bool:
        return url.startswith(self.base_url)

    def _fetch(self, url: str) -> int:
        if url not in self._status:
            try:
                with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback only
                    body = response.read()
                    self._status[url] = response.status
                    if "html" in response.headers.get("Content-Type", ""):
                        collector = _IdCollector()
                        collector.feed(body.decode("utf-8", errors="replace"))
                        self._ids[url] = collector.ids
            except urllib.error.HTTPError as error:
                self._status[url] = error.code
            except (urllib.error.URLError, OSError):
                self._status[url] = 0
        return self._status[url]

    def problem(self, url: str) -> str | None:
        """Why the internal link `url` is broken, or None."""
        target, _, fragment = url.partition("#")
        status = self._fetch(target)
        if status != 200:
            return f"{url} -> HTTP {status or 'no answer'}"
        fragment = urllib.parse.unquote(fragment)
        if fragment and fragment != "top" and target in self._ids and fragment not in self._ids[target]:
            return f"{url} -> no element with id '{fragment}'"
        return None


# --------------------------------------------------------------------------- in the page

_IMAGES_JS = r"""
async () => {
  const images = Array.from(document.images);
  for (const img of images) { if (img.loading === 'lazy') img.loading = 'eager'; }
  await Promise.all(images.map(img => img.complete ? null : new Promise(done => {
    img.addEventListener('load', done, {once: true});
    img.addEventListener('error', done, {once: true});
    setTimeout(done, 10000);
  })));
  return images.map(img => ({
    src: img.currentSrc || img.getAttribute('src') || '',
    ok: img.complete && img.naturalWidth > 0,
    alt: img.getAttribute('alt'),
    // a file name or path is no description (some renderers put the image's path there)
    altIsPath: /^\S*\.(png|svg|jpe?g|gif|webp)$/i.test((img.getAttribute('alt') || '').trim()),
    inFigure: !!img.closest('figure, .figure, .cell_output, .output'),
  }));
}
"""

# Connections the browser opens without a request that Playwright could intercept.
_PRECONNECT_JS = """
() => Array.from(document.querySelectorAll('link[rel~="preconnect"], link[rel~="dns-prefetch"]'))
  .map(link => [link.rel, link.href])
"""

_LINKS_JS = """
() => Array.from(document.querySelectorAll('a[href], area[href]'))
  .map(a => a.href)
  .filter(href => href.startsWith('http:') || href.startsWith('https:'))
"""

_TABLES_JS = """
() => {
  // Data tables only: a layout table says so with role="presentation" (or "none").
  const tables = Array.from(document.querySelectorAll('table'))
    .filter(t => !['presentation', 'none'].includes((t.getAttribute('role') || '').trim()));
  const missing = tables.map((t, i) => [t, i]).filter(([t]) => !t.querySelector('thead th, tr:first-child > th'))
    .map(([t, i]) => {
      const caption = t.querySelector('caption');
      const label = t.id || (caption ? caption.innerText.trim().slice(0, 60) : '');
      return label ? `table '${label}'` : `table #${i + 1} (${t.rows.length} rows)`;
    });
  return {count: tables.length, missing: missing};
}
"""

_AXE_JS = """
async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return {
    passes: result.passes.length,
    violations: result.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.slice(0, 5).map(n => n.target.join(' ')),
      count: v.nodes.length,
    })),
  };
}
"""


def visit(browser, base_url: str, page_path: str, *, screenshot: Path | None = None,
          links: LinkChecker | None = None, axe: bool = True, wait_for: str | None = None,
          collect: str | None = None) -> PageReport:
    """Open `page_path` (relative to `base_url`, may carry a query) in a fresh browser context and
    check it. Requests to any host other than the loopback server are recorded and aborted, so
    nothing leaves the machine. `wait_for` is a JavaScript predicate to wait for before checking;
    `collect` a JavaScript function whose value is kept in `report.collected`."""
    url = urllib.parse.urljoin(base_url, page_path)
    report = PageReport(page=page_path, url=url)
    links = links or LinkChecker(base_url)
    origin = urllib.parse.urlsplit(base_url).netloc
    aborted: set[str] = set()
    failed: set[str] = set()
    console: list[tuple[str, str, int]] = []

    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    try:
        def route(route_, request):
            parts = urllib.parse.urlsplit(request.url)
            if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != origin:
                if request.url not in aborted:
                    aborted.add(request.url)
                    report.remote_requests.append(f"{request.resource_type} {request.url}")
                route_.abort()
            else:
                route_.continue_()

        context.route("**/*", route)
        page = context.new_page()

        def on_console(message):
            if message.type == "error":
                location = message.location or {}
                console.append((message.text, location.get("url", ""), location.get("lineNumber", 0)))

        def on_response(response):
            if response.url.startswith(base_url) and response.status >= 400:
                failed.add(response.url)
                kind = response.request.resource_type
                report.failed_requests.append(f"{kind} {response.url} -> HTTP {response.status}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: report.console_errors.append(f"uncaught: {error}"))
        page.on("response", on_response)
        page.on("websocket", lambda ws: report.remote_requests.append(f"websocket {ws.url}"))

        page.goto(url, wait_until="load")
        with contextlib.suppress(Exception):  # pages that keep a connection open never go idle
            page.wait_for_load_state("networkidle", timeout=5000)
        if wait_for:
            page.wait_for_function(wait_for, timeout=20000)
        if collect:
            report.collected = page.evaluate(collect)
        report.final_url = page.url

        for rel, href in page.evaluate(_PRECONNECT_JS):
            if urllib.parse.urlsplit(href).netloc not in ("", origin):
                report.remote_requests.append(f"{rel} {href}")

        for image in page.evaluate(_IMAGES_JS):
            report.images_checked += 1
            if not image["ok"]:
                report.broken_images.append(image["src"])
            if image["alt"] is None or image["altIsPath"] or (image["inFigure"] and not image["alt"].strip()):
                report.images_without_alt.append(image["src"])

        for href in sorted(set(page.evaluate(_LINKS_JS))):
            if links.is_internal(href):
                report.links_checked += 1
                problem = links.problem(href)
                if problem:
                    report.broken_links.append(problem)

        tables = page.evaluate(_TABLES_JS)
        report.tables_checked = tables["count"]
        report.tables_without_headers = tables["missing"]

        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot), full_page=True)
            report.screenshot = screenshot

        if axe:
            page.add_script_tag(content=AXE_SCRIPT.read_text(encoding="utf-8"))
            result = page.evaluate(_AXE_JS)
            report.axe_rules_passed = result["passes"]
            for violation in result["violations"]:
                if violation["impact"] in BLOCKING_IMPACTS:
                    report.axe_violations.append(
                        f"{violation['impact']} {violation['id']}: {violation['help']} "
                        f"({violation['count']} node(s): {'; '.join(violation['targets'])})")
        page.close()
    finally:
        context.close()
    for text, location, line in console:
        # A failed load is reported once, where it belongs: as a remote or a failed request.
        if text.startswith("Failed to load resource") and (location in aborted or location in failed):
            continue
        report.console_errors.append(f"{text} ({location}:{line})" if location else text)
    return report


def search_results(browser, base_url: str, query: str, *, screenshot: Path | None = None,
                   links: LinkChecker | None = None) -> tuple[list[str], PageReport]:
    """Run the site's own search page for `query`; return the result titles and the page's report."""
    page_path = "search.html?" + urllib.parse.urlencode({"q": query})
    # Sphinx adds results one by one; the summary line is filled in when the search has finished.
    finished = ("() => { const s = document.querySelector('#search-results p.search-summary');"
                " return !!s && s.innerText.trim().length > 0; }")
    report = visit(browser, base_url, page_path, screenshot=screenshot, links=links, wait_for=finished,
                   collect="() => Array.from(document.querySelectorAll('#search-results ul.search li a'))"
                           ".map(a => a.innerText.trim())")
    return report.collected, report


def screenshot_name(page_path: str) -> str:
    """A flat PNG file name for a page: 'chapters/intro.html' -> 'chapters__intro.png'."""
    stem = page_path.split("?")[0].removesuffix(".html").replace("/", "__")
    return f"{stem}.png"
