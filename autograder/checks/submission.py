"""How checks reach student code: a small call protocol whose arguments and results are plain data.

A check never holds a student object. It asks a ``Submission`` to call a student function with
arguments that are data (arrays, numbers) or markers the submission resolves on its own side:
``Theta`` (numbers laid out in the structure of the student's own theta), ``Probe`` (a reference
function adapted to that structure) and ``StudentFn`` (another student function, by name). Results
come back as ``Returned`` (plain data, see ``plain.py``) or ``Raised`` (the error's type name).

``LocalSubmission`` runs the calls in the current process: that is what Otter's ``grader.check``
does in the student's own kernel. The engine's sandbox serves the same protocol from another
process, so the checks are identical in both places.
"""

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from . import plain

TEMPLATE_KINDS = ("init", "dict", "tuple", "list", "array", "discovered")
"""Where a theta structure comes from: the student's init function, a common shape,
or (``discovered``) a dict or namedtuple with the two names the student's model reads,
found by calling it on a recorder (see ``discover_names``), for when the init is missing or broken."""


@dataclass(frozen=True)
class Theta:
    """Parameter values to pass in the structure of the current template (``ravel_pytree`` order)."""

    values: tuple[float, ...]


@dataclass(frozen=True)
class Probe:
    """A reference function adapted to the student's theta structure.

    ``kind``: ``model`` (w x + b), ``shifted-model`` (w x + b + 3, to see whether a loss uses its
    model argument), or the hidden loop check's ``loop-model`` (w x + b + 15) and ``loop-loss`` (the
    reference mean squared error against y + 30; see ``cases.LOOP_MODEL_SHIFT``). ``w_index``/``b_index``
    say which number of the flattened theta is w and which is b.
    """

    kind: str
    w_index: int = 0
    b_index: int = 1


@dataclass(frozen=True)
class StudentFn:
    """A function of the submission, passed by name (for example the student's own model)."""

    name: str


@dataclass(frozen=True)
class Returned:
    value: plain.Plain


@dataclass(frozen=True)
class Raised:
    """Student code raised. ``error`` is the exception's type name; ``detail`` a short, capped message."""

    error: str
    detail: str = ""

    @property
    def not_implemented(self) -> bool:
        return self.error == "NotImplementedError"

    @property
    def missing(self) -> bool:
        return self.error == "MissingDefinition"


Outcome = Returned | Raised
Arg = Any  # numpy arrays, Python numbers, Theta, Probe or StudentFn


class Submission(Protocol):
    """The call protocol every check uses; see the module docstring."""

    def use_template(self, kind: str, init: str, model: str) -> Outcome:
        """Choose the theta structure ``Theta`` values are laid out in; returns it as plain data.
        ``init`` and ``model``: the names of the student's init and model (the lesson's roles)."""

    def call(self, name: str, *args: Arg, **kwargs: Arg) -> Outcome:
        """Call the student's ``name`` with resolved arguments."""

    def grad_of(self, name: str, *args: Arg) -> Outcome:
        """``jax.grad`` of the student's ``name`` with respect to its first argument."""

    def get(self, name: str) -> Outcome:
        """The value of the student's global ``name`` (for example the notebook's final ``theta``)."""

    def status(self, name: str) -> str:
        """``missing``, ``placeholder`` (still the handed-out stub) or ``defined``. A placeholder only
        ever costs points; no attribute a submission sets (``__wrapped__``, say) is read in its favour."""


MAX_DETAIL = 300


