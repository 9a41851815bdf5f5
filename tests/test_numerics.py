"""Unit tests of ``autograder.checks.numerics``: float32-aware comparisons and least-squares helpers."""

import itertools

import numpy as np
import pytest

from autograder.checks.numerics import (
    GRAD_RTOL,
    LOSS_RTOL,
    NEAR_RTOL,
    best_scale,
    close,
    least_squares_line,
    line_distance,
)

RNG_SEED = 12345


def _line_data(seed: int = RNG_SEED, n: int = 100):
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(-5.0, 5.0, size=n)).astype(np.float32)
    y = (-1.3 * x + 4.2 + rng.normal(size=n)).astype(np.float32)
    return x, y


# -- close -------------------------------------------------------------------------------------


def test_close_is_symmetric():
    rng = np.random.default_rng(RNG_SEED)
    base = rng.normal(size=(200, 5))
    pairs = []
    for row in base:
        for relative in (0.0, 0.5e-4, 1e-4, 1.5e-4, 2e-4, 3e-4, 1e-3):
            pairs.append((row, row * (1 + relative * rng.choice([-1.0, 1.0], size=row.shape))))
    decisions = set()
    for got, want in pairs:
        for rtol in (LOSS_RTOL, GRAD_RTOL, NEAR_RTOL):
            forward, backward = close(got, want, rtol), close(want, got, rtol)
            assert forward == backward, f"close is not symmetric for rtol={rtol}: {got} vs {want}"
            decisions.add(forward)
    assert decisions == {True, False}, "the sample should contain both close and far pairs"


def test_close_identical_and_scalar():
    assert close(np.float64(3.5), np.float64(3.5), LOSS_RTOL)
    assert close(np.zeros(3), np.zeros(3), LOSS_RTOL), "two zero vectors are equal"
    assert not close(np.float64(1.0), np.float64(1.01), LOSS_RTOL), "a 1% error is far beyond LOSS_RTOL"


def test_close_element_near_zero_judged_against_vector_magnitude():
    want = np.array([100.0, 0.0])
    got = np.array([100.0, 1e-3])  # 1e-5 of the vector's size: float32-level noise on the small element
    assert close(got, want, LOSS_RTOL), "a tiny absolute error on a zero element should pass in a large vector"
    assert not close(np.array([1e-3]), np.array([0.0]), LOSS_RTOL), "on its own the same element is wrong"
    assert not close(np.array([100.0, 0.1]), want, LOSS_RTOL), "an error of 1e-3 of the scale must still fail"


def test_close_is_shape_sensitive():
    assert not close(np.array([1.0, 2.0]), np.array([[1.0, 2.0]]), LOSS_RTOL), "(2,) vs (1, 2) must differ"
    assert not close(np.array([1.0]), np.float64(1.0), LOSS_RTOL), "(1,) vs () must differ"
    assert not close(np.array([1.0, 2.0]), np.array([1.0, 2.0, 3.0]), LOSS_RTOL)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_close_rejects_non_finite(bad):
    assert not close(np.float64(bad), np.float64(bad), LOSS_RTOL), f"{bad} must never be close, even to itself"
    assert not close(np.array([1.0, bad]), np.array([1.0, 2.0]), LOSS_RTOL)
    assert not close(np.array([1.0, 2.0]), np.array([1.0, bad]), LOSS_RTOL)


def test_float32_mse_passes_and_one_percent_error_fails():
    x, y = _line_data()
    for w, b in itertools.product((-3.0, 0.3, 2.0), (-7.0, 0.5, 20.0)):
        w32, b32 = np.float32(w), np.float32(b)
        residual32 = (w32 * x + b32 - y).astype(np.float32)
        mse32 = np.mean(residual32**2, dtype=np.float32)
        residual64 = w32.astype(np.float64) * x.astype(np.float64) + np.float64(b32) - y.astype(np.float64)
        mse64 = np.mean(residual64**2)
        assert close(np.float64(mse32), np.float64(mse64), LOSS_RTOL), (
            f"float32 MSE {mse32!r} vs float64 {mse64!r} (w={w}, b={b}) should pass LOSS_RTOL"
        )
        assert not close(np.float64(mse32) * 1.01, np.float64(mse64), LOSS_RTOL), "a 1% error must fail"
        assert not close(np.float64(mse32) * 0.99, np.float64(mse64), LOSS_RTOL), "a 1% error must fail"


def test_tolerances_are_ordered():
    assert LOSS_RTOL < GRAD_RTOL < NEAR_RTOL


# -- best_scale --------------------------------------------------------------------------------


def test_best_scale_recovers_factor():
    want = np.array([1.0, -2.0, 0.5])
    assert best_scale(3.0 * want, want) == pytest.approx(3.0)
    assert best_scale(-0.5 * want, want) == pytest.approx(-0.5)
    assert best_scale(want.reshape(3, 1), want) == pytest.approx(1.0), "shapes are ravelled"


def test_best_scale_is_least_squares():
    rng = np.random.default_rng(RNG_SEED)
    got, want = rng.normal(size=4), rng.normal(size=4)
    k = best_scale(got, want)
    expected, *_ = np.linalg.lstsq(want[:, None], got, rcond=None)
    assert k == pytest.approx(float(expected[0]), rel=1e-12)


def test_best_scale_of_zero_reference_is_zero():
    assert best_scale(np.array([1.0, 2.0]), np.zeros(2)) == 0.0


# -- least_squares_line / line_distance --------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_least_squares_line_matches_polyfit(seed):
    x, y = _line_data(seed)
    w, b = least_squares_line(x, y)
    w_ref, b_ref = np.polyfit(x.astype(np.float64), y.astype(np.float64), 1)
    assert w == pytest.approx(w_ref, rel=1e-9, abs=1e-9), f"slope {w} vs polyfit {w_ref}"
    assert b == pytest.approx(b_ref, rel=1e-9, abs=1e-9), f"intercept {b} vs polyfit {b_ref}"
    assert isinstance(w, float) and isinstance(b, float)


def test_line_distance_squared_is_excess_mse():
    x, y = _line_data()
    x64, y64 = x.astype(np.float64), y.astype(np.float64)
    best = least_squares_line(x, y)

    def mse(w, b):
        return float(np.mean((w * x64 + b - y64) ** 2))

    rng = np.random.default_rng(RNG_SEED)
    for w, b in [*rng.normal(0.0, 3.0, size=(6, 2)), best, (best[0] + 1e-3, best[1])]:
        excess = mse(w, b) - mse(*best)
        gap = line_distance(x, w, b, *best)
        assert gap >= 0.0
        assert gap**2 == pytest.approx(excess, rel=1e-8, abs=1e-10), f"(w, b)=({w}, {b}): {gap**2} vs {excess}"


def test_line_distance_zero_for_same_line_and_symmetric():
    x, _ = _line_data()
    assert line_distance(x, 2.0, 20.0, 2.0, 20.0) == 0.0
    assert line_distance(x, 1.0, 2.0, 3.0, 4.0) == pytest.approx(line_distance(x, 3.0, 4.0, 1.0, 2.0))
    assert line_distance(x, 2.0, 21.0, 2.0, 20.0) == pytest.approx(1.0), "an intercept shift of 1 is an RMS gap of 1"
