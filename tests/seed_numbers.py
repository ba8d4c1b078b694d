"""Numbers as the seed-completeness test reads them: standalone numbers in running text, not
digits glued into names (ESR1, AMEERA-3, Y537S, B610687, 17β, 2D) or into structure strings."""

from __future__ import annotations

import re
from decimal import Decimal

TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


def numbers(text: str) -> list[str]:
    """Every standalone number in `text`, normalised (no thousands separators, no trailing zeros)."""
    found = []
    for match in TOKEN.finditer(text):
        before = text[max(0, match.start() - 2) : match.start()]
        after = text[match.end() : match.end() + 1]
        if before[-1:] and (before[-1].isalnum() or before[-1] in "._"):
            continue  # ESR1, B610687, C31H30...
        if before[-1:] == "-" and before[:1].isalpha():
            continue  # AMEERA-3, Ki-67
        if after.isalpha():
            continue  # 17β-estradiol, 2D, 3S, 7H-benzo
        found.append(normalise(match.group()))
    return found


def normalise(token: str) -> str:
    value = Decimal(token.replace(",", ""))
    text = format(value.normalize(), "f")
    return text


IDENTIFIER = re.compile(r"(?<![\w-])[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*")


def identifiers(text: str) -> list[str]:
    """Names that carry digits (ESR1, Y537S, NCT03284957, MCF-7, AMEERA-3, B610687), case kept."""
    return [m.group() for m in IDENTIFIER.finditer(text) if any(c.isdigit() for c in m.group())]


def identifier_parts(token: str) -> list[str]:
    """The digit-bearing parts of a hyphenated name: ESR1-Y537S -> ESR1, Y537S."""
    return [part for part in token.split("-") if any(c.isdigit() for c in part)]
