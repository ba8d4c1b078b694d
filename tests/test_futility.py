"""Conditional power and predictive probability against seeded simulations of the final test
statistic (Brownian motion of the z statistic, Lan & Wittes), at information fractions other than
one half; the design grid against the Schoenfeld formula worked in the test."""

import math

import numpy as np
import pytest
from scipy.stats import norm

from amcenestrant_book import futility, stats

Z975 = 1.959964
DRAWS = 400_000


def simulated_conditional_power(z_t, t, theta, rng):
    """B(t) = z_t sqrt(t); B(1) = B(t) + N(theta (1 - t), 1 - t); reject when B(1) > z_alpha."""
    final = z_t * math.sqrt(t) + rng.normal(theta * (1 - t), math.sqrt(1 - t), DRAWS)
    return float(np.mean(final > Z975))


@pytest.mark.parametrize("z_t, t, theta", [(1.0, 0.3, 2.8), (-0.5, 0.3, 2.0), (1.5, 0.7, 2.8), (0.2, 0.8, 1.0)])
def test_conditional_power_matches_a_seeded_simulation(z_t, t, theta):
    rng = np.random.default_rng(20260)
    simulated = simulated_conditional_power(z_t, t, theta, rng)
    tolerance = 4 * math.sqrt(max(simulated * (1 - simulated), 1e-4) / DRAWS)
    assert stats.conditional_power(z_t, t, theta) == pytest.approx(simulated, abs=tolerance)


@pytest.mark.parametrize("estimate, i_t, i_1, prior", [(0.1, 40.0, 100.0, None), (-0.05, 60.0, 150.0, (0.2, 0.15)),
                                                       (0.25, 30.0, 110.0, (0.0, 0.3))])
def test_predictive_probability_matches_a_seeded_simulation(estimate, i_t, i_1, prior):
    rng = np.random.default_rng(7)
    if prior is None:
        mean, sd = estimate, i_t**-0.5
    else:  # conjugate posterior, written out here: precisions add
        precision = prior[1] ** -2 + i_t
        mean, sd = (prior[0] * prior[1] ** -2 + i_t * estimate) / precision, precision**-0.5
    delta = rng.normal(mean, sd, DRAWS)
    later = rng.normal(delta, (i_1 - i_t) ** -0.5)
    final_estimate = (i_t * estimate + (i_1 - i_t) * later) / i_1
    simulated = float(np.mean(final_estimate * math.sqrt(i_1) > Z975))
    tolerance = 4 * math.sqrt(max(simulated * (1 - simulated), 1e-4) / DRAWS)
    kwargs = {} if prior is None else {"prior_mean": prior[0], "prior_sd": prior[1]}
    assert futility.predictive_probability(estimate, i_t, i_1, **kwargs) == pytest.approx(simulated, abs=tolerance)


def test_predictive_probability_with_a_point_prior_is_conditional_power():
    # A prior of vanishing spread fixes delta: the predictive probability becomes the conditional
    # power under drift theta = delta sqrt(I).
    i_t, i_1, estimate, delta = 50.0, 125.0, 0.1, 0.3
    z_t = estimate * math.sqrt(i_t)
    cp = stats.conditional_power(z_t, i_t / i_1, delta * math.sqrt(i_1))
    assert futility.predictive_probability(estimate, i_t, i_1, delta, 1e-7) == pytest.approx(cp, abs=1e-6)
    with pytest.raises(ValueError, match="interim information"):
        futility.predictive_probability(0.1, 100.0, 100.0)


def test_design_row_against_hand_formulas():
    se = 0.129
    row = futility.design_row(0.8, 0.9, 0.025, 1.209, se)
    events = (Z975 + 1.281552) ** 2 / (0.25 * math.log(0.8) ** 2)  # Schoenfeld, 1:1
    assert row["final events"] == pytest.approx(events, rel=1e-5)
    t = se**-2 / (events / 4)
    assert row["information fraction"] == pytest.approx(t, rel=1e-5)
    assert row["SEs from design HR"] == pytest.approx((math.log(1.209) - math.log(0.8)) / se)
    z_t = -math.log(1.209) / se
    theta = -math.log(0.8) * math.sqrt(events / 4)
    expected = norm.sf((Z975 - z_t * math.sqrt(t) - theta * (1 - t)) / math.sqrt(1 - t))
    assert row["CP design"] == pytest.approx(expected, abs=1e-6)
    assert row["CP no effect"] == pytest.approx(norm.sf((Z975 - z_t * math.sqrt(t)) / math.sqrt(1 - t)), abs=1e-9)
    assert row["PP sceptical"] < row["PP enthusiastic"]


def test_design_ending_before_the_interim_has_no_conditional_power():
    row = futility.design_row(0.5, 0.8, 0.025, 1.209, 0.129)  # 66 events, fewer than the interim's
    assert row["information fraction"] > 1
    assert row["CP design"] is None and row["PP flat"] is None


def test_design_row_priors_are_centred_on_no_effect_and_on_the_design_effect():
    # Priors on delta = -ln HR for design HR 0.8: sceptical N(0, s^2), enthusiastic N(-ln 0.8, s^2),
    # s = -ln 0.8 / 1.644854 = 0.135661 (5% beyond the other's centre).
    se, design_hr = 0.129, 0.8
    row = futility.design_row(design_hr, 0.9, 0.025, 1.209, se)
    s = -math.log(design_hr) / 1.644854
    i_t, i_1 = se**-2, row["final events"] / 4
    estimate = -math.log(1.209)
    assert row["PP sceptical"] == pytest.approx(futility.predictive_probability(estimate, i_t, i_1, 0.0, s), rel=1e-6)
    assert row["PP enthusiastic"] == pytest.approx(
        futility.predictive_probability(estimate, i_t, i_1, -math.log(design_hr), s), rel=1e-6)
    assert row["PP flat"] == pytest.approx(futility.predictive_probability(estimate, i_t, i_1), rel=1e-9)
