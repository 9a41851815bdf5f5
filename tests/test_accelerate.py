"""The accelerator (``autograder.accelerate``) never changes what student code computes.

Each case is a small "notebook": source run in a fresh namespace, as the engine's worker runs cells,
once with jax's own ``grad`` and once with the accelerator installed. Everything the program leaves
in ``result`` (values, side effects: counters, lists, errors) must be identical: bit for bit where
the function ran eagerly, up to the rounding of fused operations where it was compiled; the
accelerator's ``Stats`` say whether the case was compiled or sent back to eager execution, and the
expected one is asserted too, so that a case meant to exercise the compiled path cannot pass by
silently falling back (and one that must fall back cannot pass by luck).
"""

import contextlib
import textwrap

import jax
import numpy as np
import pytest

from autograder.accelerate import Accelerator

SETUP = """
import functools
import jax
import jax.numpy as jnp
import numpy as np
from jax import grad, value_and_grad

x = jnp.linspace(-1.0, 1.0, 50)
y = 2.0 * x + 20.0


def linear_model(theta, x):
    return theta[0] * x + theta[1]


def mseloss(theta, model, x, y):
    return jnp.mean((model(theta, x) - y) ** 2)


def run_steps(gradient, theta, n_steps=40, step_size=0.1):
    for _ in range(n_steps):
        theta = theta - step_size * gradient(theta)
    return theta
"""


def _run(source: str, accelerate: bool) -> tuple[dict, Accelerator | None]:
    """Run SETUP then ``source`` (split into cells at lines ``# cell``) in a fresh namespace; return
    the namespace's ``result`` (or the error it raised, by type and message) and the accelerator."""
    namespace: dict = {}
    accelerator = Accelerator() if accelerate else None
    with accelerator.installed() if accelerator else contextlib.nullcontext():
        for cell in [SETUP, *textwrap.dedent(source).split("# cell\n")]:
            if accelerator is not None:
                accelerator.start_cell(namespace)
            try:
                exec(compile(cell, "<cell>", "exec"), namespace)
            except Exception as error:
                namespace["result"] = ("raised", type(error).__name__, str(error).splitlines()[0][:200])
    return namespace.get("result"), accelerator


def _same(a, b, exact: bool) -> bool:
    """Same structure, types, dtypes and shapes; values bit for bit if ``exact``, else up to the
    rounding of fused operations (a compiled function's, accumulated over the steps of a loop)."""
    leaves_a, tree_a = jax.tree_util.tree_flatten(a)
    leaves_b, tree_b = jax.tree_util.tree_flatten(b)
    if tree_a != tree_b:
        return False
    for u, v in zip(leaves_a, leaves_b, strict=True):
        if type(u) is not type(v):
            return False
        if isinstance(u, jax.Array | np.ndarray | np.generic):
            u_array, v_array = np.asarray(u), np.asarray(v)
            if u_array.dtype != v_array.dtype or u_array.shape != v_array.shape:
                return False
            if exact and u_array.tobytes() != v_array.tobytes():
                return False
            if not np.allclose(u_array, v_array, rtol=1e-5, atol=1e-6, equal_nan=True):
                return False
        elif u != v:
            return False
    return True


