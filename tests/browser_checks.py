"""Checks of built HTML pages in a real browser (Chromium driven by Playwright), used on the book
and on the small defect fixtures of browser_site.py alike.

Plain functions, no pytest: `open_browser`, `visit` a page of a site served on a loopback port
(`amcenestrant_book.build.loopback.serve`, which the PDF is printed from too) and get a
`PageReport` (console errors, undecodable images, broken internal links, requests that leave the
site, local requests that failed, serious or critical axe-core violations, tables without a header
row, images without alt text; and what a reader sees: figure text under 10 CSS px, tables wider
than their column outside a scroll container, field names as headers, record ids and bibliography
keys shown as text, forbidden words, glued numbers without a link or in bold), with a screenshot
of the viewport (1280x900). `check_navigation` clicks the sidebar toggles at a viewport.
"""

from __future__ import annotations

import contextlib
import html.parser
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from amcenestrant_book.build.loopback import ONLY_LOOPBACK
from amcenestrant_book.build.pdf import CHROMIUM_NAMES, chromium_path

ROOT = Path(__file__).resolve().parents[1]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", ONLY_LOOPBACK]
BLOCKING_IMPACTS = ("serious", "critical")
MIN_FIGURE_TEXT_PX = 10  # the smallest figure text, in CSS px at 1280x900
GLUED_LINKED_SHARE = 0.95  # of glued numbers that must link to where they come from
# Words a reader must never see (issue 12, point 7), as regular expressions on shown text; all
# but the literal marker "NOT FOUND" regardless of case.
CASE_SENSITIVE_WORDS = ("NOT FOUND",)
FORBIDDEN_WORDS = (r"\bseeds?\b", r"\bthe team\b", r"\bthis compound\b", *CASE_SENSITIVE_WORDS,
                   # a bare domain ("aacrjournals.org"), not a URL and not a registry's own name
                   r"(?<![\w/@.-])(?!ClinicalTrials\.gov)[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*"
                   r"\.(org|com|net|it|gov|io|edu)\b(?!/)")
# Directories of a Sphinx build that hold assets, not pages.
ASSET_DIRS = {"_static", "_sources", "_images", "_downloads"}


# --------------------------------------------------------------------------- what is needed


def chromium_candidates() -> list[str]:
    """Where to look for Chromium: $CHROMIUM if set, else where the PDF build looks."""
    return [os.environ["CHROMIUM"]] if os.environ.get("CHROMIUM") else list(CHROMIUM_NAMES)


