"""The defect fixtures of the browser checks: tiny static pages, each with exactly one defect, and
one clean page, written from one template by `write_site` (test_browser_fixtures.py says which
defect each page must show)."""

from __future__ import annotations

from pathlib import Path

ICON = '<link rel="icon" href="dot.svg">\n'
BACK = '<p><a href="clean.html">Back to the clean page</a>.</p>\n'


def page(title: str, main: str, *, head: str = "", before: str = "", after: str = "") -> str:
    """An HTML page titled `title` (its <h1> too) holding `main`; `head` goes into its head,
    `before` and `after` around its <main>."""
    return ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{title}</title>\n{head}</head>\n<body>\n{before}<main>\n<h1>{title}</h1>\n{main}</main>\n"
            f"{after}</body>\n</html>\n")


def figure(alt: str) -> str:
    return (f'<figure>\n<img src="dot.svg" alt="{alt}" width="40" height="40">\n'
            "<figcaption>A figure a screen reader cannot describe.</figcaption>\n</figure>\n")


def navigation(title: str, script: str) -> str:
    """A page with both sidebar toggles of the book's theme, bound by `script`."""
    style = ("<style>\n  .hidden { display: none; }\n"
             "  #pst-primary-sidebar, #pst-secondary-sidebar { border: 1px solid #777; padding: 4px; }\n</style>\n")
    toggles = ('<header>\n<button class="primary-toggle">Menu</button>\n'
               '<button class="secondary-toggle">Contents</button>\n</header>\n'
               '<nav id="pst-primary-sidebar" aria-label="Chapters"><a href="clean.html">Clean page</a></nav>\n'
               '<nav id="pst-secondary-sidebar" aria-label="On this page"><a href="#top-text">Text</a></nav>\n')
    return page(title, '<p id="top-text">A page with two sidebar toggles.</p>\n', head=ICON + style,
                before=toggles, after=f"<script>\n{script}</script>\n")


