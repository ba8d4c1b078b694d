"""The data package downloads as one reproducible zip; the citation file is at the top."""

import zipfile

import yaml

from amcenestrant_book.cli import write_data_package_zip


def test_data_package_zip_is_complete_and_byte_identical(project_copy):
    first = write_data_package_zip(project_copy).read_bytes()
    second = write_data_package_zip(project_copy).read_bytes()
    assert first == second
    names = set(zipfile.ZipFile(write_data_package_zip(project_copy)).namelist())
    expected = {f"amcenestrant-data/{p.name}" for p in (project_copy / "data").glob("*.csv")}
    expected |= {f"amcenestrant-data/{n}" for n in ("datapackage.yaml", "README.md", "references.bib")}
    assert names == expected


def test_citation_file_names_the_book(root):
    citation = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0"
    assert "amcenestrant" in citation["title"].lower()
