"""Tables and glued values as the book shows them. Text from the data is always escaped: data are
shown, never executed.

A reader table (`table`) is one output with two forms: HTML for Jupyter, and a MyST `list-table`
for the book (numbered caption, `{numref}`-able label, sources as citations), which the book's
Sphinx configuration prefers. Numbers are shown as the CSV writes them.
"""

from __future__ import annotations

import html
import math
import re

import pandas as pd

from . import evidence, markup
from .schema import primary_key

# Columns whose cells are bibliography keys, shown as citations.
SOURCE_COLUMNS = re.compile(r"^source(_key|_[a-z])?$")
# A record id or code as the data write it (a5_pfs_hr, ameera2_400qd): never shown as text.
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")


def number_text(value) -> str:
    """A number as a reader reads it: 400.0 -> "400", -0.0 -> "0", 1.2090 -> "1.209"."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) or hasattr(value, "dtype"):
        value = float(value)
        if math.isnan(value):
            return ""
        if value == 0:
            return "0"
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value)


def _written_table(frame: pd.DataFrame) -> pd.DataFrame | None:
    from .data import load_written

    return load_written(frame.attrs["table"]) if frame.attrs.get("table") else None


def _written_cells(frame: pd.DataFrame, column: str, table: pd.DataFrame | None = None) -> pd.Series:
    """The cells of `column` as text: the CSV's own text (`table`, from load_written) where the
    frame still holds the value read from that row (same row, same value), else the value
    formatted plainly."""
    values = frame[column]
    written = table[column] if table is not None and column in table.columns else None

    def text(index, value) -> str:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return ""
        if written is not None and index in written.index:
            raw = written[index]
            try:
                same = raw == value if isinstance(value, str) else float(raw) == float(value)
            except (TypeError, ValueError):
                same = False
            if same:
                return raw
        return number_text(value) if not isinstance(value, str) else value

    return pd.Series([text(i, v) for i, v in values.items()], index=values.index, dtype=object)


def interval_text(frame: pd.DataFrame, value: str = "value", low: str = "ci_low",
                  high: str = "ci_high") -> pd.Series:
    """An estimate with its interval as the source writes them, "1.209 (0.939 to 1.557)"; the
    estimate alone where a row has no interval. Use it as a column:
    `table(frame.assign(estimate=interval_text(frame)), {"estimate": "Hazard ratio (95% CI)"})`."""
    written = _written_table(frame)
    estimate, lower, upper = (_written_cells(frame, c, written) for c in (value, low, high))
    shown = [f"{e} ({lo} to {hi})" if lo and hi else e for e, lo, hi in zip(estimate, lower, upper, strict=True)]
    return pd.Series(shown, index=frame.index, dtype=object)


def _cell_markdown(text: str, is_source: bool, keys: set[str], levels: dict[str, str] | None = None) -> str:
    """A cell as MyST: bibliography keys as citations, anything else as literal text. A source
    cell names the evidence level of its sources after the citation, given their `levels`."""
    parts = [part.strip() for part in text.split(";")] if text else []
    if parts and all(part in keys for part in parts) and (is_source or len(parts) == 1):
        citation = "{cite:t}`" + ",".join(parts) + "`"
        named = list(dict.fromkeys(levels[part] for part in parts if part in levels)) if levels and is_source else []
        return citation + (f" ({'; '.join(named)})" if named else "")
    return markup.prose(text)


def _reader_cells(frame: pd.DataFrame, columns: dict[str, str]) -> dict[str, pd.Series]:
    cells = {}
    written = _written_table(frame)
    for column, header in columns.items():
        shown = _written_cells(frame, column, written)
        if SNAKE_CASE.match(header):
            raise ValueError(f"table header {header!r} (column {column!r}) is a field name; give it in words")
        ids = shown[shown.map(lambda text: bool(SNAKE_CASE.match(text)))]
        if len(ids) and (column.endswith("_id") or column in ("record_id", "arm_id", "fact_id")):
            raise ValueError(f"column {column!r} holds record ids ({ids.iloc[0]!r}): readers never see "
                             "them; the row links to its data page instead")
        cells[column] = shown
    return cells


WIDE_COLUMNS = 7
LONG_ROWS = 15
"""A table of more rows is shown folded (a dropdown titled by its caption), so that a chapter page
stays short; a reader opens it with one click, and the PDF prints it open."""
SHOWN_ROWS = 60
"""A table read from a data table (one of `load_table`, which its rows remember) shows at most its
first SHOWN_ROWS rows and says that its data page holds them all: a chapter page does not grow
with the data. A derived table, which has no data page, and a reference list show every row."""


class ReaderTable:
    """A table in two forms: `text/html` (Jupyter) and a MyST list-table (`text/markdown`, the book)."""

    def __init__(self, frame: pd.DataFrame, columns: dict[str, str], caption: str | None,
                 label: str | None, unfolded: bool = False, levels: bool = True):
        self.columns = columns
        self.levels = levels
        self.rows = len(frame)
        self.data_page = frame.attrs.get("table") if self.rows > SHOWN_ROWS and not unfolded else None
        self.cells = _reader_cells(frame.head(SHOWN_ROWS) if self.data_page else frame, columns)
        self.caption = caption
        self.label = label
        self.folded = self.rows > LONG_ROWS and not unfolded

    @property
    def cut_note(self) -> str | None:
        """What a table cut at SHOWN_ROWS says under its rows, in Markdown; None for a whole table."""
        if not self.data_page:
            return None
        return (f"The first {SHOWN_ROWS} of {self.rows:,} rows, in the order above; every row is on "
                f"its data page, [](data/{self.data_page}.md).")

    @property
    def css_class(self) -> str:
        """"reader-table", and "wide" for a table of more columns than the text column holds: it is
        drawn at its content's width with text wrapped in narrow columns, and scrolls sideways."""
        return "reader-table" + (" wide" if len(self.columns) > WIDE_COLUMNS else "")

    def __repr__(self) -> str:
        """The notebook's text/plain form: the same for the same table (no memory address), so
        that re-executing a chapter gives the same bytes."""
        return f"<table {self.label or ''}: {self.rows} rows, {len(self.columns)} columns>"

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(h)}</th>" for h in self.columns.values())
        rows = "".join(
            "<tr>" + "".join(f"<td>{html.escape(self.cells[c].iloc[i])}</td>" for c in self.columns) + "</tr>"
            for i in range(len(next(iter(self.cells.values()), [])))
        )
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        ident = f' id="{html.escape(self.label)}"' if self.label else ""
        note = (f"<p>The first {SHOWN_ROWS} of {self.rows:,} rows; every row is on its data "
                "page.</p>") if self.data_page else ""
        return (f'<table class="{self.css_class}"{ident}>{caption}<thead><tr>{head}</tr></thead>'
                f"<tbody>{rows}</tbody></table>{note}")

    def _repr_markdown_(self) -> str:
        keys = markup.bibliography_keys()
        levels = evidence.levels() if self.levels else None
        lines = ["````{list-table} " + markup.escape(self.caption or "")]
        if self.label:
            lines.append(f":name: {self.label}")
        lines += [":header-rows: 1", f":class: {self.css_class}", ""]
        lines.append("* - " + "\n  - ".join(markup.escape(h) for h in self.columns.values()))
        for i in range(len(next(iter(self.cells.values()), []))):
            row = [_cell_markdown(self.cells[c].iloc[i], bool(SOURCE_COLUMNS.match(c)), keys, levels)
                   for c in self.columns]
            lines.append("* - " + "\n  - ".join(cell or " " for cell in row))
        lines.append("````")
        if self.cut_note:
            lines += ["", self.cut_note]
        if self.folded:
            shown = f"the first {SHOWN_ROWS} of {self.rows:,} rows" if self.data_page else f"{self.rows:,} rows"
            title = f"Show the table ({shown}): {self.caption or ''}".rstrip(": ")
            lines = [f"`````{{dropdown}} {markup.escape(title)}", "", *lines, "`````"]
        return "\n".join(lines) + "\n"


