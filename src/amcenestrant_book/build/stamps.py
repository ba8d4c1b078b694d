"""Stamps: the digest of what a step read, kept in _build/ so that the step is skipped when its
inputs are unchanged."""

from __future__ import annotations

from pathlib import Path

from . import files


def stamped(root: Path, name: str, digest: str) -> bool:
    path = root / name
    return path.is_file() and path.read_text(encoding="utf-8") == digest


def stamp(root: Path, name: str, digest: str) -> None:
    files.write_text(root / name, digest)
