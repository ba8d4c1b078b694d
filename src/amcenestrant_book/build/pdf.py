"""The whole book as one PDF, offline: Jupyter Book's pdfhtml builder prints a single-page build
with Playwright, pointed at Debian's chromium. It builds in its own folder, so the multi-page
HTML in _build/html stays as it is."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from . import files

PDF = "_build/pdf/amcenestrant-book.pdf"
CHROMIUM = Path("/usr/lib/chromium/chromium")


def render_pdf(root: Path) -> bool:
    import playwright

    if not CHROMIUM.is_file():
        print(f"error: the PDF needs Debian's chromium ({CHROMIUM}); install it with apt-get install chromium",
              file=sys.stderr)
        return False
    browsers = json.loads((Path(playwright.__file__).parent / "driver/package/browsers.json").read_text())
    revision = next(b["revision"] for b in browsers["browsers"] if b["name"] == "chromium-headless-shell")
    browsers_path = root / "_build/playwright"
    shell = browsers_path / f"chromium_headless_shell-{revision}/chrome-headless-shell-linux64/chrome-headless-shell"
    shell.parent.mkdir(parents=True, exist_ok=True)
    if not shell.is_symlink():
        shell.symlink_to(CHROMIUM)
    work = root / "_build/pdf-work"
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(root), "--builder", "pdfhtml",
               "--path-output", str(work)]
    env = {**os.environ, "PLAYWRIGHT_BROWSERS_PATH": str(browsers_path)}
    if subprocess.run(command, env=env, check=False).returncode != 0:
        return False
    files.write_bytes(root / PDF, (work / "_build/pdf/book.pdf").read_bytes())
    print(f"pdf: {PDF}")
    return True
