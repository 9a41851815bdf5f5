"""Building blocks of a lesson's hidden inputs: sizes that are never the notebook's, and x values with
the notebook x's mean and spread (so that a loss has the notebook's curvature on them)."""

import numpy as np

HIDDEN_SIZES = (60, 70, 80, 90, 110, 120, 130, 140)
"""The sizes hidden data are drawn from: never 100 (the notebook's size), so that code that works
only for the notebook's 100 points fails them; few, so that a grading process compiles the
reference's functions for a handful of shapes only, not one per student."""


def f32(values: object) -> np.ndarray:
    return np.asarray(values, dtype=np.float32)


def draw_size(rng: np.random.Generator) -> int:
    return int(rng.choice(HIDDEN_SIZES))


def like_notebook_x(rng: np.random.Generator, n: int, notebook_x: np.ndarray) -> np.ndarray:
    """``n`` random positions, mapped so that their mean and mean square are the notebook x's."""
    target = np.asarray(notebook_x, dtype=np.float64)
    mean, spread = float(np.mean(target)), float(np.std(target))
    u = rng.uniform(-5.0, 5.0, size=n)
    return f32(np.sort(mean + spread * (u - np.mean(u)) / np.std(u)))
