"""Unit tests of the package against values worked out by hand or taken from textbooks."""

import ast
import math
import subprocess
import sys

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from amcenestrant_book import chem, data, paths, stats
from amcenestrant_book.dates import in_words, parse_date
from amcenestrant_book.plots import save_figure


def test_project_root_is_found_from_a_subdirectory(root, monkeypatch):
    monkeypatch.delenv(paths.ROOT_ENV, raising=False)
    monkeypatch.chdir(root / "chapters")
    assert paths.project_root() == root


def test_project_root_from_environment_must_be_a_book(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.ROOT_ENV, str(tmp_path))
    with pytest.raises(FileNotFoundError, match="not a book root"):
        paths.project_root()


@pytest.mark.parametrize(("text", "when", "exact"), [
    ("2022-08-17", pd.Timestamp(2022, 8, 17), True),
    ("2024-02-29", pd.Timestamp(2024, 2, 29), True),
    ("2020-10", pd.Timestamp(2020, 10, 15), False),  # a bare month: mid-month
    ("2024", pd.Timestamp(2024, 7, 1), False),  # a bare year: mid-year
])
def test_parse_date_at_every_precision(text, when, exact):
    assert parse_date(text) == (when, exact)


@pytest.mark.parametrize(("text", "words"), [
    ("2022-02-30", "not a date that exists"),
    ("2023-02-29", "not a date that exists"),
    ("2019-13-45", "not a date that exists"),
    ("2019-13", "not a date that exists"),
    ("2022-8-17", "not an ISO 8601 date"),
    ("17/08/2022", "not an ISO 8601 date"),
    ("2022-08-17 ", "not an ISO 8601 date"),
    ("", "not an ISO 8601 date"),
])
def test_parse_date_names_the_text_it_rejects(text, words):
    with pytest.raises(ValueError, match=words) as raised:
        parse_date(text)
    assert repr(text) in str(raised.value)


@pytest.mark.parametrize(("text", "words"), [("2022", "2022"), ("2022-08", "August 2022"),
                                             ("2022-08-07", "7 August 2022")])
def test_dates_in_words_keep_their_precision(text, words):
    assert in_words(text) == words


def test_located_names_the_csv_rows_an_assertion_rejects(root):
    efficacy = data.load_table("efficacy", root)
    lines = (root / "data" / "efficacy.csv").read_text(encoding="utf-8").splitlines()
    rows = [i for i, line in enumerate(lines, 1) if line.startswith(("a3_pfs_hr,", "a5_pfs_hr,"))]
    picked = efficacy[efficacy.record_id.isin(["a3_pfs_hr", "a5_pfs_hr"])]
    assert data.located(picked, root) == f"data/efficacy.csv, rows {rows[0]}, {rows[1]}"
    assert data.located(picked.iloc[1], root) == f"data/efficacy.csv, row {rows[1]}"
    assert data.located(pd.DataFrame({"x": [1]}, index=[7])) == "row 7 of a table not read with load_table"


def test_tables_and_fields_come_from_the_descriptor_of_the_root_given(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data/datapackage.yaml").write_text(
        "resources:\n- name: doses\n  path: doses.csv\n  schema:\n    fields:\n    - name: dose_mg\n"
        "      type: number\n      x-unit: mg\n      description: Daily dose.\n"
        "      constraints: {required: true, minimum: 0}\n", encoding="utf-8")
    assert data.table_names(tmp_path) == ["doses"]
    assert data.describe_fields("doses", tmp_path).to_dict("records") == [{
        "field": "dose_mg", "type": "number", "unit": "mg", "required": "yes", "constraints": "minimum: 0",
        "description": "Daily dose."}]


def test_wilson_interval_matches_newcombe_example():
    # Newcombe (1998), Stat Med 17:857, example: 81/263 -> 0.2553 to 0.3662.
    low, high = stats.wilson_interval(81, 263)
    assert (round(low / 100, 4), round(high / 100, 4)) == (0.2553, 0.3662)


def test_counts_matching_percentage():
    assert stats.counts_matching_percentage(21.1, 19) == [4]  # 4/19 = 21.05%
    assert stats.counts_matching_percentage(50.0, 4) == [2]
    assert stats.counts_matching_percentage(93, 31, decimals=0) == []  # 29/31 = 93.5%, 28/31 = 90.3%


def test_log_hr_standard_error_and_p_value():
    # SE = (ln 1.557 - ln 0.939) / (2 x 1.959964) = (0.442761 + 0.062940) / 3.919928 = 0.129008
    assert stats.log_hr_standard_error(0.939, 1.557) == pytest.approx(0.129008, abs=1e-6)
    result = stats.hr_p_values(1.209, 0.939, 1.557)
    assert result["z"] == pytest.approx(math.log(1.209) / 0.129008, rel=1e-5)
    assert result["p_one_sided"] == pytest.approx(0.9294, abs=1e-3)
    assert result["p_two_sided"] == pytest.approx(2 * (1 - result["p_one_sided"]), rel=1e-9)


def test_events_for_standard_error_schoenfeld():
    assert stats.events_for_standard_error(0.2) == pytest.approx(100.0)  # 4 / 0.2^2


def test_chem_identifies_ethanol_and_rejects_bad_smiles():
    assert chem.inchikey("CCO") == "LFQSCWFLJHTTHZ-UHFFFAOYSA-N"
    props = chem.properties("CCO")
    assert props.formula == "C2H6O"
    assert props.average_mass == pytest.approx(46.069, abs=1e-3)
    assert (props.hbd, props.hba, props.lipinski_violations, props.veber_pass) == (1, 1, 0, True)
    with pytest.raises(ValueError, match="cannot parse"):
        chem.molecule("C1CC(")


def test_stereocentre_label():
    assert chem.stereocentres("C[C@H](N)C(=O)O") == [(1, "S")]  # L-alanine


def test_save_figure_is_byte_identical_and_undated(tmp_path):
    outputs = []
    for _ in range(2):
        fig, ax = plt.subplots()
        ax.plot([1, 2, 3], [2, 1, 3])
        svg, png = save_figure(fig, "probe", root=tmp_path)
        plt.close(fig)
        outputs.append((svg.read_bytes(), png.read_bytes()))
    assert outputs[0] == outputs[1]
    assert b"<dc:date>" not in outputs[0][0]


def library_imports(root):
    """Module -> the package modules it imports (at the top or inside a function), for the
    modules directly in src/amcenestrant_book."""
    package = root / "src" / "amcenestrant_book"
    modules = {path.stem for path in package.glob("*.py")}
    graph = {}
    for name in modules:
        tree = ast.parse((package / f"{name}.py").read_text(encoding="utf-8"))
        found = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                found |= {node.module} if node.module else {alias.name for alias in node.names}
        graph[name] = found & modules
    return graph


def test_the_library_has_no_import_cycle(root):
    graph = library_imports(root)
    assert graph["data"] >= {"contract"} and "data" not in graph["contract"]

    def reaches(start, goal, seen=()):
        return any(n == goal or (n not in seen and reaches(n, goal, (*seen, n))) for n in graph[start])

    assert [name for name in graph if reaches(name, name)] == []


def test_a_no_op_build_does_not_import_pandas_or_nbformat(root, tmp_path):
    """A build with nothing to do stays under a second: its imports (the command line, the stamps'
    checks) leave pandas and nbformat, over a second and a third of a second, to the steps that
    run when something changed."""
    probe = ("import sys, amcenestrant_book.build.cli; "
             "print(sorted({'pandas', 'nbformat', 'matplotlib'} & set(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
