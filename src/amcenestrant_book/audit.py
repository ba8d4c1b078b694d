"""The statistical audit: every hazard ratio, reported p value and percentage of the data checked
against the arithmetic that ties it to the others. The formulas are in `stats`; this module picks
the rows, reads each number with the decimals it was written with, and gives each check a verdict.

Tables are passed in (typed, from `load_table`) with their cells as written (`load_written`,
indexed by record_id), so that the checks can be tested on small hand-made tables."""

from __future__ import annotations

import pandas as pd

from . import data, stats

HR_COLUMNS = ["table", "record_id", "trial_id", "endpoint", "population", "label", "hr", "ci_low", "ci_high",
              "ci_level", "n", "source_key"]
SIGNIFICANCE = 0.05
"""The conventional two-sided threshold a reader holds a p value against (named where a claim turns on it)."""
STRATIFIED_TEST = ("the p value comes from the stratified log-rank test and the interval from a stratified "
                   "Cox model (Wald); the two differ in the third or fourth decimal")


def register_index(register: pd.DataFrame) -> dict[str, list[str]]:
    """Record ("table:record_id") -> the discrepancy entries that name it."""
    index: dict[str, list[str]] = {}
    for entry in register.dropna(subset=["record_ids"]).itertuples():
        for record in entry.record_ids.split(";"):
            index.setdefault(record.strip(), []).append(entry.discrepancy_id)
    return index


def located(records, tables: dict[str, pd.DataFrame]) -> str:
    """Where the audited records ("table:record_id") stand in their CSVs, for the message of a
    chapter's assertion over an audit frame: "data/efficacy.csv, row 15; data/peer_oral_serds.csv, row 4"."""
    wanted: dict[str, list[str]] = {}
    for record in records:
        table, record_id = record.split(":")
        wanted.setdefault(table, []).append(record_id)
    return "; ".join(data.located(tables[t][tables[t].record_id.isin(ids)]) for t, ids in wanted.items()) or "no rows"


def endpoint_name(endpoint: pd.Series) -> pd.Series:
    """The endpoint alone (PFS, OS, iDFS) of the peer table's endpoint vocabulary, which adds the
    assessor or the analysis after a comma or a parenthesis ("PFS, investigator-assessed")."""
    return endpoint.str.split(r"[ ,]", n=1, regex=True).str[0]


def hazard_ratios(efficacy: pd.DataFrame, peer: pd.DataFrame) -> pd.DataFrame:
    """One row per hazard ratio with an interval: efficacy.csv (statistic hazard_ratio) and
    peer_oral_serds.csv, each with its endpoint (PFS, OS, iDFS). A hazard ratio reported without
    its interval has no standard error to check, and is left out."""
    amc = efficacy[efficacy.statistic == "hazard_ratio"].assign(
        table="efficacy", hr=lambda f: f.value, label=lambda f: f.trial_id + " " + f.endpoint + ", " + f.population)
    others = peer[peer.hr.notna() & peer.ci_low.notna()].assign(
        table="peer_oral_serds", endpoint=lambda f: endpoint_name(f.endpoint), trial_id=lambda f: f.trial,
        label=lambda f: f.trial + " (" + f.drug + ") " + f.endpoint + ", " + f.population)
    return pd.concat([amc[HR_COLUMNS], others[HR_COLUMNS]], ignore_index=True)


def record_labels(hrs: pd.DataFrame) -> pd.Series:
    """"table:record_id" -> the hazard ratio in words, marked where it rests on the BenchChem
    documents, for tables and figures that name the hazard ratio a check used."""
    words = hrs.label + hrs.source_key.isin(data.BENCHCHEM_DOCUMENTS).map({True: " (BenchChem)", False: ""})
    return pd.Series(words.to_numpy(), index=hrs.table + ":" + hrs.record_id)


def written_estimate(row, written: dict[str, pd.DataFrame]) -> list[str]:
    """The estimate and its two limits as the CSV writes them."""
    cells = written[row.table].loc[row.record_id]
    return [cells["value" if row.table == "efficacy" else "hr"], cells["ci_low"], cells["ci_high"]]


