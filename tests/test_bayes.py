"""The Bayesian update of bayes.py against an independent reference: the posterior probability by
numerical integration of prior x likelihood (scipy), not the conjugate formula."""

import math

import pytest
from scipy import integrate
from scipy.stats import norm

from amcenestrant_book import bayes


def integrated_probability_below(threshold, prior_mean, prior_sd, estimate, se):
    """P(log HR < log threshold | data) = integral of prior x likelihood below it, over the total."""
    def density(x):
        return norm.pdf(x, prior_mean, prior_sd) * norm.pdf(estimate, x, se)

    below = integrate.quad(density, -5, math.log(threshold), epsabs=1e-13)[0]
    total = integrate.quad(density, -5, 5, epsabs=1e-13)[0]
    return below / total


@pytest.mark.parametrize("prior_mean, prior_sd, estimate, se", [
    (0.0, 0.2, math.log(1.209), 0.129), (math.log(0.75), 0.175, math.log(1.051), 0.147), (0.0, 0.354, -0.4, 0.3)])
@pytest.mark.parametrize("threshold", [1.0, 0.8])
def test_posterior_probability_matches_numerical_integration(prior_mean, prior_sd, estimate, se, threshold):
    mean, sd = bayes.posterior(prior_mean, prior_sd, estimate, se)
    expected = integrated_probability_below(threshold, prior_mean, prior_sd, estimate, se)
    assert bayes.probability_hr_below(threshold, mean, sd) == pytest.approx(expected, abs=1e-7)


def test_posterior_hand_example():
    # Prior N(0, 1), estimate 1 with SE 1: precisions 1 + 1 = 2, mean (0 + 1) / 2, SD 1 / sqrt 2.
    mean, sd = bayes.posterior(0.0, 1.0, 1.0, 1.0)
    assert (mean, sd) == (pytest.approx(0.5), pytest.approx(2**-0.5))
    # A prior ten times more precise than the data pulls the mean to 1/101 of the estimate.
    assert bayes.posterior(0.0, 0.1, 1.0, 1.0)[0] == pytest.approx(1 / 101)


def test_spiegelhalter_priors_have_their_stated_tails():
    sceptical, neutral, enthusiastic = bayes.spiegelhalter_priors(0.75)
    assert (sceptical.name, neutral.name, enthusiastic.name) == ("sceptical", "neutral", "enthusiastic")
    assert norm.cdf(math.log(0.75), sceptical.mean, sceptical.sd) == pytest.approx(0.05)
    assert norm.sf(0.0, enthusiastic.mean, enthusiastic.sd) == pytest.approx(0.05)
    assert enthusiastic.mean == pytest.approx(math.log(0.75))
    inside = norm.cdf(math.log(2), 0, neutral.sd) - norm.cdf(math.log(0.5), 0, neutral.sd)
    assert inside == pytest.approx(0.95)
    with pytest.raises(ValueError, match="below 1"):
        bayes.spiegelhalter_priors(1.2)


def test_reanalysis_rows():
    rows = bayes.reanalysis(1.209, 0.129, bayes.spiegelhalter_priors(0.75))
    assert [r["prior"] for r in rows] == ["sceptical", "neutral", "enthusiastic"]
    for r in rows:
        assert r["credible low"] < r["posterior median HR"] < r["credible high"]
        assert 1 <= r["posterior median HR"] < 1.209 or r["prior"] == "enthusiastic"
        assert r["P(HR < 0.8)"] < r["P(HR < 1)"]
    # The enthusiastic prior gives the largest probability of benefit.
    assert rows[2]["P(HR < 1)"] == max(r["P(HR < 1)"] for r in rows)