def raised(error: BaseException) -> Raised:
    """Describe ``error`` by type name and the first line of its message, capped in length."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return Raised(type(error).__name__, text[:MAX_DETAIL])


class LocalSubmission:
    """Serves the protocol from a namespace in this process (a notebook's globals).

    ``probes`` builds ``Probe`` functions; it is None where no reference is available (the student's
    copy of the checks), and checks then pass the student's own functions instead.
    """

    def __init__(self, namespace: dict[str, Any], probes: Callable[[Probe], Callable] | None = None):
        self.namespace = namespace
        self.probes = probes
        self._template: Any = None

    def use_template(self, kind: str, init: str, model: str) -> Outcome:
        import jax.numpy as jnp

        if kind not in TEMPLATE_KINDS:
            raise ValueError(f"unknown template kind {kind!r}")
        if kind == "init":
            outcome = self._invoke(init, lambda f: f())
            if isinstance(outcome, Raised):
                return outcome
            candidate = self._last_value
        elif kind == "discovered":
            candidate = discovered_template(self.namespace.get(model))
            if candidate is None:
                return Raised("NotDiscovered", f"{model} reads no two names of theta")
        else:
            one, two = np.float32(0.5), np.float32(-0.5)
            candidate = {
                "dict": {"w": one, "b": two},
                "tuple": (one, two),
                "list": [one, two],
                "array": jnp.array([one, two]),
            }[kind]
        try:
            import jax
            from jax.flatten_util import ravel_pytree

            as_float = jax.tree.map(_as_float_leaf, candidate)
            ravel_pytree(as_float)  # raises for structures jax cannot flatten into numbers
        except Exception as error:
            return raised(error)
        self._template = as_float
        return self._encode(candidate)

    def call(self, name: str, *args: Arg, **kwargs: Arg) -> Outcome:
        try:
            real_args = [self._resolve(a) for a in args]
            real_kwargs = {k: self._resolve(v) for k, v in kwargs.items()}
        except LookupError as error:
            return Raised("MissingDefinition", str(error))
        return self._invoke(name, lambda f: f(*real_args, **real_kwargs))

    def grad_of(self, name: str, *args: Arg) -> Outcome:
        import jax

        try:
            real_args = [self._resolve(a) for a in args]
        except LookupError as error:
            return Raised("MissingDefinition", str(error))
        return self._invoke(name, lambda f: jax.grad(f)(*real_args))

    def get(self, name: str) -> Outcome:
        if name not in self.namespace:
            return Raised("MissingDefinition", name)
        return self._encode(self.namespace[name])

    def status(self, name: str) -> str:
        if name not in self.namespace:
            return "missing"
        value = self.namespace[name]
        code = getattr(value, "__code__", None)
        if value is Ellipsis or (code is not None and code.co_names == ("NotImplementedError",)):
            return "placeholder"
        return "defined"

    def missing_reason(self, name: str) -> str | None:
        """Why ``name`` is missing, where the notebook's history tells (an IPython kernel keeps the
        source of every cell run in ``In``): a cell that defines it was run, so it raised before
        defining it; the reason names an import of that cell that cannot be found, if any. Only the
        wording of a message depends on it, never a score."""
        import ast
        import importlib.util
        import re

        history = self.namespace.get("In")
        if not isinstance(history, list):
            return None
        defines = re.compile(rf"^(?:def\s+{re.escape(name)}\b|{re.escape(name)}\s*=(?!=))", re.MULTILINE)
        source = next((s for s in reversed(history) if isinstance(s, str) and defines.search(s)), None)
        if source is None:
            return None
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError):
            return "its cell raised an error before defining it"
        for node in tree.body:
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                modules = [node.module]
            for module in modules:
                try:
                    found = importlib.util.find_spec(module.split(".")[0]) is not None
                except (ImportError, ValueError):
                    found = False
                if not found:
                    return f"its cell raised ModuleNotFoundError: no module named {module.split('.')[0]!r}"
        return "its cell raised an error before defining it"

    # -- helpers -------------------------------------------------------------------------------

    _last_value: Any = None

    def _invoke(self, name: str, how: Callable[[Callable], Any]) -> Outcome:
        function = self.namespace.get(name)
        if function is None:
            return Raised("MissingDefinition", name)
        if function is Ellipsis:  # the student notebook's `dmseloss = ...` placeholder
            return Raised("NotImplementedError", f"{name} is still ...")
        if not callable(function):
            return Raised("NotCallable", f"{name} is a {type(function).__name__}")
        try:
            value = how(function)
            self._last_value = value
            return self._encode(value)
        except (Exception, SystemExit) as error:
            return raised(error)

    @staticmethod
    def _encode(value: Any) -> Outcome:
        try:
            return Returned(plain.encode(value))
        except plain.TooLargeError as error:
            return Raised("TooLargeError", str(error))
        except (Exception, SystemExit) as error:  # a pytree's flatten function is the submission's code
            return raised(error)

    def _resolve(self, arg: Arg) -> Any:
        import jax.numpy as jnp
        from jax.flatten_util import ravel_pytree

        if isinstance(arg, Theta):
            if self._template is None:
                raise RuntimeError("use_template must be called before passing Theta")
            _, unravel = ravel_pytree(self._template)
            return unravel(jnp.asarray(arg.values, dtype=jnp.float32))
        if isinstance(arg, StudentFn):
            function = self.namespace.get(arg.name)
            if not callable(function):
                raise LookupError(arg.name)
            return function
        if isinstance(arg, Probe):
            if self.probes is None:
                raise RuntimeError("no reference probes in this context")
            return self.probes(arg)
        if isinstance(arg, np.ndarray):
            return jnp.asarray(arg)
        return arg


class _Recorder:
    """A stand-in for theta that notes which keys (``theta["w"]``) and attributes (``theta.w``) a
    model reads, answering each with a number. Integer keys and iteration are refused (a tuple or an
    array template covers those), so that no model can loop on it."""

    def __init__(self) -> None:
        object.__setattr__(self, "_seen", [])

    def _note(self, how: str, name: object) -> float:
        seen = object.__getattribute__(self, "_seen")
        if len(seen) > 8:
            raise LookupError("too many names")
        if (how, name) not in seen:
            seen.append((how, name))
        return 0.5

    def __getitem__(self, key: object) -> float:
        if not isinstance(key, str):
            raise IndexError(key)
        return self._note("key", key)

    def __getattr__(self, name: str) -> float:
        if name.startswith("_"):
            raise AttributeError(name)
        return self._note("attribute", name)

    def __iter__(self):
        raise TypeError("not iterable")


def discover_names(model: Any) -> tuple[str, tuple[str, str]] | None:
    """``("key"|"attribute", (first, second))``: the two names ``model`` reads from theta, in the
    order it reads them (a second, unused name added when it reads one), or None when it reads
    anything else."""
    import jax.numpy as jnp

    if not callable(model):
        return None
    recorder = _Recorder()
    with contextlib.suppress(Exception, SystemExit):
        model(recorder, jnp.linspace(-1.0, 1.0, 3, dtype=jnp.float32))
    seen = object.__getattribute__(recorder, "_seen")
    hows = {how for how, _ in seen}
    names = tuple(name for _, name in seen)
    if len(seen) not in (1, 2) or len(hows) != 1 or not all(isinstance(n, str) and n.isidentifier() for n in names):
        return None
    if len(names) == 1:  # a model that reads one name (no bias, say): a second, unused one
        names = (names[0], "b" if names[0] != "b" else "w")
    return hows.pop(), names  # type: ignore[return-value]


def discovered_template(model: Any) -> Any:
    """A theta for ``model`` built from the names it reads (see ``discover_names``), or None."""
    from collections import namedtuple

    found = discover_names(model)
    if found is None:
        return None
    how, (first, second) = found
    one, two = np.float32(0.5), np.float32(-0.5)
    if how == "key":
        return {first: one, second: two}
    try:
        return namedtuple("Theta", (first, second))(one, two)
    except ValueError:  # a keyword or a repeated name
        return None


def _as_float_leaf(leaf: Any) -> Any:
    """Template leaves as floats: an int leaf would make every Theta round to whole numbers."""
    import jax.numpy as jnp

    array = jnp.asarray(leaf)
    return array if jnp.issubdtype(array.dtype, jnp.floating) else array.astype(jnp.float32)
