"""A changed CSV re-executes exactly the chapters that read it and shows on the page; a second
build re-executes nothing and rewrites no notebook."""

import json
import re

import pytest
from conftest import make_book, tree_digest
from test_bad_input import rewrite, set_cell

NEW_VALUE = "0.914"  # AMEERA-3 overall-survival HR, reported as 0.913


@pytest.mark.slow
def test_changed_csv_reaches_the_page_and_nothing_else_reruns(project_copy):
    chapters = project_copy / "chapters"
    manifest = json.loads((chapters / "execution.json").read_text(encoding="utf-8"))
    readers = {key for key, record in manifest.items() if "data/efficacy.csv" in record["files_read"]}
    assert "chapters/clinical.ipynb" in readers
    assert NEW_VALUE not in (chapters / "clinical.ipynb").read_text(encoding="utf-8")

    rewrite(project_copy / "data/efficacy.csv", set_cell("a3_os_hr", "value", NEW_VALUE))
    first = make_book(project_copy)
    assert first.returncode == 0, first.stdout + first.stderr
    executed = set(re.findall(r"execute: ran (\S+)", first.stdout))
    assert executed == readers
    assert NEW_VALUE in (project_copy / "_build/html/chapters/clinical.html").read_text(encoding="utf-8")

    snapshot = tree_digest(chapters)
    second = make_book(project_copy)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "every chapter is up to date" in second.stdout
    assert "render: every page is up to date" in second.stdout
    assert "execute: ran" not in second.stdout
    assert tree_digest(chapters) == snapshot


def test_a_notebook_whose_outputs_were_stripped_is_stale(project_copy):
    import nbformat

    from amcenestrant_book.execution import stale_notebooks

    assert stale_notebooks(project_copy) == []
    path = project_copy / "chapters" / "synthesis.ipynb"
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.write(notebook, path)
    assert stale_notebooks(project_copy) == [path]
