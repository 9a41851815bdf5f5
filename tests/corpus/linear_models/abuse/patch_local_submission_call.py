# Wrong answers, and the worker's LocalSubmission.call/grad_of patched to answer every check with the
# reference answers: it never imports solutions, it asks the submission's own probe factory (the
# reference model and loss it hands to student code) and jax.grad, and runs the reference's gradient
# descent for the loop. The expected values exist only in the trusted process, so this must earn
# nothing.
# The patch's own gradient-descent loop, run on the loss the grader passes in, is a working loop of
# the student's: it may earn the loop's convergence points (2), never any other question's.
# max-score: 2
# expect: linear_model=0:exception mseloss=0:exception dmseloss=0:exception
# %% answer-linear_model
import jax
import numpy as np

from autograder.checks import plain
from autograder.checks.submission import LocalSubmission, Probe, Returned


def answer(self, name, args, kwargs):
    args = [self._resolve(a) for a in args]
    kwargs = {k: self._resolve(v) for k, v in kwargs.items()}
    model = self.probes(Probe("model", 0, 1))
    loss = self.probes(Probe("loss", 0, 1))
    if name == "linear_model":
        return model(*args)
    if name == "initialize_linear_params":
        return {"w": np.float32(np.random.normal()), "b": np.float32(np.random.normal())}
    if name == "mseloss":
        theta, _, x, y = args
        return loss(theta, model, x, y)
    if name == "dmseloss":
        theta, _, x, y = args
        return jax.grad(loss)(theta, model, x, y)
    if name == "model_optimization_loop":
        theta, _, _, x, y = args
        losses = []
        dloss = jax.jit(jax.grad(loss), static_argnums=1)
        for _ in range(kwargs.get("n_steps", 3000)):
            g = dloss(theta, model, x, y)
            theta = jax.tree.map(lambda p, d: p - 0.001 * d, theta, g)
            losses.append(0.0)
        return losses, theta
    raise KeyError(name)


def call(self, name, *args, **kwargs):
    value = answer(self, name, args, kwargs)
    self._last_value = value
    return Returned(plain.encode(value))


LocalSubmission.call = call
LocalSubmission.grad_of = lambda self, name, *args: Returned(
    plain.encode(jax.grad(self.probes(Probe("loss", 0, 1)))(*[self._resolve(a) for a in args]))
)


def linear_model(theta, x):
    return x * 0.0
# %% answer-initialize_linear_params
def initialize_linear_params():
    return {"w": 0.0, "b": 0.0}
# %% answer-mseloss
def mseloss(theta, model, x, y):
    return jnp.float32(0.0)
# %% answer-dmseloss
dmseloss = lambda theta, model, x, y: {"w": jnp.float32(0.0), "b": jnp.float32(0.0)}
# %% answer-model_optimization_loop
def model_optimization_loop(theta, model, loss, x, y, n_steps=3000):
    return [jnp.float32(0.0)] * n_steps, theta
# %% run-loop
losses, theta = model_optimization_loop(theta, linear_model, mseloss, x, y, n_steps=10)
