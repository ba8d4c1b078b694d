"""The data package's descriptor, data/datapackage.yaml: reading it and finding a table's schema."""

from __future__ import annotations

from pathlib import Path

import yaml

from .paths import project_root

DESCRIPTOR = "data/datapackage.yaml"


def load_descriptor(root: Path | None = None) -> dict:
    with open((root or project_root()) / DESCRIPTOR, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def resource(descriptor: dict, name: str) -> dict:
    for item in descriptor["resources"]:
        if item["name"] == name:
            return item
    raise KeyError(f"{DESCRIPTOR} has no table named {name!r}")


def field_names(res: dict) -> list[str]:
    return [field["name"] for field in res["schema"]["fields"]]
