"""Hill model: textbook values."""

import numpy as np
import pytest

from amcenestrant_book.pharmacology import concentration_for, hill, to_nanomolar


def test_half_maximal_response_at_ec50():
    assert hill(20.0, 20.0) == pytest.approx(0.5)
    assert hill(0.2, 0.2, hill_slope=2.5) == pytest.approx(0.5)
    assert hill(5.0, 5.0, bottom=10.0, top=90.0) == pytest.approx(50.0)


def test_slope_one_values():
    # C = 9 x EC50 gives 90 %, C = EC50 / 9 gives 10 %, C = 3 x EC50 gives 75 %.
    assert hill(9.0, 1.0) == pytest.approx(0.9)
    assert hill(1.0 / 9.0, 1.0) == pytest.approx(0.1)
    assert hill(3.0, 1.0) == pytest.approx(0.75)


def test_steeper_slope():
    # n = 2: C = 3 x EC50 gives 9 / 10.
    assert hill(3.0, 1.0, hill_slope=2.0) == pytest.approx(0.9)


def test_limits_and_monotonic():
    assert hill(0.0, 1.0) == 0.0
    assert hill(0.0, 1.0, bottom=0.2) == pytest.approx(0.2)
    assert hill(1e12, 1.0) == pytest.approx(1.0)
    curve = hill(np.logspace(-3, 3, 50), 1.0)
    assert curve.shape == (50,)
    assert np.all(np.diff(curve) > 0)


def test_inverse():
    assert concentration_for(0.5, 13.5) == pytest.approx(13.5)
    assert concentration_for(0.9, 1.0) == pytest.approx(9.0)
    assert concentration_for(0.9, 1.0, hill_slope=2.0) == pytest.approx(3.0)
    assert concentration_for(0.98, 0.2) == pytest.approx(9.8)
    assert hill(concentration_for(0.3, 7.0, 1.7), 7.0, 1.7) == pytest.approx(0.3)


@pytest.mark.parametrize("bad", [{"half_maximal": 0.0}, {"half_maximal": -1.0}, {"hill_slope": 0.0}])
def test_rejects_bad_parameters(bad):
    arguments = {"concentration": 1.0, "half_maximal": 1.0} | bad
    with pytest.raises(ValueError):
        hill(**arguments)


def test_rejects_bad_input():
    with pytest.raises(ValueError):
        hill(-1.0, 1.0)
    with pytest.raises(ValueError):
        concentration_for(1.0, 1.0)


def test_units():
    assert to_nanomolar(10, "uM") == pytest.approx(10_000)
    assert to_nanomolar(0.2, "nM") == pytest.approx(0.2)
    assert to_nanomolar(500, "pM") == pytest.approx(0.5)
    np.testing.assert_allclose(to_nanomolar(np.array([1.0, 2.0]), "µM"), [1000.0, 2000.0])
    with pytest.raises(ValueError):
        to_nanomolar(1, "mg/L")
