"""Question ``initialize_linear_params``: two random, finite float parameters the model accepts."""

import numpy as np

from .. import plain
from ..context import Context
from ..layout import find_layout
from ..submission import Raised, Submission
from ..verdict import Finding, Verdict
from .common import failure

NAME = "initialize_linear_params"
POINTS = 1.0


def _looks_constant(draws: list[np.ndarray]) -> bool:
    """Constants, not draws: whole numbers (0, 1, ...) or w equal to b, the same at every call."""
    same = all(np.array_equal(d, draws[0]) for d in draws)
    whole = bool(np.all(draws[0] == np.round(draws[0])))
    return same and (whole or draws[0][0] == draws[0][1])


def judge(sub: Submission, ctx: Context) -> Verdict:
    layout = find_layout(sub, ctx)
    if isinstance(layout.init, Raised):
        return Verdict(NAME, POINTS, (failure(NAME, layout.init, POINTS),))
    value = layout.init.value
    flat = plain.flatten(value)
    if flat is None or flat.size != 2:
        detail = f"got {plain.describe(value)}"
        return Verdict(NAME, POINTS, (Finding.of("init-incompatible", POINTS, detail=detail),))
    if not np.all(np.isfinite(flat)):
        return Verdict(NAME, POINTS, (Finding.of("init-non-finite", POINTS),))
    if any(leaf.dtype.kind in "biu" for leaf in plain.leaves(value)):
        detail = "it holds integers, and jax.grad only differentiates floats (use 0.0, not 0)"
        return Verdict(NAME, POINTS, (Finding.of("init-incompatible", POINTS, detail=detail),))
    draws = [flat] + [plain.flatten(o.value) for o in (sub.call(NAME), sub.call(NAME)) if not isinstance(o, Raised)]
    if _looks_constant([d for d in draws if d is not None and d.shape == flat.shape]):
        return Verdict(NAME, POINTS, (Finding.of("init-not-random", POINTS),))
    if layout.template_kind != "init" and layout.from_behaviour:
        detail = f"your linear_model works with {plain.describe(layout.template)} but not with what it returns"
        return Verdict(NAME, POINTS, (Finding.of("init-incompatible", POINTS, detail=detail),))
    return Verdict(NAME, POINTS)
