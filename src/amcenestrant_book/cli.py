"""Command line of the book: `python -m amcenestrant_book {validate,status,execute,build,pdf}`.

`build` is what `make book` runs: validate the data (stop at the first bad file, before any page
is written), execute the stale chapters, write the reproducibility tables, render the HTML with
Jupyter Book from the stored outputs, and check that every page of _toc.yml was written.
"""

from __future__ import annotations

import argparse
import hashlib
import platform
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

from . import contract, datapages, execution, pdf
from .paths import project_root, toc_pages

REPORTED_PACKAGES = (
    "jupyter-book", "sphinx", "myst-nb", "sphinx-book-theme", "sphinxcontrib-bibtex", "nbclient",
    "nbval", "pandas", "numpy", "scipy", "statsmodels", "matplotlib", "seaborn", "rdkit",
    "frictionless",
)


VALIDATED_STAMP = "_build/.validated"
RENDERED_STAMP = "_build/.rendered"
RENDER_INPUTS = ("_config.yml", "_toc.yml", "references.bib", "chapters", "figures", "data", "_static")


def tree_digest(root: Path, names) -> str:
    """One digest of the named files and folders (paths and contents)."""
    digest = hashlib.sha256()
    for name in names:
        path = root / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if file.is_file():
                digest.update(file.relative_to(root).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def stamped(root: Path, stamp: str, digest: str) -> bool:
    path = root / stamp
    return path.is_file() and path.read_text(encoding="utf-8") == digest


def stamp(root: Path, name: str, digest: str) -> None:
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(digest, encoding="utf-8")


def data_digest(root: Path) -> str:
    return tree_digest(root, ("data", "references.bib")) + execution.environment_digest(root)


def validate(root: Path) -> bool:
    """Validate the data package unless these very data and this package were validated last."""
    digest = data_digest(root)
    if stamped(root, VALIDATED_STAMP, digest):
        print("validate: data package unchanged since it was last validated")
        return True
    problems = contract.validate(root)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        print(f"validate: {len(problems)} problem(s); nothing was built", file=sys.stderr)
        return False
    print("validate: data package is valid")
    if (root / "_build").is_dir():  # never create _build just for the stamp
        stamp(root, VALIDATED_STAMP, digest)
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


DATA_PACKAGE_ZIP = "_build/downloads/amcenestrant-data-package.zip"


def write_data_package_zip(root: Path) -> Path:
    """The data package as one zip (CSVs, datapackage.yaml, README, references.bib), with fixed
    timestamps and order so that the same data give the same bytes."""
    members = [*sorted((root / "data").glob("*.csv")), root / "data/datapackage.yaml",
               root / "data/README.md", root / "references.bib"]
    target = root / DATA_PACKAGE_ZIP
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in members:
            info = zipfile.ZipInfo(f"amcenestrant-data/{path.name}", date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return target


def render(root: Path) -> bool:
    """Jupyter Book over the stored outputs, skipped when nothing it reads changed since the last
    clean render; then check that every page of _toc.yml is there."""
    digest = tree_digest(root, RENDER_INPUTS)
    if stamped(root, RENDERED_STAMP, digest) and (root / "_build/html/index.html").is_file():
        print("render: every page is up to date")
    else:
        (root / RENDERED_STAMP).unlink(missing_ok=True)
        jupyter_book = Path(sys.executable).parent / "jupyter-book"
        command = [str(jupyter_book), "build", str(root), "-n", "-W", "--keep-going"]
        if subprocess.run(command, check=False).returncode != 0:
            print("build: jupyter-book reported errors or warnings", file=sys.stderr)
            return False
        stamp(root, RENDERED_STAMP, digest)
    missing = [p for p in toc_pages(root) if not (root / "_build/html" / f"{p}.html").is_file()]
    for page in missing:
        print(f"error: page {page} of _toc.yml was not written", file=sys.stderr)
    return not missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="amcenestrant_book", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["validate", "status", "execute", "build", "pdf"])
    parser.add_argument("--jobs", type=int, default=2, help="chapters executed at once (default 2)")
    parser.add_argument("--only", nargs="+", metavar="NOTEBOOK",
                        help="execute only these chapters if stale (e.g. clinical.ipynb)")
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
        execution.execute_stale(root, jobs=args.jobs, only=args.only)
    except RuntimeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    write_reproducibility_tables(root)
    datapages.write_data_pages(root)  # reading-infra: the appendix data pages, chapters/data/<table>.md
    if args.command == "build":
        write_data_package_zip(root)
    if args.command == "build":
        if not render(root):
            return 1
        stamp(root, VALIDATED_STAMP, data_digest(root))
    if args.command == "pdf" and not pdf.render_pdf(root):  # reading-infra: the PDF engine
        return 1
    return 0
