"""What a chapter's assertion over the audit names: the CSV rows of the audited records, and the
numbers behind the audit table's rounding-range text."""

import pandas as pd
from test_audit import PEER, efficacy_table

from amcenestrant_book import audit


def frame(table: str, ids: list[str], rows: list[int]) -> pd.DataFrame:
    typed = pd.DataFrame({"record_id": ids}, index=rows)  # index = CSV row numbers, as load_table gives
    typed.attrs["table"] = table
    return typed


def test_located_names_the_csv_rows_of_audited_records():
    tables = {"efficacy": frame("efficacy", ["a", "b", "c"], [2, 5, 9]),
              "peer_oral_serds": frame("peer_oral_serds", ["x"], [4])}
    where = audit.located(["efficacy:c", "peer_oral_serds:x", "efficacy:a"], tables)
    assert where == "data/efficacy.csv, rows 2, 9; data/peer_oral_serds.csv, row 4"
    assert audit.located([], tables) == "no rows"


def test_hazard_ratio_gives_its_event_range_as_numbers():
    eff, written = efficacy_table([("few", "T-1", "all", "PFS", "hazard_ratio", 1.0, 0.9, 1.11, 95, 1200, None,
                                    "ratio", "src")])
    written.loc["few", ["value", "ci_low", "ci_high"]] = ["1.00", "0.90", "1.11"]
    row = next(audit.hazard_ratios(eff, PEER.iloc[0:0]).itertuples())
    checked = audit.audit_hazard_ratio(row, {"efficacy": written}, {})
    # Widest interval within rounding (0.895 to 1.115): 4 / (ln(1.115 / 0.895) / 3.919928)^2 = 1272.38;
    # narrowest (0.905 to 1.105): 4 / (ln(1.105 / 0.905) / 3.919928)^2 = 1541.73.
    assert round(checked["_events_low"], 1) == 1272.4
    assert round(checked["_events_high"], 1) == 1541.7
    assert checked["events range (rounding)"] == "1272 to 1542"
