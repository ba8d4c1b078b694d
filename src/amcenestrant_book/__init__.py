"""Shared code of the amcenestrant research book: paths, data, checks, statistics, plots, chemistry.

Importing the package has no side effects; each chapter imports the modules it needs.
"""

__all__ = ["paths", "data", "contract", "stats", "plots", "chem", "build"]
