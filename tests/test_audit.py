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
    columns = ["record_id", "drug", "trial", "population", "n", "hr", "ci_low", "ci_high", "ci_level", "endpoint",
               "p_value", "p_sided", "source_key"]
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
    ("copy", "drug", "T-1", "all randomized", 290, 1.051, 0.789, 1.4, 95, "PFS, investigator-assessed", 0.643,
     "one-sided", "src"),
    ("other", "drug", "T-2", "all randomized", 100, 0.5, 0.3, 0.9, 95, "PFS (planned primary endpoint)", 0.004,
     "not stated", "src"),
    ("sub", "drug", "T-1", "a subgroup", 100, 0.9, 0.6, 1.35, 95, "PFS, investigator-assessed", None, None, "src"),
    # Same numbers as the efficacy hazard ratio, but overall survival: not a copy of it.
    ("os", "drug", "T-1", "all randomized", 290, 1.051, 0.789, 1.4, 95, "OS (prespecified interim analysis)", None,
     None, "src"),
])
PEER_WRITTEN.loc["copy", "p_value"] = "0.643"
PEER_WRITTEN.loc["other", "p_value"] = "0.004"
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


def test_reported_p_values_pair_efficacy_rows_and_peer_p_columns():
    pairs = audit.reported_p_values(EFF, PEER, WRITTEN)
    assert list(pairs["p record"]) == ["efficacy:p1", "peer_oral_serds:copy", "peer_oral_serds:other"]
    assert list(pairs["p text"]) == ["0.643", "0.643", "0.004"]
    assert list(pairs.sided) == ["one-sided", "one-sided", "two-sided (assumed)"]


def test_peer_hazard_ratios_keep_their_endpoint():
    hrs = audit.hazard_ratios(EFF, PEER).set_index("record_id")
    assert hrs.loc["os", "endpoint"] == "OS" and hrs.loc["other", "endpoint"] == "PFS"
    assert hrs.loc["os", "label"] == "T-1 (drug) OS, all randomized"


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
    # 5 hazard-ratio rows, one a copy (the OS row with the same numbers is not): 4; 3 p rows, one a
    # copy: 2; 2 checkable percentages (the landmark rate is not a count over n).
    assert checks.kind.value_counts().to_dict() == {"hazard ratio": 4, "p value": 2, "percentage": 2}


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


def contrast_tables(written_low: str):
    typed, written = peer_table([
        ("a", "drug", "T-1", "all", 100, 1.209, 0.939, 1.557, 95, "PFS, investigator-assessed", None, None, "src"),
        ("b", "drug", "T-2", "all", 100, 0.89, 0.76, 1.05, 95, "PFS, investigator-assessed", None, None, "src"),
    ])
    written.loc["a", ["hr", "ci_low", "ci_high"]] = ["1.209", "0.939", "1.557"]
    written.loc["b", ["hr", "ci_low", "ci_high"]] = ["0.89", written_low, "1.05"]
    return typed, written


def test_hr_contrast_p_range_follows_the_decimals_as_written():
    # ln(1.209 / 0.89) = 0.306339; SEs ln(1.557 / 0.939) / 3.919928 = 0.128995 and
    # ln(1.05 / 0.76) / 3.919928 = 0.082467; z = 0.306339 / 0.153103 = 2.0009, two-sided p = 0.0454.
    typed, written = contrast_tables("0.76")
    contrast = audit.hr_contrast(typed, written, "a", "b")
    assert contrast["p_two_sided"] == pytest.approx(0.0454, abs=1e-4)
    assert contrast["p_low"] < 0.05 < contrast["p_high"]
    narrower = audit.hr_contrast(*contrast_tables("0.760"), "a", "b")
    assert contrast["p_low"] < narrower["p_low"] and narrower["p_high"] < contrast["p_high"]


def test_hr_contrast_refuses_intervals_at_different_levels():
    typed, written = contrast_tables("0.76")
    typed.loc[1, "ci_level"] = 90
    with pytest.raises(ValueError, match="different levels"):
        audit.hr_contrast(typed, written, "a", "b")


def test_hazard_ratios_are_named_in_words_with_the_benchchem_rows_marked():
    eff, _ = efficacy_table([
        ("hr1", "T-1", "all patients", "PFS", "hazard_ratio", 1.051, 0.789, 1.4, 95, 290, None, "ratio", "src"),
        ("hr2", "T-1", "all patients", "PFS", "hazard_ratio", 1.05, 0.79, 1.4, 95, 290, None, "ratio",
         "benchchem_amcenestrant"),
    ])
    labels = audit.record_labels(audit.hazard_ratios(eff, PEER.iloc[0:0]))
    assert labels.to_dict() == {"efficacy:hr1": "T-1 PFS, all patients",
                                "efficacy:hr2": "T-1 PFS, all patients (BenchChem)"}
    assert "landmark rate" in set(audit.percentages(EFF, EFF.iloc[0:0].assign(biomarker="", measure="")).what.str[4:])
