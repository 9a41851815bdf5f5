# A loop that never does gradient descent: it solves the fit of the x and y it is given by Newton's
# method in numpy (ignoring the loss and the model it is given) and returns a made-up decreasing curve
# of the right length. It must lose the convergence points: its first step does not follow the
# gradient of the given loss, and it ends at the optimum of another problem.
# max-score: 7
# expect: logistic_optimization_loop=0:loop-not-gradient-descent,loop-ignores-arguments
# %% answer-logistic_optimization_loop
def logistic_optimization_loop(theta, model, loss, x, y, n_steps=200, step_size=2.0):
    xs, ys = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    design = np.stack([xs, np.ones_like(xs)], axis=1)
    wb = np.zeros(2)
    for _ in range(50):
        p = 1 / (1 + np.exp(-design @ wb))
        hessian = design.T @ (design * (p * (1 - p))[:, None])
        wb = wb - np.linalg.solve(hessian, design.T @ (p - ys))
    losses = list(0.7 * np.exp(-np.arange(n_steps) / 30.0) + 0.3)
    if isinstance(theta, dict):
        return losses, {"w": jnp.float32(wb[0]), "b": jnp.float32(wb[1])}
    return losses, type(theta)([jnp.float32(wb[0]), jnp.float32(wb[1])])
