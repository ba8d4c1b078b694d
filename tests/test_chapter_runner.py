"""The chapter runner: every file a chapter opens under data/ (and the bibliography) is recorded
however it is opened; a chapter that fails changes nothing and claims no freshness; Ctrl-C stops
a build within seconds and cancels the queued chapters."""

import json
import os
import signal
import subprocess
import sys
import time

import nbformat
import pytest
from conftest import tree_digest

from amcenestrant_book.build import execution
from amcenestrant_book.build.files import BuildError

pytestmark = pytest.mark.slow

READS = {
    "pd.read_csv": 'import pandas as pd\npd.read_csv("../data/trials.csv")',
    "open": 'open("../data/timeline.csv", encoding="utf-8").read()',
    "os.open": 'import os\nos.close(os.open("../data/safety.csv", os.O_RDONLY))',
    "load_table": 'from amcenestrant_book.data import load_table\nload_table("sources")',
    "bibliography": 'from amcenestrant_book.markup import bibliography_keys\nbibliography_keys()',
}


def env_without_redirects():
    env = {k: v for k, v in os.environ.items() if not k.startswith("AMCENESTRANT_BOOK_")}
    return {**env, "PYTHONUNBUFFERED": "1"}  # each line of the build's log as it is printed


def test_every_read_under_data_is_recorded_and_figures_are_staged(project_copy, tmp_path):
    notebook = project_copy / "chapters/probe.ipynb"
    cells = [nbformat.v4.new_code_cell(code) for code in READS.values()]
    cells.append(nbformat.v4.new_code_cell(
        "import matplotlib.pyplot as plt\nfrom amcenestrant_book.plots import save_figure\n"
        "save_figure(plt.figure(), 'probe-figure')"))
    nbformat.write(nbformat.v4.new_notebook(cells=cells), notebook)
    stage = tmp_path / "stage"
    result = subprocess.run(
        [sys.executable, "-m", "amcenestrant_book.build.run_chapter", str(notebook), str(stage), str(project_copy)],
        capture_output=True, text=True, env=env_without_redirects(), timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    logged = set((stage / "read.log").read_text(encoding="utf-8").split())
    assert {"data/trials.csv", "data/timeline.csv", "data/safety.csv", "data/sources.csv",
            "data/datapackage.yaml", "references.bib"} <= logged
    assert all(name.startswith("data/") for name in logged - {"references.bib"})
    assert sorted(p.name for p in (stage / "figures").iterdir()) == ["probe-figure.png", "probe-figure.svg"]
    assert not (project_copy / "figures/probe-figure.svg").exists()
    executed = nbformat.read(stage / "notebook.ipynb", as_version=4)
    assert executed.metadata.language_info.version == "{}.{}".format(*sys.version_info[:2])


def test_a_chapter_that_read_the_bibliography_is_fresh_after_it_ran(project_copy, monkeypatch):
    monkeypatch.delenv("AMCENESTRANT_BOOK_FIGURES", raising=False)
    notebook = project_copy / "chapters/bibliography.ipynb"
    (project_copy / "chapters/execution.json").unlink()
    assert execution.execute_stale(project_copy, only=["bibliography.ipynb"]) == [notebook]
    record = json.loads((project_copy / "chapters/execution.json").read_text(encoding="utf-8"))
    assert "references.bib" in record["chapters/bibliography.ipynb"]["files_read"]
    assert notebook not in execution.stale_notebooks(project_copy)  # every input it read has its digest
    with (project_copy / "references.bib").open("a", encoding="utf-8") as bib:
        bib.write("\n% an edit\n")
    assert notebook in execution.stale_notebooks(project_copy)


def test_a_failing_chapter_changes_nothing(project_copy, monkeypatch):
    monkeypatch.delenv("AMCENESTRANT_BOOK_FIGURES", raising=False)
    notebook = project_copy / "chapters/synthesis.ipynb"
    planted = nbformat.read(notebook, as_version=4)
    planted.cells.append(nbformat.v4.new_code_cell(
        "import matplotlib.pyplot as plt\nfrom amcenestrant_book.plots import save_figure\n"
        "save_figure(plt.figure(), 'synthesis-routes')  # overwrites a figure, then fails\n"
        "raise RuntimeError('planted failure')"))
    nbformat.write(planted, notebook)
    before = {d: tree_digest(project_copy / d) for d in ("chapters", "figures")}

    with pytest.raises(BuildError) as failure:
        execution.execute_stale(project_copy, only=["synthesis.ipynb"])

    assert "chapters/synthesis.ipynb failed; nothing of it was changed" in str(failure.value)
    assert "planted failure" in str(failure.value)
    assert {d: tree_digest(project_copy / d) for d in ("chapters", "figures")} == before
    assert execution.stale_notebooks(project_copy) == [notebook]  # and it is still stale
    assert not (project_copy / execution.STAGING).exists()


def test_ctrl_c_stops_the_build_within_seconds_and_cancels_the_queue(project_copy):
    (project_copy / "chapters/execution.json").unlink()  # every chapter is stale
    before = {d: tree_digest(project_copy / d) for d in ("chapters", "figures")}
    build = subprocess.Popen([sys.executable, "-m", "amcenestrant_book", "execute"], cwd=project_copy,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=env_without_redirects(),
                             # as from a terminal: an earlier test may leave SIGINT ignored in this process
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    for line in build.stdout:
        if "stale chapter(s)" in line:
            break
    time.sleep(2)  # two chapters are running, the others queued
    interrupted = time.monotonic()
    build.send_signal(signal.SIGINT)
    build.wait(timeout=30)
    took = time.monotonic() - interrupted
    stderr = build.stderr.read()

    assert build.returncode == 130, stderr
    assert took < 10, f"Ctrl-C took {took:.1f} s"
    assert "interrupted" in stderr and "queued chapter(s) were not executed" in stderr
    assert not (project_copy / execution.STAGING).exists()
    manifest = project_copy / "chapters/execution.json"
    finished = set(json.loads(manifest.read_text(encoding="utf-8"))) if manifest.is_file() else set()
    assert len(finished) < len(execution.notebooks_in_toc(project_copy))  # the queue was cancelled
    after = {d: tree_digest(project_copy / d) for d in ("chapters", "figures")}
    changed = {name for d in before for name in before[d].keys() ^ after[d].keys()}
    assert changed <= {"execution.json"}
