"""The reading surface's machinery: reader tables (numbers as written, sources as citations, no
record ids), markup escaping, the bibliography's keys, the data pages and their row labels, where
glued numbers link, the Sphinx extension end to end on a tiny project, and the figure helpers."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # this test process draws figures to files only

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from amcenestrant_book import datapages, display, markup, plots  # noqa: E402
from amcenestrant_book.data import load_table  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def csv_row(table: str, key: str) -> dict[str, str]:
    """A row of a CSV as its file writes it, read with the csv module (not the package)."""
    with open(ROOT / "data" / f"{table}.csv", encoding="utf-8", newline="") as handle:
        return next(row for row in csv.DictReader(handle) if next(iter(row.values())) == key)


def test_numbers_read_as_readers_write_them():
    assert display.number_text(400.0) == "400"
    assert display.number_text(-0.0) == "0"
    assert display.number_text(1.2090) == "1.209"
    assert display.number_text(float("nan")) == ""


def test_a_reader_table_shows_the_csv_text_and_cites_the_source():
    efficacy = load_table("efficacy")
    rows = efficacy[efficacy.record_id.isin(["a3_pfs_hr", "a5_pfs_hr"])]
    shown = display.table(rows.assign(estimate=display.interval_text(rows)),
                          {"trial_id": "Trial", "estimate": "Hazard ratio (95% CI)", "ci_high": "Upper bound",
                           "source_key": "Source"}, caption="Two hazard ratios", label="tbl-two")
    markdown = shown._repr_markdown_()
    a3, a5 = csv_row("efficacy", "a3_pfs_hr"), csv_row("efficacy", "a5_pfs_hr")
    assert markdown.startswith("````{list-table} Two hazard ratios\n:name: tbl-two\n:header-rows: 1\n")
    assert f"{a5['value']} \\({a5['ci_low']} to {a5['ci_high']}\\)".replace(".", "\\.") in markdown
    assert f"  - {a3['ci_high'].replace('.', chr(92) + '.')}\n" in markdown  # "1.4" as written, not 1.4000
    assert "{cite:t}`" + a5["source_key"] + "`" in markdown
    assert "a5_pfs_hr" not in markdown and "a5\\_pfs\\_hr" not in markdown
    assert "<caption>Two hazard ratios</caption>" in shown._repr_html_()
    # the notebook stores repr() as text/plain: the same table must give the same text
    assert repr(shown) == "<table tbl-two: 2 rows, 4 columns>"
    assert ":class: reader-table\n" in markdown  # fits the column


def test_a_table_of_many_columns_is_marked_wide_to_scroll_in_its_container():
    frame = load_table("efficacy").head(2)
    many = {c: c.replace("_", " ").capitalize() for c in ["trial_id", "population", "endpoint", "statistic",
                                                           "value", "unit", "ci_low", "ci_high", "ci_level", "n"]}
    shown = display.table(frame, many)
    assert ":class: reader-table wide\n" in shown._repr_markdown_()
    assert '<table class="reader-table wide">' in shown._repr_html_()


def test_a_number_changed_after_reading_is_not_shown_as_the_csv_writes_it():
    efficacy = load_table("efficacy")
    rows = efficacy[efficacy.record_id == "a3_pfs_hr"].assign(value=lambda f: f.value * 2)
    cells = display.table(rows, {"value": "Twice the hazard ratio"}).cells["value"]
    assert cells.tolist() == [repr(float(csv_row("efficacy", "a3_pfs_hr")["value"]) * 2)]


def test_record_ids_and_field_names_are_refused():
    arms = load_table("trial_arms")
    with pytest.raises(ValueError, match="column 'arm_id' holds record ids"):
        display.table(arms, {"arm_id": "Arm"})
    with pytest.raises(ValueError, match="header 'arm_label'"):
        display.table(arms, {"arm_label": "arm_label"})


def test_markup_from_the_data_is_escaped_to_literal_text():
    assert markup.escape("**b** <i>x</i> {download}`f`\nnext") == (
        r"\*\*b\*\* \<i\>x\<\/i\> \{download\}\`f\` next")


def test_identifiers_in_data_text_are_code_with_their_spaces_kept():
    assert markup.prose("the arm in arm_id and (trial_facts enrolled_n), **x**") == (
        r"the arm in `arm_id` and \(`trial_facts` `enrolled_n`\)\, \*\*x\*\*")


def test_bibliography_keys_follow_an_edit_that_keeps_the_modification_time(tmp_path):
    bib = tmp_path / "references.bib"
    bib.write_text("@article{alpha2020trial,\n  title = {A},\n}\n", encoding="utf-8")
    stamp = bib.stat()
    assert markup.bibliography_keys(tmp_path) == {"alpha2020trial"}
    bib.write_text("@article{gamma2020trial,\n  title = {G},\n}\n", encoding="utf-8")
    os.utime(bib, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert markup.bibliography_keys(tmp_path) == {"gamma2020trial"}


def test_every_row_of_every_table_has_its_anchor_on_its_data_page():
    efficacy = load_table("efficacy")
    row = display.one(efficacy, record_id="a5_pfs_hr")
    assert datapages.row_label("efficacy", row) == "efficacy-a5_pfs_hr"
    page = datapages.page_markdown("efficacy")
    written = csv_row("efficacy", "a5_pfs_hr")
    block = page.split("(efficacy-a5_pfs_hr)=\n", 1)[1].split("\n:::\n", 1)[0]
    assert f"**Row {row.name}** `a5_pfs_hr`" in block
    assert ": {cite:t}`" + written["source_key"] + "`" in block
    assert markup.escape(written["locator"]) in block and markup.escape(written["note"]) in block
    assert page.count(":::{container} data-row") == len(efficacy)


def test_register_rows_link_the_rows_they_concern():
    page = datapages.page_markdown("discrepancies")
    block = page.split("(discrepancies-d01)=\n", 1)[1].split("\n:::\n", 1)[0]
    assert "{ref}`efficacy, row 15 <efficacy-a3_pfs_hr>`" in block  # a3_pfs_hr is CSV row 15
    with pytest.raises(LookupError, match="'efficacy:no_such_row' names no single row of data/efficacy.csv"):
        datapages._rows_markdown("efficacy:no_such_row", ROOT)


def test_glued_numbers_link_to_their_row_or_method():
    row = display.one(load_table("efficacy"), record_id="a5_pfs_hr")
    locator = csv_row("efficacy", "a5_pfs_hr")["locator"]
    assert display.source_link(row) == {"label": "efficacy-a5_pfs_hr", "title": f"Data row; in the source: {locator}"}
    assert display.source_link("statistical-audit.html#p-check") == {"href": "statistical-audit.html#p-check"}
    assert display.source_link(None) == {}
    with pytest.raises(TypeError):
        display.source_link(1.209)


NOTEBOOK_GLUE = {
    "output_type": "display_data",
    "data": {"application/papermill.record/text/plain": "1.209"},
    "metadata": {"scrapbook": {"name": "hr", "mime_prefix": "application/papermill.record/"},
                 "amcenestrant_book": {"label": "efficacy-a5_pfs_hr", "title": "Data row; in the source: Abstract"}},
}
PLANTED = "<img src=x onerror=alert(1)> **bold** [link](https://example.org)"
PLANTED_GLUE = {  # text from a CSV cell glued into prose
    "output_type": "display_data",
    "data": {"application/papermill.record/text/plain": repr(PLANTED)},
    "metadata": {"scrapbook": {"name": "planted", "mime_prefix": "application/papermill.record/"},
                 "amcenestrant_book": {"label": "efficacy-a5_pfs_hr", "title": "Data row"}},
}


@pytest.mark.slow
def test_the_sphinx_extension_links_glued_numbers_roles_and_figures(tmp_path):
    """A tiny Sphinx project: a glued number linked to its row with a tooltip, a register entry,
    a data page link, a figure image linked to its file, glued text from the data shown literally;
    nitpicky and warnings as errors."""
    src = tmp_path / "src"
    (src / "chapters/data").mkdir(parents=True)
    (src / "conf.py").write_text(
        "extensions = ['myst_nb', 'amcenestrant_book.sphinx_ext']\nnb_execution_mode = 'off'\n"
        "myst_enable_extensions = ['colon_fence']\nexclude_patterns = ['_build']\n", encoding="utf-8")
    (src / "index.md").write_text("# Book\n\n```{toctree}\nchapters/page\nchapters/data/efficacy\n```\n",
                                  encoding="utf-8")
    (src / "chapters/data/efficacy.md").write_text(
        "# Data: efficacy\n\n(efficacy-a5_pfs_hr)=\n:::{container} data-row\nthe row\n:::\n\n(d13)=\n"
        ":::{container}\nentry\n:::\n", encoding="utf-8")
    (src / "chapters/dot.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>",
                                          encoding="utf-8")
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": "# Page\n\nHR {glue:text}`hr:.3f`, "
         "{register}`d13`, {datapage}`efficacy`, {glue:text}`planted`.\n\n"
         "```{figure} dot.svg\n:alt: A dot\n\nA dot.\n```\n"},
        {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": "",
         "outputs": [NOTEBOOK_GLUE, PLANTED_GLUE]},
    ]
    notebook = {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                            "language": "python"}}, "nbformat": 4, "nbformat_minor": 5}
    (src / "chapters/page.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    out = tmp_path / "html"
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-n", "-W", "-q", str(src), str(out)],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    page = (out / "chapters/page.html").read_text(encoding="utf-8")
    assert ('<a class="reference internal" href="data/efficacy.html#efficacy-a5-pfs-hr" '
            'title="Data row; in the source: Abstract"><span class="pasted-text glued-number">1.209</span></a>') in page
    assert 'href="data/efficacy.html#d13"><span class="std std-ref">register entry d13</span></a>' in page
    assert '<a class="reference internal" href="data/efficacy.html"><span class="doc">efficacy data</span></a>' in page
    assert 'href="../_images/dot.svg"' in page  # the figure opens at full size
    assert '<span class="pasted-text glued-number">&lt;img src=x onerror=alert(1)&gt; **bold** [link]' in page
    assert "<img src=x" not in page and "<strong>bold" not in page and 'href="https://example.org"' not in page


def test_importing_plots_leaves_the_backend_alone():
    code = "import matplotlib; import amcenestrant_book.plots; print(matplotlib.get_backend())"
    env = {**os.environ, "MPLBACKEND": "svg"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert result.stdout.strip() == "svg"


def test_forest_axis_contains_every_interval_and_the_reference():
    plots.use_book_style()
    fig, ax = plt.subplots(figsize=(plots.COLUMN_WIDTH_IN - 2, 2))
    plots.forest(ax, ["AMEERA-3, all patients", "AMEERA-5, all patients"], [1.051, 1.209], [0.789, 0.939],
                 [1.4, 3.2])
    low, high = ax.get_xlim()
    assert low < 0.789 and high > 3.2 and ax.get_xscale() == "log"
    rows = {round(tick): label.get_text() for tick, label in zip(ax.get_yticks(), ax.get_yticklabels(), strict=True)}
    assert rows == {1: "AMEERA-3, all patients", 0: "AMEERA-5, all patients"}  # first row on top
    assert "1.209 (0.939 to 3.2)" in [t.get_text() for t in ax.texts]
    with pytest.raises(ValueError, match="contain its estimate"):
        plots.forest(ax, ["x"], [2.0], [0.5], [1.5])
    plt.close(fig)


def test_log_axis_contains_every_value_and_labels_ticks_in_plain_numbers():
    fig, ax = plt.subplots()
    low, high = plots.log_axis(ax, [[0.12, float("nan")], [3.7, 0.9]])
    assert low < 0.12 and high > 3.7 and ax.get_xlim() == pytest.approx((low, high))
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0.2", "0.3", "0.5", "0.7", "1", "1.5", "2", "3"]
    low, high = plots.log_axis(ax, [2.0, 3.0])
    assert low < 1 < 2 and high > 3  # the reference line at 1 is always inside
    with pytest.raises(ValueError, match="positive"):
        plots.log_axis(ax, [0.0, 1.2])
    plt.close(fig)


def test_save_figure_refuses_small_text_and_wide_figures(tmp_path):
    (tmp_path / "figures").mkdir()
    plots.use_book_style()
    fig, ax = plt.subplots(figsize=(4, 2))
    ax.set_title("small", fontsize=7)
    with pytest.raises(ValueError, match=r"text at \[7.0\] pt"):
        plots.save_figure(fig, "small", root=tmp_path)
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(9, 2))
    with pytest.raises(ValueError, match="wide as saved"):
        plots.save_figure(fig, "wide", root=tmp_path)
    plt.close(fig)


def test_figure_text_is_svg_text_with_a_readable_size(tmp_path):
    (tmp_path / "figures").mkdir()
    plots.use_book_style()
    fig, ax = plt.subplots(figsize=(4, 2))
    ax.set_xlabel("Hazard ratio")
    svg = plots.save_figure(fig, "text", root=tmp_path)[0].read_text(encoding="utf-8")
    plt.close(fig)
    assert "Hazard ratio" in svg and "<text" in svg
    assert "font: 9px" in svg or "font-size: 9px" in svg


def test_every_table_of_the_data_package_has_its_data_page_in_the_table_of_contents():
    """A table added to datapackage.yaml gets a generated page; without a _toc.yml entry that page
    would be built nowhere and every link to its rows would dangle."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    listed = {entry["file"] for part in toc["parts"] for entry in part.get("chapters", [])}
    descriptor = yaml.safe_load((ROOT / "data/datapackage.yaml").read_text(encoding="utf-8"))
    tables = [r["name"] for r in descriptor["resources"]]
    assert len(tables) >= 20
    assert [t for t in tables if f"chapters/data/{t}" not in listed] == []


