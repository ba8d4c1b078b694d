"""Command line of the book: `python -m amcenestrant_book {validate,status,execute,build}`.

`build` is what `make book` runs: validate the data (stop at the first bad file, before any page
is written), execute the stale chapters, write the reproducibility tables, render the HTML with
Jupyter Book from the stored outputs, and check that every page of _toc.yml was written.
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from . import contract, execution
from .paths import project_root, toc_pages

REPORTED_PACKAGES = (
    "jupyter-book", "sphinx", "myst-nb", "sphinx-book-theme", "sphinxcontrib-bibtex", "nbclient",
    "nbval", "pandas", "numpy", "scipy", "statsmodels", "matplotlib", "seaborn", "rdkit",
    "frictionless",
)


def validate(root: Path) -> bool:
    problems = contract.validate(root)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        print(f"validate: {len(problems)} problem(s); nothing was built", file=sys.stderr)
        return False
    print("validate: data package is valid")
    return True


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def write_if_changed(path: Path, text: str) -> None:
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def write_reproducibility_tables(root: Path) -> None:
    """The environment and the execution record as Markdown, included by the appendix."""
    versions = [["Python", platform.python_version()]]
    versions += [[name, metadata.version(name)] for name in REPORTED_PACKAGES]
    write_if_changed(root / "chapters/generated/versions.md", markdown_table(["package", "version"], versions))
    manifest = execution.read_manifest(root)
    rows = []
    for key in sorted(manifest):
        record = manifest[key]
        data_files = [f for f in record["files_read"] if f.endswith(".csv")]
        rows.append([
            f"`{key}`",
            ", ".join(f"`{Path(f).name}`" for f in data_files) or "none",
            f"`{record['inputs']['notebook']}`",
            f"`{record['inputs']['environment']}`",
        ])
    write_if_changed(
        root / "chapters/generated/execution-table.md",
        markdown_table(["chapter", "tables read", "notebook digest", "environment digest"], rows),
    )


def render(root: Path) -> bool:
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    command = [str(jupyter_book), "build", str(root), "-n", "-W", "--keep-going"]
    if subprocess.run(command, check=False).returncode != 0:
        print("build: jupyter-book reported errors or warnings", file=sys.stderr)
        return False
    missing = [p for p in toc_pages(root) if not (root / "_build/html" / f"{p}.html").is_file()]
    for page in missing:
        print(f"error: page {page} of _toc.yml was not written", file=sys.stderr)
    return not missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="amcenestrant_book", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["validate", "status", "execute", "build"])
    parser.add_argument("--jobs", type=int, default=2, help="chapters executed at once (default 2)")
    args = parser.parse_args(argv)
    root = project_root()
    if args.command == "status":
        stale = execution.stale_notebooks(root)
        print("\n".join(p.relative_to(root).as_posix() for p in stale) or "every chapter is up to date")
        return 0
    if not validate(root):
        return 1
    if args.command == "validate":
        return 0
    (root / "chapters/generated").mkdir(exist_ok=True)
    try:
        execution.execute_stale(root, jobs=args.jobs)
    except RuntimeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    write_reproducibility_tables(root)
    if args.command == "build" and not render(root):
        return 1
    return 0
