"""Statistics the book recomputes from reported numbers, each a textbook formula."""

from __future__ import annotations

import math

from scipy.stats import norm
from statsmodels.stats.proportion import proportion_confint


def wilson_interval(count: int, n: int, level: float = 95.0) -> tuple[float, float]:
    """Wilson score interval for count/n, in percent."""
    low, high = proportion_confint(count, n, alpha=1 - level / 100, method="wilson")
    return 100 * low, 100 * high


def counts_matching_percentage(percent: float, n: int, decimals: int = 1) -> list[int]:
    """Integer counts k with round(100 k / n, decimals) == percent (a GRIM-style check).

    Rounds half up on the decimal value, as reports do, and allows either rounding of a
    trailing 5 so that a reported value is never flagged for the rounding convention alone."""
    tolerance = 0.5 * 10 ** (-decimals) + 1e-9
    return [k for k in range(n + 1) if abs(100 * k / n - percent) <= tolerance]


def z_for_level(level: float) -> float:
    return float(norm.ppf(0.5 + level / 200))


def log_hr_standard_error(ci_low: float, ci_high: float, level: float = 95.0) -> float:
    """Standard error of log(HR), treating the CI as Wald-type on the log scale."""
    return (math.log(ci_high) - math.log(ci_low)) / (2 * z_for_level(level))


def hr_p_values(hr: float, ci_low: float, ci_high: float, level: float = 95.0) -> dict[str, float]:
    """z, one-sided p (for HR < 1 favouring the experimental arm) and two-sided p of a hazard ratio."""
    z = math.log(hr) / log_hr_standard_error(ci_low, ci_high, level)
    return {"z": z, "p_one_sided": float(norm.cdf(z)), "p_two_sided": float(2 * norm.sf(abs(z)))}


def events_for_standard_error(se: float, allocation: float = 0.5) -> float:
    """Events implied by SE(log HR) under the Schoenfeld approximation, SE = 1/sqrt(d p (1-p))."""
    return 1 / (se**2 * allocation * (1 - allocation))
