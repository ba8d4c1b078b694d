"""Consistency of the data with itself: proportions with their denominators, arms with their
trials, structures with their identifiers. A source that fails a check is a registered
discrepancy, named here; the rule stays as strict for every other row."""

import csv

import pytest

from amcenestrant_book import chem, stats
from amcenestrant_book.data import load_table

# Checks the sources themselves fail, each with the discrepancy-register entry that explains it.
REGISTERED_ARM_TOTALS = {"AMEERA-1": "d31"}


def reported_decimals(root, table, record_id, column="value"):
    """Decimals of a value as written in the CSV (10.9 -> 1), which typed loading loses."""
    with open(root / "data" / f"{table}.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if next(iter(row.values())) == record_id:
                return stats.decimals_as_written(row[column])
    raise LookupError(record_id)


def proportion_rows(root):
    """Percentages of patients with a stated denominator. Landmark rates are Kaplan-Meier
    estimates, not counts over n, so they are out of scope by definition."""
    efficacy = load_table("efficacy", root)
    biomarkers = load_table("biomarkers", root)
    rows = [("efficacy", r) for r in efficacy[(efficacy.statistic == "proportion") & efficacy.n.notna()].itertuples()]
    rows += [("biomarkers", r) for r in biomarkers[(biomarkers.unit == "%") & biomarkers.n.notna()].itertuples()]
    return rows


def test_there_are_proportions_to_check(root):
    assert len(proportion_rows(root)) >= 4


def test_every_percentage_has_an_integer_count_over_its_n(root):
    failures = []
    for table, row in proportion_rows(root):
        decimals = reported_decimals(root, table, row.record_id)
        if not stats.counts_matching_percentage(row.value, int(row.n), decimals):
            failures.append(f"{table}:{row.record_id} {row.value}% of {row.n}")
    assert failures == []


def test_reported_counts_give_the_reported_percentage(root):
    failures = []
    for table, row in proportion_rows(root):
        if row.count is not None and str(row.count) != "<NA>":
            decimals = reported_decimals(root, table, row.record_id)
            if round(100 * row.count / row.n, decimals) != round(row.value, decimals):
                failures.append(f"{table}:{row.record_id} {row.count}/{row.n} vs {row.value}%")
    assert failures == []


def arm_total_failures(root):
    trials = load_table("trials", root).set_index("trial_id")
    arms = load_table("trial_arms", root)
    failures = {}
    for trial_id, trial in trials.iterrows():
        counted = arms[(arms.trial_id == trial_id) & (arms.n_basis == trial.n_total_basis)]
        if counted.n.notna().any() and counted.n.sum() != trial.n_total:
            failures[trial_id] = f"arms {int(counted.n.sum())} vs {trial.n_total} {trial.n_total_basis}"
    return failures


def test_arms_add_up_to_their_trial(root):
    failures = arm_total_failures(root)
    assert {t: f for t, f in failures.items() if t not in REGISTERED_ARM_TOTALS} == {}


def test_registered_arm_exceptions_are_in_the_register_and_still_fail(root):
    register = set(load_table("discrepancies", root).discrepancy_id)
    failures = arm_total_failures(root)
    for trial_id, discrepancy in REGISTERED_ARM_TOTALS.items():
        assert discrepancy in register
        assert trial_id in failures, f"{trial_id} now adds up: remove its registered exception"


def identifiers_by_compound(root):
    frame = load_table("compound_identifiers", root)
    return {compound: group for compound, group in frame.groupby("compound")}


@pytest.mark.parametrize("kind", ["isomeric_smiles", "canonical_smiles"])
def test_every_smiles_reproduces_inchikey_and_formula(root, kind):
    failures = []
    for compound, group in identifiers_by_compound(root).items():
        keys = set(group[group.identifier == "inchikey"].value)
        formulas = set(group[group.identifier == "molecular_formula"].value)
        for smiles in group[group.identifier == kind].value:
            key = chem.inchikey(smiles)
            # Canonical SMILES carry no stereochemistry: only the connectivity block must match.
            expected = keys if kind == "isomeric_smiles" else {k.split("-")[0] for k in keys}
            got = key if kind == "isomeric_smiles" else key.split("-")[0]
            if expected and got not in expected:
                failures.append(f"{compound}: {kind} gives {key}, reported {sorted(keys)}")
            if formulas and chem.formula(smiles) not in formulas:
                failures.append(f"{compound}: {kind} gives {chem.formula(smiles)}, reported {sorted(formulas)}")
    assert failures == []


def test_structures_are_checked_for_the_comparators(root):
    with_structure = {c for c, g in identifiers_by_compound(root).items() if "isomeric_smiles" in set(g.identifier)}
    assert {"amcenestrant", "fulvestrant", "elacestrant", "tamoxifen", "letrozole", "palbociclib"} <= with_structure
