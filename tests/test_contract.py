"""The data contract: the real data pass it, and each rule fails on its own where it should."""

import csv
import io

import pandas as pd
import pytest

from amcenestrant_book import contract, data
from amcenestrant_book.data import load_table


def test_the_data_package_is_valid(root):
    problems = contract.validate(root)
    assert problems == [], "\n".join(map(str, problems))


def test_every_source_key_resolves_in_the_bibliography(root):
    keys = contract.bibliography_keys(root)
    unresolved = []
    for name in data.table_names(root):
        frame = load_table(name, root)
        for column in ("source_key", "source_a", "source_b"):
            if column in frame:
                unresolved += [f"{name} row {row}: {key}"
                               for row, key in frame[column].dropna().items() if key not in keys]
    assert unresolved == []


def test_sources_table_and_bibliography_hold_the_same_keys(root):
    assert set(load_table("sources", root).source_key) == contract.bibliography_keys(root)


def test_the_benchchem_documents_are_sources(root):
    sources = load_table("sources", root).set_index("source_key")
    assert len(data.BENCHCHEM_DOCUMENTS) == 2
    assert all(sources.loc[key, "short_title"].startswith("BenchChem") for key in data.BENCHCHEM_DOCUMENTS)


# -- each rule on a small typed frame -------------------------------------------------------------


def frame(**columns):
    """A typed frame as data.load_table returns it: nullable dtypes, rows numbered from 2."""
    def dtype(values):
        return "string" if any(isinstance(v, str) for v in values) else "Float64"
    table = pd.DataFrame({name: pd.array(values, dtype=dtype(values)) for name, values in columns.items()})
    table.index = pd.RangeIndex(2, len(table) + 2, name="row")
    return table


