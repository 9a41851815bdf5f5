"""Reference functions adapted to a student's theta structure (the ``Probe`` markers' functions).

They live on the submission's side of the call protocol and read w and b by position out of
``ravel_pytree(theta)``, so one reference serves dicts, tuples, namedtuples and arrays alike.
"""

import functools
from collections.abc import Callable
from typing import Any

from ...checks.submission import Probe
from .cases import LOOP_MODEL_SHIFT, SHIFTED_MODEL_SHIFT


@functools.lru_cache(maxsize=64)
def make_probe(probe: Probe, reference: Any) -> Callable:
    """The function ``probe`` stands for, built from ``reference`` (a module or namespace with
    ``logistic_model`` and, for the loss probe, ``logistic_loss``)."""
    import jax
    from jax.flatten_util import ravel_pytree

    def logits_moved(shift: float) -> Callable:
        def model(theta, x):
            values, _ = ravel_pytree(theta)
            return reference.logistic_model({"w": values[probe.w_index], "b": values[probe.b_index] + shift}, x)

        return model

    def loop_loss(theta, model, x, y):
        return reference.logistic_loss(theta, model, x, 1 - y)

    # Compiled once per probe: a student's eager loop then pays one dispatch per call, not a retrace.
    shifts = {"model": 0.0, "shifted-model": SHIFTED_MODEL_SHIFT, "loop-model": LOOP_MODEL_SHIFT}
    if probe.kind in shifts:
        return jax.jit(logits_moved(shifts[probe.kind]))
    if probe.kind == "loop-loss":
        return jax.jit(loop_loss, static_argnums=1)
    raise ValueError(f"unknown probe kind {probe.kind!r}")
