"""Reproducibility, from the one execution of `make test`: strict nbval (the chapters, collected
first) re-executes every chapter and compares each output with the stored one; its kernels write
their figures to a temporary folder (conftest), which must hold byte for byte the figures in
figures/. The stored notebooks are in the runner's normal form (no timings, interpreter as
major.minor), so the build writes them back unchanged."""

import nbformat
import pytest
from conftest import CHAPTERS_GROUP, ROOT, tree_digest

from amcenestrant_book.build.execution import notebooks_in_toc
from amcenestrant_book.build.run_chapter import normalise


@pytest.mark.slow  # needs the chapters' nbval run of the same session, on the same worker
@pytest.mark.xdist_group(CHAPTERS_GROUP)
def test_figures_of_the_nbval_run_are_the_committed_figures(request, root):
    executed = {item.path for item in request.session.items if item.path.suffix == ".ipynb"}
    if executed != set(notebooks_in_toc(root)):
        pytest.fail("this test compares the figures strict nbval wrote; run it with the chapters "
                    "(`pytest chapters tests/test_reproducible_outputs.py`)", pytrace=False)
    fresh, committed = tree_digest(request.config.kernel_figures), tree_digest(root / "figures")
    changed = sorted(name for name in fresh.keys() | committed.keys() if fresh.get(name) != committed.get(name))
    assert changed == [], f"figures/ differs from a fresh execution: {changed}"


@pytest.mark.parametrize("notebook", notebooks_in_toc(ROOT), ids=lambda p: p.name)
def test_stored_notebook_is_in_normal_form(notebook):
    text = notebook.read_text(encoding="utf-8")
    parsed = nbformat.reads(text, as_version=4)
    normalise(parsed)
    assert nbformat.writes(parsed) + "\n" == text
