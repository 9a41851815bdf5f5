# theta as a dataclass registered as a jax pytree node and the model as an instance of a class
# with __call__; the loop maps the update with jax.tree.map inside lax.scan. Its init lost a point
# (init-incompatible) while everything else passed: plain.encode kept no registered pytree type.
# expect: full
# %% answer-logistic_model
import dataclasses


@jax.tree_util.register_pytree_node_class
@dataclasses.dataclass
class Theta:
    w: object
    b: object

    def tree_flatten(self):
        return (self.w, self.b), None

    @classmethod
    def tree_unflatten(cls, aux, ch):
        return cls(*ch)


class Logistic:
    def __call__(self, theta, x):
        return jax.nn.sigmoid(theta.w * x + theta.b)


logistic_model = Logistic()
# %% answer-initialize_logistic_params
def initialize_logistic_params():
    w, b = np.random.normal(size=2).astype(np.float32)
    return Theta(w, b)
# %% example-gradient
dlogistic_loss(Theta(0.0, 0.0), logistic_model, x, y)
# %% answer-logistic_optimization_loop
def logistic_optimization_loop(theta, model, loss, x, y, n_steps=200, step_size=2.0):
    def body(th, _):
        g = grad(loss)(th, model, x, y)
        th = jax.tree.map(lambda a, b: a - step_size * b, th, g)
        return th, loss(th, model, x, y)

    theta, losses = jax.lax.scan(body, theta, None, length=n_steps)
    return losses, theta
