"""Schematic reactions: the generic SMARTS do the chemistry they claim, and draw."""

import re

import pytest

from amcenestrant_book import chem

TRIFLATE = "CC(OS(=O)(=O)C(F)(F)F)=C(C)CC"  # 3-methylpent-2-en-2-yl triflate
PHENYL_ALKENE = "CCC(C)=C(C)c1ccccc1"  # (3-methylpent-2-en-2-yl)benzene, no stereo given


def test_suzuki_replaces_the_triflate_by_the_aryl_group():
    pinacol_ester = "c1ccccc1B1OC(C)(C)C(C)(C)O1"
    assert chem.reaction_products(chem.ENOL_TRIFLATE_SUZUKI, TRIFLATE, pinacol_ester) == [PHENYL_ALKENE]


def test_grignard_coupling_gives_the_same_aryl_alkene():
    assert chem.reaction_products(chem.ENOL_TRIFLATE_GRIGNARD, TRIFLATE, "c1ccccc1[Mg]Br") == [PHENYL_ALKENE]


def test_no_product_without_an_enol_triflate():
    ketone = "CC(=O)C(C)CC"
    assert chem.reaction_products(chem.ENOL_TRIFLATE_GRIGNARD, ketone, "c1ccccc1[Mg]Br") == []


def test_product_keeps_the_formula_balance():
    # C6H5 replaces OSO2CF3: the product is C12H16 (aryl alkene), the triflate C7H11F3O3S.
    assert chem.formula(chem.reaction_products(chem.ENOL_TRIFLATE_SUZUKI, TRIFLATE,
                                               "c1ccccc1B1OCCO1")[0]) == "C12H16"


def test_bad_reactions_are_refused():
    with pytest.raises(ValueError):
        chem.reaction("not a reaction")
    with pytest.raises(ValueError):
        chem.reaction_products(chem.ENOL_TRIFLATE_SUZUKI, TRIFLATE)


def test_scheme_svg_has_one_panel_per_reaction():
    panels = [("(a)", chem.ENOL_TRIFLATE_SUZUKI, "Pd"), ("(b)", chem.ENOL_TRIFLATE_GRIGNARD, "Cu")]
    svg = chem.reaction_scheme_svg(panels, width=600, panel_height=200)
    assert svg.lstrip().startswith("<?xml") and svg.rstrip().endswith("</svg>")
    assert "width='600px' height='400px'" in svg
    assert svg == chem.reaction_scheme_svg(panels, width=600, panel_height=200)  # deterministic


def test_scheme_text_is_svg_text_of_readable_size():
    panels = [("(a) first route", chem.ENOL_TRIFLATE_SUZUKI, "Pd")]
    svg = chem.reaction_scheme_svg(panels, width=600, font_size=14)
    sizes = [float(size) for size in re.findall(r"font-size:([\d.]+)px", svg)]
    assert sizes and min(sizes) >= 10  # superscripts included; glyph outlines would give no sizes
    assert ">(a) first route</text>" in svg  # the title as one line of text


def test_structure_text_is_svg_text():
    sizes = [float(size) for size in re.findall(r"font-size:([\d.]+)px", chem.depiction_svg("C[C@H](N)O"))]
    assert sizes and min(sizes) >= 10


def test_inchi_of_ethanol():
    assert chem.inchi("CCO") == "InChI=1S/C2H6O/c1-2-3/h3H,2H2,1H3"
