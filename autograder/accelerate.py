"""Student gradients at compiled speed: ``jax.grad`` and ``jax.value_and_grad`` that trace once.

Nearly all of a submission's grading time used to be the student's own eager JAX: each step of a
gradient-descent loop calls ``grad(loss)``, and eager ``grad`` traces the loss in Python again at
every call (about 2 ms a step, 3000 steps in the notebook and 3000 more in the hidden loop check).
Inside the sandboxed worker, ``Accelerator.install`` replaces ``jax.grad`` and
``jax.value_and_grad`` with wrappers that, once a call has repeated, compile
``jit(grad(fun))`` for it and reuse the compiled code. The student's function still runs: it is
traced and compiled; only the per-step Python tracing goes.

The wrapper must never change a verdict, so it is conservative and falls back to the eager
function (the one ``jax`` itself returns) rather than risk a difference:

- Calls are grouped by a key: the function (for a plain function its code, closure and defaults,
  so that ``grad(lambda t: loss(t, ...))`` rebuilt at every step still hits), the arguments that
  are not arrays (functions, numbers, numpy arrays by content: these stay concrete, as in eager
  mode, and the compiled code is specialised to them), the shapes and dtypes of the array
  arguments, and every global the function's code reads (by identity, and by content where it
  can change in place: a loss reading a global that something reassigns or edits gets a new key).
- The first ``COMPILE_AFTER - 1`` calls of a key run eagerly (a one-off call never pays for a
  compilation). The next call runs eagerly too, and the state the student can see (the notebook's
  globals, their sizes, function attributes and closures, numpy's and Python's random state,
  output captured in memory) is compared before and after it: a function with side effects (a
  counter, a list it appends to, random draws, prints into a buffer) runs eagerly for good.
  Otherwise the compiled function is run on the same arguments and must give the same results
  (structure, dtypes, and values up to the last bits' rounding: XLA fuses operations that eager
  mode runs one by one); any difference or any failure to trace (Python control flow on values,
  numpy on tracers, ``float()`` of a tracer, unhashable arguments...) sends the function back to
  eager execution for good.
- A compiled call that raises is retried eagerly, so the error a student sees is their own.
- Calls made while tracing (a student's own ``jit``, ``lax.scan``, nested ``grad``) pass straight
  to jax: tracers are not grouped.
- ``clear`` forgets every compiled function (the worker calls it at each cell and each question);
  a function that compiles more than ``MAX_KEYS`` variants runs eagerly for good.

What the comparison cannot see is state hidden where none of it looks (an ``itertools.count``, a
module attribute): a function whose result depends on such state after its verifying call can be
served compiled. Only code written to behave differently when traced would notice.

``Stats`` counts what happened; the engine records it per submission so that an instructor can
see whether a grade came from accelerated execution and regrade with ``--exact`` if in doubt.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import inspect
import io
import random
import sys
import types
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from typing import Any

import jax
import numpy as np

COMPILE_AFTER = 3
"""A key is compiled at its third call: loops reach it at once, one-off checks never do."""

MAX_KEYS = 16
"""Compiled variants allowed per function before it runs eagerly for good (a compile storm)."""

RTOL = 1e-5
"""How far a compiled result may be from the eager one at the verifying call (see ``_agrees``)."""

MAX_STATIC_BYTES = 1 << 20
"""numpy arguments larger than this are not hashed by content: the call runs eagerly."""

_EAGER = {"grad": jax.grad, "value_and_grad": jax.value_and_grad}
_SIGNATURES = {kind: inspect.signature(transform) for kind, transform in _EAGER.items()}


class _UnkeyableError(Exception):
    """An argument that cannot be part of a key: the call runs eagerly."""


@dataclass
class Stats:
    """What the accelerator did: ``compiled`` keys verified and reused, ``fallbacks`` functions sent
    back to eager execution for good (their code names, for the instructor)."""

    compiled: int = 0
    fallbacks: list[str] = field(default_factory=list)


@dataclass
class _Entry:
    calls: int = 0
    compiled: Callable[..., Any] | None = None
    keep: tuple = ()  # the objects whose identity is in the key: alive, so their ids stay unique


class Accelerator:
    """The memo of compiled gradients for one submission (see the module docstring)."""

    def __init__(self, namespace: dict[str, Any] | None = None) -> None:
        self.namespace = namespace if namespace is not None else {}
        self.stats = Stats()
        self._memo: dict[Hashable, _Entry] = {}
        self._eager_for_good: set[Hashable] = set()
        self._variants: dict[Hashable, int] = {}
        self._installed: dict[str, Callable[..., Any]] = {}

    def install(self) -> None:
        """Replace ``jax.grad`` and ``jax.value_and_grad`` in this process (a sandboxed worker)."""
        for kind, eager in _EAGER.items():
            self._installed[kind] = getattr(jax, kind)
            setattr(jax, kind, functools.wraps(eager)(functools.partial(self._transform, kind)))

    def uninstall(self) -> None:
        for kind, original in self._installed.items():
            setattr(jax, kind, original)
        self._installed.clear()

    @contextlib.contextmanager
    def installed(self) -> Iterator[Accelerator]:
        """Installed for the ``with`` block (an in-process run; a worker installs it for good)."""
        self.install()
        try:
            yield self
        finally:
            self.uninstall()

    def clear(self) -> None:
        """Forget every compiled function: globals may have been reassigned (a new cell, a question)."""
        self._memo.clear()
        self._variants.clear()

    def start_cell(self, namespace: dict[str, Any]) -> None:
        """Before a notebook cell: watch ``namespace`` (the notebook's globals) and forget the memo."""
        self.namespace = namespace
        self.clear()

    def _transform(self, kind: str, *args: Any, **kwargs: Any) -> Callable[..., Any]:
        eager = _EAGER[kind](*args, **kwargs)  # jax's own checks and errors, at the same moment
        given = _SIGNATURES[kind].bind(*args, **kwargs)
        given.apply_defaults()
        options = dict(given.arguments)
        fun, argnums = options.pop("fun"), options.pop("argnums")
        try:  # what every call of this transform shares: computed once, not at each call
            base = (kind, _function_base(fun), _static_key((argnums, options), []))
        except Exception:  # options that cannot be keyed: jax's own function, as it is
            return eager

        @functools.wraps(eager)
        def accelerated(*args: Any, **kwargs: Any) -> Any:
            return self._call(eager, base, fun, argnums, args, kwargs)

        return accelerated

    def _call(self, eager, base, fun, argnums, args, kwargs) -> Any:
        try:
            if base in self._eager_for_good:
                return eager(*args, **kwargs)
            key, dynamic, rebuild, keep = self._split(base, fun, argnums, args, kwargs)
        except Exception:  # unkeyable, or hostile objects that fail to be looked at: eager, as jax would
            return eager(*args, **kwargs)
        entry = self._memo.get(key)
        if entry is None:
            variants = self._variants.get(base, 0) + 1
            self._variants[base] = variants
            if variants > MAX_KEYS:
                self._give_up(base, fun)
                return eager(*args, **kwargs)
            entry = self._memo[key] = _Entry(keep=keep)
        if entry.compiled is not None:
            try:
                return entry.compiled(dynamic)
            except Exception:
                self._give_up(base, fun)
                return eager(*args, **kwargs)
        entry.calls += 1
        if entry.calls < COMPILE_AFTER:
            return eager(*args, **kwargs)
        before = _visible_state(self.namespace)
        result = eager(*args, **kwargs)  # the student's own call: errors propagate as they are
        after = _visible_state(self.namespace)
        if before is None or after is None or after[0] != before[0]:
            self._give_up(base, fun)
            return result
        try:

            def rebuilt_call(values: list[Any]) -> Any:
                positional, keywords = rebuild(values)
                return eager(*positional, **keywords)

            compiled = jax.jit(rebuilt_call)
            if _agrees(compiled(dynamic), result):
                entry.compiled = compiled
                self.stats.compiled += 1
                return result
        except Exception:
            pass
        self._give_up(base, fun)
        return result

    def _give_up(self, base: Hashable, fun: Callable[..., Any]) -> None:
        if base not in self._eager_for_good:
            self._eager_for_good.add(base)
            self.stats.fallbacks.append(_name(fun))

    def _split(self, base, fun, argnums, args, kwargs):
        """The key of a call, its dynamic (traced) values, and how to rebuild the call's arguments
        from them: arrays in differentiated positions and jax arrays elsewhere are traced; every
        other argument is part of the key and stays the object it is."""
        differentiated = {argnums} if isinstance(argnums, int) else set(argnums)
        keep: list[Any] = []
        parts: list[Hashable] = []
        slots: list[tuple[str, Any, bool]] = []  # (position or keyword, value, traced?)
        dynamic: list[Any] = []
        for where, value in [*enumerate(args), *kwargs.items()]:
            leaves, treedef = jax.tree_util.tree_flatten(value)
            if any(isinstance(leaf, jax.core.Tracer) for leaf in leaves):
                raise _UnkeyableError  # inside someone's transformation: jax handles it
            traced = where in differentiated or (bool(leaves) and all(isinstance(v, jax.Array) for v in leaves))
            if traced:
                if not all(_is_numeric(leaf) for leaf in leaves):
                    raise _UnkeyableError
                parts.append((where, "traced", treedef, tuple(_aval(leaf) for leaf in leaves)))
                dynamic.append(value)
            else:
                parts.append((where, "static", _static_key(value, keep)))
            slots.append((where, value, traced))
        parts.append(_function_key(fun, keep))
        parts.append(_globals_key(fun, keep))

        def rebuild(values: list[Any]) -> tuple[list[Any], dict[str, Any]]:
            iterator = iter(values)
            positional: list[Any] = []
            keywords: dict[str, Any] = {}
            for where, value, traced in slots:
                actual = next(iterator) if traced else value
                if isinstance(where, int):
                    positional.append(actual)
                else:
                    keywords[where] = actual
            return positional, keywords

        keep.append(fun)
        return (base, tuple(parts)), dynamic, rebuild, tuple(keep)


def _is_numeric(leaf: Any) -> bool:
    return isinstance(leaf, jax.Array | np.ndarray | np.generic | float | int | complex) and not isinstance(leaf, str)


def _aval(leaf: Any) -> Hashable:
    """Shape, dtype and weak type of a traced leaf (jit specialises on these anyway)."""
    if isinstance(leaf, jax.Array | np.ndarray | np.generic):
        return (type(leaf), leaf.shape, leaf.dtype, getattr(leaf, "weak_type", False))
    return (type(leaf),)


def _innermost(fun: Any) -> Any:
    """The function a ``functools.partial`` or bound method (or a chain of them) ends up calling."""
    while isinstance(fun, functools.partial | types.MethodType):
        fun = fun.func if isinstance(fun, functools.partial) else fun.__func__
    return fun


def _function_base(fun: Any) -> Hashable:
    """What a function's variants share: its code (every closure of a lambda), else its identity."""
    fun = _innermost(fun)
    return fun.__code__ if isinstance(fun, types.FunctionType) else ("object", id(fun))


def _function_key(fun: Any, keep: list[Any]) -> Hashable:
    """Equal for two functions that compute the same thing: a plain function by its code, globals,
    closure and defaults; ``functools.partial`` by its parts; a bound method by function and object.
    Objects known by identity are appended to ``keep``."""
    if isinstance(fun, types.FunctionType):
        keep.append(fun.__globals__)
        return (
            fun.__code__,
            id(fun.__globals__),
            tuple(_static_key(_contents(cell), keep) for cell in fun.__closure__ or ()),
            _static_key(fun.__defaults__, keep),
            _static_key(fun.__kwdefaults__, keep),
        )
    if isinstance(fun, functools.partial):
        return ("partial", _function_key(fun.func, keep), _static_key((fun.args, fun.keywords), keep))
    if isinstance(fun, types.MethodType):
        return ("method", _function_key(fun.__func__, keep), _static_key(fun.__self__, keep))
    keep.append(fun)
    return ("object", id(fun))


def _static_key(value: Any, keep: list[Any]) -> Hashable:
    """A key equal for two arguments the student's code cannot tell apart; raises _UnkeyableError."""
    if value is None or isinstance(value, bool | int | str | bytes):
        return (type(value), value)
    if isinstance(value, float):
        return (float, value.hex())
    if isinstance(value, complex):
        return (complex, value.real.hex(), value.imag.hex())
    if isinstance(value, tuple | list):
        return (type(value), tuple(_static_key(v, keep) for v in value))
    if isinstance(value, dict):
        return (type(value), tuple((_static_key(k, keep), _static_key(v, keep)) for k, v in value.items()))
    if isinstance(value, np.ndarray | np.generic):
        if value.dtype == object or value.nbytes > MAX_STATIC_BYTES:
            raise _UnkeyableError
        data = np.ascontiguousarray(value)
        return (type(value), value.shape, value.dtype.str, hashlib.blake2b(data.tobytes(), digest_size=16).digest())
    if isinstance(value, types.FunctionType | functools.partial | types.MethodType):
        return _function_key(value, keep)
    keep.append(value)  # arrays, modules, classes, objects: by identity, and an object's attributes
    state = getattr(value, "__dict__", None)
    if isinstance(state, dict) and not isinstance(value, type | types.ModuleType):
        attributes = list(state.items())
        keep.extend(v for _, v in attributes)  # alive with the entry: an id is never another object's
        return ("object", id(value), tuple((k, id(v)) for k, v in attributes))
    return ("object", id(value))


def _globals_key(fun: Any, keep: list[Any]) -> Hashable:
    """What every global the function's code may read holds, following the functions it names:
    compiled code has read them once, at trace time. Each by identity, and by content where it can
    change in place (a small list or dict, a numpy array: ``params["scale"] = ...`` between two calls
    must give a new key); larger containers by identity and size."""
    values = []
    for space, name in _global_reads(fun):
        value = space.get(name, _MISSING)
        keep.append(value)
        values.append((id(value), _contents_key(value, keep)))
    return tuple(values)


MAX_CONTENT_ITEMS = 64
"""Containers a function reads as globals up to this size are keyed by content (see ``_globals_key``)."""


def _contents_key(value: Any, keep: list[Any]) -> Hashable:
    """The content of a global that can change in place (see ``_globals_key``); None for others."""
    if isinstance(value, np.ndarray) or (isinstance(value, list | dict) and len(value) <= MAX_CONTENT_ITEMS):
        try:
            return _static_key(value, keep)
        except (_UnkeyableError, RecursionError):  # a large array, an object array, a cycle
            pass
    if isinstance(value, list | dict | set | np.ndarray):
        return ("size", value.size if isinstance(value, np.ndarray) else len(value))
    return None


_MISSING = object()


def _global_reads(fun: Any, seen: set | None = None) -> list[tuple[dict, str]]:
    seen = set() if seen is None else seen
    fun = _innermost(fun)
    if not isinstance(fun, types.FunctionType) or fun.__code__ in seen:
        return []
    seen.add(fun.__code__)
    reads = []
    for name in _names(fun.__code__):
        reads.append((fun.__globals__, name))
        value = fun.__globals__.get(name)
        if isinstance(value, types.FunctionType):
            reads.extend(_global_reads(value, seen))
    for cell in fun.__closure__ or ():
        try:
            contents = cell.cell_contents
        except ValueError:
            continue
        if isinstance(contents, types.FunctionType):
            reads.extend(_global_reads(contents, seen))
    return reads


@functools.cache
def _names(code: types.CodeType) -> tuple[str, ...]:
    """Every name the code (and the functions defined in it) looks up: globals and attributes."""
    names = list(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names.extend(_names(const))
    return tuple(dict.fromkeys(names))


def _visible_state(namespace: dict[str, Any]) -> tuple[Hashable, list[Any]] | None:
    """What a side effect of student code would change: which object each global is, the size of
    containers, function attributes and closure cells, the global random generators' positions,
    output written to an in-memory stream; with the objects whose identities it holds (kept alive
    by the caller while it compares, so that no id can meanwhile become another object's). None if
    it cannot be read (an object that refuses to be looked at)."""
    try:
        return _read_state(namespace)
    except Exception:
        return None


def _read_state(namespace: dict[str, Any]) -> tuple[Hashable, list[Any]]:
    state, held = [], []

    def ids(values: list[Any]) -> tuple[int, ...]:
        held.extend(values)
        return tuple(id(v) for v in values)

    for name, value in list(namespace.items()):
        entry: tuple = (name, *ids([value]))
        if isinstance(value, list | dict | set | bytearray):
            entry += (len(value),)
        elif isinstance(value, types.FunctionType):
            attributes = list(vars(value).items())
            entry += (tuple(k for k, _ in attributes), ids([v for _, v in attributes]))
            entry += (ids([_contents(cell) for cell in value.__closure__ or ()]),)
        elif hasattr(value, "__dict__") and not isinstance(value, type | types.ModuleType):
            attributes = list(vars(value).items())
            entry += (tuple(k for k, _ in attributes), ids([v for _, v in attributes]))
        state.append(entry)
    for stream in (sys.stdout, sys.stderr):  # output captured in memory (an in-process run) grows
        state.append(("stream", *ids([stream]), stream.tell() if isinstance(stream, io.StringIO) else None))
    numpy_state = np.random.get_state()
    state.append(("numpy-random", numpy_state[2], int(numpy_state[1][0])))
    state.append(("random", hash(random.getstate())))
    return tuple(state), held


def _contents(cell: types.CellType) -> Any:
    try:
        return cell.cell_contents
    except ValueError:
        return _MISSING


def _agrees(compiled: Any, eager: Any) -> bool:
    """Same pytree structure, leaf types, shapes and dtypes, and the same values up to rounding:
    XLA fuses the compiled function's operations, which may round differently in the last bits
    than the same operations run one by one (``RTOL`` is about a hundred float32 ulps; a traced
    constant or a wrong branch differs by far more)."""
    compiled_leaves, compiled_tree = jax.tree_util.tree_flatten(compiled)
    eager_leaves, eager_tree = jax.tree_util.tree_flatten(eager)
    if compiled_tree != eager_tree or len(compiled_leaves) != len(eager_leaves):
        return False
    for a, b in zip(compiled_leaves, eager_leaves, strict=True):
        if type(a) is not type(b) or _aval(a) != _aval(b):
            return False
        a_values, b_values = np.asarray(a), np.asarray(b)
        if not np.issubdtype(b_values.dtype, np.inexact):
            if not np.array_equal(a_values, b_values):
                return False
            continue
        finite = np.isfinite(b_values)
        if not np.array_equal(finite, np.isfinite(a_values)) or not np.array_equal(
            a_values[~finite], b_values[~finite], equal_nan=True
        ):
            return False
        scale = float(np.max(np.abs(b_values[finite]), initial=0.0))
        if not np.allclose(a_values[finite], b_values[finite], rtol=RTOL, atol=RTOL * 0.1 * (1.0 + scale)):
            return False
    return True


def _name(fun: Any) -> str:
    return str(getattr(fun, "__qualname__", None) or getattr(fun, "__name__", None) or type(fun).__name__)[:80]
