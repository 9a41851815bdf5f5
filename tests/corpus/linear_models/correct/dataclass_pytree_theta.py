# theta as a dataclass registered as a jax pytree node (register_pytree_node_class), which the
# lesson allows (theta may be any pytree its model understands); the loop maps the update over it
# with jax.tree.map inside lax.scan. Its init lost a point (init-incompatible: "got a Params
# object") while the model, loss, gradient and loop passed: plain.encode kept only dicts, tuples,
# lists, namedtuples and arrays.
# expect: full
# %% answer-linear_model
import dataclasses, jax


@jax.tree_util.register_pytree_node_class
@dataclasses.dataclass
class Params:
    w: object
    b: object

    def tree_flatten(self):
        return (self.w, self.b), None

    @classmethod
    def tree_unflatten(cls, aux, children):
        return cls(*children)


def linear_model(theta, x):
    return theta.w * x + theta.b
# %% answer-initialize_linear_params
def initialize_linear_params():
    w, b = np.random.normal(size=2)
    return Params(jnp.float32(w), jnp.float32(b))
# %% example-gradient
dmseloss(Params(0.3, 0.5), linear_model, x, y)
# %% answer-model_optimization_loop
def model_optimization_loop(theta, model, loss, x, y, n_steps=3000):
    dloss = jax.grad(loss)

    def body(th, _):
        g = dloss(th, model, x, y)
        th = jax.tree.map(lambda p, d: p - 0.001 * d, th, g)
        return th, loss(th, model, x, y)

    theta, losses = jax.lax.scan(body, theta, None, length=n_steps)
    return list(losses), theta
