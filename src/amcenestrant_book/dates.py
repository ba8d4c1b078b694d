"""Dates as the sources report them: ISO 8601 at the precision given (YYYY, YYYY-MM or YYYY-MM-DD)."""

from __future__ import annotations

import datetime
import re

import pandas as pd

_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


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
