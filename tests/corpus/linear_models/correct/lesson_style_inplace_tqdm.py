# As the published lesson: `from tqdm.autonotebook import tqdm`, n_steps without a step_size
# argument, the loss recorded before each update, and theta (a dict) mutated in place and returned.
# expect: full
# %% answer-model_optimization_loop
from tqdm.autonotebook import tqdm


def model_optimization_loop(theta, model, loss, x, y, n_steps=3000):
    dloss = grad(loss)
    losses = []
    for i in tqdm(range(n_steps)):
        losses.append(loss(theta, model, x, y))
        grads = dloss(theta, model, x, y)
        for key in theta:
            theta[key] -= 0.001 * grads[key]
    return losses, theta
