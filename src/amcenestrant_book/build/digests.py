"""Digests of a chapter's inputs: its notebook as written, the files it read, the environment."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from .files import BuildError

# What the chapters' outputs depend on besides their notebook and data: the interpreter (major and
# minor version), the pinned packages, and the library modules they import. Not the build tool, nor
# the Sphinx extension, which runs in the render (whose stamp covers the whole package).
LIBRARY = "src/amcenestrant_book"
REQUIREMENTS = "requirements.txt"
NOT_LIBRARY = ("build", "__main__.py", "sphinx_ext.py")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def file_digest(root: Path, rel: str) -> str:
    path = root / rel
    return digest(path.read_bytes()) if path.is_file() else "missing"


def read_notebook(path: Path) -> dict:
    """The notebook at `path` as its JSON (plain json: nbformat costs a third of a second to
    import), or a BuildError naming it and the way out."""
    try:
        notebook = json.loads(path.read_bytes())
        if not isinstance(notebook.get("cells"), list):
            raise ValueError("no list of cells")
        return notebook
    except Exception as error:  # a decode error, a truncated file, JSON that is not a notebook
        raise BuildError(
            f"{path.name} is not a readable notebook ({type(error).__name__}: {str(error)[:200]}); "
            f"restore it with `git checkout -- {path.parent.name}/{path.name}` (uncommitted edits are lost) "
            "or repair its JSON, then build again"
        ) from error


def notebook_digest(path: Path) -> str:
    """Digest of what a reader wrote in the notebook: cell types, sources and tags, not outputs."""
    cells = [(c["cell_type"], _text(c["source"]), c.get("metadata", {}).get("tags", []))
             for c in read_notebook(path)["cells"]]
    return digest(json.dumps(cells, sort_keys=True).encode())


def _text(source: str | list[str]) -> str:
    """A cell's source as one string (nbformat writes it as a list of lines)."""
    return source if isinstance(source, str) else "".join(source)


def library_files(root: Path) -> list[Path]:
    package = root / LIBRARY
    return sorted(p for p in package.rglob("*.py")
                  if p.relative_to(package).parts[0] not in NOT_LIBRARY)


def environment_digest(root: Path) -> str:
    parts = ["python {}.{}".format(*sys.version_info[:2]).encode()]
    if (root / REQUIREMENTS).is_file():
        parts.append((root / REQUIREMENTS).read_bytes())
    for path in library_files(root):
        parts.append(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest(b"\0".join(parts))


def tree_digest(root: Path, names) -> str:
    """One digest of the named files and folders (paths and contents), for the build's stamps."""
    hasher = hashlib.sha256()
    for name in names:
        path = root / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if file.is_file():
                hasher.update(file.relative_to(root).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    return hasher.hexdigest()
