"""Text from the data is shown, never executed: HTML and MyST syntax planted in CSV cells come out
as literal text in reader tables and figure labels (glued text: test_reader_surface)."""

import re

import pytest
from conftest import make_book
from test_bad_input import rewrite, set_cell

SCRIPT = '<script>alert("table")</script>'
IMAGE = "<img src=x onerror=alert(1)>"
MYST = "**bold** {download}`x.txt` [link](https://example.org)"


@pytest.mark.slow
def test_planted_markup_is_rendered_as_literal_text(project_copy):
    rewrite(project_copy / "data/trials.csv", set_cell("AMEERA-3", "setting", f"second line {SCRIPT}"))
    rewrite(project_copy / "data/trials.csv", set_cell("AMEERA-5", "status", f"{IMAGE} {MYST}"))
    rewrite(project_copy / "data/trial_arms.csv", set_cell("ameera4_letrozole", "arm_label", f"Letrozole {SCRIPT}"))
    result = make_book(project_copy)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    html = project_copy / "_build/html/chapters"

    intro = (html / "intro.html").read_text(encoding="utf-8")
    # a table cell (the trials' settings); its quotes as written (the book turns smart quotes off)
    assert "<td><p>second line &lt;script&gt;alert(&quot;table&quot;)&lt;/script&gt;</p></td>" in intro
    assert SCRIPT not in intro
    clinical = (html / "clinical.html").read_text(encoding="utf-8")
    assert re.search(r"<td>(<p>)?&lt;img src=x onerror=alert\(1\)&gt;", clinical)  # the trials' statuses
    assert "<img src=x" not in clinical and 'onerror="alert' not in clinical
    assert "**bold**" in clinical and "<strong>bold</strong>" not in clinical
    assert 'href="https://example.org"' not in clinical

    figure = (project_copy / "figures/ameera4-ki67-er.svg").read_text(encoding="utf-8")
    assert "<script" not in figure  # labels are SVG text, escaped by matplotlib, never markup
