"""Execute exactly the chapters whose inputs or outputs changed, with reproducible outputs.

A chapter's inputs are its notebook (cell sources and tags, not outputs), every file it opened
under data/ when it last ran, and the environment (`digests.environment_digest`); its outputs
are the executed notebook and the figures it wrote. chapters/execution.json records the digests
of both; a chapter is stale when any of them differs, a figure is missing, or it never ran.

Each stale chapter runs in its own process (`run_chapter`), at most `jobs` at once, into a
staging folder; when it succeeds its notebook and figures are put in place together and its
record is written. A failing chapter changes nothing. Ctrl-C stops the running chapters within
seconds and cancels the queued ones.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from ..paths import toc_pages
from . import files
from .digests import environment_digest, file_digest, notebook_digest
from .read_audit import BIBLIOGRAPHY

MANIFEST = "chapters/execution.json"
STAGING = "_build/.execute"
FIGURES = "figures"
STOP_SECONDS = 5  # a stopped chapter gets this long to shut its kernel down, then it is killed


def notebooks_in_toc(root: Path) -> list[Path]:
    """The executable notebooks, in the order of _toc.yml."""
    return [root / f"{page}.ipynb" for page in toc_pages(root) if (root / f"{page}.ipynb").is_file()]


def read_manifest(root: Path) -> dict:
    path = root / MANIFEST
    if not path.is_file():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise files.BuildError(f"{MANIFEST} is not valid JSON ({error}); delete it (every chapter is then "
                               "re-executed) or restore it with `git checkout -- chapters/execution.json`") from error


def write_manifest(root: Path, manifest: dict) -> None:
    files.write_text(root / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True) + "\n")


def current_inputs(root: Path, notebook: Path, files_read: list[str], environment: str) -> dict[str, str]:
    inputs = {"notebook": notebook_digest(notebook), "environment": environment}
    inputs.update({rel: file_digest(root, rel) for rel in files_read})
    return inputs


def is_stale(root: Path, notebook: Path, record: dict | None, environment: str) -> bool:
    key = notebook.relative_to(root).as_posix()
    inputs = current_inputs(root, notebook, (record or {}).get("files_read", []), environment)  # reads it
    if not record or record.get("notebook_file") != file_digest(root, key) or record["inputs"] != inputs:
        return True
    return any(file_digest(root, f"{FIGURES}/{name}") != value for name, value in record["figures"].items())


def stale_notebooks(root: Path) -> list[Path]:
    manifest, environment = read_manifest(root), environment_digest(root)
    return [nb for nb in notebooks_in_toc(root)
            if is_stale(root, nb, manifest.get(nb.relative_to(root).as_posix()), environment)]


def snapshot(root: Path, notebook: Path) -> dict[str, str]:
    """Digests of the notebook file, the bibliography and every file under data/ as the chapter
    starts: its record names the inputs it ran with, even if one changes while it runs."""
    rels = [notebook.relative_to(root).as_posix(), BIBLIOGRAPHY]
    rels += [p.relative_to(root).as_posix() for p in sorted((root / "data").rglob("*")) if p.is_file()]
    return {rel: file_digest(root, rel) for rel in rels}


def commit(root: Path, notebook: Path, stage: Path, previous: dict | None, before: dict[str, str]) -> dict:
    """Put the staged notebook and figures in place together; return the chapter's new record."""
    key = notebook.relative_to(root).as_posix()
    if file_digest(root, key) != before[key]:
        raise files.BuildError(f"{key} was edited while it ran; it was not replaced (your edits are kept): "
                               "build again to execute the edited notebook")
    files_read = sorted(set((stage / "read.log").read_text(encoding="utf-8").split()))
    unknown = [rel for rel in files_read if rel not in before]
    if unknown:
        raise files.BuildError(
            f"{key} read {', '.join(unknown)}, which the snapshot taken as it started does not hold (it holds "
            f"the notebook, {BIBLIOGRAPHY} and the files under data/): a file created while the chapter ran, "
            "or one the snapshot misses; nothing of the chapter was changed: build again")
    figures = {p.name: p.read_bytes() for p in sorted((stage / "figures").iterdir()) if p.is_file()}
    outputs = {notebook: (stage / "notebook.ipynb").read_bytes()}
    outputs.update({root / FIGURES / name: data for name, data in figures.items()})
    files.replace_together(outputs)
    for name in set((previous or {}).get("figures", {})) - set(figures):
        (root / FIGURES / name).unlink(missing_ok=True)  # a figure the chapter no longer draws
    inputs = current_inputs(root, notebook, files_read, environment_digest(root))
    inputs.update({rel: before[rel] for rel in files_read})
    return {
        "files_read": files_read,
        "inputs": inputs,
        "notebook_file": file_digest(root, key),
        "figures": {name: file_digest(root, f"{FIGURES}/{name}") for name in figures},
    }


