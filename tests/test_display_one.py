"""`display.one`, which backs the numbers in prose: exactly one row, the one every condition picks."""

import pandas as pd
import pytest

from amcenestrant_book.display import one


@pytest.fixture
def efficacy():
    """Rows numbered as in a CSV (header = 1); each condition alone matches two rows."""
    frame = pd.DataFrame({
        "trial_id": pd.array(["AMEERA-3", "AMEERA-3", "AMEERA-5", "AMEERA-5"], dtype="string"),
        "population": pd.array(["all patients", "ESR1 mutated", "all patients", None], dtype="string"),
        "value": pd.array([1.051, 0.9, 1.209, 0.5], dtype="Float64"),
    })
    frame.index = pd.RangeIndex(2, 6, name="row")
    return frame


def test_every_condition_must_hold(efficacy):
    row = one(efficacy, trial_id="AMEERA-5", population="all patients")
    assert (row.name, row.value) == (4, 1.209)


def test_the_row_keeps_its_csv_row_number_and_values(efficacy):
    row = one(efficacy, population="ESR1 mutated")
    assert row.name == 3
    assert row.to_dict() == {"trial_id": "AMEERA-3", "population": "ESR1 mutated", "value": 0.9}


def test_no_match_fails(efficacy):
    with pytest.raises(LookupError, match="found 0"):
        one(efficacy, trial_id="AMEERA-3", population="ESR1 wild-type")


def test_several_matches_fail(efficacy):
    with pytest.raises(LookupError, match="found 2"):
        one(efficacy, trial_id="AMEERA-3")


def test_a_missing_value_matches_nothing(efficacy):
    with pytest.raises(LookupError, match="found 0"):
        one(efficacy, population=pd.NA)


def test_an_unknown_column_fails(efficacy):
    with pytest.raises(KeyError):
        one(efficacy, arm="ameera3_amcenestrant")
