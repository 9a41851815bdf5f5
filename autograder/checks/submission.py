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

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from . import plain

TEMPLATE_KINDS = ("init", "dict", "tuple", "list", "array")
"""Where a theta structure comes from: the student's ``initialize_linear_params()`` or a common shape."""


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
    """A function of the submission, passed by name (for example the student's own ``linear_model``)."""

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

    def use_template(self, kind: str) -> Outcome:
        """Choose the theta structure ``Theta`` values are laid out in; returns it as plain data."""

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

    def use_template(self, kind: str) -> Outcome:
        import jax.numpy as jnp

        if kind not in TEMPLATE_KINDS:
            raise ValueError(f"unknown template kind {kind!r}")
        if kind == "init":
            outcome = self._invoke("initialize_linear_params", lambda f: f())
            if isinstance(outcome, Raised):
                return outcome
            candidate = self._last_value
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
        return Returned(plain.encode(candidate))

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


def _as_float_leaf(leaf: Any) -> Any:
    """Template leaves as floats: an int leaf would make every Theta round to whole numbers."""
    import jax.numpy as jnp

    array = jnp.asarray(leaf)
    return array if jnp.issubdtype(array.dtype, jnp.floating) else array.astype(jnp.float32)
