"""RDKit helpers: parse, identify, describe and draw molecules, and draw schematic reactions."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from rdkit import Chem, RDLogger
from rdkit.Chem import AllChem, Crippen, Descriptors, Lipinski, rdAbbreviations, rdChemReactions, rdMolDescriptors
from rdkit.Chem.Draw import rdMolDraw2D


def molecule(smiles: str) -> Chem.Mol:
    """Parse SMILES; raise ValueError (not RDKit's silent None) when it does not parse."""
    RDLogger.DisableLog("rdApp.*")
    try:
        mol = Chem.MolFromSmiles(smiles)
    finally:
        RDLogger.EnableLog("rdApp.*")
    if mol is None:
        raise ValueError(f"RDKit cannot parse the SMILES {smiles!r}")
    return mol


def inchikey(smiles: str) -> str:
    return Chem.MolToInchiKey(molecule(smiles))


def inchi(smiles: str) -> str:
    """Standard InChI of the SMILES."""
    RDLogger.DisableLog("rdApp.*")
    try:
        return Chem.MolToInchi(molecule(smiles))
    finally:
        RDLogger.EnableLog("rdApp.*")


def formula(smiles: str) -> str:
    return rdMolDescriptors.CalcMolFormula(molecule(smiles))


def stereocentres(smiles: str) -> list[tuple[int, str]]:
    """(atom index, CIP label) of each assigned stereocentre."""
    return Chem.FindMolChiralCenters(molecule(smiles), includeUnassigned=False, useLegacyImplementation=False)


@dataclass(frozen=True)
class Properties:
    formula: str
    average_mass: float
    monoisotopic_mass: float
    clogp: float
    tpsa: float
    hbd: int
    hba: int
    rotatable_bonds: int

    @property
    def lipinski_violations(self) -> int:
        """Rule of five: MW <= 500, cLogP <= 5, HBD <= 5, HBA <= 10."""
        return sum([self.average_mass > 500, self.clogp > 5, self.hbd > 5, self.hba > 10])

    @property
    def veber_pass(self) -> bool:
        """Veber et al. (2002): at most 10 rotatable bonds and TPSA at most 140 A^2."""
        return self.rotatable_bonds <= 10 and self.tpsa <= 140


def properties(smiles: str) -> Properties:
    mol = molecule(smiles)
    return Properties(
        formula=rdMolDescriptors.CalcMolFormula(mol),
        average_mass=Descriptors.MolWt(mol),
        monoisotopic_mass=Descriptors.ExactMolWt(mol),
        clogp=Crippen.MolLogP(mol),
        tpsa=rdMolDescriptors.CalcTPSA(mol),
        hbd=Lipinski.NumHDonors(mol),
        hba=Lipinski.NumHAcceptors(mol),
        rotatable_bonds=rdMolDescriptors.CalcNumRotatableBonds(mol),
    )


def depiction_svg(smiles: str, width: int = 520, height: int = 360, legend: str = "") -> str:
    """2D depiction as SVG text, stereocentres labelled with their CIP code and highlighted."""
    mol = molecule(smiles)
    centres = [index for index, _ in stereocentres(smiles)]
    drawer = rdMolDraw2D.MolDraw2DSVG(width, height, width, height, noFreetype=True)  # text as SVG text
    options = drawer.drawOptions()
    options.minFontSize = 14
    options.addStereoAnnotation = True
    options.annotationFontScale = 0.9
    options.clearBackground = True
    rdMolDraw2D.PrepareAndDrawMolecule(drawer, mol, legend=legend, highlightAtoms=centres)
    drawer.FinishDrawing()
    return drawer.GetDrawingText()


# -- schematic reactions -------------------------------------------------------------------------
# Generic reaction classes (textbook chemistry), not structures from the sources: R1-R3 and Ar
# stand for the unspecified rest of the coupling partners. One mapped reaction SMARTS serves both
# to run the reaction on test molecules and, read as SMILES, to draw it.

ENOL_TRIFLATE_SUZUKI = (
    "[*:1]C(OS(=O)(=O)C(F)(F)F)=C([*:2])[*:3].[*:4]B(O*)O*>>[*:1]C([*:4])=C([*:2])[*:3]"
)
"""Suzuki-Miyaura coupling of an enol triflate with an aryl boronate (ester) to an aryl alkene."""

ENOL_TRIFLATE_GRIGNARD = "[*:1]C(OS(=O)(=O)C(F)(F)F)=C([*:2])[*:3].[*:4][Mg]Br>>[*:1]C([*:4])=C([*:2])[*:3]"
"""Cross-coupling of an enol triflate with an aryl Grignard reagent to an aryl alkene."""

R_GROUP_LABELS = {1: "R<sup>1</sup>", 2: "R<sup>2</sup>", 3: "R<sup>3</sup>", 4: "Ar", 0: "R"}
_ABBREVIATIONS = "OTf *OS(=O)(=O)C(F)(F)F\n"


def reaction(smarts: str, as_smiles: bool = False) -> rdChemReactions.ChemicalReaction:
    """Parse reaction SMARTS; raise ValueError when it does not parse or is not a valid reaction."""
    RDLogger.DisableLog("rdApp.*")
    try:
        rxn = AllChem.ReactionFromSmarts(smarts, useSmiles=as_smiles)
        _, problems = rxn.Validate()
    except ValueError as error:
        raise ValueError(f"RDKit cannot parse the reaction {smarts!r}") from error
    finally:
        RDLogger.EnableLog("rdApp.*")
    if problems or not rxn.GetNumReactantTemplates() or not rxn.GetNumProductTemplates():
        raise ValueError(f"{smarts!r} is not a valid reaction")
    return rxn


def reaction_products(smarts: str, *reactant_smiles: str) -> list[str]:
    """Canonical SMILES of the distinct first products of running `smarts` on the reactants."""
    rxn = reaction(smarts)
    if len(reactant_smiles) != rxn.GetNumReactantTemplates():
        raise ValueError(f"the reaction needs {rxn.GetNumReactantTemplates()} reactants")
    found = set()
    for outcome in rxn.RunReactants(tuple(molecule(smiles) for smiles in reactant_smiles)):
        product = Chem.Mol(outcome[0])
        Chem.SanitizeMol(product)
        found.add(Chem.MolToSmiles(product))
    return sorted(found)


def _display_reaction(smarts: str, labels: dict[int, str], catalyst: str):
    """`smarts` read as SMILES, mapped dummy atoms labelled, triflates abbreviated, the catalyst
    as a text label over the arrow."""
    source = reaction(smarts, as_smiles=True)
    abbreviations = rdAbbreviations.ParseAbbreviations(_ABBREVIATIONS)
    shown = rdChemReactions.ChemicalReaction()

    def prepared(template):
        mol = Chem.Mol(template)
        for atom in mol.GetAtoms():
            if atom.GetAtomicNum() == 0 and atom.GetAtomMapNum() in labels:
                atom.SetProp("atomLabel", labels[atom.GetAtomMapNum()])
            atom.SetAtomMapNum(0)
        return rdAbbreviations.CondenseMolAbbreviations(mol, abbreviations, maxCoverage=1.0)

    for template in source.GetReactants():
        shown.AddReactantTemplate(prepared(template))
    if catalyst:
        label = Chem.MolFromSmiles("*")
        label.GetAtomWithIdx(0).SetProp("atomLabel", catalyst)
        shown.AddAgentTemplate(label)
    for template in source.GetProducts():
        shown.AddProductTemplate(prepared(template))
    return shown


def reaction_scheme_svg(panels, width: int, labels: dict[int, str] | None = None, panel_height: int = 170,
                        font_size: int = 14) -> str:
    """SVG of reactions stacked one per row, `width` px wide (the column it is shown in); `panels`
    holds (title, reaction SMARTS, catalyst text) triples. Dummy atoms are drawn with `labels` by
    map number (0: unmapped); the default gives R1-R3, Ar and R. Text is SVG text of at least
    `font_size` px, not glyph outlines, so that its size can be read and checked."""
    labels = R_GROUP_LABELS if labels is None else labels
    drawer = rdMolDraw2D.MolDraw2DSVG(width, panel_height * len(panels), width, panel_height, noFreetype=True)
    options = drawer.drawOptions()
    options.minFontSize = font_size
    options.maxFontSize = font_size + 4
    options.fixedBondLength = 28
    options.clearBackground = True
    for row, (_, smarts, catalyst) in enumerate(panels):
        drawer.SetOffset(0, row * panel_height)
        drawer.DrawReaction(_display_reaction(smarts, labels, catalyst))
    drawer.FinishDrawing()
    # Titles as whole SVG text lines: RDKit places each character by its own width estimate.
    titles = "".join(f"<text x='8' y='{row * panel_height + font_size + 4}' style='font-size:{font_size}px;"
                     f"font-family:sans-serif;fill:#191919'>{escape(title)}</text>\n"
                     for row, (title, _, _) in enumerate(panels))
    return drawer.GetDrawingText().replace("</svg>", titles + "</svg>")
