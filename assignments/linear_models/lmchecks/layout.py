"""Which number of the student's theta is w and which is b, worked out from behaviour.

The student's ``linear_model`` is called on theta built from their own ``initialize_linear_params()``
(or, if that is unusable, from common structures: dict, tuple, array, list) with the numbers
``(a, c)`` and then ``(c, a)``. Whichever reading of those numbers reproduces ``w x + b`` tells the
layout; names (dict keys, namedtuple fields) only serve to spot ``model-w-b-swapped`` and as a
fallback when the model itself is broken. Every other question reuses the layout, so a broken
model never costs points elsewhere.
"""

from dataclasses import dataclass

import numpy as np

from . import plain
from .context import Context
from .numerics import LOSS_RTOL, close
from .submission import TEMPLATE_KINDS, Raised, Returned, Submission, Theta


@dataclass(frozen=True)
class ModelBehaviour:
    """What the student's model did. ``status``: ``ok``, ``wrong-shape``, ``flat-shape`` (right values,
    wrong shape), ``missing-bias``, ``wrong-value``, ``raised`` or ``unusable`` (no structure worked)."""

    status: str
    raised: Raised | None = None
    shape: tuple = ()


@dataclass(frozen=True)
class Layout:
    template: plain.Plain
    template_kind: str
    w_index: int
    b_index: int
    names: tuple[str | None, ...]
    model: ModelBehaviour
    init: Returned | Raised

    @property
    def from_behaviour(self) -> bool:
        return self.model.status in ("ok", "flat-shape", "missing-bias")

    @property
    def names_swapped(self) -> bool:
        return self.names[self.w_index] == "b" and self.names[self.b_index] == "w"

    def unpack(self, vector: np.ndarray) -> tuple[float, float]:
        return float(vector[self.w_index]), float(vector[self.b_index])

    def theta(self, w: float, b: float) -> Theta:
        values = [0.0, 0.0]
        values[self.w_index], values[self.b_index] = w, b
        return Theta(tuple(values))


def _two_numbers(outcome: Returned | Raised) -> bool:
    if not isinstance(outcome, Returned):
        return False
    flat = plain.flatten(outcome.value)
    return flat is not None and flat.size == 2 and bool(np.all(np.isfinite(flat)))


def _layout_by_names(names: list[str | None]) -> tuple[int, int]:
    if names.count("w") == 1 and names.count("b") == 1:
        return names.index("w"), names.index("b")
    return 0, 1


def _classify(sub: Submission, ctx: Context) -> tuple[ModelBehaviour, tuple[int, int] | None]:
    """Call the model with ``(a, c)`` and ``(c, a)`` in the current template and read its behaviour."""
    a, c = ctx.cases.points[0]
    x = ctx.cases.x
    outputs = []
    for values in ((a, c), (c, a)):
        outcome = sub.call("linear_model", Theta(values), x)
        if isinstance(outcome, Raised):
            return ModelBehaviour("raised", raised=outcome), None
        array = outcome.value
        if not isinstance(array, np.ndarray):
            flat = plain.flatten(array)
            if flat is None or flat.size != x.size:
                return ModelBehaviour("wrong-shape", shape=plain.describe(array)), None
            array = flat
        outputs.append(array)
    ac, ca = ctx.oracle.predict(a, c, x), ctx.oracle.predict(c, a, x)
    candidates = {
        ("ok", (0, 1)): (ac, ca),
        ("ok", (1, 0)): (ca, ac),
        ("missing-bias", (0, 1)): (ctx.oracle.predict(a, 0.0, x), ctx.oracle.predict(c, 0.0, x)),
        ("missing-bias", (1, 0)): (ctx.oracle.predict(c, 0.0, x), ctx.oracle.predict(a, 0.0, x)),
    }
    shapes_right = all(o.shape == x.shape for o in outputs)
    for (status, layout), (want1, want2) in candidates.items():
        flat = [np.ravel(o) for o in outputs]
        if (
            all(o.size == x.size for o in flat)
            and close(flat[0], want1, LOSS_RTOL)
            and close(flat[1], want2, LOSS_RTOL)
        ):
            if not shapes_right:
                return ModelBehaviour("flat-shape", shape=outputs[0].shape), layout
            return ModelBehaviour(status), layout
    if not shapes_right:
        return ModelBehaviour("wrong-shape", shape=outputs[0].shape), None
    return ModelBehaviour("wrong-value"), None


def find_layout(sub: Submission, ctx: Context) -> Layout:
    """Pick a theta structure and the positions of w and b in it (see the module docstring)."""
    init = sub.use_template("init")
    kinds = (["init"] if _two_numbers(init) else []) + [k for k in TEMPLATE_KINDS if k != "init"]
    tried = []
    for kind in kinds:
        template = init if kind == "init" else sub.use_template(kind)
        behaviour, layout = _classify(sub, ctx)
        tried.append((kind, template, behaviour, layout))
        stop = behaviour.raised is None or behaviour.raised.missing or behaviour.raised.not_implemented
        if stop:
            break
    kind, template, behaviour, layout = tried[-1] if stop else tried[0]
    if kind != tried[-1][0]:
        sub.use_template(kind)
    names = plain.leaf_names(template.value)
    if layout is None:
        layout = _layout_by_names(names)
    return Layout(template.value, kind, layout[0], layout[1], tuple(names), behaviour, init)