@pytest.mark.slow
def test_data_pages_follow_the_data_and_are_skipped_only_when_nothing_changed(project_copy):
    from amcenestrant_book.build.generated import write_data_pages

    page = project_copy / "chapters/data/synthesis_steps.md"
    write_data_pages(project_copy)
    written = page.read_text(encoding="utf-8")
    csv_path = project_copy / "data/synthesis_steps.csv"
    text = csv_path.read_text(encoding="utf-8")
    csv_path.write_text(text.replace("catalyst is costly", "catalyst probe-4712 is costly", 1), encoding="utf-8")
    write_data_pages(project_copy)
    assert "probe\\-4712" in page.read_text(encoding="utf-8")  # the edit reached the page
    page.write_text("edited by hand\n", encoding="utf-8")
    write_data_pages(project_copy)
    assert "probe\\-4712" in page.read_text(encoding="utf-8")  # a page edited by hand is rewritten
    assert page.read_text(encoding="utf-8") != written


def test_a_data_page_reads_the_descriptor_as_it_is_now(data_copy):
    """The data pages are written in the build's own process: an edit of the descriptor must show
    at once, not the descriptor of the first call (they once cached it by folder)."""
    before = datapages.page_markdown("trials", data_copy)
    descriptor = data_copy / "data" / "datapackage.yaml"
    text = descriptor.read_text(encoding="utf-8")
    assert text.count("one row per trial") == 1
    descriptor.write_text(text.replace("one row per trial", "Edited"), encoding="utf-8")
    after = datapages.page_markdown("trials", data_copy)
    assert before != after and "Edited" in after


