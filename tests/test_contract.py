"""The data contract: the real data pass it, and each rule can fail."""

import pandas as pd
import pytest

from amcenestrant_book import contract
from amcenestrant_book.data import load_table


def test_the_data_package_is_valid(root):
    problems = contract.validate(root)
    assert problems == [], "\n".join(map(str, problems))


def test_every_source_key_resolves_in_the_bibliography(root):
    keys = contract.bibliography_keys(root)
    descriptor = contract.load_descriptor(root)
    unresolved = []
    for resource in descriptor["resources"]:
        frame = load_table(resource["name"], root)
        for column in ("source_key", "source_a", "source_b"):
            if column in frame:
                unresolved += [f"{resource['path']} row {row}: {key}"
                               for row, key in frame[column].dropna().items() if key not in keys]
    assert unresolved == []


def test_sources_table_and_bibliography_hold_the_same_keys(root):
    assert set(load_table("sources", root).source_key) == contract.bibliography_keys(root)


def frame(**columns):
    """A typed frame as data.load_table returns it: nullable dtypes, rows numbered from 2."""
    def dtype(values):
        return "string" if any(isinstance(v, str) for v in values) else "Float64"
    data = pd.DataFrame({name: pd.array(values, dtype=dtype(values)) for name, values in columns.items()})
    data.index = pd.RangeIndex(2, len(data) + 2, name="row")
    return data


@pytest.mark.parametrize(("columns", "column", "message"), [
    ({"value": [1.0], "ci_low": [1.2], "ci_high": [1.4], "ci_level": [95.0]}, "ci_low", "exceeds the estimate"),
    ({"value": [1.6], "ci_low": [1.2], "ci_high": [1.4], "ci_level": [95.0]}, "ci_high", "below the estimate"),
    ({"value": [1.0], "ci_low": [0.8], "ci_high": [None], "ci_level": [95.0]}, "ci_high", "both bounds"),
    ({"value": [1.0], "ci_low": [0.8], "ci_high": [1.2], "ci_level": [None]}, "ci_level", "its level"),
    ({"hr": [0.5], "ci_low": [0.6], "ci_high": [0.9], "ci_level": [90.0]}, "ci_low", "exceeds the estimate"),
    ({"value": [100.1], "unit": ["%"]}, "value", "cannot exceed 100"),
    ({"count": [5], "n": [4]}, "count", "exceeds its denominator"),
    ({"dose_mg_low": [600.0], "dose_mg_high": [20.0]}, "dose_mg_high", "below its start"),
    ({"qualifier": [">"], "value": [None]}, "value", "needs a value"),
])
def test_each_row_rule_reports_row_and_column(columns, column, message):
    problems = contract.row_rules("data/x.csv", frame(**columns))
    assert len(problems) == 1
    assert str(problems[0]).startswith(f"data/x.csv, row 2, column {column}: ")
    assert message in problems[0].message


def test_row_rules_accept_consistent_rows():
    ok = frame(value=[1.051, 35.5], unit=["ratio", "%"], ci_low=[0.789, None], ci_high=[1.4, None],
               ci_level=[95.0, None], count=[5, None], n=[46, None])
    assert contract.row_rules("data/x.csv", ok) == []
