"""The logistic fit in float64, with no reference: the optimum a loop must reach and how far a fit is
from it, computed on the trusted side from the data alone."""

import numpy as np

MAX_NEWTON_STEPS = 100
LARGEST_PARAMETER = 50.0
"""Beyond this, the data are (nearly) separable: the loss has no optimum a loop could reach."""


def sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-z)), without overflow for any z."""
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def mean_loss(w: float, b: float, x: np.ndarray, y: np.ndarray) -> float:
    """The mean binary cross-entropy of ``sigmoid(w x + b)`` against ``y``, unclipped (for y in {0, 1} it
    is ``-mean(y log p + (1 - y) log(1 - p))``; the same formula for any y)."""
    z = w * np.asarray(x, np.float64) + b
    return float(np.mean(np.logaddexp(0.0, z) - np.asarray(y, np.float64) * z))


def gradient(wb: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``[dL/dw, dL/db]`` of ``mean_loss``."""
    x = np.asarray(x, np.float64)
    residual = sigmoid(wb[0] * x + wb[1]) - np.asarray(y, np.float64)
    return np.array([np.mean(residual * x), np.mean(residual)])


def curvature(wb: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The Hessian of ``mean_loss`` at ``wb`` (it does not depend on the labels)."""
    x = np.asarray(x, np.float64)
    p = sigmoid(wb[0] * x + wb[1])
    weight = p * (1 - p)
    return np.array([[np.mean(weight * x * x), np.mean(weight * x)], [np.mean(weight * x), np.mean(weight)]])


def optimum(x: np.ndarray, y: np.ndarray) -> tuple[float, float] | None:
    """The ``(w, b)`` minimising ``mean_loss`` (Newton's method with backtracking), or None when there is
    none: labels outside [0, 1], separable data (the loss keeps falling as the parameters grow) or a
    single x value."""
    y = np.asarray(y, np.float64)
    if y.size < 2 or not (np.all(np.isfinite(y)) and np.all((y >= 0) & (y <= 1))) or np.ptp(np.asarray(x)) == 0:
        return None
    wb = np.zeros(2)
    for _ in range(MAX_NEWTON_STEPS):
        g = gradient(wb, x, y)
        if np.linalg.norm(g) < 1e-12:
            break
        try:
            step = np.linalg.solve(curvature(wb, x), g)
        except np.linalg.LinAlgError:
            return None
        size, now = 1.0, mean_loss(*wb, x, y)
        while mean_loss(*(wb - size * step), x, y) > now - 1e-4 * size * float(g @ step) and size > 1e-10:
            size /= 2
        wb = wb - size * step
        if np.max(np.abs(wb)) > LARGEST_PARAMETER:
            return None
    if np.linalg.norm(gradient(wb, x, y)) > 1e-8:
        return None
    return float(wb[0]), float(wb[1])


def gap(x: np.ndarray, wb: tuple[float, float], best: tuple[float, float], logits_at_best: np.ndarray) -> float:
    """How far the fit ``wb`` is from the optimum ``best``: ``sqrt(d' H d)`` with ``d = wb - best`` and ``H``
    the curvature where the logits are ``logits_at_best`` (the optimum's own parameters, before any shift).

    The RMS gap between the two fits' logits, each point weighted by p (1 - p) at the optimum; its square
    is about twice the excess loss of ``wb``, so one tolerance covers slope and intercept together."""
    d = np.subtract(wb, best).astype(np.float64)
    if not np.all(np.isfinite(d)):
        return float("inf")
    return float(np.sqrt(max(float(d @ curvature(logits_at_best, x) @ d), 0.0)))
