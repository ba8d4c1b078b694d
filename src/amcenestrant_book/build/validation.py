"""Validation before anything executes: the data contract, plus the build's own rule that every
CSV in data/ is described by the data package (an undescribed table is never checked, so it
must not be read or shipped). Skipped when data and library are as at the last validation."""

from __future__ import annotations

import sys
from pathlib import Path

from ..problems import Problem
from ..schema import DESCRIPTOR, load_descriptor
from . import stamps
from .digests import environment_digest, tree_digest

STAMP = "_build/.validated"


def undescribed_csvs(root: Path) -> list[Problem]:
    """A problem for each CSV in data/ that data/datapackage.yaml does not describe."""
    described = {res["path"] for res in load_descriptor(root)["resources"]}
    return [Problem(f"data/{path.name}", 1, "(file)",
                    f"not described in {DESCRIPTOR}; describe it there or remove it")
            for path in sorted((root / "data").glob("*.csv")) if path.name not in described]


def data_digest(root: Path) -> str:
    return tree_digest(root, ("data", "references.bib")) + environment_digest(root)


def validate(root: Path) -> bool:
    """Validate the data package unless these very data and this library were validated last."""
    digest = data_digest(root)
    if stamps.stamped(root, STAMP, digest):
        print("validate: data package unchanged since it was last validated")
        return True
    from .. import contract  # imports pandas (over a second): only when the data changed

    problems = undescribed_csvs(root) or contract.validate(root)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        print(f"validate: {len(problems)} problem(s); nothing was built", file=sys.stderr)
        return False
    print("validate: data package is valid")
    if (root / "_build").is_dir():  # never create _build just for the stamp
        stamps.stamp(root, STAMP, digest)
    return True
