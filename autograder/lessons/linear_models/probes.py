"""Reference functions adapted to a student's theta structure (the ``Probe`` markers' functions).

They live on the submission's side of the call protocol and read w and b by position out of
``ravel_pytree(theta)``, so one reference serves dicts, tuples, namedtuples and arrays alike.
"""

import functools
from collections.abc import Callable
from typing import Any

from ...checks.submission import Probe
from .cases import LOOP_LOSS_SHIFT, LOOP_MODEL_SHIFT

SHIFT = 3.0


@functools.lru_cache(maxsize=64)
def make_probe(probe: Probe, reference: Any) -> Callable:
    """The function ``probe`` stands for, built from ``reference`` (a module or namespace with
    ``linear_model`` and, for the loss probe, ``mseloss``)."""
    import jax
    from jax.flatten_util import ravel_pytree

    def model(theta, x):
        values, _ = ravel_pytree(theta)
        return reference.linear_model({"w": values[probe.w_index], "b": values[probe.b_index]}, x)

    def shifted_model(theta, x):
        return model(theta, x) + SHIFT

    def loop_model(theta, x):
        return model(theta, x) + LOOP_MODEL_SHIFT

    def loop_loss(theta, model, x, y):
        return reference.mseloss(theta, model, x, y + LOOP_LOSS_SHIFT)

    # Compiled once per probe: a student's eager loop then pays one dispatch per call, not a retrace.
    models = {"model": model, "shifted-model": shifted_model, "loop-model": loop_model}
    if probe.kind in models:
        return jax.jit(models[probe.kind])
    if probe.kind == "loop-loss":
        return jax.jit(loop_loss, static_argnums=1)
    raise ValueError(f"unknown probe kind {probe.kind!r}")
