"""What every lesson's check inputs hold (a lesson's ``cases`` module makes them, public or hidden)."""

from dataclasses import dataclass
from typing import Any

import numpy as np

from .hidden_data import f32


@dataclass(frozen=True)
class Cases:
    """Inputs for all questions. ``points`` are (w, b) pairs; ``x``, ``y`` float32 of equal length; the
    loop runs from ``loop_init`` on ``loop_x``, ``loop_y``, for one step, ``short_steps`` steps and (hidden
    checks) the lesson's full run; ``notebook_x``, ``notebook_y`` are the lesson's notebook data."""

    points: tuple[tuple[float, float], ...]
    x: np.ndarray
    y: np.ndarray
    loop_x: np.ndarray
    loop_y: np.ndarray
    loop_init: tuple[float, float]
    short_steps: int
    notebook_x: np.ndarray
    notebook_y: np.ndarray
    hidden: bool
    full_loop: bool
    """Whether the loop is run for the lesson's full number of steps on ``loop_x``/``loop_y`` (hidden
    checks) or only briefly (public checks, which rely on the notebook's own run for convergence)."""


def public_loop(notebook_x: np.ndarray, notebook_y: np.ndarray) -> dict[str, Any]:
    """The public checks' loop inputs (``Cases`` fields): a few steps on the notebook's own data from
    (0.5, -0.5), with the notebook's own functions; convergence is the notebook's own run's to show."""
    x, y = f32(notebook_x), f32(notebook_y)
    return {
        "loop_x": x,
        "loop_y": y,
        "loop_init": (0.5, -0.5),
        "short_steps": 5,
        "notebook_x": x,
        "notebook_y": y,
        "hidden": False,
        "full_loop": False,
    }
