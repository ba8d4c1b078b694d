"""Problems in the book's data, each located to file, row and column, and the error that stops the build."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located to file, row (header = 1) and column."""

    path: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}, row {self.row}, column {self.column}: {self.message}"


class DataError(ValueError):
    """Raised with every problem found; the build stops on it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{len(problems)} problem(s) in the book's data:\n{lines}")
