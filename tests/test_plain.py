"""Unit tests of ``autograder.checks.plain``: encoding student values into plain data, and reading it."""

import dataclasses
from collections import OrderedDict, namedtuple
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from jax.flatten_util import ravel_pytree

from autograder.checks import plain
from autograder.checks.submission import LocalSubmission, Raised

Params = namedtuple("Params", "w b")
Reversed = namedtuple("Reversed", "b w")


class HostileCallError(Exception):
    """Raised by a student method the encoder must never call."""


def _record_calls():
    calls: list[str] = []

    def hostile(name):
        def method(self, *args, **kwargs):
            calls.append(name)
            raise HostileCallError(name)

        return method

    return calls, hostile


# -- encode: data ------------------------------------------------------------------------------


def test_encode_dict_sorts_keys_and_converts_leaves():
    tree = plain.encode({"w": 1.5, "b": np.float32(-2.0)})
    assert isinstance(tree, plain.Node), f"a dict should encode to a Node, got {tree!r}"
    assert tree.kind == "dict"
    assert tree.keys == ("b", "w"), f"dict keys should be sorted like jax does, got {tree.keys}"
    assert all(isinstance(c, np.ndarray) for c in tree.children), "dict values should become numpy arrays"
    assert float(tree.children[0]) == -2.0 and float(tree.children[1]) == 1.5


def test_encode_tuple_list_and_nested():
    tree = plain.encode((1.0, [2.0, (3.0,)]))
    assert tree.kind == "tuple" and tree.keys == (), f"tuple should encode as kind 'tuple' with no keys: {tree!r}"
    inner = tree.children[1]
    assert inner.kind == "list" and len(inner.children) == 2, f"nested list not preserved: {inner!r}"
    assert inner.children[1].kind == "tuple"


def test_encode_namedtuple_keeps_name_and_fields():
    tree = plain.encode(Params(np.float32(1.0), np.float32(2.0)))
    assert tree.kind == "namedtuple:Params", f"namedtuple kind should carry its class name, got {tree.kind}"
    assert tree.keys == ("w", "b"), f"namedtuple fields should keep their order, got {tree.keys}"


def test_encode_jax_array_numpy_scalar_python_numbers():
    jax_leaf = plain.encode(jnp.arange(3, dtype=jnp.float32))
    assert type(jax_leaf) is np.ndarray, f"a jax array should become a numpy array, got {type(jax_leaf)}"
    assert jax_leaf.dtype == np.float32 and jax_leaf.tolist() == [0.0, 1.0, 2.0]

    scalar = plain.encode(np.float32(2.5))
    assert type(scalar) is np.ndarray and scalar.shape == () and scalar.dtype == np.float32

    py_float = plain.encode(0.25)
    assert type(py_float) is np.ndarray and py_float.shape == () and float(py_float) == 0.25

    py_int = plain.encode(3)
    assert py_int.dtype.kind == "i", f"a Python int should keep an integer dtype, got {py_int.dtype}"

    assert plain.encode(True).dtype == np.bool_
    assert plain.encode(None) is None


def test_encode_copies_arrays():
    original = np.arange(3.0)
    encoded = plain.encode({"w": original})
    original[0] = 100.0
    assert encoded.children[0][0] == 0.0, "encode must copy arrays: the student's array changed the encoded value"
    assert encoded.children[0] is not original


@pytest.mark.parametrize(
    "value, type_name",
    [
        (lambda: 1.0, "function"),
        (np, "module"),
        ("1.0", "str"),
        (b"1", "bytes"),
        (np.array(["a"]), "ndarray"),
        ({1: 1.0}, "dict"),
        ({1.0, 2.0}, "set"),
    ],
)
def test_encode_non_data_is_opaque(value, type_name):
    encoded = plain.encode(value)
    assert encoded == plain.Opaque(type_name), f"{type_name} should encode as Opaque({type_name!r}), got {encoded!r}"


def test_encode_function_inside_container_is_opaque_leaf():
    tree = plain.encode({"w": 1.0, "b": print})
    assert tree.children[0] == plain.Opaque("builtin_function_or_method")
    assert plain.flatten(tree) is None, "a tree holding a function is not numeric data"
    assert plain.leaves(tree) is None