PAGES = {
    "clean.html": page("Clean page", (
        '<p id="intro">Every check passes on this page. It has <a href="#results">a link to a section</a>,\n'
        '<a href="broken-link.html">a link to another page</a> and <a href="https://example.org/">an external\n'
        "link</a>, which is followed by no one: only requests the page itself makes are checked.</p>\n"
        '<figure>\n<img src="dot.svg" alt="A dark blue dot on a white background" width="40" height="40">\n'
        "<figcaption>A figure with alt text.</figcaption>\n</figure>\n"
        '<h2 id="results">Results</h2>\n'
        "<table>\n<caption>A table with a header row</caption>\n"
        '<thead><tr><th scope="col">Arm</th><th scope="col">Patients</th></tr></thead>\n'
        "<tbody><tr><td>A</td><td>12</td></tr><tr><td>B</td><td>13</td></tr></tbody>\n</table>\n"
        '<table role="presentation">\n<tr><td>A layout table</td><td>needs no header row.</td></tr>\n</table>\n')),
    "console-error.html": page("Console error", (
        "<p>The one defect: a script that logs an error.</p>\n"
        '<script>console.error("deliberate console error from the fixture");</script>\n')),
    "uncaught-exception.html": page("Uncaught exception", (
        "<p>The one defect: a script that throws.</p>\n<script>window.notDefinedAnywhere();</script>\n")),
    "missing-image.html": page("Missing image", (
        "<p>The one defect: an image whose file does not exist.</p>\n"
        '<img src="missing.png" alt="A figure that was never written" width="40" height="40">\n')),
    "undecodable-image.html": page("Undecodable image", (
        "<p>The one defect: an image file that exists but is not an image.</p>\n"
        '<img src="undecodable.png" alt="A figure that cannot be decoded" width="40" height="40">\n')),
    "broken-link.html": page("Broken link", (
        '<p>The one defect: <a href="chapters/no-such-page.html">a link to a page that does not exist</a>.</p>\n')),
    "broken-anchor.html": page("Broken anchor", (
        '<p>The one defect: <a href="clean.html#no-such-section">a link to a section that does not exist</a>.</p>\n')),
    "remote-script.html": page("Remote script", (
        "<p>The one defect: a script loaded from another host (the request is recorded and never sent).</p>\n"
        '<script src="https://cdn.example.org/mathjax/tex-chtml.js"></script>\n')),
    "remote-font.html": page("Remote font", (
        "<p>The one defect: a web font loaded from another host (the request is recorded and never sent).</p>\n"
        "<style>\n@font-face { font-family: \"Remote Sans\"; "
        'src: url("https://fonts.example.org/remote-sans.woff2") format("woff2"); }\n'
        'p { font-family: "Remote Sans", sans-serif; }\n</style>\n')),
    "remote-preconnect.html": page("Remote preconnect", (
        "<p>The one defect: a hint that would open a connection to another host (the browser resolves no name "
        "here).</p>\n"), head='<link rel="preconnect" href="https://fonts.example.org">\n'),
    "axe-contrast.html": page("Low contrast", (
        "<p>The one defect, a serious accessibility violation:\n"
        '<span style="color: #c8c8c8; background: #ffffff">text too pale to read against its background</span>.'
        "</p>\n")),
    "axe-button-name.html": page("Unnamed button", (
        "<p>The one defect, a critical accessibility violation: a button with no name.</p>\n"
        '<button type="button"><span class="icon"></span></button>\n')),
    "table-without-header.html": page("Table without header", (
        "<p>The one defect: a data table without a header row.</p>\n"
        "<table>\n<tr><td>A</td><td>12</td></tr>\n<tr><td>B</td><td>13</td></tr>\n</table>\n")),
    "figure-without-alt.html": page("Figure without alt text", (
        "<p>The one defect: a figure whose image has empty alt text.</p>\n" + figure(""))),
    "figure-alt-is-file-name.html": page("Figure whose alt text is its file name", (
        "<p>The one defect: a figure whose alt text is the path of its image file.</p>\n"
        + figure("../_images/dot.svg"))),
    "figure-small-text.html": page("Figure with small text", (
        '<figure><img src="small-text.svg" alt="A label in very small type" style="width: 200px"><figcaption>'
        "An SVG whose 8 px text is shown at half size: 4 px.</figcaption></figure>\n"
        '<figure><img src="large-text.svg" alt="A label in large type" style="width: 200px"><figcaption>'
        "This one is large enough: 12 px shown at full size.</figcaption></figure>\n" + BACK), head=ICON),
    "wide-table.html": page("Wide table", (
        '<table><caption>A table forced wider than its column</caption><thead><tr><th scope="col">Arm</th>'
        '<th scope="col">Patients</th></tr></thead><tbody><tr><td style="min-width: 2400px">A</td><td>12</td>'
        "</tr></tbody></table>\n"
        '<div style="overflow-x: auto" tabindex="0" role="region" aria-label="A wide table that scrolls"><table>'
        '<caption>A wide table in a scroll container is fine</caption><thead><tr><th scope="col">Arm</th></tr>'
        '</thead><tbody><tr><td style="min-width: 2400px">B</td></tr></tbody></table></div>\n' + BACK), head=ICON),
    "field-name-header.html": page("Field name as header", (
        '<table><caption>A header in snake case</caption><thead><tr><th scope="col">source_key</th>'
        '<th scope="col">Patients</th></tr></thead><tbody><tr><td>A</td><td>12</td></tr></tbody></table>\n'
        + BACK), head=ICON),
    "id-shown.html": page("Record id shown", (
        "<p>The hazard ratio is row a5_pfs_hr of the data, from tolaney2023ameera3. In code it may be named: "
        "<code>a5_pfs_hr</code>.</p>\n" + BACK), head=ICON),
    "forbidden-word.html": page("Forbidden word", (
        "<p>The seed article says so, and so does aacrjournals.org; a full address such as "
        '<a href="https://doi.org/10.1/x">https://doi.org/10.1/x</a> or the name ClinicalTrials.gov is fine, and '
        "so is a value not found in any source.</p>\n" + BACK), head=ICON),
    "glued-unlinked.html": page("Glued number without link", (
        '<p>The hazard ratio was <span class="pasted-text">1.209</span>, linked to nothing.</p>\n' + BACK),
        head=ICON),
    "glued-bold.html": page("Glued number in bold", (
        '<p id="row">The hazard ratio was <a href="#row"><span class="pasted-text" style="font-weight: bold">1.209'
        "</span></a>, in bold.</p>\n" + BACK), head=ICON),
    "nav-working.html": navigation("Working toggles", (
        '["primary", "secondary"].forEach(function (kind) {\n'
        '  document.querySelector("." + kind + "-toggle").addEventListener("click", function () {\n'
        '    document.getElementById("pst-" + kind + "-sidebar").classList.toggle("hidden");\n'
        "  });\n});\n")),
    "nav-dead-toggles.html": navigation("Dead toggles", (
        "// the toggles are bound to nothing, as in the stock theme bound to a hidden copy of the buttons\n")),
}

# The images the pages show: a dot, SVG text at 8 px shown at half size and 12 px at full size, and
# a file named .png that holds text.
ASSETS = {
    "dot.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="0 0 40 40">'
               '<circle cx="20" cy="20" r="16" fill="#1f4e79"/></svg>\n',
    "small-text.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="400pt" height="100pt" viewBox="0 0 400 100">'
                      '<rect width="400" height="100" fill="#ffffff"/><text x="10" y="50" '
                      "style=\"font: 8px 'DejaVu Sans', sans-serif\">Hazard ratio</text></svg>\n",
    "large-text.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="200pt" height="100pt" viewBox="0 0 200 100">'
                      '<rect width="200" height="100" fill="#ffffff"/><g style="font-size: 12px">'
                      '<text x="10" y="50">Hazard ratio</text></g></svg>\n',
    "undecodable.png": "This file is named .png but holds text, so no browser can decode it.\n",
}


def write_site(directory: Path) -> Path:
    """Write every page and image into `directory`; return it."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in {**PAGES, **ASSETS}.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory
