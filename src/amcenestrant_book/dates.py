"""Dates as the sources report them: ISO 8601 at the precision given (YYYY, YYYY-MM or YYYY-MM-DD)."""

from __future__ import annotations

import datetime
import re

import pandas as pd

_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def parts(text: str) -> tuple[int, ...]:
    """(year,), (year, month) or (year, month, day); raises ValueError on anything else."""
    text = str(text).strip()
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(f"not a date written YYYY, YYYY-MM or YYYY-MM-DD: {text!r}")
    return tuple(int(p) for p in text.split("-"))


def parse_date(text: str) -> tuple[pd.Timestamp, bool]:
    """A timestamp for an ISO date of any precision, and whether the day is exact: a bare month is
    placed mid-month (the 15th), a bare year mid-year (1 July). Raise ValueError naming the text
    when it is not an ISO date or names a day that does not exist (2022-02-30, 2019-13-45)."""
    match = _ISO_DATE.fullmatch(str(text))
    if not match:
        raise ValueError(f"{text!r} is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = match.groups()
    try:
        when = datetime.date(int(year), int(month or 7), int(day or (15 if month else 1)))
    except ValueError as error:
        raise ValueError(f"{text!r} is not a date that exists ({error})") from None
    return pd.Timestamp(when), day is not None


def in_words(text: str) -> str:
    """An ISO date as a reader writes it, at its own precision: "2022", "August 2022", "17 August 2022"."""
    when, _ = parse_date(text)
    month = f"{when:%B} {when.year}"
    return [str(when.year), month, f"{when.day} {month}"][len(parts(text)) - 1]


def not_later(event: str, source: str) -> bool:
    """True unless `event` is after `source` at the precision both are written to.

    An event known to the month (2026-05) is not later than a source of 2026-05-03: at month
    precision they are equal, and nothing shows the event came after."""
    a, b = parts(event), parts(source)
    common = min(len(a), len(b))
    return a[:common] <= b[:common]
