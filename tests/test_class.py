"""The oral SERD class tables: dated statuses, sidedness from a fixed vocabulary, interval levels kept."""

import math
import re

import pandas as pd
import pytest
from pybtex.database import parse_file

from amcenestrant_book import dates, meta
from amcenestrant_book.data import load_table
from amcenestrant_book.paths import project_root

MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
REGULATORY_WORDS = re.compile(r"\b(FDA|EMA|CHMP|ODAC|PDUFA|NDA|approv\w*|opinion|label)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def peer():
    return load_table("peer_oral_serds")


@pytest.fixture(scope="module")
def events():
    return load_table("regulatory_events")


@pytest.fixture(scope="module")
def bib_dates():
    """Year, and month where given, of every bibliography entry, as a partial ISO date."""
    entries = parse_file(str(project_root() / "references.bib"), bib_format="bibtex").entries
    out = {}
    for key, entry in entries.items():
        year = entry.fields.get("year")
        month = MONTHS.get(str(entry.fields.get("month", "")).strip().lower()[:3])
        if year:
            out[key] = f"{year}-{month:02d}" if month else str(year)
    return out


# -- the date guard itself --------------------------------------------------------------------------

@pytest.mark.parametrize("event, source, expected", [
    ("2026-05-01", "2026-05-11", True), ("2026-05-12", "2026-05-11", False), ("2026-05", "2026-05-11", True),
    ("2026-06", "2026-05-11", False), ("2026-05-22", "2026-05", True), ("2026", "2025-12-31", False),
    ("2025-12-31", "2026", True), ("2022-03-14", "2022-03-14", True)])
def test_not_later_compares_at_common_precision(event, source, expected):
    assert dates.not_later(event, source) is expected


@pytest.mark.parametrize("text", ["2026/05/01", "26-05", "May 2026", "2026-5", ""])
def test_partial_dates_are_strict(text):
    with pytest.raises(ValueError):
        dates.parts(text)


# -- the data ---------------------------------------------------------------------------------------

def test_every_regulatory_event_is_dated_no_later_than_its_source(events):
    late = [(r.event_id, r.date, r.source_date) for r in events.itertuples()
            if not dates.not_later(r.date, r.source_date)]
    assert not late, f"events credited to sources older than the event: {late}"


def test_source_dates_agree_with_the_bibliography(peer, events, bib_dates):
    rows = [(f"regulatory_events:{r.event_id}", r.source_key, r.source_date) for r in events.itertuples()]
    rows += [(f"peer_oral_serds:{r.record_id}", r.source_key, r.source_date) for r in peer.itertuples()
             if pd.notna(r.source_date)]
    wrong = [(row, date, bib_dates[key]) for row, key, date in rows
             if key in bib_dates and dates.parts(date)[:len(dates.parts(bib_dates[key]))]
             != dates.parts(bib_dates[key])[:len(dates.parts(date))]]
    assert not wrong, f"source_date disagrees with the bib year/month: {wrong}"


def test_regulatory_sources_carry_a_date_in_the_bibliography(events, bib_dates):
    undated = sorted(set(events.source_key) - set(bib_dates))
    assert not undated, f"regulatory events cite sources without a year: {undated}"


def test_data_cuts_precede_their_sources(peer):
    dated = peer[peer.data_cut.str.fullmatch(r"\d{4}-\d{2}-\d{2}") & peer.source_date.notna()]
    assert len(dated) >= 3
    late = [r.record_id for r in dated.itertuples() if not dates.not_later(r.data_cut, r.source_date)]
    assert not late


def test_trial_status_is_not_a_regulatory_status(peer):
    """Regulatory events live in regulatory_events.csv with their own dated sources."""
    regulatory = [(r.record_id, r.status) for r in peer.itertuples() if REGULATORY_WORDS.search(r.status)]
    assert not regulatory


def test_p_values_carry_a_sidedness_from_the_vocabulary(peer):
    vocabulary = {"one-sided", "two-sided", "not stated"}
    with_p = peer[peer.p_value.notna()]
    assert len(with_p) >= 5
    assert set(with_p.p_sided) <= vocabulary
    assert peer[peer.p_value.isna()].p_sided.isna().all(), "a sidedness without a p value"
    assert (peer.p_sided.dropna().isin(vocabulary)).all()


def test_amcenestrant_p_values_are_one_sided(peer):
    """AMEERA-3 (0.643) and AMEERA-5 (0.9304) are one-sided; reading them as two-sided would halve them."""
    for record in ("ameera3_all", "ameera5_all"):
        assert peer.set_index("record_id").loc[record, "p_sided"] == "one-sided"


# -- intervals of other levels ----------------------------------------------------------------------

def test_ninety_percent_rows_are_converted_with_their_own_z(peer):
    rows = peer[peer.hr.notna() & peer.ci_low.notna()]  # a hazard ratio without its interval has no SE
    converted = meta.trial_estimates(rows).set_index("record_id")
    ninety = converted[converted.ci_level == 90]
    assert len(ninety) >= 4, "SERENA-2 reports 90% intervals"
    for r in ninety.itertuples():
        width = math.log(r.ci_high) - math.log(r.ci_low)
        assert r.se == pytest.approx(width / (2 * 1.6448536), rel=1e-6)
        assert r.se > width / (2 * 1.959964) * 1.19  # read as 95% it would be 19% too small
        assert r.level_flag.startswith("90% interval")
    assert (converted[converted.ci_level == 95].level_flag == "").all()


def test_a_ninety_percent_interval_is_never_read_as_ninety_five():
    row = pd.DataFrame([{"record_id": "x", "hr": 0.59, "ci_low": 0.42, "ci_high": 0.82, "ci_level": 90}])
    as_90 = meta.trial_estimates(row).se.iloc[0]
    as_95 = meta.trial_estimates(row.assign(ci_level=95)).se.iloc[0]
    assert as_90 / as_95 == pytest.approx(1.959964 / 1.6448536, rel=1e-6)