def test_encode_hostile_object_calls_nothing():
    calls, hostile = _record_calls()
    methods = [
        "__array__",
        "__eq__",
        "__float__",
        "__repr__",
        "__str__",
        "__bool__",
        "__len__",
        "__iter__",
        "__index__",
    ]
    cls = type("Sneaky", (), {name: hostile(name) for name in methods} | {"__hash__": object.__hash__})
    value = cls()
    for wrapped in (value, {"w": value}, (value, 1.0), [value], Params(value, 1.0)):
        encoded = plain.encode(wrapped)
        assert encoded is not None
    assert plain.encode(value) == plain.Opaque("Sneaky")
    assert calls == [], f"encode called student methods: {calls}"


def test_encode_array_like_pretending_to_be_jax_is_opaque():
    """A module name is not enough to be read as an array: only real jax arrays are."""
    calls, hostile = _record_calls()
    raising = type("FakeArray", (), {"__module__": "jax.fake", "__array__": hostile("__array__")})
    assert plain.encode(raising()) == plain.Opaque("FakeArray")
    assert calls == [], "an object that only claims to be a jax array is never asked for its values"

    objects = type("ObjArray", (), {"__module__": "jax.fake", "__array__": lambda self, *a, **k: np.array([object()])})
    assert plain.encode(objects()) == plain.Opaque("ObjArray")


def test_encode_ndarray_subclass_becomes_plain_ndarray():
    calls, hostile = _record_calls()
    sub = type("Sub", (np.ndarray,), {"__eq__": hostile("__eq__"), "__repr__": hostile("__repr__")})
    value = np.arange(3.0).view(sub)
    encoded = plain.encode(value)
    assert type(encoded) is np.ndarray, f"an ndarray subclass must not survive encoding, got {type(encoded)}"
    assert encoded.tolist() == [0.0, 1.0, 2.0]
    assert calls == [], f"encode called student methods: {calls}"


def test_encode_float_subclass_does_not_call_dunder_float():
    calls: list[str] = []

    class Liar(float):
        def __float__(self):
            calls.append("__float__")
            return 99.0

    encoded = plain.encode(Liar(1.5))
    assert calls == [], f"encode called the student's {calls}"
    assert isinstance(encoded, plain.Opaque) or float(encoded) == 1.5, f"encoded value came from __float__: {encoded}"


def test_encode_dict_with_hostile_str_keys():
    calls, hostile = _record_calls()
    key = type("Key", (str,), {"__lt__": hostile("__lt__"), "__eq__": hostile("__eq__"), "__hash__": str.__hash__})
    encoded = plain.encode({key("w"): 1.0, key("b"): 2.0})
    assert calls == [], f"encode called student methods: {calls}"
    assert encoded == plain.Opaque("dict"), "a dict whose keys are not exact str is not data"


def test_encode_dict_subclass_with_hostile_getitem():
    calls, hostile = _record_calls()
    cls = type("Sneaky", (dict,), {"__getitem__": hostile("__getitem__")})
    encoded = plain.encode(cls(w=1.0, b=2.0))
    assert calls == [], f"encode called student methods: {calls}"
    assert encoded is not None


def test_encode_fake_array_raising_system_exit():
    def leave(self, *args, **kwargs):
        raise SystemExit(0)

    fake = type("FakeArray", (), {"__module__": "jax.fake", "__array__": leave})
    assert plain.encode(fake()) == plain.Opaque("FakeArray")


def test_encode_ordered_dict_keeps_jax_order():
    value = OrderedDict([("w", 1.0), ("b", 2.0)])
    assert plain.encode(value).keys == ("w", "b")
    np.testing.assert_array_equal(plain.flatten(plain.encode(value)), np.asarray(ravel_pytree(value)[0], np.float64))


# -- TooLargeError ----------------------------------------------------------------------------------


def test_too_large_single_array():
    huge = np.broadcast_to(np.float32(0.0), (plain.MAX_ELEMENTS + 1,))  # no memory behind it
    with pytest.raises(plain.TooLargeError):
        plain.encode(huge)
    assert issubclass(plain.TooLargeError, ValueError)