def copies(hrs: pd.DataFrame) -> dict[str, str]:
    """Peer-table records that copy an efficacy-table record (same trial, estimate, interval and
    level): "peer_oral_serds:x" -> "efficacy:y". A copied number is one check, not two."""
    key = ["trial_id", "endpoint", "hr", "ci_low", "ci_high", "ci_level"]
    amc = hrs[hrs.table == "efficacy"]
    merged = hrs[hrs.table == "peer_oral_serds"].merge(amc, on=key, suffixes=("", "_amc"))
    return {f"peer_oral_serds:{r.record_id}": f"efficacy:{r.record_id_amc}" for r in merged.itertuples()}


def audit_hazard_ratio(row, written: dict[str, pd.DataFrame], register_ids: dict[str, list[str]]) -> dict:
    """SE, z, p, implied events and log-scale symmetry of one hazard ratio, each over the values
    that round to the written ones; flags an interval implying more events than patients or one
    that no rounding makes symmetric."""
    texts = written_estimate(row, written)
    decimals = [stats.decimals_as_written(t) for t in texts]
    values, level = [row.hr, row.ci_low, row.ci_high], float(row.ci_level)
    se = stats.log_hr_standard_error(row.ci_low, row.ci_high, level)
    p = stats.hr_p_values(row.hr, row.ci_low, row.ci_high, level)
    events = stats.events_for_standard_error(se)
    events_low, events_high = stats.rounding_range(
        lambda lo, hi: stats.events_for_standard_error(stats.log_hr_standard_error(lo, hi, level)),
        values[1:], decimals[1:])
    asym = stats.ci_log_asymmetry(*values)
    asym_low, asym_high = stats.rounding_range(stats.ci_log_asymmetry, values, decimals)
    flags = []
    if pd.notna(row.n) and events_low > row.n:
        flags.append(f"implies at least {events_low:.0f} events among {row.n} patients")
    if not asym_low <= 0 <= asym_high:
        flags.append("interval not symmetric on the log scale, even within rounding")
    record = f"{row.table}:{row.record_id}"
    return {
        "record": record, "estimate": row.label, "HR (CI)": f"{texts[0]} ({texts[1]} to {texts[2]})",
        "CI %": int(level), "SE log HR": round(se, 4), "z": round(p["z"], 3),
        "p one-sided": float(f"{p['p_one_sided']:.3g}"), "p two-sided": float(f"{p['p_two_sided']:.3g}"),
        "events implied": round(events), "events range (rounding)": f"{events_low:.0f} to {events_high:.0f}",
        "events if read as 95%": round(stats.events_for_standard_error(
            stats.log_hr_standard_error(row.ci_low, row.ci_high, 95))) if level != 95 else pd.NA,
        "n": row.n, "log asymmetry": round(asym, 3), "asymmetry range (rounding)": f"{asym_low:.3f} to {asym_high:.3f}",
        "verdict": "flag" if flags else "pass", "reason": "; ".join(flags),
        "register": ", ".join(register_ids.get(record, [])), "source": row.source_key,
        "_se": se, "_z": p["z"], "_events": events, "_events_low": events_low, "_events_high": events_high,
    }


