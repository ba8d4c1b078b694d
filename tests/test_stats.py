"""Unit tests of the audit, group-sequential and survival helpers in stats.py, each against a
value worked out by hand (shown in the comment) or a textbook value."""

import math

import pytest

from amcenestrant_book import stats

Z975 = 1.959964  # Phi^-1(0.975)
Z80 = 0.841621  # Phi^-1(0.80)


@pytest.mark.parametrize("text, decimals", [("1.40", 2), ("1.4", 1), ("93", 0), ("0.9304", 4), ("79.0", 1),
                                            ("-75.9", 1)])
def test_decimals_as_written(text, decimals):
    assert stats.decimals_as_written(text) == decimals


@pytest.mark.parametrize("bad", ["", "nan", "abc"])
def test_decimals_as_written_rejects_non_numbers(bad):
    with pytest.raises(ValueError):
        stats.decimals_as_written(bad)


def test_rounding_range_of_one_and_two_values():
    assert stats.rounding_range(lambda x: x, [1.4], [1]) == pytest.approx((1.35, 1.45))
    # x - y with x = 1 and y = 0, both whole numbers: from 0.5 - 0.5 = 0 ... to 1.5 - (-0.5) = 2.
    assert stats.rounding_range(lambda x, y: x - y, [1, 0], [0, 0]) == pytest.approx((0.0, 2.0))


def test_rounding_range_of_a_p_value_contains_the_point_value():
    point = stats.hr_p_values(1.209, 0.939, 1.557)["p_one_sided"]
    low, high = stats.rounding_range(lambda h, lo, hi: stats.hr_p_values(h, lo, hi)["p_one_sided"],
                                     [1.209, 0.939, 1.557], [3, 3, 3])
    assert low < point < high
    assert high - low < 0.01


def test_wald_interval_is_symmetric_and_a_skewed_one_is_not():
    se = 0.2
    assert stats.ci_log_asymmetry(2, 2 * math.exp(-Z975 * se), 2 * math.exp(Z975 * se)) == pytest.approx(0, abs=1e-12)
    # HR 1 (0.5 to 4): upper arm ln 4 = 2 ln 2, lower arm ln 2, so (2 - 1) / (2 + 1) = 1/3.
    assert stats.ci_log_asymmetry(1, 0.5, 4) == pytest.approx(1 / 3)
    assert stats.ci_log_asymmetry(1, 0.25, 2) == pytest.approx(-1 / 3)


def test_smallest_denominator():
    assert stats.smallest_denominator(50.0) == 2
    assert stats.smallest_denominator(33.3) == 3
    # 93% (whole percent): 13/14 = 92.86% is the first; 12/13 = 92.3% and 11/12 = 91.7% are not.
    assert stats.smallest_denominator(93, decimals=0) == 14


def test_ratio_of_hazard_ratios_hand_example():
    # Two estimates with SE(log HR) = 0.1 each: SE of the difference sqrt(0.02) = 0.141421;
    # z = ln 2 / 0.141421 = 4.9013.
    a = (2, 2 * math.exp(-Z975 * 0.1), 2 * math.exp(Z975 * 0.1))
    b = (1, math.exp(-Z975 * 0.1), math.exp(Z975 * 0.1))
    result = stats.ratio_of_hazard_ratios(*a, *b)
    assert result["ratio"] == pytest.approx(2)
    assert result["se"] == pytest.approx(0.141421, abs=1e-6)
    assert result["z"] == pytest.approx(4.9013, abs=1e-4)
    assert result["ci_low"] == pytest.approx(2 * math.exp(-Z975 * 0.141421), rel=1e-5)
    assert result["p_two_sided"] < 1e-5
    same = stats.ratio_of_hazard_ratios(*a, *a)
    assert (same["ratio"], same["p_two_sided"]) == (pytest.approx(1), pytest.approx(1))


def test_schoenfeld_events_textbook_values():
    # HR 0.7, one-sided alpha 2.5%, power 80%: 4 (1.959964 + 0.841621)^2 / ln(0.7)^2 = 246.8 -> 247.
    assert math.ceil(stats.schoenfeld_events(0.7)) == 247
    # HR 0.5, power 90%: 4 (1.959964 + 1.281552)^2 / ln(0.5)^2 = 87.5 -> 88.
    assert math.ceil(stats.schoenfeld_events(0.5, power=0.9)) == 88
    # 2:1 allocation needs 9/8 as many events as 1:1.
    assert stats.schoenfeld_events(0.7, allocation=2 / 3) == pytest.approx(9 / 8 * stats.schoenfeld_events(0.7))


