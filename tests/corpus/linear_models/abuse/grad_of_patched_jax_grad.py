# mseloss off by a factor (charged 1 point: loss-scaled), dmseloss a constant that is no gradient at
# all, and jax.grad in the worker patched so that "jax.grad of the student's own loss", which the
# gradient check asks the worker for, answers with dmseloss's own output. The check once took
# dmseloss for grad(mseloss) and excused it (9 points); it now also needs the loss's own values to
# slope the same way, read from the trusted side. Deserved: 2 + 1 + 1 + 0 + 3 = 7.
# max-score: 7
# %% answer-mseloss
def mseloss(theta, model, x, y):
    return 0.5 * jnp.mean((model(theta, x) - y) ** 2)
# %% answer-dmseloss
def dmseloss(theta, model, x, y):
    return {"w": jnp.float32(1.25), "b": jnp.float32(-0.75)}
# %% after:answer-dmseloss
import jax as _jax
_real_grad = _jax.grad

def _evil_grad(f, *args, **kwargs):
    if getattr(f, "__name__", "") == "mseloss":
        return lambda *a, **k: dmseloss(*a, **k)
    return _real_grad(f, *args, **kwargs)

_jax.grad = _evil_grad
