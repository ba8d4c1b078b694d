"""RDKit helpers: parse, identify, describe and draw molecules."""

from __future__ import annotations

from dataclasses import dataclass

from rdkit import Chem, RDLogger
from rdkit.Chem import Crippen, Descriptors, Lipinski, rdMolDescriptors
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
    drawer = rdMolDraw2D.MolDraw2DSVG(width, height)
    options = drawer.drawOptions()
    options.addStereoAnnotation = True
    options.clearBackground = True
    rdMolDraw2D.PrepareAndDrawMolecule(drawer, mol, legend=legend, highlightAtoms=centres)
    drawer.FinishDrawing()
    return drawer.GetDrawingText()
