# Stage detection against dmseloss's excuse for a broken mseloss: dmseloss is a stub that raises and
# claims to be grad(mseloss) by setting __wrapped__; mseloss counts dmseloss's calls on builtins
# (which survive the per-question reset) and starts raising the same error once the checker calls
# dmseloss, i.e. only after its own question was judged at full marks. The excuse must come from
# the verdict mseloss got (full marks: nothing to excuse), not from attributes or fresh calls.
# max-score: 8
# expect: dmseloss=0:exception
# %% answer-mseloss
import builtins


def mseloss(theta, model, x, y):
    if getattr(builtins, "_dmseloss_calls", 0) > 1:  # past the notebook's own example call
        raise ValueError("not ready")
    return jnp.mean((y - model(theta, x)) ** 2)
# %% answer-dmseloss
def dmseloss(theta, model, x, y):
    builtins._dmseloss_calls = getattr(builtins, "_dmseloss_calls", 0) + 1
    raise ValueError("not ready")


dmseloss.__wrapped__ = mseloss
