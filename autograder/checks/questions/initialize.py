"""Question ``initialize_linear_params``: two random, finite float parameters the model accepts."""

import numpy as np

from .. import plain
from ..context import Context
from ..layout import find_layout
from ..submission import Raised, Submission
from ..verdict import Finding, Verdict
from .common import failure, missing

NAME = "initialize_linear_params"
POINTS = 1.0


SHORT_DIGITS = 4
"""A hard-coded value has at most this many significant digits (0.37, -1.2, 0.001)."""


def _short(value: float) -> bool:
    """Whether ``value`` is a decimal of at most ``SHORT_DIGITS`` significant digits, read in float32
    (so that 0.37 stored as float32 or float64 counts alike). A draw from a normal distribution is
    one with a chance of about 1 in 1,000 (float32 carries about 7 digits)."""
    target = np.float32(value)
    return any(np.float32(float(f"{value:.{digits}g}")) == target for digits in range(1, SHORT_DIGITS + 1))


def _looks_constant(draws: list[np.ndarray]) -> bool:
    """Hard-coded constants, not draws. The rule: the values are the same at every call AND either
    every value is a short decimal (whole numbers, 0.37, -1.2: at most ``SHORT_DIGITS`` significant
    digits) or w equals b. A generator seeded inside the function also returns the same values at
    every call, but they carry all the digits of a draw (0.1257302...), so it passes; a pair of
    hard-coded short decimals, or of equal values, does not. (Identical values on every call alone
    are no proof: seeding inside the function is allowed.)"""
    same = all(np.array_equal(d, draws[0]) for d in draws)
    short = all(_short(float(v)) for v in draws[0])
    return same and (short or draws[0][0] == draws[0][1])


def judge(sub: Submission, ctx: Context) -> Verdict:
    layout = find_layout(sub, ctx)
    if isinstance(layout.init, Raised) and layout.init.missing:
        return Verdict(NAME, POINTS, (missing(sub, NAME, POINTS),))
    if isinstance(layout.init, Raised):
        call = None if ctx.cases.hidden else "initialize_linear_params()"
        return Verdict(NAME, POINTS, (failure(NAME, layout.init, POINTS, call=call),))
    value = layout.init.value
    flat = plain.flatten(value)
    if flat is None or flat.size != 2:
        detail = f"got {plain.describe(value)}"
        return Verdict(NAME, POINTS, (Finding.of("init-incompatible", POINTS, detail=detail),))
    if not np.all(np.isfinite(flat)):
        return Verdict(NAME, POINTS, (Finding.of("init-non-finite", POINTS),))
    if any(leaf.dtype.kind in "biu" for leaf in plain.leaves(value)):
        detail = (
            "it returns integers, which jax.grad cannot differentiate; return random floats instead,"
            " for example drawn with rng.normal()"
        )
        return Verdict(NAME, POINTS, (Finding.of("init-incompatible", POINTS, detail=detail),))
    draws = [flat] + [plain.flatten(o.value) for o in (sub.call(NAME), sub.call(NAME)) if not isinstance(o, Raised)]
    if _looks_constant([d for d in draws if d is not None and d.shape == flat.shape]):
        return Verdict(NAME, POINTS, (Finding.of("init-not-random", POINTS),))
    if layout.template_kind != "init" and layout.from_behaviour:
        detail = f"your linear_model works with {plain.describe(layout.template)} but not with what it returns"
        return Verdict(NAME, POINTS, (Finding.of("init-incompatible", POINTS, detail=detail),))
    return Verdict(NAME, POINTS)
