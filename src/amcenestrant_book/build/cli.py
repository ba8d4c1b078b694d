"""Command line of the book: `python -m amcenestrant_book {validate,status,execute,build,pdf}`.

`build` is what `make book` runs: validate the data (stop at the first bad file, before any page
is written), execute the stale chapters, write the reproducibility tables and the data-package
zip, render the HTML with Jupyter Book from the stored outputs, and check that every page of
_toc.yml was written. One build runs at a time in a project.
"""

from __future__ import annotations

import argparse
import sys

from ..paths import project_root
from . import execution, stamps, validation
from .downloads import write_data_package_zip
from .files import BuildError
from .generated import write_data_pages, write_reproducibility_tables
from .lock import build_lock
from .pdf import render_pdf
from .render import render


def run(command: str, root, jobs: int, only: list[str] | None) -> int:
    if command == "status":
        stale = execution.stale_notebooks(root)
        print("\n".join(p.relative_to(root).as_posix() for p in stale) or "every chapter is up to date")
        return 0
    with build_lock(root):
        if not validation.validate(root):
            return 1
        if command == "validate":
            return 0
        execution.execute_stale(root, jobs=jobs, only=only)
        write_reproducibility_tables(root)
        write_data_pages(root)
        if command == "build":
            write_data_package_zip(root)
            if not render(root):
                return 1
            stamps.stamp(root, validation.STAMP, validation.data_digest(root))
        if command == "pdf" and not render_pdf(root):
            return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="amcenestrant_book", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["validate", "status", "execute", "build", "pdf"])
    parser.add_argument("--jobs", type=int, default=2, help="chapters executed at once (default 2)")
    parser.add_argument("--only", nargs="+", metavar="NOTEBOOK",
                        help="execute only these chapters if stale (e.g. clinical.ipynb)")
    args = parser.parse_args(argv)
    try:
        return run(args.command, project_root(), args.jobs, args.only)
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
