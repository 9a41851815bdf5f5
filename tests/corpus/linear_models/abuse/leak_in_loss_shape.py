# Hidden inputs carried out through a message: on hidden data (another length than the notebook's
# 100 points) mseloss returns an empty array whose shape spells hidden x[0], x[1] and y[0..2] (times
# 100). "loss-not-scalar" printed the shape as it was: "got shape (0, 524, 501, 614, 291, 454)" in
# the feedback and the report. Sizes are shown as 0, 1, 2, len(x) or k now (plain.shape_text);
# tests/test_engine.py checks that no number the submission chose reaches its messages.
# expect: mseloss=0:loss-ignores-model,loss-not-scalar
# max-score: 8
# %% answer-mseloss
def mseloss(theta, model, x, y):
    xs = np.asarray(x)
    if xs.size != 100:
        values = np.concatenate([xs.ravel()[:2], np.asarray(y).ravel()[:3]])
        return np.zeros((0,) + tuple(int(abs(v) * 100) % 3000 + 1 for v in values))
    return jnp.mean((model(theta, x) - y) ** 2)
