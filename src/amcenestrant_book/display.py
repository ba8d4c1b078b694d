"""Tables and glued values as the book shows them. Cell text is always escaped: data are shown,
never executed."""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML


def table(frame: pd.DataFrame, columns: dict[str, str] | None = None, caption: str | None = None,
          label: str | None = None) -> HTML:
    """An HTML table of `frame` (optionally only `columns`, renamed), without the index; `caption`
    and `label` (an anchor such as "tbl-ameera3-pfs") name it for readers and cross-references."""
    if columns:
        frame = frame[list(columns)].rename(columns=columns)
    # Typed missing values (pd.NA) ignore na_rep, so blank them before rendering.
    shown = frame.astype(object).where(frame.notna(), "")
    rendered = shown.to_html(index=False, border=0, escape=True, classes="data-table",
                             table_id=label)
    if caption:
        rendered = rendered.replace(">", f"><caption>{html.escape(caption)}</caption>", 1)
    return HTML(rendered)


def one(frame: pd.DataFrame, **where) -> pd.Series:
    """The single row of `frame` matching every column=value in `where`; fails loudly otherwise."""
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    rows = frame[mask]
    if len(rows) != 1:
        raise LookupError(f"expected one row with {where}, found {len(rows)}")
    return rows.iloc[0]


def glue_value(name: str, value, source=None) -> None:
    """Glue a value for `{glue:text}` in prose, as a plain Python value (a NumPy scalar's repr
    would not format).

    `source` says where the value comes from, so that the page can link the number to it: the
    row it was read from (a row of `load_table`, e.g. from `one`), or for a derived number the
    anchor of the method that computes it (a string such as "statistical-audit.html#p-check").
    """
    from myst_nb import glue

    del source  # recorded for the links from prose to data rows (not yet rendered)

    glue(name, value.item() if hasattr(value, "item") else value, display=False)
