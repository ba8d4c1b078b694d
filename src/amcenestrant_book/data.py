"""Load a table of the book by name: checked against the contract, with typed columns.

    from amcenestrant_book.data import load_table
    efficacy = load_table("efficacy")

The frame's index is the row number in the CSV (the header is row 1), so a problem found later
can still be located in the file.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .contract import read_written, typed_frame
from .paths import project_root
from .schema import load_descriptor, table_resource

# The two documents the book started from, scraped vendor web text: the BenchChem article and the
# BenchChem discontinuation analysis. Chapters mark the rows that rest on them.
BENCHCHEM_DOCUMENTS = frozenset({"benchchem_amcenestrant", "benchchem_discontinuation"})


def table_names(root: Path | None = None) -> list[str]:
    """Every table of the data package, in the descriptor's order."""
    return [res["name"] for res in load_descriptor(root)["resources"]]


def _path(name: str, root: Path) -> tuple[dict, Path]:
    res = table_resource(name, root)
    return res, root / "data" / res["path"]


def load_table(name: str, root: Path | None = None) -> pd.DataFrame:
    """The table `name` of data/datapackage.yaml as a typed DataFrame."""
    res, path = _path(name, root or project_root())
    frame = typed_frame(path, res)
    frame.attrs["table"] = name  # rows taken from it know their table
    return frame


def load_written(name: str, root: Path | None = None) -> pd.DataFrame:
    """The table `name` as written in its CSV: every cell a string ("1.400" keeps its zeros), for
    showing numbers as the source writes them. Same index as `load_table` (CSV row numbers), and
    checked by the contract as `load_table` is."""
    root = root or project_root()
    load_table(name, root)
    written = read_written(_path(name, root)[1])
    written.attrs["table"] = name
    return written


def located(rows: pd.DataFrame | pd.Series, root: Path | None = None) -> str:
    """Where `rows` (a frame or one row taken from `load_table`) stand in their CSV, for the
    message of a chapter's assertion: `assert ok.all(), located(frame[~ok])` fails with
    "data/efficacy.csv, rows 15, 17"."""
    numbers = [rows.name] if isinstance(rows, pd.Series) else list(rows.index)
    where = f"row{'s' if len(numbers) != 1 else ''} {', '.join(map(str, numbers))}"
    table = rows.attrs.get("table")
    if table is None:
        return f"{where} of a table not read with load_table"
    return f"data/{table_resource(table, root)['path']}, {where}"


def describe_fields(name: str, root: Path | None = None) -> pd.DataFrame:
    """The schema of a table as a frame: name, type, unit, required, description, constraints."""
    res = table_resource(name, root)
    rows = []
    for field in res["schema"]["fields"]:
        constraints = dict(field.get("constraints", {}))
        rows.append({
            "field": field["name"],
            "type": field.get("type", "string"),
            "unit": field.get("x-unit", ""),
            "required": "yes" if constraints.pop("required", False) else "",
            "constraints": "; ".join(f"{key}: {value}" for key, value in constraints.items()),
            "description": field.get("description", ""),
        })
    return pd.DataFrame(rows)
