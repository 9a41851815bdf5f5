# The sigmoid written as exp(z) / (1 + exp(z)): right wherever exp(z) is finite. At the public
# "confident" inputs (z = 200) it overflows to NaN, and the public loss check charged the student's
# correctly clipped loss with loss-log-of-zero for it. The loss is not judged there when the
# notebook's own model is not finite itself.
# %% answer-logistic_model
def logistic_model(theta, x):
    z = theta["w"] * x + theta["b"]
    return jnp.exp(z) / (1 + jnp.exp(z))
