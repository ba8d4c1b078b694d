"""Evidence levels: every source has one from the fixed vocabulary, every row carries its
source's level, the counts are those of the CSVs (each read once), and no row citing another
source is located by a section heading of the BenchChem article."""

import csv
import re

import pandas as pd
import pytest
from test_seed_completeness import seeds  # noqa: F401  (the fixture: skips only outside CI)

from amcenestrant_book import evidence
from amcenestrant_book.data import load_table

VOCABULARY = {"publication", "conference abstract", "registry record", "regulatory document",
              "press release", "journalism summary", "vendor article", "database", "patent"}
BENCHCHEM = {"benchchem_amcenestrant", "benchchem_discontinuation"}
ARTICLE = "000_"  # file name prefix of the BenchChem article among the seed documents


def csv_rows(root, name):
    with open(root / "data" / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_source_has_a_level_of_the_vocabulary(root):
    kinds = {row["source_key"]: row["kind"] for row in csv_rows(root, "sources")}
    assert {key: kind for key, kind in kinds.items() if kind not in VOCABULARY} == {}
    assert evidence.VENDOR in VOCABULARY and set(evidence.LEVELS) == VOCABULARY


def test_a_row_citing_a_vendor_source_carries_the_vendor_level(root):
    safety = evidence.with_evidence(load_table("safety", root), root)
    vendor_rows = safety[safety.source_key == "benchchem_amcenestrant"]
    assert len(vendor_rows) > 0
    assert set(vendor_rows.evidence_level) == {"vendor article"}
    kinds = {row["source_key"]: row["kind"] for row in csv_rows(root, "sources")}
    assert safety.evidence_level.tolist() == [kinds[key] for key in safety.source_key]
    assert safety.attrs["table"] == "safety"


def test_an_unknown_source_has_no_level(root):
    with pytest.raises(KeyError, match="not_a_source"):
        evidence.evidence_level("not_a_source", root)


def test_counts_are_those_of_the_csvs(root, monkeypatch):
    read = []

    def load(name, root=None):
        read.append(name)
        return load_table(name, root)

    monkeypatch.setattr(evidence, "load_table", load)
    kinds = {row["source_key"]: row["kind"] for row in csv_rows(root, "sources")}
    tables = [path.stem for path in sorted((root / "data").glob("*.csv"))
              if path.stem not in ("sources", "discrepancies")]
    expected = dict.fromkeys(VOCABULARY, 0)
    for name in tables:
        for row in csv_rows(root, name):
            expected[kinds[row["source_key"]]] += 1
    counts = evidence.evidence_counts(root)
    assert sorted(read) == sorted(["sources", *tables])  # each table and the sources read once
    assert sorted(evidence.evidence_tables(root)) == sorted(tables)
    assert counts.by_level == expected
    assert counts.total == sum(expected.values())
    assert counts.frame().percent.sum() == pytest.approx(100, abs=0.5)
    assert 0 < counts.vendor_alone <= expected["vendor article"]


def test_a_vendor_row_stated_elsewhere_does_not_rest_on_the_vendor_alone(root):
    safety = evidence.with_evidence(load_table("safety", root), root)
    by_id = safety.set_index("record_id")
    # The AMEERA-1 paper states the absence of DLTs up to 600 mg that the BenchChem article states.
    assert by_id.loc["a1_no_dlt_600", "evidence_level"] == "vendor article"
    assert not by_id.loc["a1_no_dlt_600", "vendor_alone"]
    # Only the BenchChem article says AMEERA-5 and -6 "highlighted toxicity concerns".
    assert by_id.loc["a5_a6_toxicity_claim", "vendor_alone"]
    assert not by_id.loc["a1_no_dlt_600_paper", "vendor_alone"]


def test_vendor_alone_is_judged_against_the_whole_table(root):
    in_vivo = load_table("in_vivo", root)
    whole = evidence.with_evidence(in_vivo, root)
    one_row = evidence.with_evidence(in_vivo[in_vivo.record_id == "hci013_palbociclib"], root)
    assert one_row.vendor_alone.tolist() == whole[whole.record_id == "hci013_palbociclib"].vendor_alone.tolist()
    with pytest.raises(ValueError, match="load_table"):
        evidence.with_evidence(pd.DataFrame({"source_key": ["benchchem_amcenestrant"]}), root)


def article_headings(text):
    """The lines of the BenchChem article that stand alone as headings: short, capitalised,
    neither a sentence nor a web reference."""
    headings = set()
    for line in text.splitlines():
        line = line.strip()
        if (line and line[0].isupper() and len(line.split()) <= 12 and not re.search(r"[.:;,]$", line)
                and ". " not in line and "http" not in line and not line.startswith(("Source", "URL"))):
            headings.add(line.lower())
    return headings


def heading_locators(rows, headings):
    """(table, row, locator) of every row citing a source other than the BenchChem documents
    whose locator is, or contains, a section heading of the BenchChem article."""
    long_headings = [h for h in headings if len(h.split()) >= 3]
    found = []
    for table, number, row in rows:
        if row["source_key"] in BENCHCHEM:
            continue
        locator = row["locator"].strip().strip("'\"").lower()
        if locator in headings or any(h in locator for h in long_headings):
            found.append((table, number, row["locator"]))
    return found


@pytest.fixture(scope="module")
def headings(seeds):  # noqa: F811
    article = [text for name, text in seeds.items() if name.startswith(ARTICLE)]
    assert len(article) == 1, "the BenchChem article is missing from the seed documents"
    found = article_headings(article[0])
    assert "preclinical research and in vitro / in vivo efficacy" in found
    return found


def test_no_row_of_another_source_is_located_by_a_benchchem_heading(root, headings):
    rows = [(path.stem, number, row)
            for path in sorted((root / "data").glob("*.csv"))
            for number, row in enumerate(csv_rows(root, path.stem), start=2) if "locator" in row]
    assert heading_locators(rows, headings) == []


def test_the_heading_check_catches_a_borrowed_heading(headings):
    rows = [
        ("in_vivo", 2, {"source_key": "shomali2021aacr", "locator": "In Vivo Efficacy: Table 2"}),
        ("in_vivo", 3, {"source_key": "benchchem_amcenestrant", "locator": "In Vivo Efficacy"}),
        ("in_vivo", 4, {"source_key": "shomali2021aacr", "locator": "abstract, Results, sentence 3"}),
    ]
    assert heading_locators(rows, headings) == [("in_vivo", 2, "In Vivo Efficacy: Table 2")]


def test_the_data_readme_shows_the_counts_of_the_csvs(root):
    readme = (root / "data" / "README.md").read_text(encoding="utf-8")
    kinds = {row["source_key"]: row["kind"] for row in csv_rows(root, "sources")}
    shown = {}
    for line in readme.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 3 and cells[0] in VOCABULARY:
            shown[cells[0]] = int(cells[1])
    counted = dict.fromkeys(VOCABULARY, 0)
    for name in evidence.evidence_tables(root):
        for row in csv_rows(root, name):
            counted[kinds[row["source_key"]]] += 1
    assert shown == counted
    assert evidence.counts_markdown(evidence.evidence_counts(root)) in readme