CASES = {
    # name: (program, "compiled" (at least one function compiled, none fell back) or "fallback")
    "lesson loop, grad rebuilt every step": (
        """
        def loop(theta, model, loss, x, y, n_steps=300, step_size=0.01):
            losses = []
            for _ in range(n_steps):
                theta = theta - step_size * grad(loss)(theta, model, x, y)
                losses.append(loss(theta, model, x, y))
            return losses, theta
        result = loop(jnp.array([0.3, 0.5]), linear_model, mseloss, x, y)
        """,
        "compiled",
    ),
    "dict theta of python floats, tree_map update": (
        """
        dloss = grad(lambda t, model, x, y: jnp.mean((t["w"] * x + t["b"] - y) ** 2))
        theta = {"w": 0.3, "b": 0.5}
        for _ in range(30):
            g = dloss(theta, linear_model, x, y)
            theta = jax.tree_util.tree_map(lambda p, d: p - 0.1 * d, theta, g)
        result = theta
        """,
        "compiled",
    ),
    "closure over the data": (
        """
        def make(x, y):
            def loss(theta):
                return mseloss(theta, linear_model, x, y)
            return grad(loss)
        result = run_steps(make(x, y), jnp.array([0.0, 0.0]))
        """,
        "compiled",
    ),
    "lambda rebuilt every step": (
        """
        theta = jnp.array([0.0, 0.0])
        for _ in range(30):
            theta = theta - 0.1 * grad(lambda t: mseloss(t, linear_model, x, y))(theta)
        result = theta
        """,
        "compiled",
    ),
    "functools.partial": (
        """
        result = run_steps(grad(functools.partial(mseloss, model=linear_model, x=x, y=y)), jnp.array([0.0, 0.0]))
        """,
        "compiled",
    ),
    "bound method": (
        """
        class Regression:
            def __init__(self, x, y):
                self.x, self.y = x, y
            def loss(self, theta):
                return mseloss(theta, linear_model, self.x, self.y)
        model = Regression(x, y)
        result = run_steps(grad(model.loss), jnp.array([0.0, 0.0]))
        """,
        "compiled",
    ),
    "has_aux": (
        """
        def loss(theta):
            residual = linear_model(theta, x) - y
            return jnp.mean(residual ** 2), jnp.max(jnp.abs(residual))
        dloss = grad(loss, has_aux=True)
        theta, largest = jnp.array([0.0, 0.0]), []
        for _ in range(30):
            g, aux = dloss(theta)
            theta = theta - 0.1 * g
            largest.append(aux)
        result = theta, largest
        """,
        "compiled",
    ),
    "integer argnums tuple": (
        """
        def loss(w, b, x, y):
            return jnp.mean((w * x + b - y) ** 2)
        w, b = 0.0, 0.0
        for _ in range(30):
            dw, db = grad(loss, argnums=(0, 1))(w, b, x, y)
            w, b = w - 0.1 * dw, b - 0.1 * db
        result = w, b
        """,
        "compiled",
    ),
    "value_and_grad": (
        """
        theta, values = jnp.array([0.0, 0.0]), []
        for _ in range(30):
            value, g = value_and_grad(mseloss)(theta, linear_model, x, y)
            values.append(value)
            theta = theta - 0.1 * g
        result = theta, values
        """,
        "compiled",
    ),
    "numpy data and a python-float step": (
        """
        x_np, y_np = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
        def loss(theta, model, x, y, scale=1.0):
            return scale * jnp.mean((model(theta, x) - y) ** 2) + 0.0 * np.sum(x)
        result = run_steps(lambda t: grad(loss)(t, linear_model, x_np, y_np, scale=0.5), jnp.array([0.0, 0.0]))
        """,
        "compiled",
    ),
    "a global the loss reads, reassigned between cells": (
        """
        scale = 1.0
        def loss(theta):
            return scale * mseloss(theta, linear_model, x, y)
        first = run_steps(grad(loss), jnp.array([0.0, 0.0]))
        # cell
        scale = 3.0
        result = first, run_steps(grad(loss), jnp.array([0.0, 0.0]), step_size=0.02)
        """,
        "compiled",
    ),
    "a global the loss reads, reassigned between calls": (
        """
        scale = 1.0
        def loss(theta):
            return scale * mseloss(theta, linear_model, x, y)
        theta = jnp.array([0.0, 0.0])
        for step in range(30):
            scale = 1.0 + step / 10
            theta = theta - 0.02 * grad(loss)(theta)
        result = theta
        """,
        "fallback",  # a new variant at every step: after MAX_KEYS of them, eager for good
    ),
    "a global dict the loss reads, changed in place between calls": (
        """
        params = {"scale": 1.0}
        def loss(theta):
            return params["scale"] * mseloss(theta, linear_model, x, y)
        theta = jnp.array([0.0, 0.0])
        for step in range(30):
            params["scale"] = 1.0 + step / 10
            theta = theta - 0.02 * grad(loss)(theta)
        result = theta
        """,
        "fallback",  # a new variant at every step, as for a reassigned global
    ),
    "a global numpy array the loss reads, changed in place between calls": (
        """
        weights = np.ones(50, dtype=np.float32)
        def loss(theta):
            return jnp.mean(weights * (linear_model(theta, x) - y) ** 2)
        theta = jnp.array([0.0, 0.0])
        for step in range(6):
            for _ in range(5):
                theta = theta - 0.02 * grad(loss)(theta)
            weights[:] = 1.0 + step
        result = theta
        """,
        "compiled",  # five calls per content: each content compiles once, none is reused stale
    ),
    "counter in the loss": (
        """
        calls = 0
        def loss(theta):
            global calls
            calls += 1
            return mseloss(theta, linear_model, x, y)
        result = run_steps(grad(loss), jnp.array([0.0, 0.0])), calls
        """,
        "fallback",
    ),
    "appending to a global list in the loss": (
        """
        seen = []
        def loss(theta):
            seen.append(1)
            return mseloss(theta, linear_model, x, y)
        result = run_steps(grad(loss), jnp.array([0.0, 0.0])), len(seen)
        """,
        "fallback",
    ),
    "counter in a closure (nonlocal)": (
        """
        def counting():
            count = 0
            def loss(theta):
                nonlocal count
                count += 1
                return mseloss(theta, linear_model, x, y) + 0.0 * count
            return loss, lambda: count
        loss, count = counting()
        result = run_steps(grad(loss), jnp.array([0.0, 0.0])), count()
        """,
        "fallback",
    ),
    "attribute on the function": (
        """
        def loss(theta):
            loss.calls = getattr(loss, "calls", 0) + 1
            return mseloss(theta, linear_model, x, y)
        result = run_steps(grad(loss), jnp.array([0.0, 0.0])), loss.calls
        """,
        "fallback",
    ),
    "numpy randomness in the loss": (
        """
        np.random.seed(0)
        def loss(theta):
            return mseloss(theta, linear_model, x, y) + 0.01 * np.random.normal() * theta[0]
        result = run_steps(grad(loss), jnp.array([0.0, 0.0]))
        """,
        "fallback",
    ),
    "print in the loss": (
        """
        import io, contextlib
        def loss(theta):
            print("loss called")
            return mseloss(theta, linear_model, x, y)
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            theta = run_steps(grad(loss), jnp.array([0.0, 0.0]))
        result = theta, buffer.getvalue().count("loss called")
        """,
        "fallback",
    ),
    "python control flow on a value": (
        """
        def loss(theta):
            value = mseloss(theta, linear_model, x, y)
            if value > 100:
                return value * 2
            return value
        result = run_steps(grad(loss), jnp.array([0.0, 0.0]), step_size=0.01)
        """,
        "fallback",
    ),
    "numpy on data that compiled code traces": (
        """
        def loss(theta, x, y):
            centre = np.asarray(x).mean()  # fine eagerly (x is concrete), a tracer under jit
            return mseloss(theta, linear_model, x - centre, y)
        result = run_steps(lambda t: grad(loss)(t, x, y), jnp.array([0.0, 0.0]))
        """,
        "fallback",
    ),
    "float() inside the loss": (
        """
        def loss(theta):
            return mseloss(theta, linear_model, x, y) * float(theta[0] > -100)
        result = run_steps(grad(loss), jnp.array([0.0, 0.0]))
        """,
        "fallback",
    ),
    "the student's own jit inside grad": (
        """
        result = run_steps(grad(jax.jit(lambda t: mseloss(t, linear_model, x, y))), jnp.array([0.0, 0.0]))
        """,
        "compiled",
    ),
    "the student's own jit around grad": (
        """
        result = run_steps(jax.jit(grad(lambda t: mseloss(t, linear_model, x, y))), jnp.array([0.0, 0.0]))
        """,
        "passthrough",
    ),
    "lax.scan and fori_loop": (
        """
        dloss = grad(lambda t: mseloss(t, linear_model, x, y))
        def step(theta, _):
            return theta - 0.1 * dloss(theta), mseloss(theta, linear_model, x, y)
        scanned = jax.lax.scan(step, jnp.array([0.0, 0.0]), None, length=30)
        looped = jax.lax.fori_loop(0, 30, lambda i, t: t - 0.1 * dloss(t), jnp.array([0.0, 0.0]))
        result = scanned, looped
        """,
        "passthrough",
    ),
    "a mismatched call after compiled ones raises the student's own error": (
        """
        dloss = grad(lambda t, x: mseloss(t, linear_model, x, y))
        theta = jnp.array([0.0, 0.0])
        for _ in range(5):
            theta = theta - 0.1 * dloss(theta, x)
        result = dloss(theta, x[:7])
        """,
        "compiled",
    ),
    "integer theta raises as in jax": (
        """
        result = [grad(mseloss)(jnp.array([1, 2]), linear_model, x, y) for _ in range(4)]
        """,
        "passthrough",
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_accelerated_equals_eager(name):
    program, expected = CASES[name]
    eager, _ = _run(program, accelerate=False)
    accelerated, accelerator = _run(program, accelerate=True)
    assert eager is not None
    assert _same(accelerated, eager, exact=expected != "compiled"), (accelerated, eager)
    stats = accelerator.stats
    if expected == "compiled":
        assert stats.compiled >= 1 and not stats.fallbacks, stats
    elif expected == "fallback":
        assert stats.fallbacks, stats
    else:
        assert stats.compiled == 0 and not stats.fallbacks, stats


def test_x64_mode():
    program = CASES["numpy data and a python-float step"][0]
    with jax.enable_x64(True):
        eager, _ = _run(program, accelerate=False)
        accelerated, accelerator = _run(program, accelerate=True)
    assert np.asarray(eager).dtype == np.float64
    assert _same(accelerated, eager, exact=False)
    assert accelerator.stats.compiled >= 1


def test_installed_replaces_then_restores():
    original = jax.grad, jax.value_and_grad
    with Accelerator().installed():
        assert jax.grad is not original[0] and jax.value_and_grad is not original[1]
    assert (jax.grad, jax.value_and_grad) == original


def test_grad_of_a_non_callable_raises_at_once_as_jax_does():
    with Accelerator().installed(), pytest.raises(TypeError) as accelerated:
        jax.grad(3)
    with pytest.raises(TypeError) as eager:
        jax.grad(3)
    assert str(accelerated.value) == str(eager.value)
