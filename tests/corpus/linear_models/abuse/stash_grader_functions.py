# Wrong answers that keep whatever the grader hands in: every model and loss the checks pass (the
# reference's, adapted to this theta) is stashed in a notebook global, on a module (numpy) and on
# builtins, and each function uses a stashed reference when it has one. Each question starts from
# the notebook's own state and the reference functions only arrive after the questions they would
# answer, so the stash earns nothing of the reference's. Its mseloss raises (RecursionError: the
# stash chases itself), and its dmseloss raises exactly what grad(mseloss) raises: the loss's one
# mistake is charged in mseloss only, as for an honest `dmseloss = grad(mseloss)` over a broken loss,
# so dmseloss keeps its 2 points; that is all this submission may get.
# max-score: 2
# %% answer-linear_model
import builtins

STASH = {}


def keep(**functions):
    for name, function in functions.items():
        STASH.setdefault(name, function)
        np.__dict__.setdefault("_stash_" + name, function)
        setattr(builtins, "_stash_" + name, getattr(builtins, "_stash_" + name, function))


def stashed(name):
    return STASH.get(name) or np.__dict__.get("_stash_" + name) or getattr(builtins, "_stash_" + name, None)


def linear_model(theta, x):
    model = stashed("model")
    return model(theta, x) if model is not None else x * 0.0
# %% answer-initialize_linear_params
def initialize_linear_params():
    return {"w": 0.0, "b": 0.0}
# %% answer-mseloss
def mseloss(theta, model, x, y):
    keep(model=model)
    loss = stashed("loss")
    return loss(theta, model, x, y) if loss is not None else jnp.float32(0.0)
# %% answer-dmseloss
def dmseloss(theta, model, x, y):
    keep(model=model)
    loss = stashed("loss")
    if loss is not None:
        return grad(loss)(theta, model, x, y)
    return {"w": jnp.float32(0.0), "b": jnp.float32(0.0)}
# %% answer-model_optimization_loop
def model_optimization_loop(theta, model, loss, x, y, n_steps=3000):
    keep(model=model, loss=loss)
    return [jnp.float32(0.0)] * n_steps, theta
# %% run-loop
losses, theta = model_optimization_loop(theta, linear_model, mseloss, x, y, n_steps=10)