def start(root: Path, notebook: Path) -> tuple[subprocess.Popen, Path, dict[str, str]]:
    before = snapshot(root, notebook)
    stage = root / STAGING / notebook.stem
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    command = [sys.executable, "-m", "amcenestrant_book.build.run_chapter", str(notebook), str(stage), str(root)]
    # its own session: Ctrl-C reaches the build, which stops its chapters itself
    with open(stage / "output.log", "wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
                                   preexec_fn=_unblock_interrupt)
    return process, stage, before


def _unblock_interrupt() -> None:
    """In the new chapter process: Ctrl-C (blocked while it is started) is delivered again."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def stop(running: dict) -> None:
    for process, _, _ in running.values():
        process.send_signal(signal.SIGINT)
    deadline = time.monotonic() + STOP_SECONDS
    for process, _, _ in running.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def execute_stale(root: Path, jobs: int = 2, only: list[str] | None = None, log=print) -> list[Path]:
    """Execute every stale chapter (or only those named, e.g. clinical.ipynb); raise BuildError
    naming the chapters that failed, after the others were put in place."""
    root = root.resolve()
    stale = stale_notebooks(root)
    if only:
        stale = [p for p in stale if p.relative_to(root).as_posix() in only or p.name in only]
    if not stale:
        log("execute: every chapter is up to date")
        return []
    log(f"execute: {len(stale)} stale chapter(s): " + ", ".join(p.stem for p in stale))
    manifest = read_manifest(root)
    queue, running, failures = list(stale), {}, []
    try:
        while queue or running:
            while queue and len(running) < max(1, jobs):
                notebook = queue.pop(0)
                # Ctrl-C waits until the new chapter is registered, so that it is stopped with the others
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
                try:
                    running[notebook] = start(root, notebook)
                finally:
                    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
            for notebook, (process, stage, before) in list(running.items()):
                if process.poll() is None:
                    continue
                del running[notebook]
                key = notebook.relative_to(root).as_posix()
                output = (stage / "output.log").read_text(encoding="utf-8", errors="replace")
                if process.returncode != 0:
                    failures.append(f"{key} failed; nothing of it was changed:\n{_tail(output)}")
                else:
                    try:
                        manifest[key] = commit(root, notebook, stage, manifest.get(key), before)
                    except files.BuildError as error:
                        failures.append(str(error))
                    else:
                        write_manifest(root, manifest)
                        log(f"execute: ran {key}")
                shutil.rmtree(stage, ignore_errors=True)
            time.sleep(0.05)
    except KeyboardInterrupt:
        stop(running)
        shutil.rmtree(root / STAGING, ignore_errors=True)
        print(f"execute: interrupted; {len(running)} running and {len(queue)} queued chapter(s) were not "
              "executed and nothing of them was changed", file=sys.stderr)
        raise
    shutil.rmtree(root / STAGING, ignore_errors=True)
    if failures:
        raise files.BuildError("chapter execution failed:\n" + "\n".join(failures))
    return stale


def _tail(output: str, lines: int = 30) -> str:
    return "\n".join("    " + line for line in output.rstrip().splitlines()[-lines:])