def test_a_tall_figure_repeats_its_scale_on_top():
    fig, ax = plt.subplots()
    ax.plot([1, 2], [0, 1])
    assert not any(tick.label2.get_visible() for tick in ax.xaxis.get_major_ticks())
    plots.scale_on_top(ax)
    assert all(tick.label2.get_visible() for tick in ax.xaxis.get_major_ticks())
    plt.close(fig)


def test_a_long_table_is_folded_unless_asked_not_to_be():
    efficacy = load_table("efficacy")
    columns = {"trial_id": "Trial", "value": "Value"}
    long, short = efficacy.head(display.LONG_ROWS + 1), efficacy.head(display.LONG_ROWS)
    folded = display.table(long, columns, caption="Many rows")._repr_markdown_()
    assert folded.startswith(f"`````{{dropdown}} Show the table \\({display.LONG_ROWS + 1} rows\\)\\: Many rows\n")
    assert folded.rstrip().endswith("`````")
    assert "dropdown" not in display.table(short, columns, caption="Few rows")._repr_markdown_()
    assert "dropdown" not in display.table(long, columns, caption="A list", unfolded=True)._repr_markdown_()


def test_a_table_of_a_grown_data_table_shows_a_bounded_view_and_links_its_data_page():
    facts = load_table("trial_facts")
    columns = {"attribute": "Fact", "value": "Value"}
    assert len(facts) > 61
    cut = display.table(facts.head(61), columns, caption="Facts")._repr_markdown_()
    assert cut.count("\n* - ") == 1 + 60  # the header and the first sixty rows
    assert "Show the table \\(the first 60 of 61 rows\\)" in cut
    assert "The first 60 of 61 rows, in the order above; every row is on its data page, " \
           "[](data/trial_facts.md).\n" in cut
    assert "The first 60 of 61 rows" in display.table(facts.head(61), columns)._repr_html_()
    whole = display.table(facts.head(60), columns)._repr_markdown_()
    assert whole.count("\n* - ") == 1 + 60 and "data page" not in whole
    # a derived table has no data page to hold the rest, and a reference list is shown whole
    derived = facts.head(61).copy()
    derived.attrs = {}
    for table in (display.table(derived, columns), display.table(facts.head(61), columns, unfolded=True)):
        assert table._repr_markdown_().count("\n* - ") == 1 + 61


