# x64 mode turned on in the setup cell; the starting values are Python floats (float64 under x64)
# and the tuple theta is updated with tree_map (the corpus's compiled loop, which keeps float64).
# expect: full
# %% setup-imports
import jax

jax.config.update("jax_enable_x64", True)

import jax.numpy as jnp
import matplotlib.pyplot as plt
import numpy as np
from jax import grad
from tqdm.auto import tqdm

rng = np.random.default_rng(2027)
# %% answer-linear_model
def linear_model(theta, x):
    return theta[0] * x + theta[1]
# %% answer-initialize_linear_params
def initialize_linear_params():
    return float(rng.normal()), float(rng.normal())
# %% answer-mseloss
def mseloss(theta, model, x, y):
    return jnp.mean((y - model(theta, x)) ** 2)
# %% answer-dmseloss
dmseloss = grad(mseloss)
# %% example-gradient
dmseloss((0.3, 0.5), linear_model, x, y)
