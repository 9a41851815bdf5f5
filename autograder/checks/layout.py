"""Which number of the student's theta is w and which is b, worked out from behaviour.

The student's model is called on theta built from their own init function's value
(or, if that is missing or unusable, from common structures: dict, tuple, array, list, and last a
dict or namedtuple with the two names the model itself reads, so that a correct model is never
called broken because the init is not written yet) with the numbers
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
    shape: str = ""
    """What it returned instead of one prediction per x, as a message shows it (``plain.shape_text``)."""
    got_shape: tuple[int, ...] = ()
    """The shape of that array as it was, for instructors only (``Finding.measured``)."""
    values: tuple[float, ...] = ()
    """The theta values (``Theta`` order) of the call that raised, for public feedback."""


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
        outcome = sub.call(ctx.roles.model, Theta(values), x)
        if isinstance(outcome, Raised):
            return ModelBehaviour("raised", raised=outcome, values=values), None
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
                shown = plain.shape_text(outputs[0].shape, x.size)
                return ModelBehaviour("flat-shape", shape=shown, got_shape=outputs[0].shape), layout
            return ModelBehaviour(status), layout
    if not shapes_right:
        shown = plain.shape_text(outputs[0].shape, x.size)
        return ModelBehaviour("wrong-shape", shape=shown, got_shape=outputs[0].shape), None
    return ModelBehaviour("wrong-value"), None


def find_layout(sub: Submission, ctx: Context) -> Layout:
    """Pick a theta structure and the positions of w and b in it (see the module docstring)."""
    roles = ctx.roles.init, ctx.roles.model
    init = sub.use_template("init", *roles)
    kinds = (["init"] if _two_numbers(init) else []) + [k for k in TEMPLATE_KINDS if k != "init"]
    tried = []
    refused: Raised | None = None
    for kind in kinds:
        template = init if kind == "init" else sub.use_template(kind, *roles)
        if isinstance(template, Raised):  # no structure discovered from the model's reads
            refused = template
            continue
        behaviour, layout = _classify(sub, ctx)
        tried.append((kind, template, behaviour, layout))
        stop = behaviour.raised is None or behaviour.raised.missing or behaviour.raised.not_implemented
        if stop:
            break
    if not tried:  # not even the plain structures could be built: the worker refused them all
        return Layout(None, "none", 0, 1, (None, None), ModelBehaviour("raised", raised=refused), init)
    # When every structure raised, report the student's own (the init's), else the one built from
    # the names the model reads, else the first tried.
    fallback = next((t for t in tried if t[0] == "discovered" and tried[0][0] != "init"), tried[0])
    kind, template, behaviour, layout = tried[-1] if stop else fallback
    if kind != tried[-1][0]:
        sub.use_template(kind, *roles)
    names = plain.leaf_names(template.value)
    if layout is None:
        layout = _layout_by_names(names)
    return Layout(template.value, kind, layout[0], layout[1], tuple(names), behaviour, init)


def show_theta(template: plain.Plain, values: tuple[float, ...]) -> str:
    """``values`` written in the structure of ``template`` as Python would print it (public inputs only)."""
    numbers = iter(values)

    def show(tree: plain.Plain) -> str:
        if isinstance(tree, plain.Node):
            parts = [show(child) for child in tree.children]
            if tree.kind == "dict":
                return "{" + ", ".join(f"{key!r}: {part}" for key, part in zip(tree.keys, parts, strict=True)) + "}"
            if tree.kind == "list":
                return "[" + ", ".join(parts) + "]"
            if tree.kind.startswith("namedtuple:"):
                fields = ", ".join(f"{key}={part}" for key, part in zip(tree.keys, parts, strict=True))
                return f"{tree.kind.split(':', 1)[1]}({fields})"
            if tree.kind.startswith("pytree:"):
                return f"{tree.kind.split(':', 1)[1]}({', '.join(parts)})"
            return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"
        size = int(np.size(tree)) if isinstance(tree, np.ndarray) else 1
        shown = [repr(float(next(numbers, float("nan")))) for _ in range(size)]
        if isinstance(tree, np.ndarray) and tree.ndim > 0:
            return "jnp.array([" + ", ".join(shown) + "])"
        return shown[0]

    return show(template)
