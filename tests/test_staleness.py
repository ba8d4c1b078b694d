"""Honest staleness: a changed CSV re-executes exactly the chapters that read it and shows on the
page; a second build re-executes and rewrites nothing; after the change is reverted the site is
byte for byte the clean build's (the HTML does not depend on build history). A chapter is also
stale when its stored outputs or a figure it wrote were changed or deleted."""

import json
import re

import nbformat
import pytest
from conftest import make_book, tree_digest
from test_bad_input import rewrite, set_cell

from amcenestrant_book.build.execution import stale_notebooks

TABLE, RECORD, COLUMN = "synthesis_steps", "pd_suzuki_initial", "drawbacks"
MARKER = "staleness-probe-4711"


@pytest.mark.slow
def test_a_change_reaches_the_page_and_reverting_it_gives_the_clean_site(built_copy, built_copy_of):
    project = built_copy_of
    manifest = json.loads((project / "chapters/execution.json").read_text(encoding="utf-8"))
    readers = {key for key, record in manifest.items() if f"data/{TABLE}.csv" in record["files_read"]}
    assert "chapters/synthesis.ipynb" in readers
    original = (project / f"data/{TABLE}.csv").read_bytes()
    before = {d: tree_digest(project / d) for d in ("chapters", "figures")}

    rewrite(project / f"data/{TABLE}.csv", set_cell(RECORD, COLUMN, f"Costly catalyst ({MARKER})"))
    first = make_book(project)
    assert first.returncode == 0, first.stdout + first.stderr
    assert set(re.findall(r"execute: ran (\S+)", first.stdout)) == readers
    assert MARKER in (project / "_build/html/chapters/synthesis.html").read_text(encoding="utf-8")

    snapshot = tree_digest(project / "chapters")
    second = make_book(project)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "every chapter is up to date" in second.stdout
    assert "render: every page is up to date" in second.stdout
    assert tree_digest(project / "chapters") == snapshot

    (project / f"data/{TABLE}.csv").write_bytes(original)
    third = make_book(project)
    assert third.returncode == 0, third.stdout + third.stderr
    assert {d: tree_digest(project / d) for d in ("chapters", "figures")} == before
    clean, after = tree_digest(built_copy / "_build/html"), tree_digest(project / "_build/html")
    assert sorted(k for k in clean.keys() | after.keys() if clean.get(k) != after.get(k)) == []


def test_a_notebook_whose_outputs_were_stripped_is_stale(project_copy):
    assert stale_notebooks(project_copy) == []
    path = project_copy / "chapters" / "synthesis.ipynb"
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.write(notebook, path)
    assert stale_notebooks(project_copy) == [path]


@pytest.mark.parametrize("change", ["delete", "edit"])
def test_a_missing_or_changed_figure_makes_its_chapter_stale(project_copy, change):
    figure = project_copy / "figures" / "synthesis-routes.svg"
    if change == "delete":
        figure.unlink()
    else:
        figure.write_bytes(figure.read_bytes().replace(b"</svg>", b"<!-- edited --></svg>"))
    assert stale_notebooks(project_copy) == [project_copy / "chapters" / "synthesis.ipynb"]
