"""Execute exactly the chapters whose inputs changed, in place, with reproducible outputs.

A chapter's inputs are its notebook (cell sources and tags, not outputs), the files it read
through `data.load_table` when it last ran, and the environment (the package's source and
requirements.txt). Their digests are kept in chapters/execution.json with the digest of the
executed notebook file; a chapter is stale when any of them differs or it has never run.
Stale chapters run in parallel, one kernel per core; outputs are stored without timing
metadata, so a re-run writes byte-identical notebooks.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat

from .data import READ_LOG_ENV
from .paths import project_root, toc_pages

MANIFEST = "chapters/execution.json"
ENVIRONMENT_INPUTS = ("requirements.txt", "pyproject.toml")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def notebook_digest(path: Path) -> str:
    """Digest of what a reader wrote in the notebook: cell types, sources and tags, not outputs."""
    notebook = nbformat.read(path, as_version=4)
    cells = [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in notebook.cells]
    return _digest(json.dumps(cells, sort_keys=True).encode())


def environment_digest(root: Path) -> str:
    parts = [(root / name).read_bytes() for name in ENVIRONMENT_INPUTS if (root / name).is_file()]
    for path in sorted((root / "src").rglob("*.py")):
        parts.append(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return _digest(b"\0".join(parts))


def file_digest(root: Path, rel: str) -> str:
    path = root / rel
    return _digest(path.read_bytes()) if path.is_file() else "missing"


def notebooks_in_toc(root: Path) -> list[Path]:
    """The executable notebooks, in the order of _toc.yml."""
    return [root / f"{page}.ipynb" for page in toc_pages(root) if (root / f"{page}.ipynb").is_file()]


def read_manifest(root: Path) -> dict:
    path = root / MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def write_manifest(root: Path, manifest: dict) -> None:
    text = json.dumps(manifest, indent=1, sort_keys=True) + "\n"
    path = root / MANIFEST
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def current_inputs(root: Path, notebook: Path, files_read: list[str]) -> dict[str, str]:
    inputs = {
        "notebook": notebook_digest(notebook),
        "environment": environment_digest(root),
    }
    inputs.update({rel: file_digest(root, rel) for rel in files_read})
    return inputs


def stale_notebooks(root: Path) -> list[Path]:
    manifest = read_manifest(root)
    stale = []
    for notebook in notebooks_in_toc(root):
        key = notebook.relative_to(root).as_posix()
        record = manifest.get(key)
        if (not record or record["inputs"] != current_inputs(root, notebook, record["files_read"])
                or record.get("notebook_file") != file_digest(root, key)):
            stale.append(notebook)
    return stale


def execute_notebook(path: str, root: str) -> list[str]:
    """Run one notebook in place; return the files it read (relative to the root)."""
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    with tempfile.NamedTemporaryFile("r", suffix=".log", delete=False) as log:
        log_path = log.name
    os.environ[READ_LOG_ENV] = log_path
    os.environ["AMCENESTRANT_BOOK_ROOT"] = root
    try:
        client = NotebookClient(
            notebook,
            timeout=600,
            kernel_name="python3",
            record_timing=False,
            resources={"metadata": {"path": str(Path(path).parent)}},
        )
        client.execute()
        files_read = sorted(set(Path(log_path).read_text(encoding="utf-8").split()))
    finally:
        os.unlink(log_path)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(notebook, path)
    return files_read


def execute_stale(root: Path | None = None, jobs: int = 2, only: list[str] | None = None,
                  log=print) -> list[Path]:
    """Execute every stale chapter (or only those named, e.g. chapters/clinical.ipynb)."""
    root = (root or project_root()).resolve()
    stale = stale_notebooks(root)
    if only:
        stale = [p for p in stale if p.relative_to(root).as_posix() in only or p.name in only]
    manifest = read_manifest(root)
    if not stale:
        log("execute: every chapter is up to date")
        return []
    log(f"execute: {len(stale)} stale chapter(s): " + ", ".join(p.stem for p in stale))
    with ProcessPoolExecutor(max_workers=max(1, min(jobs, len(stale)))) as pool:
        futures = {p: pool.submit(execute_notebook, str(p), str(root)) for p in stale}
        failures = []
        for notebook, future in futures.items():
            key = notebook.relative_to(root).as_posix()
            try:
                files_read = future.result()
            except Exception as error:  # a failing cell: report it, keep the others' results
                failures.append(f"{key}: {error}")
                continue
            manifest[key] = {
                "files_read": files_read,
                "inputs": current_inputs(root, notebook, files_read),
                # the executed file itself: outputs stripped or edited elsewhere make it stale
                "notebook_file": file_digest(root, key),
            }
            log(f"execute: ran {key}")
    write_manifest(root, manifest)
    if failures:
        raise RuntimeError("chapter execution failed:\n" + "\n".join(failures))
    return stale