def missing_requirements() -> str | None:
    """Why the browser checks cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package 'playwright' is not installed (it is pinned in requirements.txt)"
    if chromium_path(chromium_candidates()) is None:
        return ("no Chromium browser found (looked for " + ", ".join(chromium_candidates())
                + "); install Debian's package: apt-get install chromium")
    if not AXE_SCRIPT.is_file():
        return "axe-core is not installed in node_modules/; run `npm ci` in the project root"
    return None


@contextlib.contextmanager
def open_browser():
    """A headless Chromium (Debian's binary) under Playwright; closed on exit."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path(chromium_candidates())
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
    small_figure_text: list[str] = field(default_factory=list)
    wide_tables: list[str] = field(default_factory=list)
    field_name_headers: list[str] = field(default_factory=list)
    ids_shown: list[str] = field(default_factory=list)
    forbidden_words: list[str] = field(default_factory=list)
    glued_unlinked: list[str] = field(default_factory=list)
    glued_bold: list[str] = field(default_factory=list)
    glued_count: int = 0
    figures_measured: int = 0
    images_checked: int = 0
    links_checked: int = 0
    tables_checked: int = 0
    axe_rules_passed: int = 0
    screenshot: Path | None = None
    collected: object = None

    # What the reader reads: on a search page these come from the pages found, checked there.
    READER_TEXT_KINDS = ("ids_shown", "forbidden_words", "glued_unlinked", "glued_bold")
    DEFECT_KINDS = ("console_errors", "broken_images", "broken_links", "remote_requests", "failed_requests",
                    "axe_violations", "tables_without_headers", "images_without_alt", "small_figure_text",
                    "wide_tables", "field_name_headers", "ids_shown", "forbidden_words", "glued_unlinked",
                    "glued_bold")

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

# The smallest text of every SVG figure as displayed: its font sizes (from the SVG, inherited
# through groups) times the displayed width over the viewBox width. Text drawn as glyph outlines
# (matplotlib's svg.fonttype "path") cannot be measured, and is reported as such.
_FIGURE_TEXT_JS = r"""
async (minimum) => {
  const results = [];
  const images = Array.from(document.images).filter(img => /\.svg($|[?#])/i.test(img.currentSrc || img.src));
  for (const img of images) {
    const shown = img.getBoundingClientRect().width;
    if (!shown) continue;
    let text;
    try { text = await (await fetch(img.currentSrc || img.src)).text(); } catch (e) { continue; }
    const svg = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
    const box = (svg.getAttribute('viewBox') || '').trim().split(/[\s,]+/).map(Number);
    const width = box.length === 4 && box[2] > 0 ? box[2] : parseFloat(svg.getAttribute('width'));
    const name = (img.currentSrc || img.src).split('/').pop();
    const sizeOf = element => {
      for (let e = element; e && e.getAttribute; e = e.parentNode) {
        const style = e.getAttribute('style') || '';
        let m = style.match(/font-size\s*:\s*([0-9.]+)\s*(px|pt)?/) || style.match(/font\s*:[^;]*?([0-9.]+)(px|pt)/);
        if (m) return parseFloat(m[1]) * (m[2] === 'pt' ? 4 / 3 : 1);
        const attr = e.getAttribute('font-size');
        if (attr) return parseFloat(attr) * (/pt$/.test(attr) ? 4 / 3 : 1);
      }
      return 16;
    };
    const texts = Array.from(svg.querySelectorAll('text')).filter(t => t.textContent.trim());
    if (!texts.length) {
      if (/href="#(DejaVu|Liberation|Arial|Helvetica)/.test(text))
        results.push({name: name, problem: 'text drawn as outlines (svg.fonttype "path"): size not measurable'});
      continue;
    }
    const smallest = Math.min(...texts.map(sizeOf)) * shown / width;
    results.push({name: name, px: smallest, problem: smallest < minimum
      ? `smallest text ${smallest.toFixed(1)} px (under ${minimum} px)` : null});
  }
  return results;
}
"""

# Tables wider than their column (the article) that no scroll container holds; and the page
# itself wider than the viewport.
_WIDE_TABLES_JS = """
() => {
  const found = [];
  const article = document.querySelector('article, main') || document.body;
  const column = article.getBoundingClientRect().width;
  Array.from(document.querySelectorAll('table')).forEach((table, i) => {
    const width = table.getBoundingClientRect().width;
    if (width <= column + 1) return;
    for (let e = table.parentElement; e && e !== article.parentElement; e = e.parentElement) {
      const overflow = getComputedStyle(e).overflowX;
      if ((overflow === 'auto' || overflow === 'scroll') && e.getBoundingClientRect().width <= column + 1) return;
    }
    const caption = table.querySelector('caption');
    const label = table.id || (caption ? caption.innerText.trim().slice(0, 60) : `#${i + 1}`);
    found.push(`table ${label}: ${Math.round(width)} px in a ${Math.round(column)} px column`);
  });
  const page = document.documentElement;
  if (page.scrollWidth > page.clientWidth + 1)
    found.push(`the page is ${page.scrollWidth} px wide in a ${page.clientWidth} px window`);
  return found;
}
"""

# What a reader reads: text outside code, its words checked against ids, keys and forbidden words;
# header cells checked for field names; glued numbers (myst-nb's span.pasted-text) for a link
# and for bold that the text around them does not have.
_READER_TEXT_JS = r"""
([ids, forbidden]) => {
  const skip = 'code, pre, kbd, samp, script, style, noscript, .headerlink, svg, math, .MathJax';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const idSet = new Set(ids);
  const patterns = forbidden.map(([p, caseSensitive]) => new RegExp(p, caseSensitive ? '' : 'i'));
  const shown = [], words = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest(skip) || !node.textContent.trim()) continue;
    if (!parent.getClientRects().length) continue;  // not displayed
    const text = node.textContent;
    for (const token of text.split(/[\s,;:()\[\]"'“”]+/)) {
      const word = token.replace(/[.]$/, '');
      if (idSet.has(word)) shown.push(`${word} (in "${text.trim().slice(0, 60)}")`);
    }
    for (const pattern of patterns) {
      const m = text.match(pattern);
      if (m) words.push(`${m[0]} (in "${text.trim().slice(0, 80)}")`);
    }
  }
  const headers = Array.from(document.querySelectorAll('th'))
    .filter(th => !th.closest(skip))
    .map(th => th.innerText.trim()).filter(t => /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/.test(t));
  const glued = Array.from(document.querySelectorAll('span.pasted-text'));
  const weight = e => parseInt(getComputedStyle(e).fontWeight, 10) || 400;
  const unlinked = glued.filter(g => !g.closest('a[href]')).map(g => g.innerText.trim());
  const around = g => g.parentElement.closest(':not(a):not(span)') || document.body;
  const bold = glued.filter(g => weight(g) >= 600 && weight(around(g)) < 600).map(g => g.innerText.trim());
  return {shown: [...new Set(shown)], words: [...new Set(words)], headers: headers, glued: glued.length,
          unlinked: unlinked, bold: bold};
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
          collect: str | None = None, ids: frozenset[str] = frozenset()) -> PageReport:
    """Open `page_path` (relative to `base_url`, may carry a query) in a fresh browser context and
    check it. Requests to any host other than the loopback server are recorded and aborted, so
    nothing leaves the machine. `wait_for` is a JavaScript predicate to wait for before checking;
    `collect` a JavaScript function whose value is kept in `report.collected`; `ids` are record ids
    and bibliography keys that must not be shown as text."""
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

        for figure in page.evaluate(_FIGURE_TEXT_JS, MIN_FIGURE_TEXT_PX):
            report.figures_measured += 1
            if figure["problem"]:
                report.small_figure_text.append(f"{figure['name']}: {figure['problem']}")
        report.wide_tables = page.evaluate(_WIDE_TABLES_JS)
        forbidden = [[word, word in CASE_SENSITIVE_WORDS] for word in FORBIDDEN_WORDS]
        text = page.evaluate(_READER_TEXT_JS, [sorted(ids), forbidden])
        report.ids_shown = text["shown"]
        report.forbidden_words = text["words"]
        report.field_name_headers = text["headers"]
        report.glued_count = text["glued"]
        report.glued_unlinked = text["unlinked"]
        report.glued_bold = text["bold"]

        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot))  # the viewport, as a reader first sees the page
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


# --------------------------------------------------------------------------- navigation

_STATE_JS = """
() => {
  const shown = e => !!e && getComputedStyle(e).display !== 'none' && getComputedStyle(e).visibility !== 'hidden'
    && e.getBoundingClientRect().width > 0 && e.getBoundingClientRect().right > 0;
  return {
    primary: shown(document.getElementById('pst-primary-sidebar')),
    secondary: shown(document.getElementById('pst-secondary-sidebar')),
    dialogs: Array.from(document.querySelectorAll('dialog[open]')).filter(shown).map(d => d.id || 'dialog'),
  };
}
"""

_LAYOUT_JS = """
() => {
  const shown = e => getComputedStyle(e).display !== 'none' && getComputedStyle(e).visibility !== 'hidden'
    && e.getBoundingClientRect().width > 0 && e.getBoundingClientRect().height > 0;
  const searches = Array.from(document.querySelectorAll('.search-button-field, input[type="search"]'))
    .filter(e => shown(e) && !e.closest('dialog'));
  const inView = box => box.bottom > 0 && box.top < window.innerHeight && box.right > 0 && box.left < window.innerWidth;
  const text = Array.from(document.querySelectorAll('main p, article p, main li, article li'))
    .filter(shown).map(e => e.getBoundingClientRect()).filter(inView);
  const overlaps = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const floating = Array.from(document.querySelectorAll('body *')).filter(e => {
    const position = getComputedStyle(e).position;
    if (!(position === 'fixed' || e.classList.contains('tooltip')) || !shown(e) || e.closest('dialog')) return false;
    const box = e.getBoundingClientRect();
    return inView(box) && text.some(t => overlaps(box, t));
  }).map(e => e.id ? `#${e.id}` : `${e.tagName.toLowerCase()}.${Array.from(e.classList).join('.')}`);
  return {searches: searches.length, floating: [...new Set(floating)],
          favicon: !!document.querySelector('link[rel~="icon"]')};
}
"""


def check_navigation(browser, base_url: str, page_path: str, viewport: tuple[int, int],
                     screenshot_dir: Path | None = None) -> list[str]:
    """Problems of the page's navigation at `viewport`: each sidebar toggle (☰ and page contents)
    must show its drawer or sidebar when clicked and put it back when clicked again or closed;
    at most one search box; nothing floating over text (after scrolling half-way, where "Back
    to top" appears, and after a toggle was clicked, where a tooltip may stay); a favicon."""
    width, height = viewport
    found: list[str] = []
    context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
    try:
        page = context.new_page()
        page.goto(urllib.parse.urljoin(base_url, page_path), wait_until="load")
        page.wait_for_timeout(300)
        for kind, state_key in (("primary", "primary"), ("secondary", "secondary")):
            buttons = [b for b in page.query_selector_all(f".{kind}-toggle") if b.is_visible()]
            if not buttons:
                # a page without headings has no page contents, and rightly no toggle for it
                if kind == "primary" or page.query_selector(f"#pst-{kind}-sidebar a"):
                    found.append(f"{width}x{height}: no visible {kind} sidebar toggle")
                continue
            before = page.evaluate(_STATE_JS)
            buttons[0].click()
            page.wait_for_timeout(400)
            after = page.evaluate(_STATE_JS)
            opened = bool(after["dialogs"]) or after[state_key] != before[state_key]
            if not opened:
                found.append(f"{width}x{height}: the {kind} toggle shows no drawer and changes no sidebar")
                continue
            if screenshot_dir is not None:
                screenshot_dir.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(screenshot_dir / f"{screenshot_name(page_path)[:-4]}-{width}-{kind}.png"))
            if after["dialogs"]:
                page.keyboard.press("Escape")
            else:
                buttons[0].click()
            page.wait_for_timeout(400)
            if page.evaluate(_STATE_JS) != before:
                found.append(f"{width}x{height}: the {kind} toggle does not close what it opened")
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight / 2)")
        page.wait_for_timeout(500)
        layout = page.evaluate(_LAYOUT_JS)
        if layout["searches"] > 1:
            found.append(f"{width}x{height}: {layout['searches']} search boxes")
        for element in layout["floating"]:
            found.append(f"{width}x{height}: {element} floats over text")
        if not layout["favicon"]:
            found.append(f"{width}x{height}: no favicon (<link rel=icon>)")
    finally:
        context.close()
    return found
