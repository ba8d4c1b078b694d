"""A folder served over HTTP on the loopback interface, from a thread: the site the browser opens
to print the PDF (`pdf`) and the one the tests' browser checks visit."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

HOST = "127.0.0.1"
# Chromium resolves no host name but the server's: nothing, not even a DNS query for a link's host
# or a preconnect hint, leaves the machine.
ONLY_LOOPBACK = f"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {HOST}"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 at a free port; yield the base URL ('http://127.0.0.1:N/').
    On exit the server stops and its port is closed."""
    server = http.server.ThreadingHTTPServer((HOST, 0), functools.partial(_QuietHandler, directory=str(directory)))
    # polled every 0.05 s, so that leaving the block takes that long, not the default half second
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="loopback-http", daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
