"""The init question of any lesson: two random, finite float parameters the student's model accepts."""

import numpy as np

from . import plain
from .common import missing
from .context import Context
from .layout import find_layout
from .submission import Raised, Submission
from .verdict import Verdict
from .wording import Wording

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


def judge(sub: Submission, ctx: Context, points: float, words: Wording) -> Verdict:
    """The verdict on the lesson's init (``ctx.roles.init``), worth ``points``."""
    name, model = ctx.roles.init, ctx.roles.model
    layout = find_layout(sub, ctx)
    if isinstance(layout.init, Raised) and layout.init.missing:
        return Verdict(name, points, (missing(sub, name, points),))
    if isinstance(layout.init, Raised):
        call = None if ctx.cases.hidden else f"{name}()"
        return Verdict(name, points, (words.failure(name, layout.init, points, call=call),))
    value = layout.init.value
    flat = plain.flatten(value)
    if flat is None or flat.size != 2:
        detail = f"got {plain.describe(value, ctx.names)}"
        return Verdict(name, points, (words.finding("init-incompatible", points, detail=detail),))
    if not np.all(np.isfinite(flat)):
        return Verdict(name, points, (words.finding("init-non-finite", points),))
    if any(leaf.dtype.kind in "biu" for leaf in plain.leaves(value)):
        detail = (
            "it returns integers, which jax.grad cannot differentiate; return random floats instead,"
            " for example drawn with rng.normal()"
        )
        return Verdict(name, points, (words.finding("init-incompatible", points, detail=detail),))
    draws = [flat] + [plain.flatten(o.value) for o in (sub.call(name), sub.call(name)) if not isinstance(o, Raised)]
    if _looks_constant([d for d in draws if d is not None and d.shape == flat.shape]):
        return Verdict(name, points, (words.finding("init-not-random", points),))
    if layout.template_kind != "init" and layout.from_behaviour:
        detail = f"your {model} works with {plain.describe(layout.template, ctx.names)} but not with what it returns"
        return Verdict(name, points, (words.finding("init-incompatible", points, detail=detail),))
    return Verdict(name, points)
