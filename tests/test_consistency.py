"""Consistency of the data with itself: proportions with their denominators, arms with their
trials, structures with their identifiers. A source that fails a check is a registered
discrepancy, named here; the rule stays as strict for every other row."""

import pytest

from amcenestrant_book import chem, stats
from amcenestrant_book.data import load_table, load_written
from amcenestrant_book.display import one

# Checks the sources themselves fail, each with the discrepancy-register entry that explains it.
REGISTERED_ARM_TOTALS = {"AMEERA-1": "d31"}


def reported_decimals(root, table, record_id, column="value"):
    """Decimals of a value as written in the CSV (10.9 -> 1), which typed loading loses."""
    return stats.decimals_as_written(one(load_written(table, root), record_id=record_id)[column])


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


def test_biomarker_texts_agree_with_the_typed_definitions(root):
    """The thresholds chapters compute with are typed trial facts; the biomarker rows' texts,
    which readers see, must state the same numbers."""
    facts = load_table("trial_facts", root)
    biomarkers = load_table("biomarkers", root)
    panel = one(facts, attribute="ngs_panel_genes").value_number
    ki67 = one(facts, attribute="cca_ki67_threshold").value_number
    with_panel = biomarkers[biomarkers.biomarker.str.contains("-gene panel")]
    arrest = biomarkers[biomarkers.measure == "complete_cell_cycle_arrest"]
    assert len(with_panel) >= 1 and len(arrest) >= 1
    assert [b for b in with_panel.biomarker if f"{panel:g}-gene panel" not in b] == []
    assert [f for f in arrest.finding if f"Ki-67 ≤ {ki67:g}%" not in f] == []
