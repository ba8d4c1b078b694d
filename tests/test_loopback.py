"""The loopback server the PDF is printed from and the browser checks visit: it serves the folder
on 127.0.0.1 only, answers 404 for what the folder lacks, and is gone as soon as the block ends."""

import time
import urllib.error
import urllib.request

import pytest

from amcenestrant_book.build.loopback import serve


def test_the_server_serves_its_folder_on_loopback_and_stops(tmp_path):
    (tmp_path / "page.html").write_text("<p>served</p>", encoding="utf-8")
    with serve(tmp_path) as base_url:
        assert base_url.startswith("http://127.0.0.1:") and base_url.endswith("/")
        with urllib.request.urlopen(base_url + "page.html", timeout=10) as response:
            assert (response.status, response.read()) == (200, b"<p>served</p>")
        with pytest.raises(urllib.error.HTTPError, match="404"):
            urllib.request.urlopen(base_url + "absent.html", timeout=10)
        leaving = time.monotonic()
    assert time.monotonic() - leaving < 0.4  # the server's default poll made every exit wait 0.5 s
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(base_url + "page.html", timeout=5)
