"""The data contract: every CSV against data/datapackage.yaml, every source against references.bib.

Every problem is reported as file, row and column (the header is row 1; in the descriptor, the
line), before any chapter executes. Four layers, each run only when the one before found nothing:

0. the descriptor itself (schema.descriptor_problems): only known keys, and every package, table
   and field described by a sentence (a capital letter first, a full stop last, parentheses closed);
1. structure, checked by hand because a CSV reader cannot be trusted with it: UTF-8, not empty,
   balanced quotes, the header the schema names;
2. schema, types, constraints, primary and foreign keys, checked by Frictionless;
3. rules across fields that a schema cannot state, switched on by column names (and, for
   numeric rules, a numeric column type):

   ==========================================  ===================================================
   columns (or rows)                           rule
   ==========================================  ===================================================
   ``ci_low``, ``ci_high`` (``ci_level``)      both bounds or neither, with a level; positive
                                               width (ci_low < ci_high); the estimate (``value``,
                                               else ``hr``) lies within them
   ``unit`` = ``%``: ``value``, ``ci_low``,    a percentage lies in [0, 100]; in a row whose
   ``ci_high``; a field with ``x-unit: '%'``   ``measure`` or ``statistic`` ends in ``_change``
                                               it is a change, not below -100
   ``p_value``, ``p_value_*``; ``value`` where  a p value lies in [0, 1]
   ``unit`` = ``probability`` or
   ``statistic`` starts with ``p_value``
   ``hr``; ``value`` where ``statistic`` =     a hazard ratio and its low bound are positive
   ``hazard_ratio``                            (and so its high bound, by the interval rule)
   ``count``, ``n``                            count <= n
   ``dose_mg_low``/``dose_mg_high``,           a range does not end below its start
   ``value_low``/``value_high``
   ``qualifier`` (``=`` or ``>``)              needs a ``value``
   ``date``, ``*_date``; ``value`` where       an ISO 8601 date (YYYY, YYYY-MM, YYYY-MM-DD)
   ``attribute`` ends in ``_date``,            that exists (not 2022-02-30)
   ``_start`` or ``_end``
   ``smiles``, ``*_smiles``; ``value`` where   RDKit parses the SMILES
   ``identifier`` ends in ``_smiles``
   ``value`` (text) with ``value_number``      a value written as a plain number (and not a
                                               date) is also given in value_number, and
                                               value_number is a number the value states
   ==========================================  ===================================================

   and every source key is an entry of the bibliography.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from .dates import parse_date
from .paths import project_root
from .problems import DataError, Problem
from .schema import descriptor_problems, field_names, load_descriptor, resource

BIBLIOGRAPHY = "references.bib"


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


# -- types: a CSV read with the column types of its schema --------------------------------------

_DTYPES = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}


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


def read_written(path: Path) -> pd.DataFrame:
    """Every cell of a CSV as the string written in it, indexed by row number (header = 1)."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    raw.index = pd.RangeIndex(2, len(raw) + 2, name="row")
    return raw


def typed_frame(path: Path, res: dict) -> pd.DataFrame:
    """Read one CSV with the column types of its schema and check the rules across its fields;
    raise DataError naming row and column."""
    rel = f"data/{res['path']}"
    problems = structure_problems(path, rel, field_names(res))
    if problems:
        raise DataError(problems)
    raw = read_written(path)
    fields = res["schema"]["fields"]
    typed = {f["name"]: _convert(raw[f["name"]], f.get("type", "string"), rel, f["name"], problems) for f in fields}
    frame = pd.DataFrame(typed, index=raw.index)
    problems += row_rules(rel, frame, {f["name"]: f["x-unit"] for f in fields if "x-unit" in f})
    if problems:
        raise DataError(problems)
    return frame


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
# Each rule takes the table's path, its typed frame (indexed by row number) and the schema units
# of its fields, and returns its problems. The table at the top of this module lists them.

Rule = Callable[[str, pd.DataFrame, dict], list[Problem]]


def _numeric(frame: pd.DataFrame, column: str) -> bool:
    return column in frame.columns and pd.api.types.is_numeric_dtype(frame[column])


def _text(frame: pd.DataFrame, column: str) -> bool:
    return column in frame.columns and pd.api.types.is_string_dtype(frame[column])


def _rows(frame: pd.DataFrame, mask) -> pd.Index:
    """Row numbers where `mask` holds (a missing value never holds)."""
    return frame.index[pd.Series(mask, index=frame.index).fillna(False).astype(bool)]


