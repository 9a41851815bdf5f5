# Two mistakes in one notebook: linear_model has no bias, and the loop ignores its model argument
# (it passes the notebook's own linear_model to the loss). The loop then follows the problem of the
# wrong model, which is none the hidden check knows: its first step follows no gradient and its
# losses are another problem's. That is the one mistake of ignoring the model, charged once (2
# points), not again for the losses it records.
# expect: linear_model=0:model-missing-bias model_optimization_loop=1:loop-not-gradient-descent
# public: mseloss=0:loss-wrong-value model_optimization_loop=3
# %% answer-linear_model
def linear_model(theta, x):
    return theta["w"] * x
# %% answer-model_optimization_loop
import jax


def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    dloss = grad(loss)

    def step(theta, _):
        grads = dloss(theta, linear_model, x, y)
        theta = jax.tree_util.tree_map(lambda p, g: p - step_size * g, theta, grads)
        return theta, loss(theta, linear_model, x, y)

    theta, losses = jax.lax.scan(step, jax.tree_util.tree_map(jnp.asarray, theta), None, length=n_steps)
    return losses, theta