def table(frame: pd.DataFrame, columns: dict[str, str] | None = None, caption: str | None = None,
          label: str | None = None, unfolded: bool = False, levels: bool = True) -> ReaderTable:
    """The reader table of `frame`: only `columns` (column -> human header with unit), numbers as
    the source writes them, sources as citations followed by their evidence level (unless not
    `levels`: a table that shows the level in a column of its own), a numbered `caption`, and
    `label` (such as "tbl-ameera3-pfs") for `{numref}`. Record ids are refused: a reader never
    sees them. Over LONG_ROWS rows it is folded, unless `unfolded` (a reference list such as the
    bibliography)."""
    columns = columns or {c: c.replace("_", " ") for c in frame.columns}
    return ReaderTable(frame, columns, caption, label, unfolded, levels)


def one(frame: pd.DataFrame, **where) -> pd.Series:
    """The single row of `frame` matching every column=value in `where`; fails loudly otherwise."""
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    rows = frame[mask]
    if len(rows) != 1:
        raise LookupError(f"expected one row with {where}, found {len(rows)}")
    return rows.iloc[0]


GLUE_METADATA = "amcenestrant_book"


def source_link(source) -> dict[str, str]:
    """Where a glued number links: {"label": ...} for a data row (a row of `load_table`), or
    {"href": ...} for a method anchor given as a string ("statistical-audit.html#p-check")."""
    if source is None:
        return {}
    if isinstance(source, str):
        return {"href": source}
    if isinstance(source, pd.Series):

        table_name = source.attrs.get("table")
        if not table_name:
            raise ValueError("source row has no table (take it from load_table, e.g. with `one`)")
        link = {"label": row_label(table_name, source)}
        locator = source.get("locator")
        if isinstance(locator, str) and locator:
            link["title"] = f"Data row; in the source: {locator}"
        return link
    raise TypeError(f"source must be a data row or a method anchor, not {type(source).__name__}")


def glue_value(name: str, value, source=None) -> None:
    """Glue a value for `{glue:text}` in prose, as a plain Python value (a NumPy scalar's repr
    would not format), with where it comes from: `source` is the row it was read from (a row of
    `load_table`, e.g. from `one`), or for a derived number the anchor of the method that computes
    it (a string such as "statistical-audit.html#p-check"). The book links the number there."""
    from IPython.display import display

    value = value.item() if hasattr(value, "item") else value
    metadata = {"scrapbook": {"name": name, "mime_prefix": "application/papermill.record/"}}
    link = source_link(source)
    if link:
        metadata[GLUE_METADATA] = link
    display({"application/papermill.record/text/plain": repr(value)}, raw=True, metadata=metadata)


def row_label(table: str, row: pd.Series, root=None) -> str:
    """The cross-reference label of `row` (a row of table `table`) on its data page."""
    parts = [number_text(row[column]) for column in primary_key(table, root)]
    return f"{table}-" + re.sub(r"[^a-z0-9_.]+", "-", "-".join(parts).lower()).strip("-")
