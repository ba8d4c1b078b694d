"""The meta-analysis wrapper against a published worked example and against closed forms.

Worked example: the BCG vaccine trials (Colditz et al. 1994), as shipped with the R package metafor
(data set dat.bcg). The reference values are those metafor's own test suite checks against Stata's
metan ("results match (RE model w/ DL estimator, measure='RR')", file
tests/testthat/test_misc_metan_vs_rma.uni_with_dat.bcg.r of github.com/wviechtb/metafor):
log RR -0.7141 (95% CI -1.0644 to -0.3638), z -3.9952, tau² 0.3088, I² 92.1173%, and Q 152.2330
(the equal-effects test of the same file).
"""

import math

import numpy as np
import pytest
from scipy import stats as sps

from amcenestrant_book import meta

# trial: vaccinated TB+, vaccinated TB-, control TB+, control TB- (metafor dat.bcg: tpos, tneg, cpos, cneg)
BCG = [(4, 119, 11, 128), (6, 300, 29, 274), (3, 228, 11, 209), (62, 13536, 248, 12619), (33, 5036, 47, 5761),
       (180, 1361, 372, 1079), (8, 2537, 10, 619), (505, 87886, 499, 87892), (29, 7470, 45, 7232),
       (17, 1699, 65, 1600), (186, 50448, 141, 27197), (5, 2493, 3, 2338), (27, 16886, 29, 17825)]


@pytest.fixture(scope="module")
def bcg():
    a, b, c, d = np.array(BCG, dtype=float).T
    log_rr = np.log((a / (a + b)) / (c / (c + d)))
    variance = 1 / a - 1 / (a + b) + 1 / c - 1 / (c + d)
    return log_rr, np.sqrt(variance)


def test_dersimonian_laird_matches_metafor_and_metan(bcg):
    result = meta.pool(*bcg, method="DL")
    assert result.estimate == pytest.approx(-0.7141, abs=5e-5)
    assert result.ci_low == pytest.approx(-1.0644, abs=5e-5)
    assert result.ci_high == pytest.approx(-0.3638, abs=5e-5)
    assert result.estimate / result.se == pytest.approx(-3.9952, abs=5e-4)
    assert result.tau2 == pytest.approx(0.3088, abs=5e-5)
    assert 100 * result.i2 == pytest.approx(92.1173, abs=5e-4)
    assert result.q == pytest.approx(152.2330, abs=5e-4)


def test_paule_mandel_solves_its_estimating_equation(bcg):
    """Paule-Mandel's tau² makes the generalised Q equal its expectation k - 1."""
    y, se = bcg
    result = meta.pool(y, se, method="PM")
    w = 1 / (se**2 + result.tau2)
    mu = (w * y).sum() / w.sum()
    assert (w * (y - mu) ** 2).sum() == pytest.approx(len(y) - 1, abs=1e-3)
    assert result.estimate == pytest.approx(mu, abs=1e-9)
    assert result.tau2 != pytest.approx(meta.pool(y, se, method="DL").tau2, abs=1e-3)


def test_hartung_knapp_scale_and_t_quantile(bcg):
    y, se = bcg
    dl = meta.pool(y, se, method="DL")
    hk = meta.pool(y, se, method="DL", hartung_knapp=True)
    w = 1 / (se**2 + dl.tau2)
    variance = (w * (y - dl.estimate) ** 2).sum() / ((len(y) - 1) * w.sum())
    assert hk.se == pytest.approx(math.sqrt(variance), rel=1e-9)
    assert hk.ci_high - hk.estimate == pytest.approx(sps.t.isf(0.025, len(y) - 1) * hk.se, rel=1e-9)
    assert hk.estimate == dl.estimate


def test_prediction_interval_uses_tau2_and_k_minus_2(bcg):
    result = meta.pool(*bcg, method="DL")
    half = sps.t.isf(0.025, len(BCG) - 2) * math.sqrt(result.tau2 + result.se**2)
    assert result.pi_high - result.estimate == pytest.approx(half, rel=1e-9)
    assert result.estimate - result.pi_low == pytest.approx(half, rel=1e-9)


def test_negative_moment_estimate_is_truncated_to_zero():
    """Homogeneous estimates (Q < k - 1): tau² is 0 and the pooled value is the inverse-variance mean."""
    y = np.log([0.80, 0.82, 0.81])
    se = np.array([0.2, 0.25, 0.3])
    result = meta.pool(y, se, method="DL")
    assert result.tau2 == 0
    assert result.i2 == 0
    w = 1 / se**2
    assert result.estimate == pytest.approx((w * y).sum() / w.sum(), rel=1e-12)
    assert result.se == pytest.approx(1 / math.sqrt(w.sum()), rel=1e-12)


def test_subgroup_difference_is_the_z_test_of_two_estimates():
    a = meta.pool(np.log([0.5, 0.6, 0.55]), [0.15, 0.2, 0.18])
    b = meta.pool(np.log([0.95, 1.05, 0.9]), [0.12, 0.15, 0.2])
    test = meta.subgroup_difference(a, b)
    z = (a.estimate - b.estimate) / math.sqrt(a.se**2 + b.se**2)
    assert test["q"] == pytest.approx(z**2, rel=1e-9)
    assert test["p"] == pytest.approx(2 * sps.norm.sf(abs(z)), rel=1e-9)
    assert test["ratio_of_ratios"] == pytest.approx(math.exp(a.estimate - b.estimate), rel=1e-12)


def test_interval_level_is_required_and_used():
    """A 90% interval gives a larger standard error than the same bounds read as 95%."""
    _, se90 = meta.log_estimate(0.59, 0.42, 0.82, 90)
    _, se95 = meta.log_estimate(0.59, 0.42, 0.82, 95)
    assert se90 / se95 == pytest.approx(sps.norm.isf(0.025) / sps.norm.isf(0.05), rel=1e-12)
    assert se90 == pytest.approx((math.log(0.82) - math.log(0.42)) / (2 * 1.6448536), rel=1e-6)
    with pytest.raises(TypeError):
        meta.log_estimate(0.59, 0.42, 0.82)  # no default level
    with pytest.raises(ValueError):
        meta.log_estimate(0.59, 0.42, 0.82, 0.9)  # a fraction, not a percentage


def test_leave_one_out_drops_each_trial_once(bcg):
    y, se = bcg
    labels = [f"trial {i}" for i in range(len(y))]
    dropped = meta.leave_one_out(y, se, labels)
    assert [label for label, _ in dropped] == labels
    assert dropped[7][1].estimate == pytest.approx(meta.pool(np.delete(y, 7), np.delete(se, 7)).estimate)
    assert all(result.k == len(y) - 1 for _, result in dropped)


def test_new_trial_against_prediction():
    others = meta.pool(np.log([0.55, 0.62, 0.58, 0.33]), [0.17, 0.15, 0.16, 0.3])
    y, se = math.log(0.90), 0.24
    check = meta.against_prediction(others, y, se)
    scale = math.sqrt(others.tau2 + others.se**2 + se**2)
    assert check["t"] == pytest.approx((y - others.estimate) / scale, rel=1e-12)
    assert check["p"] == pytest.approx(2 * sps.t.sf(abs(check["t"]), others.k - 2), rel=1e-12)
    assert math.log(check["high"]) - others.estimate == pytest.approx(sps.t.isf(0.025, others.k - 2) * scale)
