"""Text from the data written into MyST Markdown as literal text, and the bibliography's keys."""

from __future__ import annotations

import re
import string
from functools import lru_cache
from pathlib import Path

from .paths import project_root

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_BIB_KEY = re.compile(r"^@\w+\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)


def escape(text) -> str:
    """`text` as CommonMark reads it literally: every ASCII punctuation character backslash-escaped
    (so no markup, role, directive or HTML survives) and on one line."""
    return _PUNCTUATION.sub(r"\\\1", " ".join(str(text).split()))


# Identifiers inside data text (record ids, field names, bibliography keys such as tolaney2023ameera3):
# shown as code, so a reader sees them as references, not as words.
_IDENTIFIER = re.compile(r"\b(?:[a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z]+(?:19|20)\d\d[a-z][a-z0-9]*)\b")


def prose(text) -> str:
    """Free text from the data as MyST reads it literally (see `escape`), its identifiers as code."""
    text = " ".join(str(text).split())
    parts, last = [], 0
    for match in _IDENTIFIER.finditer(text):  # the spaces around an identifier are kept
        parts += [_PUNCTUATION.sub(r"\\\1", text[last:match.start()]), f"`{match.group(0)}`"]
        last = match.end()
    return "".join(parts) + escape(text[last:])


@lru_cache(maxsize=4)
def _keys(text: bytes) -> frozenset[str]:
    return frozenset(_BIB_KEY.findall(text.decode("utf-8")))


def bibliography_keys(root: Path | None = None) -> frozenset[str]:
    """Every entry key of references.bib, parsed once per content (an edit is seen, whatever its mtime)."""
    return _keys(((root or project_root()) / "references.bib").read_bytes())
