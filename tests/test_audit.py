"""The statistical audit's checks (audit.py) on small tables made by hand, and on the AMEERA-3 p
value, whose range under each reading of its upper limit is worked out independently."""

import pandas as pd
import pytest

from amcenestrant_book import audit


def efficacy_table(rows):
    columns = ["record_id", "trial_id", "population", "endpoint", "statistic", "value", "ci_low", "ci_high",
               "ci_level", "n", "count", "unit", "source_key"]
    typed = pd.DataFrame([dict(zip(columns, r, strict=True)) for r in rows])
    written = typed.astype(str).set_index("record_id")
    return typed, written


def peer_table(rows):
    columns = ["record_id", "drug", "trial", "population", "n", "hr", "ci_low", "ci_high", "ci_level", "note",
               "source_key"]
    typed = pd.DataFrame([dict(zip(columns, r, strict=True)) for r in rows])
    return typed, typed.astype(str).set_index("record_id")


# The AMEERA-3 primary comparison as written: HR 1.051 (0.789 to 1.4), one-sided p 0.643.
EFF, EFF_WRITTEN = efficacy_table([
    ("hr1", "T-1", "all", "PFS", "hazard_ratio", 1.051, 0.789, 1.4, 95, 290, None, "ratio", "src"),
    ("p1", "T-1", "all", "PFS", "p_value_one_sided", 0.643, None, None, None, None, None, "probability", "src"),
    ("pct1", "T-1", "all", "ORR", "proportion", 12.5, None, None, None, 40, 5, "%", "src"),
    ("pct2", "T-1", "all", "CBR", "proportion", 12.5, None, None, None, 40, 6, "%", "src"),
    ("km", "T-1", "all", "PFS", "landmark_rate", 35.5, None, None, None, 40, None, "%", "src"),
])
EFF_WRITTEN.loc["hr1", ["value", "ci_low", "ci_high"]] = ["1.051", "0.789", "1.4"]
EFF_WRITTEN.loc["p1", "value"] = "0.643"
EFF_WRITTEN.loc["pct1", "value"] = EFF_WRITTEN.loc["pct2", "value"] = "12.5"
EFF_WRITTEN.loc["km", "value"] = "35.5"
PEER, PEER_WRITTEN = peer_table([
    ("copy", "drug", "T-1", "all randomized", 290, 1.051, 0.789, 1.4, 95, "one-sided p 0.643", "src"),
    ("other", "drug", "T-2", "all randomized", 100, 0.5, 0.3, 0.9, 95, "no p here", "src"),
    ("sub", "drug", "T-1", "a subgroup", 100, 0.9, 0.6, 1.35, 95, "no p here", "src"),
])
WRITTEN = {"efficacy": EFF_WRITTEN, "peer_oral_serds": PEER_WRITTEN}


def test_p_gap_allows_half_a_unit_of_the_reported_decimal():
    assert audit.p_gap("0.643", 0.6316, 0.6345) == pytest.approx(0.643 - 0.0005 - 0.6345)
    assert audit.p_gap("0.63", 0.6316, 0.6345) == 0  # 0.625 to 0.635 overlaps the range
    assert audit.p_gap("0.62", 0.6316, 0.6345) == pytest.approx(0.6316 - 0.625)


def test_ameera3_p_passes_as_written_and_fails_read_to_three_decimals():
    # Independent reference: read as 1.400 the one-sided p runs from 0.6316 to 0.6345, and 0.643
    # lies outside; read as "1.4" (1.35 to 1.45) the range reaches beyond 0.643.
    hrs = audit.hazard_ratios(EFF, PEER)
    pairs = audit.reported_p_values(EFF, PEER, WRITTEN)
    row = audit.audit_p_value(pairs[pairs["p record"] == "efficacy:p1"].iloc[0], hrs, WRITTEN, {})
    assert (round(row["_low_full"], 4), round(row["_high_full"], 4)) == (0.6316, 0.6345)
    assert row["_gap_written"] == 0
    assert row["_high"] > 0.643
    assert row["verdict"] == "flag"
    assert row["_gap"] == pytest.approx(0.643 - 0.0005 - row["_high_full"])
    assert "3 decimals" in row["reason"] and "log-rank" in row["reason"]


