"""Statistics the book recomputes from reported numbers, each a textbook formula."""

from __future__ import annotations

import math

from . import normal as norm


def wilson_interval(count: int, n: int, level: float = 95.0) -> tuple[float, float]:
    """Wilson score interval for count/n, in percent (Wilson 1927; Newcombe 1998, method 3):
    (p + z^2 / 2n -/+ z sqrt(p (1 - p) / n + z^2 / 4n^2)) / (1 + z^2 / n)."""
    z, p = z_for_level(level), count / n
    centre, half = p + z**2 / (2 * n), z * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    scale = 1 + z**2 / n
    return 100 * (centre - half) / scale, 100 * (centre + half) / scale


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
    """Events implied by SE(log HR) under the Schoenfeld approximation, SE = 1/sqrt(d p (1-p)),
    with p the allocation. Away from HR 1 this runs low: see `events_for_standard_error_at_hr`."""
    return 1 / (se**2 * allocation * (1 - allocation))


def events_for_standard_error_at_hr(se: float, hr: float) -> float:
    """Events implied by SE(log HR) when the arms' events split as HR : 1 (1:1 allocation, similar
    exposure): Var(log HR) = 1/d_exp + 1/d_ctl = 1 / (d f (1 - f)) with f = HR / (1 + HR). The
    Schoenfeld value (f = 1/2) is lower by the factor 4 f (1 - f)."""
    share = hr / (1 + hr)
    return 1 / (se**2 * share * (1 - share))


# --- Audit helpers -----------------------------------------------------------------------------


