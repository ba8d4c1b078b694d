"""The data contract: every CSV against data/datapackage.yaml, every source against references.bib.

Three layers, each reporting problems as file, row and column (the header is row 1):

1. structure, checked by hand because a CSV reader cannot be trusted with it: UTF-8, not empty,
   balanced quotes, the header the schema names;
2. schema, types, constraints, primary and foreign keys, checked by Frictionless;
3. rules across fields that a schema cannot state: a CI brackets its estimate, a percentage is
   at most 100, a count is at most its denominator, a range is ordered, every source is in the
   bibliography.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from .paths import project_root

DESCRIPTOR = "data/datapackage.yaml"
BIBLIOGRAPHY = "references.bib"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located to file, row (header = 1) and column."""

    path: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}, row {self.row}, column {self.column}: {self.message}"


class DataError(ValueError):
    """Raised with every problem found; the build stops on it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{len(problems)} problem(s) in the book's data:\n{lines}")


def load_descriptor(root: Path | None = None) -> dict:
    root = root or project_root()
    with open(root / DESCRIPTOR, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def resource(descriptor: dict, name: str) -> dict:
    for item in descriptor["resources"]:
        if item["name"] == name:
            return item
    raise KeyError(f"{DESCRIPTOR} has no table named {name!r}")


def field_names(res: dict) -> list[str]:
    return [field["name"] for field in res["schema"]["fields"]]


# -- 1. structure ---------------------------------------------------------------------------


def _column_at(header: list[str], line_prefix: str) -> str:
    """Name of the column in which `line_prefix` (the start of a line) ends."""
    index = len(next(csv.reader([line_prefix]), [""])) - 1
    return header[index] if 0 <= index < len(header) else f"(field {index + 1})"


def _unclosed_quote_field(line: str) -> int | None:
    """Index of the field whose opening quote is not closed properly on this line, else None."""
    field, position, length = 0, 0, len(line)
    while position <= length:
        if position < length and line[position] == '"':
            opened = field
            position += 1
            while True:
                end = line.find('"', position)
                if end == -1:
                    return opened
                if line[end + 1 : end + 2] == '"':  # an escaped quote inside the field
                    position = end + 2
                    continue
                if end + 1 < length and line[end + 1] != ",":
                    return opened  # text after the closing quote: the quote closed nothing
                position = end + 1
                break
        comma = line.find(",", position)
        if comma == -1:
            return None
        field, position = field + 1, comma + 1
    return None


def structure_problems(path: Path, rel: str, expected: list[str]) -> list[Problem]:
    """Problems a CSV reader would hide or misreport: encoding, emptiness, quotes, header."""
    raw = path.read_bytes()
    if not raw.strip():
        return [Problem(rel, 1, "(header)", f"file is empty; expected the header {','.join(expected)}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line_no = raw[: error.start].count(b"\n") + 1
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        header = next(csv.reader([raw.split(b"\n", 1)[0].decode("utf-8", "replace")]))
        prefix = raw[line_start : error.start].decode("utf-8", "replace")
        return [
            Problem(rel, line_no, _column_at(header, prefix),
                    f"not UTF-8: byte 0x{raw[error.start]:02x} cannot be decoded; save the file as UTF-8")
        ]
    lines = text.splitlines()
    header = next(csv.reader([lines[0]]))
    problems: list[Problem] = []
    for line_no, line in enumerate(lines, start=1):
        field = _unclosed_quote_field(line)
        if field is not None:
            column = header[field] if field < len(header) else f"(field {field + 1})"
            problems.append(Problem(rel, line_no, column,
                                    "a quoted field is not closed properly (fields may not span lines)"))
            return problems
    missing = [name for name in expected if name not in header]
    extra = [name for name in header if name not in expected]
    problems += [Problem(rel, 1, name, "required column is missing from the header") for name in missing]
    problems += [Problem(rel, 1, name, "column is not in the schema") for name in extra]
    if not missing and not extra and header != expected:
        problems.append(Problem(rel, 1, "(header)", f"columns must be in schema order: {','.join(expected)}"))
    if len(lines) < 2:
        problems.append(Problem(rel, 2, "(all)", "the table has a header but no rows"))
    return problems


# -- 2. schema, types and keys (Frictionless) -------------------------------------------------


def _frictionless_problems(root: Path, descriptor: dict) -> list[Problem]:
    import frictionless

    # A JSON round trip unshares any YAML anchors, which Frictionless would otherwise mutate.
    plain = json.loads(json.dumps(descriptor))
    package = frictionless.Package(plain, basepath=str(root / "data"))
    report = package.validate()
    problems = []
    for task in report.tasks:
        res = resource(descriptor, task.name)
        rel = f"data/{res['path']}"
        for error in task.errors:
            row = getattr(error, "row_number", None) or 1
            column = getattr(error, "field_name", None)
            message = f"{error.title}: {error.note}"
            if error.type == "primary-key":
                column = ",".join(res["schema"]["primaryKey"])
                message = f"duplicate primary key ({error.note})"
            elif error.type == "foreign-key":
                column = ",".join(error.field_names)
                values = ", ".join(repr(cell) for cell in error.field_cells)
                target = error.reference_name
                message = f"{values} has no match in {target}.csv"
                if error.field_names == ["source_key"] or target == "sources":
                    message = f"source key {values} is not a source (data/sources.csv and {BIBLIOGRAPHY})"
            problems.append(Problem(rel, row, column or "(row)", message))
    return problems


# -- 3. rules across fields ---------------------------------------------------------------------


def _present(value) -> bool:
    return not pd.isna(value)


def row_rules(rel: str, frame) -> list[Problem]:
    """Rules across the fields of one row; `frame` is typed and indexed by row number."""
    problems: list[Problem] = []
    columns = {c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])}
    columns |= {"unit", "qualifier"} & set(frame.columns)
    estimate = "value" if "value" in columns else "hr" if "hr" in columns else None
    for row, record in frame.iterrows():
        get = record.get
        if {"ci_low", "ci_high"} <= columns:
            low, high, level = get("ci_low"), get("ci_high"), get("ci_level")
            if _present(low) != _present(high):
                missing = "ci_high" if _present(low) else "ci_low"
                problems.append(Problem(rel, row, missing, "a confidence interval needs both bounds"))
            elif _present(low):
                if not _present(level):
                    problems.append(Problem(rel, row, "ci_level", "a confidence interval needs its level"))
                if low > high:
                    problems.append(Problem(rel, row, "ci_low", f"CI low bound {low} exceeds high bound {high}"))
                elif estimate and _present(get(estimate)):
                    value = get(estimate)
                    if low > value:
                        problems.append(Problem(rel, row, "ci_low",
                                                f"CI low bound {low} exceeds the estimate {value}"))
                    if high < value:
                        problems.append(Problem(rel, row, "ci_high",
                                                f"CI high bound {high} is below the estimate {value}"))
        if "unit" in columns and get("unit") == "%":
            for column in ("value", "ci_low", "ci_high"):
                if column in columns and _present(get(column)) and get(column) > 100:
                    problems.append(Problem(rel, row, column, f"a percentage cannot exceed 100 (found {get(column)})"))
        if {"count", "n"} <= columns and _present(get("count")) and _present(get("n")) and get("count") > get("n"):
            problems.append(Problem(rel, row, "count", f"count {get('count')} exceeds its denominator n = {get('n')}"))
        for low, high in (("dose_mg_low", "dose_mg_high"), ("value_low", "value_high")):
            if {low, high} <= columns and _present(get(low)) and _present(get(high)) and get(low) > get(high):
                problems.append(Problem(rel, row, high, f"range end {get(high)} is below its start {get(low)}"))
        if "qualifier" in columns and get("qualifier") in ("=", ">") and not _present(get("value")):
            problems.append(Problem(rel, row, "value", f"qualifier {get('qualifier')!r} needs a value"))
    return problems


def bibliography_keys(root: Path) -> set[str]:
    from pybtex.database import parse_file

    return set(parse_file(str(root / BIBLIOGRAPHY), bib_format="bibtex").entries.keys())


def bibliography_problems(root: Path, sources) -> list[Problem]:
    try:
        keys = bibliography_keys(root)
    except Exception as error:  # pybtex raises several unrelated types
        return [Problem(BIBLIOGRAPHY, 1, "(entry)", f"cannot be parsed: {error}")]
    return [
        Problem("data/sources.csv", row, "source_key", f"{key!r} is not an entry of {BIBLIOGRAPHY}")
        for row, key in sources["source_key"].items()
        if key not in keys
    ]


# -- all together ------------------------------------------------------------------------------


def validate(root: Path | None = None) -> list[Problem]:
    """Every problem in the data package, in the order the layers find them."""
    from .data import typed_frame

    root = root or project_root()
    descriptor = load_descriptor(root)
    problems: list[Problem] = []
    for res in descriptor["resources"]:
        path = root / "data" / res["path"]
        rel = f"data/{res['path']}"
        if not path.is_file():
            problems.append(Problem(rel, 1, "(file)", "file named in datapackage.yaml does not exist"))
            continue
        problems += structure_problems(path, rel, field_names(res))
    if problems:
        return problems
    problems += _frictionless_problems(root, descriptor)
    if problems:
        return problems
    for res in descriptor["resources"]:
        try:
            frame = typed_frame(root / "data" / res["path"], res)
        except DataError as error:
            problems += error.problems
            continue
        if res["name"] == "sources":
            problems += bibliography_problems(root, frame)
    return problems


def check(root: Path | None = None) -> None:
    """Raise DataError when the data package has any problem."""
    problems = validate(root)
    if problems:
        raise DataError(problems)