def test_reported_p_values_pair_efficacy_rows_and_peer_notes():
    pairs = audit.reported_p_values(EFF, PEER, WRITTEN)
    assert list(pairs["p record"]) == ["efficacy:p1", "peer_oral_serds:copy (note)"]
    assert list(pairs.sided) == ["one-sided", "one-sided"]


def test_copies_and_distinct_checks_count_a_copied_row_once():
    hrs = audit.hazard_ratios(EFF, PEER)
    copied = audit.copies(hrs)
    assert copied == {"peer_oral_serds:copy": "efficacy:hr1"}
    hr_audit = pd.DataFrame([audit.audit_hazard_ratio(r, WRITTEN, {}) for r in hrs.itertuples()])
    pairs = audit.reported_p_values(EFF, PEER, WRITTEN)
    p_audit = pd.DataFrame([audit.audit_p_value(r, hrs, WRITTEN, {}) for _, r in pairs.iterrows()])
    pct = audit.percentages(EFF, EFF.iloc[0:0].assign(biomarker="", measure=""))
    pct_audit = pd.DataFrame([audit.audit_percentage(r, WRITTEN, {}) for _, r in pct.iterrows()])
    checks = audit.distinct_checks(hr_audit, p_audit, pct_audit, copied)
    # 4 hazard-ratio rows, one a copy: 3; 2 p rows, one a copy: 1; 2 checkable percentages (the
    # landmark rate is not a count over n).
    assert checks.kind.value_counts().to_dict() == {"hazard ratio": 3, "p value": 1, "percentage": 2}


def test_percentage_check_flags_a_count_that_does_not_give_the_percentage():
    pct = audit.percentages(EFF, EFF.iloc[0:0].assign(biomarker="", measure=""))
    rows = {r.record_id: audit.audit_percentage(r, WRITTEN, {}) for _, r in pct.iterrows()}
    assert rows["pct1"]["verdict"] == "pass"  # 5 / 40 = 12.5%
    assert rows["pct2"]["verdict"] == "flag"  # 6 / 40 = 15.0%
    assert "gives 15.0%" in rows["pct2"]["reason"]


def test_hazard_ratio_flags_too_many_events_and_asymmetry():
    eff, written = efficacy_table([
        ("few", "T-1", "all", "PFS", "hazard_ratio", 1.0, 0.9, 1.11, 95, 1200, None, "ratio", "src"),
        ("skew", "T-1", "all", "PFS", "hazard_ratio", 1.0, 0.5, 4.0, 95, None, None, "ratio", "src"),
    ])
    written.loc["few", ["value", "ci_low", "ci_high"]] = ["1.00", "0.90", "1.11"]
    written.loc["skew", ["value", "ci_low", "ci_high"]] = ["1.0", "0.5", "4.0"]
    hrs = audit.hazard_ratios(eff, PEER.iloc[0:0])
    rows = {r.record_id: audit.audit_hazard_ratio(r, {"efficacy": written}, {}) for r in hrs.itertuples()}
    # 0.90 to 1.11: SE = ln(1.11 / 0.9) / 3.919928 = 0.209721 / 3.919928 = 0.053501, 4 / SE^2 = 1397.4.
    # Over the rounding, at least (0.895 to 1.115): 4 / (ln(1.115 / 0.895) / 3.919928)^2 = 1272.2, more
    # than the 1200 patients.
    assert rows["few"]["events implied"] == 1397
    assert rows["few"]["events range (rounding)"].startswith("1272 to")
    assert rows["few"]["verdict"] == "flag" and "at least 1272 events among 1200" in rows["few"]["reason"]
    assert rows["skew"]["verdict"] == "flag" and "not symmetric" in rows["skew"]["reason"]


def test_register_index():
    register = pd.DataFrame({"discrepancy_id": ["d1", "d2", "d3"],
                             "record_ids": ["efficacy:a; efficacy:b", "efficacy:a", None]})
    assert audit.register_index(register) == {"efficacy:a": ["d1", "d2"], "efficacy:b": ["d1"]}
