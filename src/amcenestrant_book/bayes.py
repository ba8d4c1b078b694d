"""Bayesian re-analysis of a reported hazard ratio: a normal prior on log HR combined with the
normal likelihood its interval implies (conjugate update), and the posterior probabilities of
benefit. Priors follow Spiegelhalter, Freedman & Parmar (1994): sceptical and enthusiastic priors
are centred on no effect and on a clinically worthwhile effect, with 5% of their mass beyond the
other."""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import normal as norm


@dataclass(frozen=True)
class NormalPrior:
    """A normal prior on log HR, with why it was chosen."""

    name: str
    mean: float
    sd: float
    rationale: str


TAIL = 0.05
"""Mass of the sceptical prior below the worthwhile effect and of the enthusiastic prior above no effect."""
NEUTRAL_RANGE = (0.5, 2.0)
NEUTRAL_MASS = 0.95
"""The neutral prior holds this mass between these hazard ratios (symmetric on the log scale)."""
CREDIBLE_LEVEL = 95.0
"""Percent level of the posterior credible intervals."""
BENEFIT_THRESHOLDS = (1.0, 0.8)
"""P(HR < threshold) is reported for any benefit and for a clinically worthwhile one."""


def spiegelhalter_priors(worthwhile_hr: float, tail: float = TAIL) -> list[NormalPrior]:
    """Sceptical (mean 0, P(HR < worthwhile) = tail), neutral (mean 0, NEUTRAL_MASS of the mass in
    NEUTRAL_RANGE) and enthusiastic (mean log worthwhile, P(HR > 1) = tail) priors on log HR."""
    if not 0 < worthwhile_hr < 1:
        raise ValueError(f"a worthwhile hazard ratio lies below 1, got {worthwhile_hr}")
    sd = -math.log(worthwhile_hr) / norm.isf(tail)
    low, high = NEUTRAL_RANGE
    return [
        NormalPrior("sceptical", 0.0, sd, f"no effect expected; {100 * tail:g}% chance of HR below {worthwhile_hr:g}"),
        NormalPrior("neutral", 0.0, math.log(high) / norm.isf((1 - NEUTRAL_MASS) / 2),
                    f"no direction; {100 * NEUTRAL_MASS:g}% chance HR lies in {low:g} to {high:g}"),
        NormalPrior("enthusiastic", math.log(worthwhile_hr), sd,
                    f"HR {worthwhile_hr:g} expected; {100 * tail:g}% chance of no benefit (HR above 1)"),
    ]


def posterior(prior_mean: float, prior_sd: float, estimate: float, se: float) -> tuple[float, float]:
    """Mean and SD of the normal posterior of log HR: precisions add, means are precision-weighted."""
    precision = prior_sd**-2 + se**-2
    return (prior_mean * prior_sd**-2 + estimate * se**-2) / precision, precision**-0.5


def probability_hr_below(threshold: float, mean: float, sd: float) -> float:
    """P(HR < threshold) for log HR ~ Normal(mean, sd^2)."""
    return float(norm.cdf((math.log(threshold) - mean) / sd))


def reanalysis(hr: float, se: float, priors: list[NormalPrior], thresholds=BENEFIT_THRESHOLDS,
               level: float = CREDIBLE_LEVEL) -> list[dict]:
    """For each prior: the posterior median HR with its credible interval at `level` percent and
    P(HR < threshold) for each threshold, from an estimate `hr` with SE(log HR) `se`."""
    rows = []
    z = norm.isf((1 - level / 100) / 2)
    for prior in priors:
        mean, sd = posterior(prior.mean, prior.sd, math.log(hr), se)
        rows.append({"prior": prior.name, "prior mean HR": math.exp(prior.mean), "prior SD log HR": prior.sd,
                     "rationale": prior.rationale, "posterior median HR": math.exp(mean),
                     "credible low": math.exp(mean - z * sd), "credible high": math.exp(mean + z * sd),
                     **{f"P(HR < {t:g})": probability_hr_below(t, mean, sd) for t in thresholds}})
    return rows
