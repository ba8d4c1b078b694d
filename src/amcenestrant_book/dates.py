"""Partial ISO dates (YYYY, YYYY-MM, YYYY-MM-DD) as sources give them, compared at their common precision."""

from __future__ import annotations

import re

PARTIAL_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def parts(text: str) -> tuple[int, ...]:
    """(year,), (year, month) or (year, month, day); raises on anything else."""
    text = str(text).strip()
    if not PARTIAL_DATE.fullmatch(text):
        raise ValueError(f"not a date written YYYY, YYYY-MM or YYYY-MM-DD: {text!r}")
    return tuple(int(p) for p in text.split("-"))


def not_later(event: str, source: str) -> bool:
    """True unless `event` is after `source` at the precision both are written to.

    An event known to the month (2026-05) is not later than a source of 2026-05-03: at month
    precision they are equal, and nothing shows the event came after."""
    a, b = parts(event), parts(source)
    common = min(len(a), len(b))
    return a[:common] <= b[:common]
