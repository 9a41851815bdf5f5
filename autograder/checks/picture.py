"""What a student's report draws of their notebook, read as plain numbers before the questions are judged.

The report shows a student what their code did on the data they were given: the losses their notebook's
own run recorded (its ``losses`` global), where that run left theta (its ``theta`` global, read as
(w, b) through the theta layout), and their gradient function at the public point the notebook's
example cell uses (the last of the public cases' points) on the notebook's data. Nothing here is
scored; each part is None when the notebook holds nothing usable for it, and a student function that
raises or refuses only leaves its part out.

Every number is a float or None (never NaN or infinity, which strict JSON cannot hold): a picture
travels in results.jsonl and the gradebook, and is drawn in the trusted process (``autograder.report``),
never by student code. Losses are thinned to at most ``MAX_POINTS`` steps, always keeping the first and
the last, so a long run costs a few kilobytes.
"""

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import plain
from .context import Context
from .layout import Layout, find_layout
from .submission import Raised, StudentFn, Submission

MAX_POINTS = 200
"""Most (step, loss) pairs kept from a run, spread evenly over its steps."""


def _number(value: Any) -> float | None:
    """``value`` as a finite float, or None (None, NaN or infinite); TypeError or ValueError for what is
    not a number at all."""
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _pair(values: Any) -> tuple[float | None, float | None]:
    first, second = values
    return _number(first), _number(second)


@dataclass(frozen=True)
class Picture:
    """One notebook's run in numbers: ``steps`` and ``losses`` (same length; step 1 is the first
    recorded loss), ``recorded`` (how many losses the run recorded), ``wb`` the final (w, b),
    ``gradient`` the student's (dL/dw, dL/db) at ``point`` (w, b) on the notebook's data."""

    steps: tuple[int, ...] = ()
    losses: tuple[float | None, ...] = ()
    recorded: int = 0
    wb: tuple[float | None, float | None] | None = None
    gradient: tuple[float | None, float | None] | None = None
    point: tuple[float, float] | None = None

    def to_record(self) -> dict[str, Any]:
        return {
            "steps": list(self.steps),
            "losses": list(self.losses),
            "recorded": self.recorded,
            "wb": list(self.wb) if self.wb else None,
            "gradient": list(self.gradient) if self.gradient else None,
            "point": list(self.point) if self.point else None,
        }

    @classmethod
    def from_record(cls, record: Any) -> "Picture | None":
        """The picture in a stored record, or None for anything malformed (a record predating pictures)."""
        if not isinstance(record, dict):
            return None
        try:
            steps = tuple(int(step) for step in record.get("steps", ()))
            losses = tuple(_number(v) for v in record.get("losses", ()))
            if len(steps) != len(losses):
                return None
            pairs = {key: record.get(key) for key in ("wb", "gradient", "point")}
            read = {key: _pair(value) if value is not None else None for key, value in pairs.items()}
            point = read["point"]
            return cls(
                steps,
                losses,
                int(record.get("recorded", len(steps))),
                read["wb"],
                read["gradient"],
                None if point is None or None in point else (float(point[0]), float(point[1])),
            )
        except (TypeError, ValueError, OverflowError):
            return None


def thin(losses: np.ndarray, most: int = MAX_POINTS) -> tuple[tuple[int, ...], tuple[float | None, ...]]:
    """At most ``most`` (step, loss) pairs of ``losses`` (a vector), evenly spread, first and last kept."""
    if losses.size == 0:
        return (), ()
    kept = np.unique(np.linspace(0, losses.size - 1, min(most, losses.size)).round().astype(int))
    return tuple(int(i) + 1 for i in kept), tuple(_number(losses[i]) for i in kept)


def _vector(outcome: Any) -> np.ndarray | None:
    if isinstance(outcome, Raised):
        return None
    flat = plain.flatten(outcome.value)
    return flat.astype(np.float64) if flat is not None else None


def gather(sub: Submission, ctx: Context, point: tuple[float, float]) -> Picture:
    """The notebook's run as ``Picture`` (see the module docstring); ``point`` is the public (w, b)."""
    try:
        layout: Layout | None = find_layout(sub, ctx)
    except Exception:  # whatever the submission answered, a picture is never worth a failed grade
        layout = None
    losses = _vector(sub.get("losses"))
    steps, thinned = thin(losses) if losses is not None else ((), ())
    wb = gradient = None
    if layout is not None and layout.template is not None:  # None: it refused every theta structure
        theta = _vector(sub.get("theta"))
        if theta is not None and theta.size == 2:
            wb = _pair(layout.unpack(theta))
        roles = ctx.roles
        x, y = ctx.cases.notebook_x, ctx.cases.notebook_y
        moved = _vector(sub.call(roles.grad, layout.theta(*point), StudentFn(roles.model), x, y))
        if moved is not None and moved.size == 2:
            gradient = _pair(layout.unpack(moved))
    return Picture(steps, thinned, 0 if losses is None else int(losses.size), wb, gradient, point)
