"""Plain data: the only form in which values produced by student code reach a verdict.

``encode`` turns whatever a student function returned into numpy arrays (the leaves) and
``Node`` containers; anything else becomes an ``Opaque`` marker carrying only its type name.
No student object survives encoding, so a verdict never calls student methods (``__eq__``,
``__float__``, ``__repr__``...). ``flatten`` then reads a plain tree in jax's pytree order
(dict keys sorted, sequences and namedtuple fields in order, arrays in C order), which lets the
trusted side interpret a theta of any structure without the student's classes.
"""

import builtins
import collections
import sys
import types
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import numpy as np

MAX_ELEMENTS = 5_000_000
"""Largest number of array elements accepted from one call; more is treated as an error."""


@dataclass(frozen=True)
class Node:
    """A container: ``kind`` is ``dict``, ``tuple``, ``list``, ``namedtuple:<Name>`` or ``pytree:<Name>``
    (another type registered as a jax pytree node, such as a dataclass; its children in jax's order)."""

    kind: str
    keys: tuple[str, ...]
    children: tuple["Plain", ...]


@dataclass(frozen=True)
class Opaque:
    """Something that is not data (a function, a module, a custom object): only its type name is kept."""

    type_name: str


Plain = np.ndarray | Node | Opaque | None


KNOWN_TYPES = frozenset(
    kind.__name__ for kind in (*vars(builtins).values(), *vars(types).values()) if isinstance(kind, type)
)
"""Names of types every Python program has (``function``, ``generator``, ``str``...): no submission
chose them, so a message may show them where it shows no other type name."""

UNSHOWN = "…"
"""What a message shows instead of a name it may not show (``describe``)."""


class TooLargeError(ValueError):
    """Raised when a value holds more than ``MAX_ELEMENTS`` array elements."""


def encode(value: Any, _budget: list[int] | None = None) -> Plain:
    """Convert ``value`` into plain data; arrays (numpy, jax, Python numbers) become numpy arrays.

    Only exact built-in, numpy and jax types are read, through the base classes' own methods, so
    no method a student defined (``__float__``, ``__getitem__``, ``__iter__``, ``__lt__``...) runs.
    """
    budget = [MAX_ELEMENTS] if _budget is None else _budget
    kind = type(value)
    if value is None:
        return None
    if kind in (bool, int, float) or isinstance(value, np.ndarray) or _is_numpy_scalar(value) or _is_jax_array(value):
        try:
            array = np.ndarray.view(value, np.ndarray) if isinstance(value, np.ndarray) else np.asarray(value)
        except BaseException:
            return Opaque(kind.__name__)
        if array.dtype.kind not in "biuf":
            return Opaque(kind.__name__)
        budget[0] -= array.size
        if budget[0] < 0:
            raise TooLargeError(f"more than {MAX_ELEMENTS} array elements")
        return np.array(array, copy=True)
    if kind in (dict, collections.defaultdict, collections.OrderedDict):
        keys = list(dict.keys(value))
        if not all(type(k) is str for k in keys):
            return Opaque(kind.__name__)
        # jax's pytree order: sorted keys, except insertion order for an OrderedDict.
        ordered = tuple(keys) if kind is collections.OrderedDict else tuple(sorted(keys))
        node_kind = "OrderedDict" if kind is collections.OrderedDict else "dict"
        return Node(node_kind, ordered, tuple(encode(dict.__getitem__(value, k), budget) for k in ordered))
    if kind is list or kind is tuple or (issubclass(kind, tuple) and _namedtuple_fields(kind) is not None):
        items = (
            [tuple.__getitem__(value, i) for i in range(tuple.__len__(value))]
            if kind is not list
            else [list.__getitem__(value, i) for i in range(list.__len__(value))]
        )
        children = tuple(encode(v, budget) for v in items)
        if kind is list or kind is tuple:
            return Node(kind.__name__, (), children)
        fields = _namedtuple_fields(kind)
        if len(fields) != len(children):
            return Opaque(kind.__name__)
        return Node(f"namedtuple:{kind.__name__}", fields, children)
    children = _pytree_children(value)
    if children is not None:
        return Node(f"pytree:{kind.__name__}", (), tuple(encode(child, budget) for child in children))
    return Opaque(kind.__name__)


def _pytree_children(value: Any) -> list[Any] | None:
    """The children of a value whose type is registered as a jax pytree node (a student's dataclass:
    theta may be any pytree), one level down and in jax's order, as ``ravel_pytree`` reads them;
    None for anything else. The flatten function registered for it is the submission's own code:
    it runs where the submission runs (the worker), never in the trusted process, which has no jax."""
    jax = sys.modules.get("jax")
    if jax is None:
        return None
    children, _ = jax.tree_util.tree_flatten(value, is_leaf=lambda node: node is not value)
    return None if len(children) == 1 and children[0] is value else children


