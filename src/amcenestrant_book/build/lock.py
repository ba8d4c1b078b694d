"""One build of a project at a time: an exclusive lock on the project folder itself (no file is
created), released when the build process ends however it ends."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from .files import BuildError


@contextlib.contextmanager
def build_lock(root: Path) -> Iterator[None]:
    handle = os.open(root, os.O_RDONLY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(f"another build of this book is running in {root}; wait until it ends "
                             "(or stop it with Ctrl-C) and run this one again") from None
        yield
    finally:
        os.close(handle)