def _each(rel: str, frame: pd.DataFrame, mask, column: str, message: Callable) -> list[Problem]:
    """A problem in `column` for every row where `mask` holds; `message(row)` words it."""
    return [Problem(rel, row, column, message(frame.loc[row])) for row in _rows(frame, mask)]


def _false(frame: pd.DataFrame) -> pd.Series:
    return pd.Series(False, index=frame.index)


def _ends_with(frame: pd.DataFrame, column: str, *suffixes: str) -> pd.Series:
    if not _text(frame, column):
        return _false(frame)
    return frame[column].str.endswith(suffixes)


def _estimate(frame: pd.DataFrame) -> str | None:
    return next((c for c in ("value", "hr") if _numeric(frame, c)), None)


def confidence_interval_rule(rel: str, frame: pd.DataFrame, units: dict) -> list[Problem]:
    if not (_numeric(frame, "ci_low") and _numeric(frame, "ci_high")):
        return []
    low, high = frame.ci_low, frame.ci_high
    def both(r):
        return "a confidence interval needs both bounds"

    problems = _each(rel, frame, low.notna() & high.isna(), "ci_high", both)
    problems += _each(rel, frame, low.isna() & high.notna(), "ci_low", both)
    if "ci_level" in frame.columns:
        problems += _each(rel, frame, low.notna() & frame.ci_level.isna(), "ci_level",
                          lambda r: "a confidence interval needs its level")
    problems += _each(rel, frame, low >= high, "ci_low", lambda r: "a confidence interval needs positive width: "
                      f"low bound {r.ci_low} is not below high bound {r.ci_high}")
    estimate = _estimate(frame)
    if estimate:
        ordered, value = low < high, frame[estimate]
        problems += _each(rel, frame, ordered & (low > value), "ci_low",
                          lambda r: f"CI low bound {r.ci_low} exceeds the estimate {r[estimate]}")
        problems += _each(rel, frame, ordered & (high < value), "ci_high",
                          lambda r: f"CI high bound {r.ci_high} is below the estimate {r[estimate]}")
    return problems


def percentage_rule(rel: str, frame: pd.DataFrame, units: dict) -> list[Problem]:
    problems: list[Problem] = []
    if _text(frame, "unit"):
        percent = frame.unit == "%"
        change = _ends_with(frame, "measure", "_change") | _ends_with(frame, "statistic", "_change")
        for column in ("value", "ci_low", "ci_high"):
            if _numeric(frame, column):
                cells = frame[column]
                problems += _each(rel, frame, percent & ~change & ((cells < 0) | (cells > 100)), column,
                                  lambda r, c=column: f"a percentage lies between 0 and 100 (found {r[c]})")
                problems += _each(rel, frame, percent & change & (cells < -100), column,
                                  lambda r, c=column: f"a percentage change cannot fall below -100 (found {r[c]})")
    for column, unit in units.items():
        if unit == "%" and _numeric(frame, column):
            cells = frame[column]
            problems += _each(rel, frame, (cells < 0) | (cells > 100), column,
                              lambda r, c=column: f"a percentage lies between 0 and 100 (found {r[c]})")
    return problems


def p_value_rule(rel: str, frame: pd.DataFrame, units: dict) -> list[Problem]:
    checked = {c: pd.Series(True, index=frame.index) for c in frame.columns
               if (c == "p_value" or c.startswith("p_value_")) and _numeric(frame, c)}
    if _numeric(frame, "value"):
        rows = _false(frame)
        if _text(frame, "unit"):
            rows |= frame.unit == "probability"
        if _text(frame, "statistic"):
            rows |= frame.statistic.str.startswith("p_value")
        checked["value"] = rows
    problems: list[Problem] = []
    for column, rows in checked.items():
        cells = frame[column]
        problems += _each(rel, frame, rows & ((cells < 0) | (cells > 1)), column,
                          lambda r, c=column: f"a p value lies between 0 and 1 (found {r[c]})")
    return problems


def hazard_ratio_rule(rel: str, frame: pd.DataFrame, units: dict) -> list[Problem]:
    if _numeric(frame, "hr"):
        estimate, rows = "hr", pd.Series(True, index=frame.index)
    elif _numeric(frame, "value") and _text(frame, "statistic"):
        estimate, rows = "value", frame.statistic == "hazard_ratio"
    else:
        return []
    problems: list[Problem] = []
    for column in (estimate, "ci_low"):  # the high bound lies above the low one (interval rule)
        if _numeric(frame, column):
            problems += _each(rel, frame, rows & (frame[column] <= 0), column,
                              lambda r, c=column: f"a hazard ratio and its bounds are positive (found {r[c]})")
    return problems