def _namedtuple_fields(kind: type) -> tuple[str, ...] | None:
    fields = getattr(kind, "_fields", None)
    if type(fields) is tuple and all(type(f) is str for f in fields):
        return tuple(str(f) for f in fields)
    return None


def _is_numpy_scalar(value: Any) -> bool:
    return isinstance(value, np.generic) and type(value).__module__ == "numpy"


def _is_jax_array(value: Any) -> bool:
    jax = sys.modules.get("jax")
    return jax is not None and isinstance(value, jax.Array) and type(value).__module__.startswith(("jax", "jaxlib"))


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
    return np.concatenate([np.ravel(p).astype(np.float64) for p in parts])


def signature(tree: Plain) -> Any:
    """A hashable description of the structure and leaf shapes (not dtypes) of ``tree``."""
    if tree is None:
        return None
    if isinstance(tree, np.ndarray):
        return ("array", tree.shape)
    if isinstance(tree, Opaque):
        return ("opaque", tree.type_name)
    return (tree.kind, tree.keys, tuple(signature(c) for c in tree.children))


SHOWN_SIZES = (0, 1, 2)
"""Sizes a message shows as they are; any other is ``k`` (or ``len(x)``: see ``size_text``)."""


def size_text(size: int, data_size: int | None = None) -> str:
    """A size taken from what student code returned, as a message shows it: 0, 1 or 2 as such,
    ``len(x)`` when it is ``data_size`` (the length of the x the code was given), any other as ``k``.

    A message that echoed any size would carry out whatever the code chose to encode in it: after a
    hidden call, the hidden inputs (an empty array shaped by five hidden values, a losses vector as
    long as a hidden x and y spelled in digits). These few words carry next to nothing."""
    if data_size is not None and size == data_size and size not in SHOWN_SIZES:
        return "len(x)"
    return str(size) if size in SHOWN_SIZES else "k"


def shape_text(shape: tuple[int, ...], data_size: int | None = None) -> str:
    """``shape`` with each size as ``size_text`` shows it, e.g. ``(len(x), 1)``; an array of more than
    three dimensions is only said to have that many."""
    if len(shape) > 3:
        return "(more than 3 dimensions)"
    sizes = [size_text(size, data_size) for size in shape]
    return f"({sizes[0]},)" if len(sizes) == 1 else f"({', '.join(sizes)})"


def count_text(count: int, expected: int, known: tuple[int, ...] = ()) -> str:
    """How many items student code returned where ``expected`` were wanted, as a message shows it:
    the number itself when it is 0, 1, 2, one off ``expected`` or one of the lesson's ``known``
    numbers, else only "fewer" or "more" (see ``size_text`` for why)."""
    if count in (*SHOWN_SIZES, expected - 1, expected + 1, *known):
        return str(count)
    return f"fewer than {expected}" if count < expected else f"more than {expected}"


def describe(tree: Plain, names: Collection[str] | None = None) -> str:
    """A short, value-free description of a structure for messages, e.g. ``dict with keys b, w``
    (sizes as ``size_text`` shows them). Dict keys, namedtuple and class names are the submission's
    own text: only those in ``names`` (all where None) and the ``KNOWN_TYPES`` are shown as they
    are, any other as ``UNSHOWN``."""

    def shown(name: str) -> str:
        return name if names is None or name in names or name in KNOWN_TYPES else UNSHOWN

    if tree is None:
        return "None"
    if isinstance(tree, np.ndarray):
        return f"an array of shape {shape_text(tree.shape)}" if tree.shape else "a number"
    if isinstance(tree, Opaque):
        return f"a {shown(tree.type_name)} object"
    keys = ", ".join(shown(key) for key in tree.keys)
    if tree.kind in ("dict", "OrderedDict"):
        return f"a {tree.kind} with keys {keys}"
    if tree.kind.startswith("namedtuple:"):
        return f"a namedtuple {shown(tree.kind.split(':', 1)[1])}({keys})"
    if tree.kind.startswith("pytree:"):
        return f"a {shown(tree.kind.split(':', 1)[1])} pytree of {size_text(len(tree.children))} items"
    return f"a {tree.kind} of {size_text(len(tree.children))} items"


def names(tree: Plain) -> set[str]:
    """Every name in ``tree`` that ``describe`` could show: dict keys, namedtuple and pytree type
    names, namedtuple fields and the type names of opaque values."""
    if isinstance(tree, Opaque):
        return {tree.type_name}
    if not isinstance(tree, Node):
        return set()
    found = set(tree.keys) | ({tree.kind.split(":", 1)[1]} if ":" in tree.kind else set())
    for child in tree.children:
        found |= names(child)
    return found


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