def test_a_source_cell_names_the_evidence_level_of_its_source():
    safety = load_table("safety")
    rows = safety[safety.record_id.isin(["a1_no_dlt_600", "a2_dlt_rash_300bid"])]
    columns = {"finding": "Finding", "source_key": "Source"}
    vendor, paper = csv_row("safety", "a1_no_dlt_600"), csv_row("safety", "a2_dlt_rash_300bid")
    kinds = {key: csv_row("sources", key)["kind"] for key in (vendor["source_key"], paper["source_key"])}
    assert kinds[vendor["source_key"]] == "vendor article" and kinds[paper["source_key"]] == "publication"
    markdown = display.table(rows, columns)._repr_markdown_()
    for row in (vendor, paper):
        assert "{cite:t}`" + row["source_key"] + "` (" + kinds[row["source_key"]] + ")\n" in markdown
    # a table that shows the level in a column of its own does not repeat it after the citation
    plain = display.table(rows, columns, levels=False)._repr_markdown_()
    assert "{cite:t}`" + paper["source_key"] + "`\n" in plain and "(publication)" not in plain


def test_a_data_page_row_names_its_evidence_level_after_its_source():
    page = datapages.records_markdown("safety", ROOT)
    row = page[page.index("(safety-a2_dlt_rash_300bid)="):]
    row = row[:row.index(":::\n", row.index("data-row"))]
    kind = csv_row("sources", csv_row("safety", "a2_dlt_rash_300bid")["source_key"])["kind"]
    assert "Source\n" in row and f"Evidence level\n: {kind}\n" in row
    assert row.index("Evidence level") > row.index("Source\n")
    register = datapages.records_markdown("discrepancies", ROOT)  # not an evidence table: no level
    assert "Evidence level" not in register


def test_the_plain_text_backend_is_found_without_a_scan_of_the_installed_packages(monkeypatch):
    """The extension registers pybtex's plain-text backend, so that a citation finds it without
    reading every installed package's metadata; it must be the class the entry point names."""
    from importlib.metadata import entry_points

    import pybtex.plugin

    from amcenestrant_book import sphinx_ext

    installed = next(iter(entry_points(group="pybtex.backends", name="plaintext"))).load()
    sphinx_ext.register_plain_text_backend()

    def no_scan(**_):
        raise AssertionError("pybtex read the installed packages' metadata to find the backend")

    monkeypatch.setattr(pybtex.plugin, "entry_points", no_scan)
    assert pybtex.plugin.find_plugin("pybtex.backends", "plaintext") is installed
