"""A build that cannot lie or lose work: writes are crash-safe (a full disk leaves every file as it
was), a chapter that read a file its start snapshot lacks is named, not recorded, an unreadable
notebook is named with the way out, a CSV the data package does not describe stops validation, one
build runs at a time, and the environment digest follows what chapters import, not the build tool."""

import errno
import sys

import pytest

from amcenestrant_book.build import cli, digests, execution, files, render, validation
from amcenestrant_book.build.lock import build_lock


def full_disk_after(monkeypatch, good_writes: int) -> None:
    """Make every write after the first `good_writes` fail as on a full disk."""
    written = {"count": 0}
    real = files._write_all

    def write(path, data):
        written["count"] += 1
        if written["count"] > good_writes:
            with open(path, "wb") as handle:
                handle.write(data[: len(data) // 2])  # what a full disk leaves behind
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, data)

    monkeypatch.setattr(files, "_write_all", write)


def test_a_full_disk_leaves_the_old_file_whole(tmp_path, monkeypatch):
    target = tmp_path / "clinical.ipynb"
    target.write_bytes(b'{"cells": []}')
    full_disk_after(monkeypatch, 0)
    with pytest.raises(OSError, match="No space left"):
        files.write_bytes(target, b'{"cells": [' + b"1, " * 10_000 + b"1]}")
    assert target.read_bytes() == b'{"cells": []}'
    assert [p.name for p in tmp_path.iterdir()] == ["clinical.ipynb"]  # no temporary file left


def test_a_file_with_the_same_bytes_is_not_rewritten(tmp_path):
    target = tmp_path / "figure.svg"
    files.write_bytes(target, b"<svg/>")
    stamp = target.stat().st_mtime_ns
    assert files.write_bytes(target, b"<svg/>") is False
    assert target.stat().st_mtime_ns == stamp


def staged_run(project, read: str = "data/synthesis_steps.csv\n"):
    """The synthesis chapter as its finished run leaves its staging folder: the executed notebook
    (with an output changed) and the files it read (`read`, one a line). Returns notebook, stage."""
    notebook = project / "chapters/synthesis.ipynb"
    stage = project / "_build/.execute/synthesis"
    (stage / "figures").mkdir(parents=True)
    (stage / "notebook.ipynb").write_bytes(notebook.read_bytes().replace(b'"3.11"', b'"3.11" '))
    (stage / "read.log").write_text(read, encoding="utf-8")
    return notebook, stage


def test_a_full_disk_while_committing_a_chapter_changes_neither_notebook_nor_figures(project_copy, monkeypatch):
    notebook, stage = staged_run(project_copy)
    figure = project_copy / "figures/synthesis-routes.svg"
    before = notebook.read_bytes(), figure.read_bytes()
    (stage / "figures/synthesis-routes.svg").write_bytes(before[1] + b"<!-- new -->")
    full_disk_after(monkeypatch, 1)  # the notebook is staged, the figure hits the full disk
    with pytest.raises(OSError):
        execution.commit(project_copy, notebook, stage, None, execution.snapshot(project_copy, notebook))
    assert (notebook.read_bytes(), figure.read_bytes()) == before
    assert not [p for p in (project_copy / "figures").iterdir() if p.name.startswith(".")]


def test_a_notebook_edited_while_it_ran_is_kept(project_copy):
    notebook, stage = staged_run(project_copy)
    before = execution.snapshot(project_copy, notebook)
    edited = notebook.read_bytes().replace(b'"3.11"', b'"3.11" ')  # the reader saved an edit meanwhile
    notebook.write_bytes(edited)
    with pytest.raises(files.BuildError, match="was edited while it ran"):
        execution.commit(project_copy, notebook, stage, None, before)
    assert notebook.read_bytes() == edited


def test_a_read_file_the_start_snapshot_lacks_is_named_not_recorded(project_copy):
    notebook, stage = staged_run(project_copy, read="data/synthesis_steps.csv\ndata/notes.csv\n")
    before = execution.snapshot(project_copy, notebook)
    (project_copy / "data/notes.csv").write_text("a\n1\n", encoding="utf-8")  # created while it ran
    unchanged = notebook.read_bytes()
    with pytest.raises(files.BuildError, match=r"chapters/synthesis\.ipynb read data/notes\.csv, which the snapshot"):
        execution.commit(project_copy, notebook, stage, None, before)
    assert notebook.read_bytes() == unchanged


def test_an_unreadable_notebook_is_named_with_the_way_out(project_copy, monkeypatch, capsys):
    notebook = project_copy / "chapters/clinical.ipynb"
    notebook.write_bytes(notebook.read_bytes()[:122_880 // 4])  # cut short, as a full disk leaves it
    monkeypatch.setenv("AMCENESTRANT_BOOK_ROOT", str(project_copy))
    assert cli.main(["status"]) == 1
    message = capsys.readouterr().err
    assert "clinical.ipynb is not a readable notebook" in message
    assert "git checkout -- chapters/clinical.ipynb" in message


def test_a_csv_the_data_package_does_not_describe_stops_validation(project_copy, capsys):
    (project_copy / "data/notes.csv").write_text('a,b\n1,"unclosed\n', encoding="utf-8")
    assert validation.validate(project_copy) is False
    assert "data/notes.csv, row 1, column (file): not described in data/datapackage.yaml" in capsys.readouterr().err


def test_a_second_build_is_refused_with_a_clear_message(project_copy, monkeypatch, capsys):
    monkeypatch.setenv("AMCENESTRANT_BOOK_ROOT", str(project_copy))
    with build_lock(project_copy):
        assert cli.main(["build"]) == 1
    assert "another build of this book is running" in capsys.readouterr().err
    assert not (project_copy / "_build").exists()
    with build_lock(project_copy):  # released when its holder ends
        pass


def test_environment_digest_follows_the_library_not_the_build_tool(project_copy, monkeypatch):
    start = digests.environment_digest(project_copy)
    (project_copy / "src/amcenestrant_book/build/cli.py").write_text("# the build tool changed\n")
    (project_copy / "src/amcenestrant_book/sphinx_ext.py").write_text("# the render changed\n")
    assert digests.environment_digest(project_copy) == start
    (project_copy / "src/amcenestrant_book/stats.py").write_text("# a library module changed\n")
    changed = digests.environment_digest(project_copy)
    assert changed != start
    monkeypatch.setattr(sys, "version_info", (sys.version_info[0], sys.version_info[1] + 1, 0))
    assert digests.environment_digest(project_copy) != changed


def test_the_render_follows_the_package_and_the_pins(project_copy):
    start = render.inputs_digest(project_copy)
    (project_copy / "src/amcenestrant_book/sphinx_ext.py").write_text("# the Sphinx extension changed\n")
    changed = render.inputs_digest(project_copy)
    assert changed != start
    (project_copy / "requirements.txt").write_text("sphinx==0\n")
    assert render.inputs_digest(project_copy) != changed
