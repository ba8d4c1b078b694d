"""Load a table of the book by name: checked against the contract, with typed columns.

    from amcenestrant_book.data import load_table
    efficacy = load_table("efficacy")

The frame's index is the row number in the CSV (the header is row 1), so a problem found later
can still be located in the file.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from .contract import (
    DataError,
    Problem,
    field_names,
    load_descriptor,
    resource,
    row_rules,
    structure_problems,
)
from .paths import project_root

# When set (by the chapter runner), every file a chapter reads is appended to this file, so
# that the chapter is re-executed exactly when one of them changes.
READ_LOG_ENV = "AMCENESTRANT_BOOK_READ_LOG"

_DTYPES = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}


def record_read(path: Path, root: Path) -> None:
    log = os.environ.get(READ_LOG_ENV)
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{path.resolve().relative_to(root.resolve()).as_posix()}\n")


def _convert(cells: pd.Series, kind: str, rel: str, column: str, problems: list[Problem]):
    if kind in ("integer", "number"):
        numbers = pd.to_numeric(cells.where(cells != ""), errors="coerce")
        for row in cells.index[(cells != "") & numbers.isna()]:
            problems.append(Problem(rel, row, column, f"{cells[row]!r} is not a {kind}"))
        if kind == "integer":
            for row in numbers.index[numbers.notna() & (numbers % 1 != 0)]:
                problems.append(Problem(rel, row, column, f"{cells[row]!r} is not an integer"))
            numbers = numbers.where(numbers % 1 == 0)
        return numbers.astype(_DTYPES[kind])
    if kind == "boolean":
        return cells.map({"true": True, "false": False, "": pd.NA}).astype("boolean")
    return cells.where(cells != "").astype("string")


def typed_frame(path: Path, res: dict) -> pd.DataFrame:
    """Read one CSV with the column types of its schema; raise DataError naming row and column."""
    rel = f"data/{res['path']}"
    problems = structure_problems(path, rel, field_names(res))
    if problems:
        raise DataError(problems)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    raw.index = pd.RangeIndex(2, len(raw) + 2, name="row")
    typed = {}
    for field in res["schema"]["fields"]:
        typed[field["name"]] = _convert(raw[field["name"]], field.get("type", "string"), rel,
                                        field["name"], problems)
    frame = pd.DataFrame(typed, index=raw.index)
    problems += row_rules(rel, frame)
    if problems:
        raise DataError(problems)
    return frame


def load_table(name: str, root: Path | None = None) -> pd.DataFrame:
    """The table `name` of data/datapackage.yaml as a typed DataFrame."""
    root = root or project_root()
    res = resource(load_descriptor(root), name)
    path = root / "data" / res["path"]
    record_read(root / "data" / "datapackage.yaml", root)
    record_read(path, root)
    frame = typed_frame(path, res)
    frame.attrs["table"] = name  # rows taken from it know their table
    return frame



def load_written(name: str, root: Path | None = None) -> pd.DataFrame:
    """The table `name` as written in its CSV: every cell a string ("1.400" keeps its zeros), for
    showing numbers as the source writes them. Same index as `load_table` (CSV row numbers)."""
    root = root or project_root()
    frame = load_table(name, root)
    res = resource(load_descriptor(root), name)
    written = pd.read_csv(root / "data" / res["path"], dtype=str, keep_default_na=False, encoding="utf-8")
    written.index = frame.index
    written.attrs["table"] = name
    return written


def describe_fields(name: str, root: Path | None = None) -> pd.DataFrame:
    """The schema of a table as a frame: name, type, unit, required, description, constraints."""
    root = root or project_root()
    record_read(root / "data" / "datapackage.yaml", root)
    res = resource(load_descriptor(root), name)
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