def count_rule(rel: str, frame: pd.DataFrame, units: dict) -> list[Problem]:
    if not (_numeric(frame, "count") and _numeric(frame, "n")):
        return []
    return _each(rel, frame, frame["count"] > frame.n, "count",
                 lambda r: f"count {r['count']} exceeds its denominator n = {r.n}")


def range_rule(rel: str, frame: pd.DataFrame, units: dict) -> list[Problem]:
    problems: list[Problem] = []
    for low, high in (("dose_mg_low", "dose_mg_high"), ("value_low", "value_high")):
        if _numeric(frame, low) and _numeric(frame, high):
            problems += _each(rel, frame, frame[low] > frame[high], high,
                              lambda r, lo=low, hi=high: f"range end {r[hi]} is below its start {r[lo]}")
    return problems


def qualifier_rule(rel: str, frame: pd.DataFrame, units: dict) -> list[Problem]:
    if not (_text(frame, "qualifier") and "value" in frame.columns):
        return []
    return _each(rel, frame, frame.qualifier.isin(["=", ">"]) & frame.value.isna(), "value",
                 lambda r: f"qualifier {r.qualifier!r} needs a value")


def _cells_where(frame: pd.DataFrame, named: Callable[[str], bool], key: str, key_suffixes: tuple[str, ...]):
    """(column, rows) pairs of text cells a rule applies to: whole columns whose name passes
    `named`, and the `value` of rows whose `key` column ends in one of `key_suffixes`."""
    cells = [(c, frame[c].notna()) for c in frame.columns if named(c) and _text(frame, c)]
    if _text(frame, "value"):
        cells.append(("value", _ends_with(frame, key, *key_suffixes) & frame.value.notna()))
    return cells


def _unparsed(rel: str, frame: pd.DataFrame, cells, parse: Callable[[str], object]) -> list[Problem]:
    problems = []
    for column, rows in cells:
        for row in _rows(frame, rows):
            try:
                parse(frame.at[row, column])
            except ValueError as error:
                problems.append(Problem(rel, row, column, str(error)))
    return problems


_DATE_ATTRIBUTES = ("_date", "_start", "_end")


def date_rule(rel: str, frame: pd.DataFrame, units: dict) -> list[Problem]:
    cells = _cells_where(frame, lambda c: c == "date" or c.endswith("_date"), "attribute", _DATE_ATTRIBUTES)
    return _unparsed(rel, frame, cells, parse_date)


def smiles_rule(rel: str, frame: pd.DataFrame, units: dict) -> list[Problem]:
    cells = _cells_where(frame, lambda c: c == "smiles" or c.endswith("_smiles"), "identifier", ("_smiles",))
    if not any(rows.any() for _, rows in cells):
        return []
    from .chem import molecule  # RDKit is imported only for a table that holds structures

    return _unparsed(rel, frame, cells, molecule)


_PLAIN_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?")
_NUMBER_IN_TEXT = re.compile(r"\d+(?:\.\d+)?")


def typed_number_rule(rel: str, frame: pd.DataFrame, units: dict) -> list[Problem]:
    if not (_text(frame, "value") and _numeric(frame, "value_number")):
        return []
    dates = _ends_with(frame, "attribute", *_DATE_ATTRIBUTES).fillna(False).astype(bool)  # a year is a date
    problems = []
    for row, text, number, date in zip(frame.index, frame.value, frame.value_number, dates, strict=True):
        if pd.isna(text) or date:
            continue
        if _PLAIN_NUMBER.fullmatch(text) and (pd.isna(number) or float(text) != number):
            problems.append(Problem(rel, row, "value_number",
                                    f"the value {text!r} is a number: give it in value_number too (found {number})"))
        elif pd.notna(number) and abs(number) not in {float(n) for n in _NUMBER_IN_TEXT.findall(text)}:
            problems.append(Problem(rel, row, "value_number", f"{number} is not a number the value {text!r} states"))
    return problems


RULES: tuple[Rule, ...] = (confidence_interval_rule, percentage_rule, p_value_rule, hazard_ratio_rule, count_rule,
                           range_rule, qualifier_rule, date_rule, smiles_rule, typed_number_rule)


def row_rules(rel: str, frame: pd.DataFrame, units: dict | None = None) -> list[Problem]:
    """Every rule across fields on one typed table (indexed by row number), in row order;
    `units` maps a field to its schema unit (`x-unit`)."""
    problems = [problem for rule in RULES for problem in rule(rel, frame, units or {})]
    return sorted(problems, key=lambda p: p.row)


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
    root = root or project_root()
    problems = descriptor_problems(root)
    if problems:
        return problems
    descriptor = load_descriptor(root)
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
