"""The data pages: one appendix page per table of data/datapackage.yaml (chapters/data/<table>.md),
every row anchored by its key and showing each of its fields as the CSV writes it, the source as
a citation. A glued number links to its row's label (`row_label`)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from . import evidence, markup
from .display import row_label
from .paths import DATA_PAGES, project_root
from .schema import primary_key, table_resource

# A cell naming rows of other tables ("efficacy:a3_pfs_hr;efficacy:a3_pfs_hr_seed").
ROW_REFERENCES = re.compile(r"^[a-z_]+:[^;:\s]+(;[a-z_]+:[^;:\s]+)*$")
ROW_KEY = re.compile(r"^[A-Za-z0-9_.-]+$")
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")
FIELD_WORDS = {
    "ci_low": "interval, lower bound", "ci_high": "interval, upper bound", "ci_level": "interval level",
    "n": "number of patients (n)", "count": "count", "sd": "standard deviation",
    "source_key": "source", "source_a": "source A", "source_b": "source B",
    "locator_a": "where in source A", "locator_b": "where in source B",
    "locator": "where in the source", "nct_id": "ClinicalTrials.gov number", "doi": "DOI",
    "hr": "hazard ratio", "mpfs_drug_months": "median PFS, drug", "mpfs_control_months": "median PFS, control",
    "record_ids": "rows concerned", "smiles": "SMILES",
}


def field_words(field: str) -> str:
    """A field name in words, for a reader: "ci_low" -> "interval, lower bound"."""
    return FIELD_WORDS.get(field, field.removesuffix("_id").replace("_", " "))


def page_path(table: str) -> str:
    """The document name of a table's data page ("chapters/data/efficacy")."""
    return f"{DATA_PAGES}/{table}"


class Tables:
    """The tables that data pages show or link to, each loaded once for all of them, and the keys
    of their rows as a reader reads them."""

    def __init__(self, root: Path):
        self.root = root
        self._typed: dict[str, pd.DataFrame] = {}
        self._written: dict[str, pd.DataFrame] = {}
        self._keys: dict[str, list[tuple[str, ...]]] = {}

    def typed(self, table: str) -> pd.DataFrame:
        if table not in self._typed:
            from .data import load_table

            self._typed[table] = load_table(table, self.root)
        return self._typed[table]

    def written(self, table: str) -> pd.DataFrame:
        if table not in self._written:
            from .data import load_written

            self._written[table] = load_written(table, self.root)
        return self._written[table]

    def rows_keyed(self, table: str, parts: list[str]) -> list[pd.Series]:
        """The rows of `table` whose key columns read `parts` (a composite key in its order)."""
        from .display import number_text

        if table not in self._keys:
            columns = primary_key(table, self.root)
            self._keys[table] = [tuple(number_text(v) for v in values)
                                 for values in self.typed(table)[columns].itertuples(index=False)]
        frame, parts = self.typed(table), tuple(parts)
        # as many key columns as parts are compared (a reference may name a composite key's first part)
        return [frame.iloc[i] for i, key in enumerate(self._keys[table]) if key[:len(parts)] == parts[:len(key)]]


def _rows_markdown(text: str, root: Path, tables: Tables | None = None) -> str:
    """Links to the rows named in `text` ("efficacy:a3_pfs_hr;..."), each as "table, row N"."""
    tables = tables or Tables(root)
    links = []
    for reference in text.split(";"):
        table, key = reference.split(":", 1)  # a composite key is written "route/step"
        matches = tables.rows_keyed(table, key.split("/"))
        if len(matches) != 1:
            raise LookupError(f"{reference!r} names no single row of data/{table}.csv")
        row = matches[0]
        links.append(f"{{ref}}`{markup.escape(field_words(table))}, row {row.name} <{row_label(table, row, root)}>`")
    return ", ".join(links)


def _foreign_tables(schema: dict) -> dict[str, str]:
    """Field -> table it points to, for single-field foreign keys other than the source."""
    return {fk["fields"][0]: fk["reference"]["resource"] for fk in schema["schema"].get("foreignKeys", [])
            if len(fk["fields"]) == 1 and fk["reference"]["resource"] != "sources"}


