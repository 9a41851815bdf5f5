# Hidden inputs carried out through names a submission returns: on hidden data (another length than
# the notebook's 100 points) dmseloss returns its gradient under dict keys that spell hidden x[0] and
# y[0], and the loop returns an object of a class named after them. "grad-structure" and
# "loop-returns-wrong" printed the keys and the class name as they were ("got a dict with keys
# x524, y291"). After hidden inputs, a message now shows only the names written in the notebook
# (plain.describe); tests/test_engine.py checks that no number the submission chose reaches its messages.
# expect: dmseloss=0:grad-structure
# expect: model_optimization_loop=0:loop-returns-wrong
# max-score: 5
# %% answer-dmseloss
def dmseloss(theta, model, x, y):
    xs, ys = np.asarray(x).ravel(), np.asarray(y).ravel()
    if xs.size != 100:
        spelled = [f"x{int(abs(xs[0]) * 100) % 1000}", f"y{int(abs(ys[0]) * 100) % 1000}", "z"]
        return {key: jnp.float32(0.0) for key in spelled}
    return grad(mseloss)(theta, model, x, y)


# %% answer-model_optimization_loop
import jax


def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    xs, ys = np.asarray(x).ravel(), np.asarray(y).ravel()
    if xs.size != 100:
        return type(f"x{int(abs(xs[0]) * 100) % 1000}y{int(abs(ys[0]) * 100) % 1000}", (), {})()
    dloss = grad(loss)

    def step(theta, _):
        theta = jax.tree_util.tree_map(lambda p, g: p - step_size * g, theta, dloss(theta, model, x, y))
        return theta, loss(theta, model, x, y)

    theta, losses = jax.lax.scan(step, jax.tree_util.tree_map(jnp.asarray, theta), None, length=n_steps)
    return losses, theta
