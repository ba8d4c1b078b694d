"""The evidence level of every row: the kind of the source it cites (data/sources.csv).

    from amcenestrant_book.evidence import evidence_counts, evidence_level, with_evidence
    efficacy = with_evidence(load_table("efficacy"))   # adds `evidence_level` and `vendor_alone`
    evidence_level("benchchem_amcenestrant")           # "vendor article"
    evidence_counts().frame()                          # rows per level over the evidence tables

A row rests on the vendor article alone when its source is a vendor article and no row of the
same table citing another level states the same fact, a fact being the values of the table's
fact columns (FACT_COLUMNS; by default its primary key without the source key).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .contract import load_descriptor
from .data import load_table
from .paths import project_root

LEVELS = (
    "publication",
    "conference abstract",
    "registry record",
    "regulatory document",
    "press release",
    "journalism summary",
    "vendor article",
    "database",
    "patent",
)
VENDOR = "vendor article"
NOT_EVIDENCE = ("sources", "discrepancies")  # the source list and the register

# Tables keyed by a record number: the columns that say which fact a row states.
FACT_COLUMNS = {
    "efficacy": ["trial_id", "arm_id", "comparator_arm_id", "population", "endpoint", "statistic",
                 "timepoint_months"],
    "biomarkers": ["trial_id", "arm_id", "population", "biomarker", "measure", "timepoint"],
    "safety": ["trial_id", "arm_id", "finding"],
    "dose_finding": ["trial_id", "part", "role"],
    "clinical_pharmacology": ["trial_id", "parameter"],
    "trial_facts": ["trial_id", "attribute"],
    "in_vitro": ["cell_line", "esr1_variant", "assay", "metric"],
    "in_vivo": ["model", "regimen", "dose_mg_per_kg", "schedule", "comparator"],
    "combinations": ["partner", "setting", "model"],
    "timeline": ["trial_id", "category", "date"],
    "peer_oral_serds": ["drug", "trial", "population"],
    # Tables keyed by a label of the fact, so that a second source can state the same fact.
    "resistance_mechanisms": ["mechanism"],
    "background_facts": ["topic", "subject"],
}


def _sources(root: Path | None) -> pd.Series:
    return load_table("sources", root).set_index("source_key").kind


def levels(root: Path | None = None) -> dict[str, str]:
    """The evidence level of every source, by source key."""
    return _sources(root).astype(str).to_dict()


def evidence_level(source_key: str, root: Path | None = None) -> str:
    """The evidence level of one source; KeyError for a key that is not in sources.csv."""
    levels = _sources(root)
    if source_key not in levels.index:
        raise KeyError(f"{source_key!r} is not a source of data/sources.csv")
    return str(levels[source_key])


def with_evidence(frame: pd.DataFrame, root: Path | None = None, full: pd.DataFrame | None = None) -> pd.DataFrame:
    """A copy of `frame` (rows of one table, as `load_table` gives them, possibly filtered) with
    two columns: `evidence_level`, the kind of each row's source, and `vendor_alone`, true where
    only a vendor article in the whole table states the row's fact (`full`: the whole table, if
    the caller has loaded it)."""
    name = frame.attrs.get("table")
    if name is None:
        raise ValueError("with_evidence needs a frame from load_table (frame.attrs['table'] is not set)")
    full = load_table(name, root) if full is None else full
    return _with_evidence(frame, full, _sources(root), fact_columns(name, root))


def _with_evidence(frame: pd.DataFrame, full: pd.DataFrame, levels: pd.Series, columns: list[str]) -> pd.DataFrame:
    """`with_evidence` given the whole table, the sources' levels and the table's fact columns."""
    out = frame.copy()
    out.attrs = dict(frame.attrs)
    out["evidence_level"] = out.source_key.map(levels).astype("string")
    stated = _facts(full[full.source_key.map(levels) != VENDOR], columns)
    out["vendor_alone"] = ((out.evidence_level == VENDOR) & ~_facts(out, columns).isin(set(stated))).astype("boolean")
    return out


def _facts(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """One string per row holding the values of its fact columns."""
    return frame[columns].astype("string").fillna("").agg("\x1f".join, axis=1)


def evidence_tables(root: Path | None = None) -> list[str]:
    """The tables whose rows cite a source, the source list and the register aside."""
    names = []
    for res in load_descriptor(root or project_root())["resources"]:
        fields = {field["name"] for field in res["schema"]["fields"]}
        if res["name"] not in NOT_EVIDENCE and "source_key" in fields:
            names.append(res["name"])
    return names


def fact_columns(name: str, root: Path | None = None) -> list[str]:
    """The columns that identify the fact a row of table `name` states."""
    if name in FACT_COLUMNS:
        return FACT_COLUMNS[name]
    for res in load_descriptor(root or project_root())["resources"]:
        if res["name"] == name:
            return [key for key in res["schema"]["primaryKey"] if key != "source_key"]
    raise KeyError(f"no table {name!r} in data/datapackage.yaml")


@dataclass(frozen=True)
class EvidenceCounts:
    """Rows per evidence level (every level of LEVELS, zero included) over the evidence tables."""

    by_level: dict[str, int]
    vendor_alone: int  # rows resting on a vendor article alone

    @property
    def total(self) -> int:
        return sum(self.by_level.values())

    def frame(self) -> pd.DataFrame:
        """One row per level: evidence_level, rows, percent of all rows."""
        rows = pd.Series(self.by_level, name="rows")
        return pd.DataFrame({
            "evidence_level": rows.index,
            "rows": rows.to_numpy(),
            "percent": (100 * rows / self.total).round(1).to_numpy(),
        })


def evidence_counts(root: Path | None = None) -> EvidenceCounts:
    """Counted from the CSVs: rows per level, and the rows resting on a vendor article alone.
    Each table and the sources are read once."""
    by_level = dict.fromkeys(LEVELS, 0)
    alone = 0
    levels = _sources(root)
    for name in evidence_tables(root):
        full = load_table(name, root)
        frame = _with_evidence(full, full, levels, fact_columns(name, root))
        for level in frame.evidence_level:
            by_level[level] += 1
        alone += int(frame.vendor_alone.sum())
    return EvidenceCounts(by_level, alone)


def counts_markdown(counts: EvidenceCounts) -> str:
    """The counts as the data README shows them: a table of levels, then the vendor-alone line.
    Regenerate: python -c "from amcenestrant_book import evidence as e; print(e.counts_markdown(e.evidence_counts()))"
    """
    lines = ["| evidence level | rows | % of rows |", "|---|---:|---:|"]
    lines += [f"| {r.evidence_level} | {r.rows} | {r.percent:.1f} |" for r in counts.frame().itertuples()]
    lines += [f"| all levels | {counts.total} | 100.0 |", "",
              f"Rows resting on a vendor article alone: {counts.vendor_alone} of {counts.total} "
              f"({100 * counts.vendor_alone / counts.total:.1f}%)."]
    return "\n".join(lines)
