"""Question ``mseloss``: the mean squared error of ``model(theta, x)`` against ``y``, as a scalar.

Judged by ``checks.loss_check`` (the loss is called with the reference model adapted to the
student's theta, so a wrong ``linear_model`` costs nothing here). Known wrong formulas are
recognised by comparing the value with what each would give for the same residuals.
"""

import numpy as np

from ....checks.loss_check import LossQuestion
from ....checks.numerics import LOSS_RTOL, close
from ....checks.verdict import Finding
from .. import codes
from ..codes import finding
from ..oracle import Oracle

NAME = "mseloss"
POINTS = 2.0
NEEDS = ("linear_model",)
"""Reference functions the probes of this question are built from."""


def _known_mistake(value: np.ndarray, prediction: np.ndarray, y: np.ndarray, mse: float) -> Finding | None:
    """Name the formula ``value`` was computed with, if it is one of the common wrong ones."""
    residual = prediction - y
    alternatives = {
        "loss-sum-not-mean": (float(np.sum(residual**2)), 1.0),
        "loss-rmse": (float(np.sqrt(mse)), 1.0),
        "loss-not-squared": (float(np.mean(np.abs(residual))), POINTS),
    }
    for code, (alternative, cost) in alternatives.items():
        if close(value, np.float64(alternative), LOSS_RTOL):
            return finding(code, cost)
    if close(value, np.float64(np.mean(residual) ** 2), LOSS_RTOL) or close(
        value, np.float64(np.mean(residual)), LOSS_RTOL
    ):
        return finding("loss-not-squared", POINTS)
    return None


def _squared_error(w: float, b: float, x: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean((w * x + b - y) ** 2))


def _expected(oracle: Oracle, prediction: np.ndarray, y: np.ndarray) -> float:
    return oracle.mse(prediction, y)


judge = LossQuestion(POINTS, codes, _expected, _squared_error, _known_mistake).judge
