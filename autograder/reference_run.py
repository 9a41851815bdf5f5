"""The reference notebook's run, for the students' reports: the other half of every picture.

A report draws the student's run (``checks.picture``) beside the reference's on the same data: the
notebook's data, the lesson's true parameters, the reference's loss curve and fitted line, and the
reference gradient at the public point. They are computed here, in the trusted process, from the
lesson's reference module (which provides, besides its functions, ``make_data``, ``NOTEBOOK_SEED``,
``W_TRUE``, ``B_TRUE`` and ``INIT_SEED``, the seed of the generator ``rng`` its init draws from).

The reference's loop written as the lesson teaches it takes seconds eagerly; its steps (the
reference gradient, ``theta - step_size * gradient``, the reference loss recorded after each step,
with the loop's own ``n_steps`` and ``step_size`` defaults) run here compiled as one ``lax.scan``,
which gives the same curve up to float32 rounding. The run is made once per lesson and process.
"""

import functools
import inspect
from dataclasses import dataclass
from typing import Any

import numpy as np

from .checks import Lesson
from .checks.picture import thin

GRID_POINTS = 60
"""Points on the x axis at which fitted curves are drawn."""


@dataclass(frozen=True)
class ReferenceRun:
    """``x``, ``y``: the notebook's data; ``truth``: the lesson's (w, b); ``steps``/``losses``: the
    reference run's curve (thinned as students' are); ``wb``: where it ended; ``point`` and
    ``gradient``: the public point and the reference gradient there on the data; ``grid``: where
    fitted curves are drawn."""

    x: tuple[float, ...]
    y: tuple[float, ...]
    truth: tuple[float, float]
    steps: tuple[int, ...]
    losses: tuple[float | None, ...]
    wb: tuple[float, float]
    point: tuple[float, float]
    gradient: tuple[float, float]
    grid: tuple[float, ...]
    oracle: Any

    def curve(self, wb: tuple[float, float]) -> tuple[float, ...]:
        """The reference model with parameters ``wb`` along ``grid`` (a fitted line, a sigmoid...)."""
        values = np.ravel(np.asarray(self.oracle.predict(wb[0], wb[1], np.asarray(self.grid)), np.float64))
        return tuple(float(v) for v in values)


def _reference_start(reference: Any, init_name: str) -> Any:
    """The reference init's theta as the notebook draws it: from a fresh generator with its seed."""
    kept = reference.rng
    reference.rng = np.random.default_rng(reference.INIT_SEED)
    try:
        return getattr(reference, init_name)()
    finally:
        reference.rng = kept


def _descend(reference: Any, lesson: Lesson, theta: Any, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, Any]:
    import jax

    roles = lesson.roles
    model, loss, dloss = (getattr(reference, name) for name in (roles.model, roles.loss, roles.grad))
    defaults = inspect.signature(getattr(reference, roles.loop)).parameters
    n_steps, step_size = defaults["n_steps"].default, defaults["step_size"].default

    def step(theta: Any, _: None) -> tuple[Any, Any]:
        gradient = dloss(theta, model, x, y)
        theta = jax.tree_util.tree_map(lambda value, slope: value - step_size * slope, theta, gradient)
        return theta, loss(theta, model, x, y)

    start = jax.tree_util.tree_map(jax.numpy.asarray, theta)
    end, losses = jax.jit(lambda t: jax.lax.scan(step, t, None, length=n_steps))(start)
    return np.asarray(losses, np.float64), end


@functools.cache
def reference_run(lesson: Lesson) -> ReferenceRun:
    """The reference's run for ``lesson`` (see the module docstring); imports jax and the reference."""
    reference = lesson.reference()
    x, y = (np.asarray(a, np.float32) for a in lesson.notebook_data(reference))
    losses, end = _descend(reference, lesson, _reference_start(reference, lesson.roles.init), x, y)
    steps, thinned = thin(losses)
    point = lesson.public_cases(x, y).points[-1]
    oracle = lesson.oracle(reference, None)
    gradient = np.asarray(oracle.grad(point[0], point[1], x, y), np.float64)
    grid = np.linspace(float(x.min()), float(x.max()), GRID_POINTS)
    return ReferenceRun(
        x=tuple(map(float, x)),
        y=tuple(map(float, y)),
        truth=(float(reference.W_TRUE), float(reference.B_TRUE)),
        steps=steps,
        losses=thinned,
        wb=(float(end["w"]), float(end["b"])),
        point=(float(point[0]), float(point[1])),
        gradient=(float(gradient[0]), float(gradient[1])),
        grid=tuple(map(float, grid)),
        oracle=oracle,
    )
