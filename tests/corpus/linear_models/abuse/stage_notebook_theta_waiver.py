# Stage detection against the "never charge twice" waiver of the notebook's own run: the notebook
# never trains theta, and mseloss counts (on builtins, which survive the per-question reset of the
# notebook's globals) the checker's calls of the loop, then returns garbage. A waiver decided by
# fresh calls into mseloss during the loop question would excuse the untrained theta; decided from
# the verdicts already given (mseloss, dmseloss, ... all full marks), the point is charged.
# max-score: 9
# expect: model_optimization_loop=2:notebook-theta-off
# %% answer-mseloss
import builtins


def mseloss(theta, model, x, y):
    if getattr(builtins, "_loop_calls", 0) > 0:  # the checker is judging the loop
        return jnp.float32(0.0) * jnp.sum(model(theta, x))
    return jnp.mean((y - model(theta, x)) ** 2)
# %% answer-model_optimization_loop
def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    builtins._loop_calls = getattr(builtins, "_loop_calls", 0) + 1
    dloss = grad(loss)
    losses = []
    for _ in range(n_steps):
        grads = dloss(theta, model, x, y)
        theta = {name: theta[name] - step_size * grads[name] for name in theta}
        losses.append(loss(theta, model, x, y))
    return losses, theta
# %% run-loop
losses, theta = [1.0], initialize_linear_params()