def test_drift_at_the_schoenfeld_events_is_z_alpha_plus_z_beta():
    events = stats.schoenfeld_events(0.7)
    assert stats.drift(0.7, events) == pytest.approx(Z975 + Z80, abs=1e-5)
    assert stats.drift(1.0, 500) == 0
    assert stats.drift(1.2, 100) < 0


def test_conditional_power_hand_example():
    # z_t = 1 at t = 0.5 with the design drift theta = 2.801585 (80% power):
    # (1.959964 - 1 x 0.707107 - 2.801585 x 0.5) / 0.707107 = -0.209212 -> CP = Phi(0.209212) = 0.5829.
    assert stats.conditional_power(1.0, 0.5, theta=Z975 + Z80) == pytest.approx(0.5829, abs=1e-4)
    # Current trend, theta = z_t / sqrt(t): (1.959964 - 1.414214) / 0.707107 = 0.771808 -> 0.2201.
    assert stats.conditional_power(1.0, 0.5) == pytest.approx(0.2201, abs=1e-4)
    # No effect and z_t = 0 at t = 0.5: 1.959964 / 0.707107 = 2.771808 -> 0.00279.
    assert stats.conditional_power(0.0, 0.5, theta=0.0) == pytest.approx(0.00279, abs=1e-5)


def test_conditional_power_current_trend_closed_form():
    # Under the current trend CP = 1 - Phi((z_alpha - z_t / sqrt(t)) / sqrt(1 - t)).
    from scipy.stats import norm

    for z, t in [(-1.47, 0.4), (0.5, 0.3), (2.0, 0.8)]:
        expected = norm.sf((Z975 - z / math.sqrt(t)) / math.sqrt(1 - t))
        assert stats.conditional_power(z, t) == pytest.approx(expected, abs=1e-6)


def test_conditional_power_is_monotone_and_checks_its_input():
    assert stats.conditional_power(-1, 0.5, theta=1) < stats.conditional_power(0, 0.5, theta=1)
    assert stats.conditional_power(0, 0.5, theta=1) < stats.conditional_power(0, 0.5, theta=2)
    with pytest.raises(ValueError, match="information fraction"):
        stats.conditional_power(0, 1.0)


def test_probability_hr_estimate_above():
    assert stats.probability_hr_estimate_above(1.1, 1.1, 0.2) == pytest.approx(0.5)
    # True HR 1, SE 0.129008: ln 1.1 / 0.129008 = 0.738796 -> 1 - Phi(0.7388) = 0.2300.
    assert stats.probability_hr_estimate_above(1.1, 1.0, 0.129008) == pytest.approx(0.2300, abs=1e-4)


def test_exponential_survival_halves_every_median():
    assert stats.exponential_survival(12, 12) == pytest.approx(0.5)
    assert stats.exponential_survival(24, 12) == pytest.approx(0.25)
    assert stats.exponential_survival(6, 12) == pytest.approx(2 ** -0.5)  # 0.707107
    assert stats.exponential_survival(0, 12) == pytest.approx(1)
    with pytest.raises(ValueError):
        stats.exponential_survival(1, 0)


def test_exponential_median_from_survival():
    assert stats.exponential_median_from_survival(0.5, 10) == pytest.approx(10)
    assert stats.exponential_median_from_survival(0.25, 10) == pytest.approx(5)
    # S(6) = 0.827: 6 ln 2 / -ln 0.827 = 4.158883 / 0.189951 = 21.894.
    assert stats.exponential_median_from_survival(0.827, 6) == pytest.approx(21.894, abs=1e-3)
    with pytest.raises(ValueError):
        stats.exponential_median_from_survival(1.2, 6)


def test_interval_hazard():
    # Exponential with median 10: constant hazard ln 2 / 10 on any interval.
    s = [stats.exponential_survival(t, 10) for t in (0, 3, 10, 25)]
    assert stats.interval_hazard(s[0], s[1], 0, 3) == pytest.approx(math.log(2) / 10)
    assert stats.interval_hazard(s[2], s[3], 10, 25) == pytest.approx(math.log(2) / 10)


