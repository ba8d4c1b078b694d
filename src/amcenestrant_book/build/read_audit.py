"""Runs inside a chapter's kernel: records every file opened under data/ and the bibliography
(reader tables cite the keys it holds), however it is opened (`load_table`, `pd.read_csv`, `open`,
`os.open`), through a Python audit hook, so that the chapter is re-executed whenever one of those
files changes.

The runner starts the kernel with `install()` as its first line; the log file is named by
$AMCENESTRANT_BOOK_READ_AUDIT and receives one path (relative to the project root) per line.
"""

from __future__ import annotations

import os
import sys

LOG_ENV = "AMCENESTRANT_BOOK_READ_AUDIT"
BIBLIOGRAPHY = "references.bib"


def install() -> None:
    given = os.path.abspath(os.environ["AMCENESTRANT_BOOK_ROOT"])
    root = os.path.realpath(given)
    prefixes = (os.path.join(given, "data") + os.sep, os.path.join(root, "data") + os.sep)
    bibliography = {os.path.join(given, BIBLIOGRAPHY), os.path.join(root, BIBLIOGRAPHY)}
    log = open(os.environ[LOG_ENV], "a", encoding="utf-8")  # opened before the hook sees opens
    seen: set[str] = set()

    def hook(event: str, args: tuple) -> None:
        if event != "open" or not isinstance(args[0], str | bytes):
            return
        path = os.path.abspath(os.fsdecode(args[0]))
        if (path.startswith(prefixes) or path in bibliography) and path not in seen:
            seen.add(path)
            path = os.path.realpath(path)
            log.write(os.path.relpath(path, root).replace(os.sep, "/") + "\n")
            log.flush()

    sys.addaudithook(hook)


KERNEL_LINE = f"__import__({__name__!r}, fromlist=['install']).install()"