def round_half_up(value: float, decimals: int) -> str:
    """`value` rounded to `decimals` as reports round, halves away from zero ("2.25" -> "2.3"),
    on its shortest decimal representation (Python's round() and format() round halves to even
    on the binary value)."""
    from decimal import ROUND_HALF_UP, Decimal

    return str(Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def decimals_as_written(text: str) -> int:
    """Decimals of a number as it is written ("1.40" -> 2, "93" -> 0), which a float loses."""
    text = str(text).strip()
    if not text or text.lower() in ("nan", "<na>"):
        raise ValueError(f"not a written number: {text!r}")
    float(text)  # raises on anything that is not a number
    mantissa = text.lower().split("e")[0]
    return len(mantissa.split(".")[1]) if "." in mantissa else 0


def rounding_range(function, values: list[float], decimals: list[int]) -> tuple[float, float]:
    """Smallest and largest `function(*values)` over every corner of the box of values that
    round to `values` (each +/- half a unit of its last written decimal). Exact for a function
    monotone in each argument separately, as the statistics recomputed here are."""
    from itertools import product

    halves = [0.5 * 10 ** (-d) for d in decimals]
    results = [function(*(v + s * h for v, s, h in zip(values, signs, halves, strict=True)))
               for signs in product((-1, 1), repeat=len(values))]
    return min(results), max(results)


def ci_log_asymmetry(hr: float, ci_low: float, ci_high: float) -> float:
    """Relative asymmetry of a ratio's CI on the log scale: (upper arm - lower arm) / width.

    Zero for a Wald interval exp(log HR +/- z SE); positive when the upper arm is longer."""
    upper = math.log(ci_high) - math.log(hr)
    lower = math.log(hr) - math.log(ci_low)
    return (upper - lower) / (upper + lower)


def smallest_denominator(percent: float, decimals: int = 1, limit: int = 10_000) -> int:
    """The smallest n for which some integer count k gives round(100 k / n, decimals) == percent."""
    for n in range(1, limit + 1):
        if counts_matching_percentage(percent, n, decimals):
            return n
    raise ValueError(f"no denominator up to {limit} gives {percent}%")


def ratio_of_hazard_ratios(hr_a: float, low_a: float, high_a: float, hr_b: float, low_b: float,
                           high_b: float, level: float = 95.0) -> dict[str, float]:
    """Ratio HR_a / HR_b of two independent estimates with its CI and two-sided p
    (Altman & Bland 2003, 'Interaction revisited': the difference of log estimates, SEs added in
    quadrature)."""
    se = math.hypot(log_hr_standard_error(low_a, high_a, level), log_hr_standard_error(low_b, high_b, level))
    log_ratio = math.log(hr_a) - math.log(hr_b)
    z_level = z_for_level(level)
    return {"ratio": math.exp(log_ratio), "ci_low": math.exp(log_ratio - z_level * se),
            "ci_high": math.exp(log_ratio + z_level * se), "se": se, "z": log_ratio / se,
            "p_two_sided": float(2 * norm.sf(abs(log_ratio / se)))}


# --- Group-sequential helpers ------------------------------------------------------------------


def schoenfeld_events(hr: float, alpha_one_sided: float = 0.025, power: float = 0.8,
                      allocation: float = 0.5) -> float:
    """Events for a log-rank test to detect `hr` (Schoenfeld 1983):
    d = (z_alpha + z_beta)^2 / (p (1 - p) (log HR)^2)."""
    z_sum = norm.isf(alpha_one_sided) + norm.ppf(power)
    return float(z_sum**2 / (allocation * (1 - allocation) * math.log(hr) ** 2))


def drift(hr: float, events: float, allocation: float = 0.5) -> float:
    """Expected final z-statistic (benefit positive) under a true `hr` with `events` events:
    theta = -log(HR) sqrt(d p (1 - p))."""
    return -math.log(hr) * math.sqrt(events * allocation * (1 - allocation))


def conditional_power(z_interim: float, information_fraction: float, theta: float | None = None,
                      alpha_one_sided: float = 0.025) -> float:
    """Probability that the final z-statistic exceeds z_alpha given the interim z (B-value method,
    Lan & Wittes 1988; Jennison & Turnbull 2000, section 10.2):

        CP = 1 - Phi((z_alpha - z_t sqrt(t) - theta (1 - t)) / sqrt(1 - t)),

    z oriented so that benefit is positive. `theta` is the drift (expected final z) under the
    assumed truth; None uses the current trend, theta = z_t / sqrt(t)."""
    t = information_fraction
    if not 0 < t < 1:
        raise ValueError(f"information fraction must lie strictly between 0 and 1, got {t}")
    if theta is None:
        theta = z_interim / math.sqrt(t)
    numerator = norm.isf(alpha_one_sided) - z_interim * math.sqrt(t) - theta * (1 - t)
    return float(norm.sf(numerator / math.sqrt(1 - t)))


def probability_hr_estimate_above(boundary_hr: float, true_hr: float, se: float) -> float:
    """P(estimated HR > boundary) when log HR-hat ~ Normal(log true HR, se^2)."""
    return float(norm.sf((math.log(boundary_hr) - math.log(true_hr)) / se))


# --- Exponential survival ----------------------------------------------------------------------


def _exponential(median: float):
    from scipy.stats import expon

    if median <= 0:
        raise ValueError(f"median must be positive, got {median}")
    return expon(scale=median / math.log(2))


def exponential_survival(t, median: float):
    """S(t) = exp(-log(2) t / median) of the exponential distribution with that median."""
    return _exponential(median).sf(t)


def exponential_median_from_survival(survival: float, t: float) -> float:
    """The median of the exponential distribution with S(t) = survival: -log(2) t / log(S)."""
    if not 0 < survival < 1:
        raise ValueError(f"survival must lie strictly between 0 and 1, got {survival}")
    from scipy.stats import expon

    scale = t / -math.log(survival)
    return float(expon(scale=scale).median())


def interval_hazard(survival_start: float, survival_end: float, t_start: float, t_end: float) -> float:
    """Average hazard between two points of a survival curve: log(S1 / S2) / (t2 - t1)."""
    return math.log(survival_start / survival_end) / (t_end - t_start)


def weibull_fit(times, survivals) -> dict[str, float]:
    """Weibull S(t) = exp(-(t / scale)^shape) through points of a survival curve by least squares
    on the Weibull plot, log(-log S) = shape log t - shape log scale (statsmodels OLS).
    shape < 1: hazard falling with time; 1: exponential; > 1: rising."""
    import numpy as np
    import statsmodels.api as sm

    x = np.log(np.asarray(times, dtype=float))
    y = np.log(-np.log(np.asarray(survivals, dtype=float)))
    fit = sm.OLS(y, sm.add_constant(x)).fit()
    intercept, shape = fit.params
    return {"shape": float(shape), "scale": float(math.exp(-intercept / shape)),
            "residual_max": float(np.max(np.abs(fit.resid)))}


def weibull_survival(t, shape: float, scale: float):
    from scipy.stats import weibull_min

    return weibull_min(shape, scale=scale).sf(t)


def rescale_ci(hr: float, ci_low: float, ci_high: float, level_from: float,
               level_to: float = 95.0) -> tuple[float, float]:
    """The Wald interval of the same estimate at another level (e.g. a 90% CI shown as 95%)."""
    se = log_hr_standard_error(ci_low, ci_high, level_from)
    z = z_for_level(level_to)
    return math.exp(math.log(hr) - z * se), math.exp(math.log(hr) + z * se)


# --- Uncertainty of derived quantities (delta method) ------------------------------------------


def cloglog_standard_error(low: float, high: float, level: float = 95.0) -> float:
    """SE of log(-log S) from a confidence interval of a survival probability S, reading it as
    symmetric on that scale (the usual log-log interval of a Kaplan-Meier rate)."""
    return abs(math.log(-math.log(low)) - math.log(-math.log(high))) / (2 * z_for_level(level))


def landmark_hazard_ratio(s_exp: float, ci_exp: tuple[float, float], s_ctl: float, ci_ctl: tuple[float, float],
                          level: float = 95.0) -> dict[str, float]:
    """The hazard ratio that two landmark rates imply if both arms are exponential (or share any
    proportional-hazards shape): HR = log S_exp / log S_ctl, so log HR = cloglog(S_exp) -
    cloglog(S_ctl); its SE adds the arms' cloglog SEs in quadrature (independent arms)."""
    log_hr = math.log(-math.log(s_exp)) - math.log(-math.log(s_ctl))
    se = math.hypot(cloglog_standard_error(*ci_exp, level), cloglog_standard_error(*ci_ctl, level))
    z = z_for_level(level)
    return {"hr": math.exp(log_hr), "se": se, "ci_low": math.exp(log_hr - z * se), "ci_high": math.exp(log_hr + z * se)}


def ratio_interval(ratio: float, se: float, level: float = 95.0) -> tuple[float, float]:
    """Interval exp(log ratio +/- z SE) of a ratio estimated with SE(log ratio) = se."""
    z = z_for_level(level)
    return ratio * math.exp(-z * se), ratio * math.exp(z * se)
