"""The data package downloads as one reproducible zip of the tables it describes; the citation
file is at the top."""

import zipfile

import pytest
import yaml

from amcenestrant_book.build.downloads import write_data_package_zip


def test_data_package_zip_is_complete_and_byte_identical(project_copy):
    first = write_data_package_zip(project_copy).read_bytes()
    second = write_data_package_zip(project_copy).read_bytes()
    assert first == second
    names = set(zipfile.ZipFile(write_data_package_zip(project_copy)).namelist())
    expected = {f"amcenestrant-data/{p.name}" for p in (project_copy / "data").glob("*.csv")}
    expected |= {f"amcenestrant-data/{n}" for n in ("datapackage.yaml", "README.md", "references.bib")}
    assert names == expected


def test_a_csv_the_package_does_not_describe_is_not_shipped(project_copy):
    (project_copy / "data/notes.csv").write_text('a,b\n1,"unclosed\n', encoding="utf-8")
    names = zipfile.ZipFile(write_data_package_zip(project_copy)).namelist()
    assert "amcenestrant-data/notes.csv" not in names


@pytest.mark.slow
def test_the_zip_in_the_built_book_is_the_one_downloaded(built_copy):
    zipped = built_copy / "_build/downloads/amcenestrant-data-package.zip"
    served = list((built_copy / "_build/html/_downloads").rglob("amcenestrant-data-package.zip"))
    assert len(served) == 1 and served[0].read_bytes() == zipped.read_bytes()


def test_citation_file_names_the_book(root):
    citation = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0"
    assert "amcenestrant" in citation["title"].lower()
