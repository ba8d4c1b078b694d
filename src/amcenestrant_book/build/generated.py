"""Pages the build writes from the data and the execution record: the reproducibility appendix's
tables (package versions, each chapter's execution; chapters/generated/) and the data pages
(chapters/data/)."""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

from ..paths import DATA_PAGES
from . import files, stamps
from .digests import environment_digest, tree_digest
from .execution import read_manifest

GENERATED = "chapters/generated"
PAGES_STAMP = "_build/.data-pages"
REPORTED_PACKAGES = (
    "jupyter-book", "sphinx", "myst-nb", "sphinx-book-theme", "sphinxcontrib-bibtex", "nbclient",
    "nbval", "pandas", "numpy", "scipy", "statsmodels", "matplotlib", "seaborn", "rdkit",
    "frictionless",
)


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def write_reproducibility_tables(root: Path) -> None:
    # major.minor, as the notebooks and the environment digest record it: any 3.11.x gives the same book
    versions = [["Python", "{}.{}".format(*sys.version_info[:2])]]
    versions += [[name, metadata.version(name)] for name in REPORTED_PACKAGES]
    files.write_text(root / GENERATED / "versions.md", markdown_table(["package", "version"], versions))
    manifest = read_manifest(root)
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
    files.write_text(root / GENERATED / "execution-table.md",
                     markdown_table(["chapter", "tables read", "notebook digest", "environment digest"], rows))


def write_data_pages(root: Path) -> None:
    """The appendix page of every data table (chapters/data/<table>.md), rewritten only when its
    text changes; skipped (5 s of a no-op build) when the data, the bibliography, the library and
    the pages are as the last write left them."""
    if stamps.stamped(root, PAGES_STAMP, _pages_digest(root)):
        return
    from .. import datapages  # imports pandas (over a second): only when a page may change
    from ..data import table_names

    tables = datapages.Tables(root)
    for table in table_names(root):
        files.write_text(root / DATA_PAGES / f"{table}.md", datapages.page_markdown(table, root, tables))
    stamps.stamp(root, PAGES_STAMP, _pages_digest(root))


def _pages_digest(root: Path) -> str:
    return environment_digest(root) + tree_digest(root, ("data", "references.bib", DATA_PAGES))
