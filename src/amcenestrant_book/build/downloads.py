"""The data package as one zip: the CSVs the data package describes, datapackage.yaml, the data
README and references.bib, with fixed timestamps and order (same data, same bytes)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ..schema import load_descriptor
from . import files

DATA_PACKAGE_ZIP = "_build/downloads/amcenestrant-data-package.zip"


def members(root: Path) -> list[Path]:
    described = sorted(root / "data" / res["path"] for res in load_descriptor(root)["resources"])
    return [*described, root / "data/datapackage.yaml", root / "data/README.md", root / "references.bib"]


def write_data_package_zip(root: Path) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in members(root):
            info = zipfile.ZipInfo(f"amcenestrant-data/{path.name}", date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    target = root / DATA_PACKAGE_ZIP
    files.write_bytes(target, buffer.getvalue())
    return target