def reported_p_values(efficacy: pd.DataFrame, peer: pd.DataFrame, written: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Each reported p value paired with every hazard ratio of the same comparison: the p rows of
    efficacy.csv, and the p_value of each peer_oral_serds.csv row with a hazard ratio (a p without
    a stated side is taken as two-sided)."""
    rows = []
    for r in efficacy[efficacy.statistic.str.startswith("p_value")].itertuples():
        same = efficacy[(efficacy.statistic == "hazard_ratio") & (efficacy.trial_id == r.trial_id)
                        & (efficacy.population == r.population) & (efficacy.endpoint == r.endpoint)]
        rows += [{"p record": f"efficacy:{r.record_id}", "p text": written["efficacy"].loc[r.record_id, "value"],
                  "sided": "one-sided" if r.statistic.endswith("one_sided") else "two-sided",
                  "p source": r.source_key, "record": f"efficacy:{h}"} for h in same.record_id]
    sided = {"one-sided": "one-sided", "two-sided": "two-sided", "not stated": "two-sided (assumed)"}
    for r in peer[peer.hr.notna() & peer.p_value.notna()].itertuples():
        rows.append({"p record": f"peer_oral_serds:{r.record_id}", "p text": written["peer_oral_serds"].loc[
            r.record_id, "p_value"], "sided": sided[r.p_sided], "p source": r.source_key,
            "record": f"peer_oral_serds:{r.record_id}"})
    return pd.DataFrame(rows)


def p_range(texts: list[str], level: float, sided: str, decimals: list[int] | None = None) -> dict[str, float]:
    """The p value recomputed from an estimate and interval written as `texts`, and its range over
    every value that rounds to them (to `decimals`, by default the decimals as written)."""
    values = [float(t) for t in texts]
    decimals = decimals or [stats.decimals_as_written(t) for t in texts]
    key = "p_one_sided" if sided == "one-sided" else "p_two_sided"
    low, high = stats.rounding_range(lambda h, lo, hi: stats.hr_p_values(h, lo, hi, level)[key], values, decimals)
    return {"p": stats.hr_p_values(*values, level)[key], "low": low, "high": high}


def p_gap(reported_text: str, low: float, high: float) -> float:
    """How far a reported p (give or take half a unit of its last decimal) lies outside [low, high]."""
    reported, half = float(reported_text), 0.5 * 10 ** -stats.decimals_as_written(reported_text)
    return max(low - (reported + half), (reported - half) - high, 0.0)


def audit_p_value(row, hrs: pd.DataFrame, written: dict[str, pd.DataFrame],
                  register_ids: dict[str, list[str]]) -> dict:
    """A reported p against the p its hazard ratio and interval give, over their rounding, read
    two ways: with the decimals as written, and with every number at the estimate's and interval's
    largest number of decimals (a limit written "1.4" beside "0.789" read as "1.400", its trailing
    zeros dropped). The verdict follows the second, the likelier reading."""
    table_name, record_id = row.record.split(":")
    source = hrs[(hrs.table == table_name) & (hrs.record_id == record_id)].iloc[0]
    texts = written_estimate(source, written)
    level = float(source.ci_level)
    as_written = p_range(texts, level, row.sided)
    full = max(stats.decimals_as_written(t) for t in texts)
    padded = p_range(texts, level, row.sided, [full] * 3)
    gap_written = p_gap(row["p text"], as_written["low"], as_written["high"])
    gap = p_gap(row["p text"], padded["low"], padded["high"])
    reason = ""
    if gap > 0:
        reading = "as written" if gap_written > 0 else f"with every number read to {full} decimals"
        reason = f"outside the range {reading} by {gap:.4f}; likely cause: {STRATIFIED_TEST}"
    return {"p record": row["p record"], "reported p": row["p text"], "sided": row.sided, "p source": row["p source"],
            "compared with": row.record, "HR (CI) as written": f"{texts[0]} ({texts[1]} to {texts[2]})",
            "recomputed p": round(as_written["p"], 4),
            "range, decimals as written": f"{as_written['low']:.4f} to {as_written['high']:.4f}",
            "range, all to the most decimals written": f"{padded['low']:.4f} to {padded['high']:.4f}",
            "verdict": "flag" if gap > 0 else "pass", "reason": reason,
            "register": ", ".join(register_ids.get(row["p record"], [])), "_gap": gap, "_gap_written": gap_written,
            "_p": as_written["p"], "_low": as_written["low"], "_high": as_written["high"],
            "_low_full": padded["low"], "_high_full": padded["high"], "_reported": float(row["p text"])}


def percentages(efficacy: pd.DataFrame, biomarkers: pd.DataFrame) -> pd.DataFrame:
    """Every percentage of efficacy.csv and biomarkers.csv, with its kind (statistic or measure)."""
    def words(codes: pd.Series) -> pd.Series:
        return codes.str.replace("_", " ")

    eff = efficacy[efficacy.unit == "%"].assign(table="efficacy", what=lambda f: f.endpoint + " " + words(f.statistic),
                                                kind=lambda f: f.statistic)
    bio = biomarkers[biomarkers.unit == "%"].assign(table="biomarkers",
                                                    what=lambda f: f.biomarker + " " + words(f.measure),
                                                    kind=lambda f: f.measure)
    columns = ["table", "record_id", "trial_id", "population", "what", "value", "count", "n", "source_key", "kind"]
    return pd.concat([eff[columns], bio[columns]], ignore_index=True)


def audit_percentage(row, written: dict[str, pd.DataFrame], register_ids: dict[str, list[str]]) -> dict:
    """GRIM-style check of a percentage of n patients (and of its reported count); landmark rates
    and relative changes are not counts over n; without n, the smallest possible denominator."""
    text = written[row.table].loc[row.record_id, "value"]
    decimals = stats.decimals_as_written(text)
    check, verdict, reason, matching = "", "n.a.", "", ""
    if row.kind == "landmark_rate":
        check, reason = "none", "Kaplan-Meier estimate, not a count over n"
    elif row.kind == "relative_change":
        check, reason = "none", "relative change, not a proportion"
    elif pd.isna(row.n):
        check = "smallest denominator"
        matching = f"n >= {stats.smallest_denominator(row.value, decimals)}"
        reason = "no denominator in the sources"
    else:
        check = "GRIM"
        counts = stats.counts_matching_percentage(row.value, int(row.n), decimals)
        matching = ", ".join(map(str, counts)) or "none"
        problems = []
        if not counts:
            problems.append(f"no whole count out of {row.n} gives {text}%")
        if pd.notna(row["count"]) and row["count"] not in counts:
            shown = stats.round_half_up(100 * row["count"] / row.n, decimals)
            problems.append(f"reported count {row['count']} gives {shown}%")
        verdict, reason = ("flag", "; ".join(problems)) if problems else ("pass", "")
    record = f"{row.table}:{row.record_id}"
    return {"record": record, "trial": row.trial_id, "population": row.population, "what": row.what,
            "reported %": text, "n": row.n, "reported count": row["count"], "check": check,
            "counts giving the % (derived)": matching, "verdict": verdict, "reason": reason,
            "register": ", ".join(register_ids.get(record, [])), "source": row.source_key}


def distinct_checks(hr_audit: pd.DataFrame, p_audit: pd.DataFrame, pct_audit: pd.DataFrame,
                    copied: dict[str, str]) -> pd.DataFrame:
    """Every check made (verdict pass or flag), once: a peer-table row that copies an efficacy row,
    and its p value where it repeats the efficacy table's, count once."""
    def canonical(record: str) -> str:
        return copied.get(record, record)

    def p_key(r) -> str:
        hr_key = canonical(r["compared with"])
        return f"p {r['reported p']} {r['sided'].split(' ')[0]} vs {hr_key}"

    checks = pd.concat([
        pd.DataFrame({"kind": "hazard ratio", "key": hr_audit.record.map(canonical), "verdict": hr_audit.verdict}),
        pd.DataFrame({"kind": "p value", "key": p_audit.apply(p_key, axis=1), "verdict": p_audit.verdict}),
        pd.DataFrame({"kind": "percentage", "key": pct_audit.record, "verdict": pct_audit.verdict}),
    ], ignore_index=True)
    checks = checks[checks.verdict != "n.a."]
    return checks.drop_duplicates(subset=["kind", "key"])


def hr_contrast(peer: pd.DataFrame, written: pd.DataFrame, record_a: str, record_b: str) -> dict[str, float]:
    """The ratio of two peer-table hazard ratios (a over b) with its interval, z and two-sided p
    (`stats.ratio_of_hazard_ratios`), and the p's range over every value that rounds to the six
    numbers as written (`written`: peer_oral_serds.csv as written, indexed by record_id)."""
    rows = [peer[peer.record_id == r].iloc[0] for r in (record_a, record_b)]
    if rows[0].ci_level != rows[1].ci_level:
        raise ValueError(f"{record_a} and {record_b}: intervals at different levels")
    level = float(rows[0].ci_level)
    values = [row[c] for row in rows for c in ("hr", "ci_low", "ci_high")]
    decimals = [stats.decimals_as_written(written.loc[r, c]) for r in (record_a, record_b)
                for c in ("hr", "ci_low", "ci_high")]
    contrast = stats.ratio_of_hazard_ratios(*values, level)
    p_low, p_high = stats.rounding_range(lambda *v: stats.ratio_of_hazard_ratios(*v, level)["p_two_sided"],
                                         values, decimals)
    return {**contrast, "p_low": p_low, "p_high": p_high}