def test_weibull_fit_recovers_a_known_curve():
    # S(t) = exp(-(t / 10)^0.5) at t = 2.5, 10, 40 gives exp(-0.5), exp(-1), exp(-2).
    fit = stats.weibull_fit([2.5, 10, 40], [math.exp(-0.5), math.exp(-1), math.exp(-2)])
    assert fit["shape"] == pytest.approx(0.5)
    assert fit["scale"] == pytest.approx(10)
    assert fit["residual_max"] == pytest.approx(0, abs=1e-12)
    assert stats.weibull_survival(10, 0.5, 10) == pytest.approx(math.exp(-1))
    # Shape 1 is the exponential: S(median) = 0.5 with scale = median / ln 2.
    assert stats.weibull_survival(7, 1, 7 / math.log(2)) == pytest.approx(0.5)


def test_rescale_ci_from_90_to_95_percent():
    # 90% CI of HR 1 with SE 0.1: exp(+/-0.164485); at 95%: exp(+/-0.195996) = 0.822012 to 1.216526.
    low, high = stats.rescale_ci(1, math.exp(-0.1644854), math.exp(0.1644854), 90)
    assert (low, high) == (pytest.approx(0.822012, abs=1e-5), pytest.approx(1.216526, abs=1e-5))
    # Same level: the interval is re-centred on the HR with half-width ln(0.88 / 0.55) / 2 = 0.235002,
    # 0.7 x 0.790569 = 0.553398 to 0.7 x 1.264911 = 0.885438.
    low, high = stats.rescale_ci(0.7, 0.55, 0.88, 95, 95)
    assert (low, high) == (pytest.approx(0.553398, abs=1e-5), pytest.approx(0.885438, abs=1e-5))


@pytest.mark.parametrize("value, decimals, shown", [(2.25, 1, "2.3"), (0.125, 2, "0.13"), (2.675, 2, "2.68"),
                                                    (93.548, 0, "94"), (-1.25, 1, "-1.3"), (35.5, 1, "35.5")])
def test_round_half_up_rounds_halves_away_from_zero(value, decimals, shown):
    # round(2.675, 2) gives 2.67 and f"{0.125:.2f}" gives 0.12 (halves to even, binary value).
    assert stats.round_half_up(value, decimals) == shown


def test_events_at_hr_correct_the_schoenfeld_count():
    assert stats.events_for_standard_error(0.2) == pytest.approx(100)  # 4 / 0.04
    assert stats.events_for_standard_error_at_hr(0.2, 1.0) == pytest.approx(100)
    # HR 1.209: f = 1.209 / 2.209 = 0.547307, 4 f (1 - f) = 0.991048, so 1.009033 times as many.
    ratio = stats.events_for_standard_error_at_hr(0.2, 1.209) / stats.events_for_standard_error(0.2)
    assert ratio == pytest.approx(1.009033, abs=1e-6)
    # HR 0.5: f = 1/3, 4 f (1 - f) = 8/9.
    assert stats.events_for_standard_error_at_hr(0.2, 0.5) == pytest.approx(100 * 9 / 8)


def test_landmark_hazard_ratio_and_its_interval():
    # S_exp = exp(-1) and S_ctl = exp(-2): log HR = log 1 - log 2, HR 0.5. Intervals symmetric on
    # log(-log S) with SE 0.1 and 0.2: SE of log HR = sqrt(0.01 + 0.04) = 0.223607.
    def interval(cll, se):
        return math.exp(-math.exp(cll + Z975 * se)), math.exp(-math.exp(cll - Z975 * se))

    result = stats.landmark_hazard_ratio(math.exp(-1), interval(0, 0.1), math.exp(-2), interval(math.log(2), 0.2))
    assert result["hr"] == pytest.approx(0.5)
    assert result["se"] == pytest.approx(0.223607, abs=1e-6)
    assert result["ci_low"] == pytest.approx(0.5 * math.exp(-Z975 * 0.223607), rel=1e-5)
    assert result["ci_high"] == pytest.approx(0.5 * math.exp(Z975 * 0.223607), rel=1e-5)
    assert stats.cloglog_standard_error(*interval(0.3, 0.15)) == pytest.approx(0.15)


def test_ratio_interval():
    # 2 x exp(+/-0.1959964) = 2 x 0.822015 to 2 x 1.216522 = 1.644030 to 2.433045.
    low, high = stats.ratio_interval(2, 0.1)
    assert (low, high) == (pytest.approx(1.644030, abs=1e-6), pytest.approx(2.433045, abs=1e-6))
