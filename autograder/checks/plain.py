"""Plain data: the only form in which values produced by student code reach a verdict.

``encode`` turns whatever a student function returned into numpy arrays (the leaves) and
``Node`` containers; anything else becomes an ``Opaque`` marker carrying only its type name.
No student object survives encoding, so a verdict never calls student methods (``__eq__``,
``__float__``, ``__repr__``...). ``flatten`` then reads a plain tree in jax's pytree order
(dict keys sorted, sequences and namedtuple fields in order, arrays in C order), which lets the
trusted side interpret a theta of any structure without the student's classes.
"""

from dataclasses import dataclass
from typing import Any, Union

import numpy as np

MAX_ELEMENTS = 5_000_000
"""Largest number of array elements accepted from one call; more is treated as an error."""


@dataclass(frozen=True)
class Node:
    """A container: ``kind`` is ``dict``, ``tuple``, ``list`` or ``namedtuple:<Name>``."""

    kind: str
    keys: tuple[str, ...]
    children: tuple["Plain", ...]


@dataclass(frozen=True)
class Opaque:
    """Something that is not data (a function, a module, a custom object): only its type name is kept."""

    type_name: str


Plain = Union[np.ndarray, Node, Opaque, None]


class TooLarge(ValueError):
    """Raised when a value holds more than ``MAX_ELEMENTS`` array elements."""


def encode(value: Any, _budget: list[int] | None = None) -> Plain:
    """Convert ``value`` into plain data; arrays (numpy, jax, Python numbers) become numpy arrays."""
    budget = [MAX_ELEMENTS] if _budget is None else _budget
    if value is None:
        return None
    if isinstance(value, (bool, int, float, np.generic)) or _is_array(value):
        try:
            array = np.asarray(value)
        except Exception:  # a jax tracer or an array-like that refuses conversion
            return Opaque(type(value).__name__)
        if array.dtype.kind not in "biufc":
            return Opaque(type(value).__name__)
        budget[0] -= array.size
        if budget[0] < 0:
            raise TooLarge(f"more than {MAX_ELEMENTS} array elements")
        return np.array(array, copy=True)
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            return Opaque("dict")
        keys = tuple(sorted(value))
        return Node("dict", keys, tuple(encode(value[k], budget) for k in keys))
    if isinstance(value, tuple) and hasattr(type(value), "_fields"):
        fields = tuple(str(f) for f in type(value)._fields)
        return Node(f"namedtuple:{type(value).__name__}", fields, tuple(encode(v, budget) for v in value))
    if type(value) in (tuple, list):
        return Node(type(value).__name__, (), tuple(encode(v, budget) for v in value))
    return Opaque(type(value).__name__)


def _is_array(value: Any) -> bool:
    module = type(value).__module__ or ""
    return isinstance(value, np.ndarray) or module.startswith(("jax", "jaxlib"))


def leaves(tree: Plain) -> list[np.ndarray] | None:
    """The array leaves of ``tree`` in jax's flattening order, or None if it holds non-data."""
    if tree is None:
        return []
    if isinstance(tree, np.ndarray):
        return [tree]
    if isinstance(tree, Opaque):
        return None
    out: list[np.ndarray] = []
    for child in tree.children:
        sub = leaves(child)
        if sub is None:
            return None
        out.extend(sub)
    return out


def flatten(tree: Plain) -> np.ndarray | None:
    """All numbers of ``tree`` as one float64 vector (like ``ravel_pytree``), or None if not numeric data."""
    parts = leaves(tree)
    if parts is None:
        return None
    if not parts:
        return np.zeros(0)
    return np.concatenate([np.ravel(p).astype(np.float64) for p in parts if p.dtype.kind != "c"] or [np.zeros(0)])


def signature(tree: Plain) -> Any:
    """A hashable description of the structure and leaf shapes (not dtypes) of ``tree``."""
    if tree is None:
        return None
    if isinstance(tree, np.ndarray):
        return ("array", tree.shape)
    if isinstance(tree, Opaque):
        return ("opaque", tree.type_name)
    return (tree.kind, tree.keys, tuple(signature(c) for c in tree.children))


def describe(tree: Plain) -> str:
    """A short, value-free description of a structure for messages, e.g. ``dict with keys b, w``."""
    if tree is None:
        return "None"
    if isinstance(tree, np.ndarray):
        return f"an array of shape {tree.shape}" if tree.shape else "a number"
    if isinstance(tree, Opaque):
        return f"a {tree.type_name} object"
    if tree.kind == "dict":
        return f"a dict with keys {', '.join(tree.keys)}"
    if tree.kind.startswith("namedtuple:"):
        return f"a namedtuple {tree.kind.split(':', 1)[1]}({', '.join(tree.keys)})"
    return f"a {tree.kind} of {len(tree.children)} items"


def leaf_names(tree: Plain) -> list[str | None]:
    """For each number of ``flatten(tree)``, the dict key or namedtuple field it sits under (or None)."""
    if tree is None or isinstance(tree, Opaque):
        return []
    if isinstance(tree, np.ndarray):
        return [None] * int(tree.size)
    names: list[str | None] = []
    for i, child in enumerate(tree.children):
        key = tree.keys[i] if tree.keys else None
        names.extend(n if n is not None else key for n in leaf_names(child))
    return names