def _value_markdown(field: str, text: str, keys: frozenset[str], root: Path, points_to: str | None,
                    tables: Tables) -> str:
    if field.startswith("source") and all(part.strip() in keys for part in text.split(";")):
        return "{cite:t}`" + ",".join(part.strip() for part in text.split(";")) + "`"
    if ROW_REFERENCES.match(text) and field in ("record_ids", "evidence_record"):
        return _rows_markdown(text, root, tables)
    if points_to and ROW_KEY.match(text):
        return _rows_markdown(f"{points_to}:{text}", root, tables) + f" (`{text}`)"
    if SNAKE_CASE.match(text):
        return f"`{text}`"  # a code of the data, as written
    if field == "doi":
        return f"[{markup.escape(text)}](https://doi.org/{text})"
    return markup.prose(text)


def _level_words(row: pd.Series) -> str:
    """A row's evidence level, and whether a vendor article alone states its fact."""
    alone = "; no source of another level in this table states the same fact" if row.vendor_alone else ""
    return f"{row.evidence_level}{alone}"


def records_markdown(table: str, root: Path | None = None, label_of=None, words=None,
                     tables: Tables | None = None) -> str:
    """Every row of `table` as a MyST block anchored by `label_of(row)` (default: its data-page
    label), its fields as a definition list as the CSV writes them, the source as a citation and,
    in a table whose rows cite a source, the row's evidence level. `words` maps a field to
    {code: words} for codes shown in words instead ({"kind": {...}}); `tables` holds the tables
    already loaded."""
    root = root or project_root()
    tables = tables or Tables(root)
    schema = table_resource(table, root)
    key = schema["schema"]["primaryKey"]
    typed, written = tables.typed(table), tables.written(table)
    keys = markup.bibliography_keys(root)
    foreign = _foreign_tables(schema)
    words = words or {}
    levels = evidence.with_evidence(typed, root, full=typed) if table in evidence.evidence_tables(root) else None
    lines = []
    for index in written.index:
        row = typed.loc[index]
        label = label_of(row) if label_of else row_label(table, row, root)
        shown_key = " · ".join(f"`{written.at[index, k]}`" for k in key)
        lines += [f"({label})=", ":::{container} data-row", f"**Row {index}** {shown_key}", ""]
        for field in schema["schema"]["fields"]:
            name = field["name"]
            text = written.at[index, name].strip()
            if name in key or not text:
                continue
            unit = f" ({markup.escape(field['x-unit'])})" if field.get("x-unit") else ""
            if text in words.get(name, {}):
                value = markup.escape(words[name][text])
            else:
                value = _value_markdown(name, text, keys, root, foreign.get(name), tables)
            words_of_field = field_words(name)
            lines += [f"{markup.escape(words_of_field[:1].upper() + words_of_field[1:])}{unit}", f": {value}", ""]
            if name == "source_key" and levels is not None:
                lines += ["Evidence level", f": {markup.escape(_level_words(levels.loc[index]))}", ""]
        lines += [":::", ""]
    return "\n".join(lines)


def page_markdown(table: str, root: Path | None = None, tables: Tables | None = None) -> str:
    """The MyST Markdown of the data page of `table` (`tables`: those already loaded, when
    several pages are written)."""
    root = root or project_root()
    tables = tables or Tables(root)
    schema = table_resource(table, root)
    key = schema["schema"]["primaryKey"]
    rows = len(tables.written(table))
    lines = [
        f"# Data: {markup.escape(field_words(table))}", "",
        markup.prose(schema.get("description", "")), "",
        f"Every row of `data/{schema['path']}` ({rows} rows), in the order of the file; a row is "
        f"named by its key ({', '.join(f'`{k}`' for k in key)}) and its row number in the CSV (the header "
        "is row 1). Each field is shown as the file writes it; empty fields are left out.", "",
    ]
    return "\n".join(lines) + "\n" + records_markdown(table, root, tables=tables)

