"""The descriptor as readers read it: only known keys, and every table and field described by a
whole sentence (the data dictionary publishes them)."""

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


def edit_descriptor(data_copy, old, new):
    path = data_copy / schema.DESCRIPTOR
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return 1 + text[: text.index(old)].count("\n")  # the line the edit starts on


def located(problems):
    return [(p.row, p.column) for p in problems]


def test_inline_yaml_cut_at_a_comma_is_rejected(data_copy):
    inline = "    - {name: design, type: string, description: Randomisation, blinding and structure.}\n"
    line = edit_descriptor(data_copy, DESIGN, inline)
    problems = contract.validate(data_copy)
    assert located(problems) == [(line, "resources[trials].fields[design].blinding and structure."),
                                 (line, "resources[trials].fields[design].description")]
    assert "unknown key" in problems[0].message and "full stop" in problems[1].message


def test_a_missing_description_is_rejected(data_copy):
    line = edit_descriptor(data_copy, DESIGN, "    - name: design\n      type: string\n")
    assert located(contract.validate(data_copy)) == [(line, "resources[trials].fields[design].description")]


def test_a_missing_table_description_is_rejected(data_copy):
    line = edit_descriptor(data_copy, "  description: The AMEERA clinical trials, one row per trial.\n", "")
    assert located(contract.validate(data_copy)) == [(line - 3, "resources[trials].description")]


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
def test_an_unknown_key_is_rejected_anywhere(data_copy, old, new, column):
    edit_descriptor(data_copy, old, new)
    problems = contract.validate(data_copy)
    assert [p.column for p in problems if "unknown key" in p.message] == [column], problems


def test_a_yaml_syntax_error_names_its_line(data_copy):
    line = edit_descriptor(data_copy, DESIGN, DESIGN.replace("type: string", "type: [string"))
    problems = contract.validate(data_copy)
    assert [(p.path, p.column) for p in problems] == [(schema.DESCRIPTOR, "(yaml)")]
    assert line <= problems[0].row <= line + 3


def test_the_descriptor_is_parsed_once_per_text_and_an_edit_is_read(data_copy):
    """The data pages ask for a primary key once per row: the parse is cached by the text, so an
    edit (even within one timestamp tick) is read at once."""
    assert schema.primary_key("efficacy", data_copy) == ["record_id"]
    before = schema._parsed.cache_info()
    assert schema.primary_key("efficacy", data_copy) == ["record_id"]
    assert schema._parsed.cache_info().hits == before.hits + 1
    edit_descriptor(data_copy, "- name: efficacy\n", "- name: efficacy_renamed\n")
    with pytest.raises(KeyError, match="efficacy"):
        schema.primary_key("efficacy", data_copy)
    assert schema.primary_key("efficacy_renamed", data_copy) == ["record_id"]
    assert schema.load_descriptor(data_copy) is not schema.load_descriptor(data_copy)  # each caller its own dict


def test_a_table_resource_is_the_descriptors_entry_as_a_dict_of_its_own(root):
    efficacy = schema.table_resource("efficacy", root)
    assert efficacy == schema.resource(schema.load_descriptor(root), "efficacy")
    efficacy["schema"]["fields"].clear()  # a caller's edit reaches no other caller
    assert schema.table_resource("efficacy", root)["schema"]["fields"]
    with pytest.raises(KeyError, match="no table named 'nothing'"):
        schema.table_resource("nothing", root)


def test_the_descriptor_is_read_by_libyaml_where_pyyaml_has_it():
    """The pure-Python parser took 0.9 s for the descriptor, on every validation."""
    import yaml

    assert schema._LOADER is (yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader)
