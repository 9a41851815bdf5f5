"""The logistic problems an optimisation loop may be solving (``loop_check.Problem``s), from the data it
is given or the notebook's, with or without the model's logit shift and the loss's flipped labels
(``cases.LOOP_MODEL_SHIFT``)."""

import functools
from dataclasses import dataclass

import numpy as np

from . import fit
from .oracle import Oracle


@dataclass(frozen=True)
class Target:
    """The cross-entropy of ``sigmoid(w x + b + model_shift)`` against ``labels``: the loss a loop is
    given through the model it is given on its data (``ignored`` empty), or what a loop that uses the
    notebook's own model, loss or data instead minimises (``ignored`` names the arguments it ignores)."""

    x: np.ndarray
    labels: np.ndarray
    model_shift: float
    ignored: tuple[str, ...]

    @functools.cached_property
    def optimum(self) -> tuple[float, float] | None:
        """The fit of ``labels`` on ``x`` without the shift (None when there is none)."""
        return fit.optimum(self.x, self.labels)

    def best(self) -> tuple[float, float]:
        w, b = self.optimum
        return w, b - self.model_shift

    def gradient(self, oracle: Oracle, wb: tuple[float, float]) -> np.ndarray:
        return oracle.grad(wb[0], wb[1] + self.model_shift, self.x, self.labels)

    def float64_gradient(self, wb: np.ndarray) -> np.ndarray:
        """``gradient`` from the float64 formula (``fit.gradient``), without a reference."""
        return fit.gradient(np.add(wb, (0.0, self.model_shift)), self.x, self.labels)

    def loss(self, oracle: Oracle, wb: tuple[float, float]) -> float:
        """The loss as the probes compute it: shifted logits against the labels the loss compares with."""
        return oracle.loss(oracle.predict(wb[0], wb[1] + self.model_shift, self.x), self.labels)

    def gap(self, wb: tuple[float, float]) -> float:
        return fit.gap(self.x, wb, self.best(), np.array(self.optimum))


def problems(data: dict[tuple[str, ...], tuple[np.ndarray, np.ndarray]], shift: float, flip: bool) -> list[Target]:
    """For each data set ``(x, y)`` (keyed by the arguments a loop ignores to use it), the problem of each
    way of using or ignoring the model (``shift``: its logits moved) and the loss (``flip``: it compares
    the predictions with ``1 - y``); the first is the given problem on the first data set."""
    functions = {(): (shift, flip), ("model",): (0.0, flip), ("loss",): (shift, False), ("model", "loss"): (0.0, False)}
    return [
        Target(x, 1 - y if flipped else y, model_shift, (*ignored_functions, *ignored_data))
        for ignored_data, (x, y) in data.items()
        for ignored_functions, (model_shift, flipped) in functions.items()
    ]
