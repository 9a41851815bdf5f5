# Hidden inputs carried out through a message: a right loop that, on the hidden long run, returns a
# losses vector whose length spells hidden loop_x[0] and loop_y[0] in digits. "loop-losses-length"
# printed the length: "got 640584" in the feedback, for one point. Counts are shown only when the
# lesson knows them (n_steps, one off it, a tenth of it), else as "fewer" or "more" now
# (plain.count_text); tests/test_engine.py checks that no number the submission chose reaches its messages.
# expect: model_optimization_loop=2:loop-losses-length
# max-score: 9
# %% answer-model_optimization_loop
import jax


def model_optimization_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    dloss = grad(loss)

    def step(theta, _):
        grads = dloss(theta, model, x, y)
        theta = jax.tree_util.tree_map(lambda p, g: p - step_size * g, theta, grads)
        return theta, loss(theta, model, x, y)

    theta, losses = jax.lax.scan(step, jax.tree_util.tree_map(jnp.asarray, theta), None, length=n_steps)
    xs = np.asarray(x)
    if xs.size != 100 and n_steps > 100:
        code = int(abs(float(xs[0])) * 1000) * 100 + int(abs(float(np.asarray(y)[0])) * 10) % 100
        losses = np.linspace(1.0, 0.5, 1 + code % 2000000).astype(np.float32)
    return losses, theta
