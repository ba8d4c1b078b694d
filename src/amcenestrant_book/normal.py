"""The standard normal distribution, from the standard library: the chapters' statistics need its
cdf, tails and quantiles, and scipy.stats takes over a second to import in every chapter's kernel.

`sf` and `cdf` use the complementary error function, so tails far from zero keep their precision
(as scipy's do); `isf` uses the symmetry of the distribution for the same reason."""

from __future__ import annotations

import math
from statistics import NormalDist

_STANDARD = NormalDist()


def cdf(z: float) -> float:
    """P(Z <= z)."""
    return 0.5 * math.erfc(-z / math.sqrt(2))


def sf(z: float) -> float:
    """P(Z > z)."""
    return 0.5 * math.erfc(z / math.sqrt(2))


def ppf(p: float) -> float:
    """The z with P(Z <= z) = p."""
    return _STANDARD.inv_cdf(p)


def isf(p: float) -> float:
    """The z with P(Z > z) = p."""
    return -_STANDARD.inv_cdf(p)
