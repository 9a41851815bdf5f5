"""Float32-aware comparisons: symmetric, scaled to the magnitude of the values, never on reprs."""

import numpy as np

LOSS_RTOL = 1e-4
"""A float32 mean of 100 squares differs from a float64 one by about 2e-7 relative; this leaves room
for other summation orders, x64 mode and GPU arithmetic, and is far below any real mistake."""

RECORDED_LOSS_ATOL = 5e-4
"""How far, besides ``LOSS_RTOL``, a loss a loop records may be from the loss at that step: a student
may round what they record to three decimals (``np.round(losses, 3)``, for a tidy print). Recording
another quantity, or the loss of another problem, is off by far more."""

GRAD_RTOL = 2e-4
"""Autodiff and hand-written analytic gradients agree to ~1e-6 in float32; float32 finite
differences are off by ~1e-3 and are reported as ``grad-inaccurate``."""

NEAR_RTOL = 0.05
"""Within this, a wrong gradient is "close but inaccurate" rather than wrong."""


def close(got: np.ndarray, want: np.ndarray, rtol: float) -> bool:
    """True when ``got`` and ``want`` have the same shape and every element agrees.

    Agreement is ``|got - want| <= rtol * (|got| + |want|) / 2 + rtol * scale`` where ``scale`` is the
    largest magnitude in either array: symmetric in its arguments, and an element near zero is
    judged against the size of the whole vector, as float32 rounding is.
    """
    got = np.asarray(got, dtype=np.float64)
    want = np.asarray(want, dtype=np.float64)
    if got.shape != want.shape or not (np.all(np.isfinite(got)) and np.all(np.isfinite(want))):
        return False
    scale = max(float(np.max(np.abs(got), initial=0.0)), float(np.max(np.abs(want), initial=0.0)), 1e-12)
    bound = rtol * (np.abs(got) + np.abs(want)) / 2 + rtol * scale
    return bool(np.all(np.abs(got - want) <= bound))


def at_most(got: float, bound: float, rtol: float, atol: float = 0.0) -> bool:
    """``got <= bound``, or above it by no more than ``close`` forgives, or than ``atol``."""
    return got <= bound + atol or close(np.float64(got), np.float64(bound), rtol)


def recorded_loss_close(got: float, want: float) -> bool:
    """Whether a loss a loop recorded is the loss ``want``: within ``LOSS_RTOL`` or ``RECORDED_LOSS_ATOL``."""
    return abs(float(got) - float(want)) <= RECORDED_LOSS_ATOL or close(np.float64(got), np.float64(want), LOSS_RTOL)


def best_scale(got: np.ndarray, want: np.ndarray) -> float:
    """The factor k minimising |got - k * want| (least squares); 0 when ``want`` is zero."""
    want = np.asarray(want, dtype=np.float64).ravel()
    denominator = float(want @ want)
    return float(np.asarray(got, dtype=np.float64).ravel() @ want / denominator) if denominator else 0.0


def least_squares_line(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The slope and intercept that minimise the mean squared error of ``w x + b`` on ``(x, y)``, in float64."""
    x = np.asarray(x, dtype=np.float64)
    design = np.stack([x, np.ones_like(x)], axis=1)
    (w, b), *_ = np.linalg.lstsq(design, np.asarray(y, dtype=np.float64), rcond=None)
    return float(w), float(b)


def line_distance(x: np.ndarray, w: float, b: float, w_ref: float, b_ref: float) -> float:
    """Root-mean-square gap between the lines ``w x + b`` and ``w_ref x + b_ref`` over the points ``x``.

    For a least-squares reference line, its square is exactly the excess mean squared error of
    ``(w, b)``, so one tolerance covers slope and intercept together.
    """
    gap = (w - w_ref) * np.asarray(x, dtype=np.float64) + (b - b_ref)
    return float(np.sqrt(np.mean(gap**2)))
