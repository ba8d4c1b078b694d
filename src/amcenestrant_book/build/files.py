"""Crash-safe writes: every file the build writes goes to a temporary file in its own folder and is
renamed into place, so a full disk or a crash leaves the old file or the new one, never half of
one. Files whose bytes are unchanged are not rewritten (their modification time is kept)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


class BuildError(RuntimeError):
    """A problem the build reports in one sentence (file and way out) and stops on."""


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside `target` to write to; renamed onto `target` when the block ends
    without an error, removed otherwise."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def write_bytes(target: Path, data: bytes) -> bool:
    """Write `data` to `target` crash-safely unless it already holds exactly these bytes.
    Returns whether the file was written."""
    target = Path(target)
    if target.is_file() and target.read_bytes() == data:
        return False
    with atomic_path(target) as temporary:
        _write_all(temporary, data)
    return True


def write_text(target: Path, text: str) -> bool:
    return write_bytes(target, text.encode("utf-8"))


def replace_together(files: dict[Path, bytes]) -> list[Path]:
    """Write several files as one change: every changed file is first written in full beside its
    target, and only then are they all renamed into place. A write error (a full disk) leaves
    every target as it was. Returns the files that changed."""
    changed = {Path(t): d for t, d in files.items() if not (Path(t).is_file() and Path(t).read_bytes() == d)}
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in changed.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            os.close(handle)
            staged.append((Path(name), target))
            _write_all(Path(name), data)
            os.chmod(name, 0o644)
        for temporary, target in staged:
            os.replace(temporary, target)
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
    return list(changed)


def _write_all(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
