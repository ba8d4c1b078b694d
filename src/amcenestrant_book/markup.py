"""Text from the data written into MyST Markdown as literal text, and the bibliography's keys."""

from __future__ import annotations

import re
import string
from functools import cache
from pathlib import Path

from .paths import project_root

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_BIB_KEY = re.compile(r"^@\w+\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)


def escape(text) -> str:
    """`text` as CommonMark reads it literally: every ASCII punctuation character backslash-escaped
    (so no markup, role, directive or HTML survives) and on one line."""
    return _PUNCTUATION.sub(r"\\\1", " ".join(str(text).split()))


@cache
def _keys(path: Path, mtime: float) -> frozenset[str]:
    return frozenset(_BIB_KEY.findall(path.read_text(encoding="utf-8")))


def bibliography_keys(root: Path | None = None) -> frozenset[str]:
    """Every entry key of references.bib."""
    from .data import record_read

    root = root or project_root()
    path = root / "references.bib"
    record_read(path, root)
    return _keys(path, path.stat().st_mtime)
