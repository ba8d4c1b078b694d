"""Concentration-response arithmetic: the Hill (four-parameter logistic) model and unit changes.

The book uses it only to draw curves *modelled* from reported half-maximal concentrations
(EC50, IC50, DC50); nothing here is fitted to measurements.
"""

from __future__ import annotations

import numpy as np

_NANOMOLAR_PER = {"pM": 1e-3, "nM": 1.0, "uM": 1e3, "µM": 1e3, "mM": 1e6, "M": 1e9}


def to_nanomolar(value, unit: str):
    """`value` in `unit` (pM, nM, uM or µM, mM, M) expressed in nM."""
    try:
        return np.multiply(value, _NANOMOLAR_PER[unit])
    except KeyError:
        raise ValueError(f"unknown concentration unit {unit!r}") from None


def _check(half_maximal: float, hill_slope: float) -> None:
    if not half_maximal > 0:
        raise ValueError(f"the half-maximal concentration must be positive, not {half_maximal!r}")
    if not hill_slope > 0:
        raise ValueError(f"the Hill slope must be positive, not {hill_slope!r}")


def hill(concentration, half_maximal: float, hill_slope: float = 1.0,
         bottom: float = 0.0, top: float = 1.0):
    """Response at `concentration` (same unit as `half_maximal`):
    bottom + (top - bottom) * C^n / (EC50^n + C^n). Equals the midpoint of bottom and top at
    C = EC50; rises from `bottom` at C = 0 towards `top`."""
    _check(half_maximal, hill_slope)
    c = np.asarray(concentration, dtype=float)
    if np.any(c < 0):
        raise ValueError("concentrations cannot be negative")
    fraction = 1.0 / (1.0 + (half_maximal / np.where(c > 0, c, np.nan)) ** hill_slope)
    fraction = np.where(c > 0, fraction, 0.0)
    result = bottom + (top - bottom) * fraction
    return result.item() if result.ndim == 0 else result


def concentration_for(fraction: float, half_maximal: float, hill_slope: float = 1.0) -> float:
    """Concentration at which the Hill model reaches `fraction` (0 < fraction < 1) of its
    maximal effect: EC50 * (f / (1 - f))^(1/n). With n = 1, EC90 = 9 x EC50."""
    _check(half_maximal, hill_slope)
    if not 0 < fraction < 1:
        raise ValueError(f"fraction must lie strictly between 0 and 1, not {fraction!r}")
    return half_maximal * (fraction / (1.0 - fraction)) ** (1.0 / hill_slope)
