"""A futility stop judged against the trial's design: for a design (hazard ratio to detect,
power, one-sided alpha) the final events its power implies (Schoenfeld), and at the interim the
conditional power under the design alternative and under no effect, the predictive probability of
success under a prior, and the distance of the estimate from the design hazard ratio.

Effects are on the benefit-positive scale delta = -log HR; information is events x p (1 - p)."""

from __future__ import annotations

import math

from . import bayes, stats
from . import normal as norm


def predictive_probability(estimate: float, interim_information: float, final_information: float,
                           prior_mean: float | None = None, prior_sd: float | None = None,
                           alpha_one_sided: float = 0.025) -> float:
    """Probability that the final one-sided test rejects, averaged over the posterior of delta
    given the interim estimate (Spiegelhalter, Freedman & Blackburn 1986). No prior (None): the
    posterior is the interim likelihood alone, delta ~ N(estimate, 1 / I_t).

    The final estimate pools the interim one with the later increment, delta_new ~
    N(delta, 1 / (I - I_t)); the test rejects when delta_new exceeds
    c = (z_alpha sqrt(I) - I_t estimate) / (I - I_t), whose predictive distribution is
    N(posterior mean, posterior variance + 1 / (I - I_t))."""
    i_t, i_1 = interim_information, final_information
    if not 0 < i_t < i_1:
        raise ValueError(f"interim information must lie strictly between 0 and the final, got {i_t} of {i_1}")
    if prior_sd is None:
        mean, variance = estimate, 1 / i_t
    else:
        mean, sd = bayes.posterior(prior_mean, prior_sd, estimate, i_t**-0.5)
        variance = sd**2
    increment = i_1 - i_t
    threshold = (norm.isf(alpha_one_sided) * math.sqrt(i_1) - i_t * estimate) / increment
    return float(norm.sf((threshold - mean) / math.sqrt(variance + 1 / increment)))


def design_row(design_hr: float, power: float, alpha_one_sided: float, interim_hr: float, interim_se: float,
               allocation: float = 0.5) -> dict:
    """The interim (estimate and SE of log HR) judged against one design. The information fraction
    is the interim information 1 / SE^2 over the design's, d p (1 - p). Conditional powers and
    predictive probabilities are missing (None) when the design's information does not exceed the
    interim's (such a design would have ended before this interim)."""
    final_events = stats.schoenfeld_events(design_hr, alpha_one_sided, power, allocation)
    z_interim = -math.log(interim_hr) / interim_se
    info_t, info_1 = interim_se**-2, final_events * allocation * (1 - allocation)
    t = info_t / info_1
    row = {"design HR": design_hr, "power": power, "final events": final_events, "information fraction": t,
           "SEs from design HR": (math.log(interim_hr) - math.log(design_hr)) / interim_se}
    keys = ["CP design", "CP no effect", "PP flat", "PP sceptical", "PP enthusiastic"]
    if t >= 1:
        return row | dict.fromkeys(keys)
    priors = {p.name: p for p in bayes.spiegelhalter_priors(design_hr)}
    # Priors on log HR become priors on delta = -log HR by a change of sign.
    return row | {
        "CP design": stats.conditional_power(z_interim, t, stats.drift(design_hr, final_events, allocation),
                                             alpha_one_sided),
        "CP no effect": stats.conditional_power(z_interim, t, 0.0, alpha_one_sided),
        "PP flat": predictive_probability(-math.log(interim_hr), info_t, info_1, alpha_one_sided=alpha_one_sided),
        "PP sceptical": predictive_probability(-math.log(interim_hr), info_t, info_1, -priors["sceptical"].mean,
                                               priors["sceptical"].sd, alpha_one_sided),
        "PP enthusiastic": predictive_probability(-math.log(interim_hr), info_t, info_1,
                                                  -priors["enthusiastic"].mean, priors["enthusiastic"].sd,
                                                  alpha_one_sided),
    }
