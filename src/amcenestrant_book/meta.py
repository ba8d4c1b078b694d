"""Random-effects meta-analysis of log hazard ratios, a thin wrapper of statsmodels.stats.meta_analysis.

The pooling itself (weights, DerSimonian-Laird and Paule-Mandel tau², the Hartung-Knapp scale) is
statsmodels' `combine_effects`; this module turns reported intervals into standard errors at their own
level, and adds what statsmodels does not return: the prediction interval, the subgroup test,
leave-one-out and where a new trial's estimate falls against the others' prediction.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats as sps
from statsmodels.stats.meta_analysis import combine_effects

from .stats import z_for_level

METHODS = {"DL": "dl", "PM": "pm"}


def log_estimate(estimate: float, ci_low: float, ci_high: float, level: float) -> tuple[float, float]:
    """log(ratio) and its standard error from a Wald interval at `level` percent.

    The level has no default on purpose: a 90% interval read as 95% gives a standard error 19%
    too small, so every caller must say which level its interval has."""
    if not 50 <= level < 100:
        raise ValueError(f"confidence level {level!r} is not a percentage between 50 and 100")
    if not 0 < ci_low <= estimate <= ci_high:
        raise ValueError(f"interval {ci_low} to {ci_high} does not bracket the estimate {estimate}")
    return math.log(estimate), (math.log(ci_high) - math.log(ci_low)) / (2 * z_for_level(level))


@dataclass(frozen=True)
class Pooled:
    """A random-effects pooled log ratio with its heterogeneity."""

    method: str
    k: int
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    tau2: float
    i2: float
    q: float
    q_p: float
    pi_low: float
    pi_high: float

    def ratio(self) -> dict[str, float]:
        """Estimate, confidence and prediction intervals on the ratio scale."""
        return {"estimate": math.exp(self.estimate), "ci_low": math.exp(self.ci_low),
                "ci_high": math.exp(self.ci_high), "pi_low": math.exp(self.pi_low),
                "pi_high": math.exp(self.pi_high)}


LEVEL = 95.0
"""Percent level of the pooled confidence and prediction intervals unless a caller says otherwise."""


def pool(log_effects, standard_errors, method: str = "DL", hartung_knapp: bool = False,
         level: float = LEVEL) -> Pooled:
    """Pool log ratios with statsmodels' combine_effects.

    method: "DL" (DerSimonian-Laird) or "PM" (Paule-Mandel). hartung_knapp: the HKSJ scale with a
    t distribution on k - 1 degrees of freedom. The prediction interval is Higgins, Thompson and
    Spiegelhalter's: estimate +- t(k-2) sqrt(tau² + se²); it needs at least three trials."""
    y = np.asarray(log_effects, dtype=float)
    v = np.asarray(standard_errors, dtype=float) ** 2
    k = len(y)
    if k < 2:
        raise ValueError("pooling needs at least two estimates")
    alpha = 1 - level / 100
    with np.errstate(invalid="ignore"):  # HKSJ scale of an untruncated negative tau², discarded below
        result = combine_effects(y, v, method_re=METHODS[method], alpha=alpha)
    if result.tau2 < 0:
        # statsmodels leaves the DL moment estimate untruncated; below zero the estimate is zero,
        # which is what the Paule-Mandel fit returns when Q < k - 1.
        result = combine_effects(y, v, method_re="pm", alpha=alpha)
    tau2 = float(result.tau2)
    estimate = float(result.mean_effect_re)
    if hartung_knapp:
        se = float(result.sd_eff_w_re_hksj)
        crit = float(sps.t.isf(alpha / 2, k - 1))
    else:
        se = float(result.sd_eff_w_re)
        crit = float(sps.norm.isf(alpha / 2))
    if k >= 3:
        half = float(sps.t.isf(alpha / 2, k - 2)) * math.sqrt(tau2 + se**2)
        pi = (estimate - half, estimate + half)
    else:
        pi = (math.nan, math.nan)
    q = float(result.q)
    return Pooled(method=method + ("-HK" if hartung_knapp else ""), k=k, estimate=estimate, se=se,
                  ci_low=estimate - crit * se, ci_high=estimate + crit * se, tau2=tau2,
                  i2=max(0.0, float(result.i2)), q=q, q_p=float(sps.chi2.sf(q, k - 1)),
                  pi_low=pi[0], pi_high=pi[1])


def subgroup_difference(a: Pooled, b: Pooled) -> dict[str, float]:
    """Test that two independent pooled estimates are equal: the between-subgroup Q on one degree of
    freedom, taken from a fixed-effect combination of the two subgroup estimates."""
    between = combine_effects(np.array([a.estimate, b.estimate]), np.array([a.se**2, b.se**2]),
                              method_re="pm")
    q = float(between.q)
    difference = a.estimate - b.estimate
    return {"ratio_of_ratios": math.exp(difference), "q": q, "p": float(sps.chi2.sf(q, 1)),
            "se": math.sqrt(a.se**2 + b.se**2)}


def leave_one_out(log_effects, standard_errors, labels, **options) -> list[tuple[str, Pooled]]:
    """The pooled estimate with each trial left out in turn."""
    y, se = list(log_effects), list(standard_errors)
    return [(label, pool(y[:i] + y[i + 1:], se[:i] + se[i + 1:], **options)) for i, label in enumerate(labels)]


def against_prediction(pooled: Pooled, log_effect: float, se: float, level: float = LEVEL) -> dict[str, float]:
    """Where a new trial's estimate falls against a pooled analysis of the others.

    The interval for a new trial's observed estimate widens the prediction interval by that trial's own
    sampling error: estimate +- t(k-2) sqrt(tau² + se_pooled² + se_new²). p is the two-sided
    probability of an estimate at least this far from the pooled value."""
    scale = math.sqrt(pooled.tau2 + pooled.se**2 + se**2)
    t = (log_effect - pooled.estimate) / scale
    df = pooled.k - 2
    half = float(sps.t.isf((1 - level / 100) / 2, df)) * scale
    return {"t": t, "p": float(2 * sps.t.sf(abs(t), df)), "low": math.exp(pooled.estimate - half),
            "high": math.exp(pooled.estimate + half),
            "inside_true_effect_pi": pooled.pi_low <= log_effect <= pooled.pi_high}


def trial_estimates(frame: pd.DataFrame) -> pd.DataFrame:
    """log HR and its standard error for each row of a table with hr, ci_low, ci_high and ci_level.

    Each interval is converted with the z of its own level; rows whose level is not 95 are flagged so
    that a table or figure can say which estimates came from, for example, 90% intervals."""
    converted = [log_estimate(r.hr, r.ci_low, r.ci_high, float(r.ci_level)) for r in frame.itertuples()]
    out = frame.copy()
    out["log_hr"] = [c[0] for c in converted]
    out["se"] = [c[1] for c in converted]
    out["z_used"] = [z_for_level(float(level)) for level in frame.ci_level]
    out["level_flag"] = [f"{level:g}% interval, converted with z = {z_for_level(float(level)):.3f}"
                         if float(level) != 95 else "" for level in frame.ci_level]
    return out