def test_too_large_counts_all_leaves():
    half = np.broadcast_to(np.int8(0), (plain.MAX_ELEMENTS // 2 + 1,))
    with pytest.raises(plain.TooLargeError):
        plain.encode({"a": half, "b": [half]})


def test_exactly_max_elements_is_accepted():
    encoded = plain.encode(np.zeros(plain.MAX_ELEMENTS, dtype=np.int8))
    assert encoded.size == plain.MAX_ELEMENTS


@jax.tree_util.register_pytree_node_class
@dataclasses.dataclass
class Registered:
    """A student's dataclass registered as a jax pytree node, children b first as its flatten says."""

    w: Any
    b: Any

    def tree_flatten(self):
        return (self.b, self.w), None

    @classmethod
    def tree_unflatten(cls, aux, children):
        return cls(children[1], children[0])


class Refusing:
    """Registered as a pytree node with a flatten function that raises (below)."""


def _refuse(value):
    raise RuntimeError("refused")


jax.tree_util.register_pytree_node(Refusing, _refuse, lambda aux, children: Refusing())


def test_encode_a_registered_pytree_as_its_children_in_jax_order():
    tree = plain.encode(Registered(np.float32(3.0), np.float32(-4.0)))
    assert tree == plain.Node("pytree:Registered", (), (np.float32(-4.0), np.float32(3.0))), tree
    assert plain.describe(tree) == "a Registered pytree of 2 items"


def test_local_submission_reports_a_raising_pytree_flatten_as_raised():
    outcome = LocalSubmission({"f": Refusing}).call("f")
    assert isinstance(outcome, Raised) and outcome.error == "RuntimeError", f"got {outcome!r}"


def test_local_submission_reports_too_large_as_raised():
    sub = LocalSubmission({"f": lambda: np.zeros(plain.MAX_ELEMENTS + 1, dtype=np.int8)})
    outcome = sub.call("f")
    assert isinstance(outcome, Raised) and outcome.error == "TooLargeError", f"got {outcome!r}"


# -- flatten / leaves --------------------------------------------------------------------------

FLATTEN_CASES = {
    "dict-unsorted": {"w": np.float32(1.0), "b": np.float32(2.0), "a": np.arange(3, dtype=np.float32)},
    "namedtuple": Params(np.float32(3.0), np.float32(-4.0)),
    "namedtuple-b-first": Reversed(np.float32(3.0), np.float32(-4.0)),
    "nested-tuples": ((np.float32(1.0), (np.float32(2.0), np.float32(3.0))), np.float32(4.0)),
    "dict-of-namedtuple": {"z": Params(np.float32(1.0), np.float32(2.0)), "a": (np.float32(5.0),)},
    "matrix-c-order": {"m": np.arange(6, dtype=np.float32).reshape(2, 3), "c": np.float32(9.0)},
    "list": [np.float32(1.0), np.float32(2.0)],
    "array": jnp.array([0.5, -0.5]),
    "with-none": {"a": None, "b": np.float32(1.0)},
    "registered-pytree": Registered(np.float32(3.0), {"z": np.float32(1.0), "a": np.arange(2, dtype=np.float32)}),
}


@pytest.mark.parametrize("name", sorted(FLATTEN_CASES))
def test_flatten_matches_ravel_pytree(name):
    value = FLATTEN_CASES[name]
    expected, _ = ravel_pytree(value)
    got = plain.flatten(plain.encode(value))
    assert got is not None and got.dtype == np.float64, f"flatten should give a float64 vector, got {got!r}"
    np.testing.assert_array_equal(got, np.asarray(expected, np.float64), err_msg=f"flatten order differs for {name}")


def test_flatten_of_empty_and_none():
    assert plain.flatten(None).shape == (0,)
    assert plain.flatten(plain.encode(())).shape == (0,)
    assert plain.flatten(plain.Opaque("function")) is None


def test_complex_leaves_are_not_data():
    tree = plain.encode({"a": np.array([1 + 1j, 2.0]), "b": 1.0})
    assert tree.children[0] == plain.Opaque("ndarray")
    assert plain.flatten(tree) is None and plain.leaf_names(tree) == ["b"]


# -- signature ---------------------------------------------------------------------------------


def test_signature_equal_for_same_structure_any_dtype():
    one = plain.encode({"w": np.float32(1.0), "b": np.float32(2.0)})
    two = plain.encode({"b": 5.0, "w": jnp.float32(7.0)})
    assert plain.signature(one) == plain.signature(two), "same keys and shapes should give the same signature"
    hash(plain.signature(one))


@pytest.mark.parametrize(
    "left, right",
    [
        ({"w": 1.0, "b": 2.0}, (1.0, 2.0)),
        ((1.0, 2.0), [1.0, 2.0]),
        ((1.0, 2.0), Params(1.0, 2.0)),
        (Params(1.0, 2.0), Reversed(1.0, 2.0)),
        ({"w": 1.0, "b": 2.0}, {"w": 1.0, "c": 2.0}),
        ((1.0, 2.0), np.array([1.0, 2.0])),
        ({"w": np.zeros(1), "b": 2.0}, {"w": 1.0, "b": 2.0}),
    ],
    ids=["dict-tuple", "tuple-list", "tuple-namedtuple", "field-order", "keys", "tuple-array", "leaf-shape"],
)
def test_signature_differs_for_different_structures(left, right):
    assert plain.signature(plain.encode(left)) != plain.signature(plain.encode(right))


# -- leaf_names --------------------------------------------------------------------------------


def test_leaf_names_dict_follow_flatten_order():
    tree = plain.encode({"w": 1.0, "b": np.array([2.0, 3.0])})
    assert plain.leaf_names(tree) == ["b", "b", "w"], f"got {plain.leaf_names(tree)}"
    assert plain.flatten(tree).tolist() == [2.0, 3.0, 1.0]


def test_leaf_names_namedtuple_and_nesting():
    assert plain.leaf_names(plain.encode(Params(1.0, 2.0))) == ["w", "b"]
    assert plain.leaf_names(plain.encode(Reversed(1.0, 2.0))) == ["b", "w"]
    nested = plain.encode({"p": {"w": 1.0}, "q": 2.0})
    assert plain.leaf_names(nested) == ["w", "q"], "the innermost name should win"


def test_leaf_names_without_names():
    assert plain.leaf_names(plain.encode((1.0, 2.0))) == [None, None]
    assert plain.leaf_names(plain.encode(np.zeros(3))) == [None, None, None]
    assert plain.leaf_names(None) == []
    assert plain.leaf_names(plain.Opaque("function")) == []


# -- describe ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, text",
    [
        (None, "None"),
        (np.float32(1.2345), "a number"),
        (np.zeros((2, 3)), "an array of shape (2, k)"),
        (lambda: 0, "a function object"),
        ({"w": 1.2345, "b": 6.789}, "a dict with keys b, w"),
        (Params(1.2345, 6.789), "a namedtuple Params(w, b)"),
        ((1.2345, 6.789), "a tuple of 2 items"),
        ([1.2345, 6.789, 0.5], "a list of k items"),
    ],
)
def test_describe(value, text):
    described = plain.describe(plain.encode(value))
    assert described == text, f"describe gave {described!r}, expected {text!r}"
    assert "1.23" not in described and "6.78" not in described, "describe must not show values"


def test_describe_shows_only_the_names_it_is_given_and_the_types_python_has():
    """For hidden checks, the names seen in what the notebook returned on public inputs (Context.names):
    a name built after a hidden input could spell it."""
    public = plain.names(plain.encode({"theta": Params(1.0, 2.0), "f": lambda: 0, "w": 1.0}))
    assert public == {"theta", "Params", "w", "b", "function", "f"}
    described = {
        "dict": plain.describe(plain.encode({"w": 1.0, "x524": 2.0}), public),
        "namedtuple": plain.describe(plain.encode(Params(1.0, 2.0)), public),
        "their own class": plain.describe(plain.encode(type("x524", (), {})()), public),
        "a function": plain.describe(plain.encode(lambda: 0), frozenset()),
    }
    assert described == {
        "dict": f"a dict with keys w, {plain.UNSHOWN}",
        "namedtuple": "a namedtuple Params(w, b)",
        "their own class": f"a {plain.UNSHOWN} object",
        "a function": "a function object",
    }


@pytest.mark.parametrize(
    "shape, text",
    [
        ((), "()"),
        ((100,), "(len(x),)"),
        ((100, 1), "(len(x), 1)"),
        ((100, 100), "(len(x), len(x))"),
        ((0, 524, 501), "(0, k, k)"),
        ((0, 524, 501, 614, 291, 454), "(more than 3 dimensions)"),
    ],
)
def test_shapes_show_only_sizes_the_code_cannot_choose_freely(shape, text):
    """An empty array shaped by five hidden values once carried them into a hidden check's message."""
    assert plain.shape_text(shape, data_size=100) == text


def test_counts_show_only_numbers_the_lesson_knows():
    """A losses vector 640584 long once spelled a hidden x and y in a hidden check's message."""
    shown = {count: plain.count_text(count, 3000, (300,)) for count in (0, 2, 2999, 3001, 300, 640584, 17)}
    assert shown == {
        0: "0",
        2: "2",
        2999: "2999",
        3001: "3001",
        300: "300",
        640584: "more than 3000",
        17: "fewer than 3000",
    }
