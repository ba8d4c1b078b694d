"""Bad input stops `make book` before any page is written, naming file, row and column, and
changes nothing under data/ or chapters/."""

import csv
import io

import pytest
from conftest import make_book, tree_digest


def rewrite(path, edit):
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    edit(rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def set_cell(record_id, column, value):
    def edit(rows):
        header = rows[0]
        for row in rows[1:]:
            if row[0] == record_id:
                row[header.index(column)] = value
                return
        raise AssertionError(f"no row {record_id}")
    return edit


def line_of(path, record_id):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(record_id + ","):
            return number
    raise AssertionError(record_id)


def drop_column(name):
    def edit(rows):
        index = rows[0].index(name)
        for row in rows:
            del row[index]
    return edit


def duplicate_first_row(rows):
    rows.insert(2, list(rows[1]))


def break_quote(path, record_id):
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = line_of(path, record_id)
    first, rest = lines[number - 1].split(",", 1)
    lines[number - 1] = first + ',"' + rest  # the second column opens a quote never closed
    path.write_text("".join(lines), encoding="utf-8")


def latin1_cell(path, record_id, column):
    rewrite(path, set_cell(record_id, column, "PLACEHOLDER"))
    path.write_bytes(path.read_bytes().replace(b"PLACEHOLDER", "caf\u00e9".encode("latin-1")))


def break_smiles(path, record_id):
    """Cut the closing part of the SMILES on the record's line: RDKit cannot parse the rest."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = line_of(path, record_id)
    smiles = lines[number - 1].split(",")[2]
    lines[number - 1] = lines[number - 1].replace(smiles, smiles[:-3] + "(", 1)
    path.write_text("".join(lines), encoding="utf-8")


AMCENESTRANT_SMILES = "amcenestrant,isomeric_smiles"

CASES = {
    # name: (file, action(path), expected row (None: the record's line), record, column)
    "missing required column": ("efficacy.csv", lambda p: rewrite(p, drop_column("ci_level")), 1, None, "ci_level"),
    "non-numeric value": ("efficacy.csv", lambda p: rewrite(p, set_cell("a3_pfs_hr", "value", "about one")),
                          None, "a3_pfs_hr", "value"),
    "CI low above estimate": ("efficacy.csv", lambda p: rewrite(p, set_cell("a3_pfs_hr", "ci_low", "1.2")),
                              None, "a3_pfs_hr", "ci_low"),
    "percentage above 100": ("efficacy.csv", lambda p: rewrite(p, set_cell("a5_orr_amc", "value", "132.2")),
                             None, "a5_orr_amc", "value"),
    "source key not in references.bib": ("efficacy.csv",
                                         lambda p: rewrite(p, set_cell("a3_pfs_hr", "source_key", "nobody2099")),
                                         None, "a3_pfs_hr", "source_key"),
    "duplicate primary key": ("trials.csv", lambda p: rewrite(p, duplicate_first_row), 3, None, "trial_id"),
    "dangling foreign key": ("efficacy.csv", lambda p: rewrite(p, set_cell("a3_pfs_hr", "arm_id", "ameera3_ghost")),
                             None, "a3_pfs_hr", "arm_id"),
    "empty file": ("safety.csv", lambda p: p.write_text("", encoding="utf-8"), 1, None, "(header)"),
    "unbalanced quote": ("timeline.csv", lambda p: break_quote(p, "a3_readout"), None, "a3_readout", "date"),
    "not UTF-8": ("timeline.csv", lambda p: latin1_cell(p, "a3_readout", "event"), None, "a3_readout", "event"),
    "zero-width CI": ("efficacy.csv", lambda p: rewrite(p, set_cell("a3_pfs_hr", "ci_low", "1.4")),
                      None, "a3_pfs_hr", "ci_low"),
    "negative percentage": ("efficacy.csv", lambda p: rewrite(p, set_cell("a5_orr_amc", "value", "-5")),
                            None, "a5_orr_amc", "value"),
    "p value above 1": ("efficacy.csv", lambda p: rewrite(p, set_cell("a3_pfs_p", "value", "1.3")),
                        None, "a3_pfs_p", "value"),
    "30 February": ("timeline.csv", lambda p: rewrite(p, set_cell("program_discontinuation", "date", "2022-02-30")),
                    None, "program_discontinuation", "date"),
    "month 13, day 45": ("trial_facts.csv",
                         lambda p: rewrite(p, set_cell("a3_randomisation_start", "value", "2019-13-45")),
                         None, "a3_randomisation_start", "value"),
    "unparseable SMILES": ("compound_identifiers.csv", lambda p: break_smiles(p, AMCENESTRANT_SMILES),
                           None, AMCENESTRANT_SMILES, "value"),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_stops_the_build(project_copy, case):
    name, action, row, record, column = CASES[case]
    path = project_copy / "data" / name
    expected_row = row or line_of(project_copy / "data" / name, record)
    action(path)
    before = {d: tree_digest(project_copy / d) for d in ("data", "chapters")}

    result = make_book(project_copy)

    assert result.returncode != 0, result.stdout
    assert f"data/{name}, row {expected_row}, column {column}: " in result.stderr, result.stderr
    assert not (project_copy / "_build").exists(), "a page was written from bad data"
    assert {d: tree_digest(project_copy / d) for d in ("data", "chapters")} == before