CI = {"ci_level": [95.0]}
PERCENT = {"unit": ["%"]}
BROKEN = {
    # case: (columns of a one-row table, column reported, words of the message)
    "low above estimate": ({"value": [1.0], "ci_low": [1.2], "ci_high": [1.4]} | CI, "ci_low", "exceeds the estimate"),
    "high below estimate": ({"value": [1.6], "ci_low": [1.2], "ci_high": [1.4]} | CI, "ci_high", "below the estimate"),
    "hr outside its CI": ({"hr": [0.5], "ci_low": [0.6], "ci_high": [0.9]} | CI, "ci_low", "exceeds the estimate"),
    "no high bound": ({"value": [1.0], "ci_low": [0.8], "ci_high": [None]} | CI, "ci_high", "both bounds"),
    "no low bound": ({"value": [1.0], "ci_low": [None], "ci_high": [1.2]} | CI, "ci_low", "both bounds"),
    "no level": ({"value": [1.0], "ci_low": [0.8], "ci_high": [1.2], "ci_level": [None]}, "ci_level", "its level"),
    "zero-width CI": ({"value": [1.0], "ci_low": [1.0], "ci_high": [1.0]} | CI, "ci_low", "positive width"),
    "reversed CI": ({"ci_low": [1.4], "ci_high": [1.2]} | CI, "ci_low", "positive width"),
    "percentage above 100": ({"value": [100.1]} | PERCENT, "value", "between 0 and 100"),
    "negative percentage": ({"value": [-0.5]} | PERCENT, "value", "between 0 and 100"),
    "percentage CI low below 0": ({"value": [2.0], "ci_low": [-1.0], "ci_high": [5.0]} | CI | PERCENT,
                                  "ci_low", "between 0 and 100"),
    "percentage CI high above 100": ({"value": [99.0], "ci_low": [97.0], "ci_high": [100.5]} | CI | PERCENT,
                                     "ci_high", "between 0 and 100"),
    "change below -100": ({"value": [-101.0], "measure": ["relative_change"]} | PERCENT, "value", "below -100"),
    "change CI below -100": ({"value": [-90.0], "ci_low": [-100.5], "ci_high": [-80.0], "statistic": ["mean_change"]}
                             | CI | PERCENT, "ci_low", "below -100"),
    "level above 100 (x-unit %)": ({"ci_level": [950.0]}, "ci_level", "between 0 and 100"),
    "p above 1 (statistic)": ({"value": [1.2], "statistic": ["p_value_one_sided"], "unit": ["ratio"]},
                              "value", "p value"),
    "p above 1 (unit)": ({"value": [1.2], "unit": ["probability"]}, "value", "p value"),
    "negative p": ({"value": [-0.1], "unit": ["probability"]}, "value", "p value"),
    "p column above 1": ({"p_value": [64.3]}, "p_value", "p value"),
    "p_value_ column above 1": ({"p_value_two_sided": [1.5]}, "p_value_two_sided", "p value"),
    "zero hazard ratio": ({"value": [0.0], "statistic": ["hazard_ratio"]}, "value", "positive"),
    "zero HR bound": ({"value": [0.5], "ci_low": [0.0], "ci_high": [0.9], "statistic": ["hazard_ratio"]} | CI,
                      "ci_low", "positive"),
    "negative hr column bound": ({"hr": [0.5], "ci_low": [-0.2], "ci_high": [0.9]} | CI, "ci_low", "positive"),
    "count above n": ({"count": [5.0], "n": [4.0]}, "count", "exceeds its denominator"),
    "dose range reversed": ({"dose_mg_low": [600.0], "dose_mg_high": [20.0]}, "dose_mg_high", "below its start"),
    "value range reversed": ({"value_low": [8.0], "value_high": [3.0]}, "value_high", "below its start"),
    "bound without value": ({"qualifier": [">"], "value": [None]}, "value", "needs a value"),
    "value without value": ({"qualifier": ["="], "value": [None]}, "value", "needs a value"),
    "30 February": ({"date": ["2022-02-30"]}, "date", "not a date that exists"),
    "month 13": ({"date": ["2019-13-45"]}, "date", "not a date that exists"),
    "month 13, no day": ({"date": ["2019-13"]}, "date", "not a date that exists"),
    "not a date": ({"date": ["22/08/2022"]}, "date", "not an ISO 8601 date"),
    "_date column": ({"completion_date": ["2024-11-31"]}, "completion_date", "not a date that exists"),
    "date attribute": ({"attribute": ["randomisation_start"], "value": ["2019-10-32"]}, "value",
                       "not a date that exists"),
    "_end attribute": ({"attribute": ["screening_end"], "value": ["2021-1"]}, "value", "not an ISO 8601 date"),
    "_date attribute": ({"attribute": ["completion_date"], "value": ["soon"]}, "value", "not an ISO 8601 date"),
    "bad SMILES": ({"identifier": ["isomeric_smiles"], "value": ["C1CC("]}, "value", "cannot parse"),
    "bad smiles column": ({"smiles": ["c1ccccc"]}, "smiles", "cannot parse"),
    "bad _smiles column": ({"isomeric_smiles": ["C1CC("]}, "isomeric_smiles", "cannot parse"),
    "number not typed": ({"value": ["46"], "value_number": [None]}, "value_number", "give it in value_number"),
    "typed number differs": ({"value": ["46"], "value_number": [45.0]}, "value_number", "give it in value_number"),
    "typed number not stated": ({"value": ["HR > 1.1 at the interim analysis"], "value_number": [1.2]},
                                "value_number", "not a number the value"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_each_rule_reports_row_and_column(case):
    columns, column, words = BROKEN[case]
    units = {"ci_level": "%"} if "ci_level" in columns else {}
    problems = contract.row_rules("data/x.csv", frame(**columns), units)
    assert [str(p).split(": ")[0] for p in problems] == [f"data/x.csv, row 2, column {column}"], problems
    assert words in problems[0].message


HOLDS = {
    "consistent interval": {"value": [1.051], "ci_low": [0.789], "ci_high": [1.4], "unit": ["ratio"]} | CI,
    "estimate on a bound": {"value": [1.2], "ci_low": [1.2], "ci_high": [1.4]} | CI,
    "percentages at 0 and 100": {"value": [0.0, 100.0], "ci_low": [0.0, 97.0], "ci_high": [3.0, 100.0],
                                 "unit": ["%", "%"], "ci_level": [95.0, 95.0]},
    "negative value in another unit": {"value": [-176.7], "unit": ["H-score points"]},
    "change down to -100": {"value": [-100.0, -75.9], "ci_low": [None, -81.9], "ci_high": [None, -67.9],
                            "measure": ["relative_change", "relative_change"], "unit": ["%", "%"],
                            "ci_level": [None, 95.0]},
    "p values at 0 and 1": {"value": [0.0, 1.0], "statistic": ["p_value_one_sided", "p_value_two_sided"]},
    "p column within": {"p_value": [0.643], "p_value_one_sided": [0.0]},
    "median above 1": {"value": [3.6], "statistic": ["median"], "unit": ["months"]},
    "count equals n": {"count": [46.0], "n": [46.0]},
    "point range": {"dose_mg_low": [400.0], "dose_mg_high": [400.0]},
    "open qualifier": {"qualifier": ["not_reached"], "value": [None]},
    "dates at every precision": {"date": ["2024", "2020-10", "2024-02-29"]},
    "date attributes only": {"attribute": ["randomisation_ratio", "randomisation_start"], "value": ["1:1", "2020-10"]},
    "good SMILES": {"identifier": ["isomeric_smiles", "inchikey"], "value": ["C[C@H](N)C(=O)O", "not a SMILES"]},
    "typed numbers": {"attribute": ["screened_n", "stopping_boundary", "design", "completion_date"],
                      "value": ["1277", "HR > 1.1 at the interim analysis", "1:1", "2024"],
                      "value_number": [1277.0, 1.1, None, None]},
}


@pytest.mark.parametrize("case", list(HOLDS))
def test_rules_accept_consistent_rows(case):
    columns = HOLDS[case]
    assert contract.row_rules("data/x.csv", frame(**columns), {"ci_level": "%"}) == []


# -- each rule on a copy of the real data ------------------------------------------------------


def set_cell(path, key, column, value):
    """Set `column` of the row whose first cell is `key`; return that row's number (header = 1)."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    number = next(i for i, row in enumerate(rows) if row[0] == key)
    rows[number][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return number + 1


COPY_CASES = {
    "zero-width CI": ("efficacy", "a3_pfs_hr", {"ci_low": "1.4"}, "ci_low"),
    "negative percentage": ("efficacy", "a5_orr_amc", {"value": "-5"}, "value"),
    "percentage CI above 100": ("biomarkers", "a3_esr1_clearance_amcenestrant", {"ci_low": "50", "ci_high": "101",
                                                                                   "ci_level": "95"}, "ci_high"),
    "p above 1": ("efficacy", "a3_pfs_p", {"value": "64.3"}, "value"),
    "30 February": ("timeline", "program_discontinuation", {"date": "2022-02-30"}, "date"),
    "month 13": ("trial_facts", "a3_randomisation_start", {"value": "2019-13-45"}, "value"),
    "number not typed": ("trial_facts", "a5_median_follow_up", {"value_number": ""}, "value_number"),
}


@pytest.mark.parametrize("case", list(COPY_CASES))
def test_a_broken_cell_of_the_real_data_is_reported(data_copy, case):
    table, key, cells, column = COPY_CASES[case]
    path = data_copy / "data" / f"{table}.csv"
    row = [set_cell(path, key, name, value) for name, value in cells.items()][0]
    with pytest.raises(contract.DataError) as raised:
        load_table(table, data_copy)
    assert [str(p).split(": ")[0] for p in raised.value.problems] == [f"data/{table}.csv, row {row}, column {column}"]


def test_an_unparseable_smiles_of_the_real_data_is_reported(data_copy):
    path = data_copy / "data" / "compound_identifiers.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    row = next(i for i, line in enumerate(lines, 1) if line.startswith("amcenestrant,isomeric_smiles,"))
    smiles = lines[row - 1].split(",")[2]
    lines[row - 1] = lines[row - 1].replace(smiles, smiles[:-3] + "(", 1)
    path.write_text("".join(lines), encoding="utf-8")
    problems = contract.validate(data_copy)
    assert [str(p).split(": ")[0] for p in problems] == [f"data/compound_identifiers.csv, row {row}, column value"]


def test_every_problem_is_reported_in_row_order():
    table = frame(value=[50.0, 150.0], unit=["%", "%"], date=["2022-02-30", "2022-02-28"])
    problems = contract.row_rules("data/x.csv", table)
    assert [(p.row, p.column) for p in problems] == [(2, "date"), (3, "value")]
