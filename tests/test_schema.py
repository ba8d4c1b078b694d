"""The descriptor as readers read it: only known keys, and every table and field described by a
whole sentence (the data dictionary publishes them)."""

import shutil

import pytest

from amcenestrant_book import contract, schema

DESIGN = """    - name: design
      type: string
      description: Randomisation, blinding and structure.
"""


def test_the_descriptor_has_no_problems(root):
    assert schema.descriptor_problems(root) == []


@pytest.mark.parametrize(("text", "words"), [
    (None, "missing"),
    ("   ", "missing"),
    ("Randomisation", "full stop"),
    ("Dose, schedule and ...", "full stop"),
    ("where the value stands.", "capital letter"),
    ("Where the value stands in the source (table.", "parentheses"),
])
def test_a_fragment_is_not_a_description(text, words):
    assert words in schema.description_problem(text)


@pytest.mark.parametrize("text", ["Row key.", "ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD).", "95% level (see n)."])
def test_a_sentence_is_a_description(text):
    assert schema.description_problem(text) is None


@pytest.fixture
def book(root, tmp_path):
    """A book root with a copy of the data and the bibliography; the descriptor is edited."""
    shutil.copytree(root / "data", tmp_path / "data")
    shutil.copy(root / "references.bib", tmp_path)
    shutil.copy(root / "_config.yml", tmp_path)
    return tmp_path


def edit_descriptor(book, old, new):
    path = book / schema.DESCRIPTOR
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return 1 + text[: text.index(old)].count("\n")  # the line the edit starts on


def located(problems):
    return [(p.row, p.column) for p in problems]


def test_inline_yaml_cut_at_a_comma_is_rejected(book):
    inline = "    - {name: design, type: string, description: Randomisation, blinding and structure.}\n"
    line = edit_descriptor(book, DESIGN, inline)
    problems = contract.validate(book)
    assert located(problems) == [(line, "resources[trials].fields[design].blinding and structure."),
                                 (line, "resources[trials].fields[design].description")]
    assert "unknown key" in problems[0].message and "full stop" in problems[1].message


def test_a_missing_description_is_rejected(book):
    line = edit_descriptor(book, DESIGN, "    - name: design\n      type: string\n")
    assert located(contract.validate(book)) == [(line, "resources[trials].fields[design].description")]


def test_a_missing_table_description_is_rejected(book):
    line = edit_descriptor(book, "  description: The AMEERA clinical trials, one row per trial.\n", "")
    assert located(contract.validate(book)) == [(line - 3, "resources[trials].description")]


@pytest.mark.parametrize(("old", "new", "column"), [
    ("licenses:\n", "licences: []\nlicenses:\n", "licences"),
    ("  path: trials.csv\n", "  path: trials.csv\n  format: csv\n", "resources[trials].format"),
    ("    primaryKey: [trial_id]\n", "    primaryKey: [trial_id]\n    primarykey: [nct_id]\n",
     "resources[trials].primarykey"),
    ("      description: Trial phase.\n", "      description: Trial phase.\n      unit: none\n",
     "resources[trials].fields[phase].unit"),
    ("        pattern: NCT[0-9]{8}\n", "        pattern: NCT[0-9]{8}\n        requred: true\n",
     "resources[trials].fields[nct_id].constraints.requred"),
    ("        resource: sources\n        fields: [source_key]\n    fields:\n    - name: trial_id\n",
     "        resource: sources\n        field: [source_key]\n    fields:\n    - name: trial_id\n",
     "resources[trials].foreignKeys[0].reference.field"),
])
def test_an_unknown_key_is_rejected_anywhere(book, old, new, column):
    edit_descriptor(book, old, new)
    problems = contract.validate(book)
    assert [p.column for p in problems if "unknown key" in p.message] == [column], problems


def test_a_yaml_syntax_error_names_its_line(book):
    line = edit_descriptor(book, DESIGN, DESIGN.replace("type: string", "type: [string"))
    problems = contract.validate(book)
    assert [(p.path, p.column) for p in problems] == [(schema.DESCRIPTOR, "(yaml)")]
    assert line <= problems[0].row <= line + 3


def test_the_descriptor_is_parsed_once_per_text_and_an_edit_is_read(book):
    """The data pages ask for a primary key once per row: the parse is cached by the text, so an
    edit (even within one timestamp tick) is read at once."""
    assert schema.primary_key("efficacy", book) == ["record_id"]
    before = schema._parsed.cache_info()
    assert schema.primary_key("efficacy", book) == ["record_id"]
    assert schema._parsed.cache_info().hits == before.hits + 1
    edit_descriptor(book, "- name: efficacy\n", "- name: efficacy_renamed\n")
    with pytest.raises(KeyError, match="efficacy"):
        schema.primary_key("efficacy", book)
    assert schema.primary_key("efficacy_renamed", book) == ["record_id"]
    assert schema.load_descriptor(book) is not schema.load_descriptor(book)  # each caller its own dict
