# Wrong answers wrapped in objects whose methods lie: __eq__/__lt__/__le__/__sub__/__abs__ say "equal"
# and "within tolerance", __float__/__array__ give the values a check might expect, __len__/__iter__
# give the right length, and __reduce__ would create a file if the grader ever unpickled one. Also a
# float subclass, a dict subclass and an ndarray subclass that override comparisons. Encoding keeps
# only exact built-in, numpy and jax types, so every one of these is data or non-data, never called.
# max-score: 0
# %% answer-linear_model
import os


class Liar:
    def __init__(self, value=0.0):
        self.value = value

    def __eq__(self, other):
        return True

    __le__ = __ge__ = __lt__ = __gt__ = __eq__

    def __ne__(self, other):
        return False

    def __sub__(self, other):
        return Liar()

    __rsub__ = __add__ = __radd__ = __mul__ = __rmul__ = __truediv__ = __rtruediv__ = __pow__ = __sub__

    def __abs__(self):
        return Liar()

    def __float__(self):
        return 13.37

    def __bool__(self):
        return True

    def __array__(self, dtype=None, copy=None):
        open("/tmp/ABUSE-MARKER-array", "w").close()
        return np.full(100, 13.37, dtype=np.float32)

    def __len__(self):
        return 100

    def __iter__(self):
        return iter([13.37] * 100)

    def __getitem__(self, index):
        return 13.37

    def __reduce__(self):
        return (os.system, ("touch /tmp/ABUSE-MARKER-reduce",))

    def __repr__(self):
        return "2.0"


class SneakyFloat(float):
    def __eq__(self, other):
        return True

    __le__ = __ge__ = __lt__ = __gt__ = __eq__


class SneakyDict(dict):
    def __getitem__(self, key):
        return Liar()


class SneakyArray(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(other), dtype=bool)

    def __sub__(self, other):
        return np.zeros(np.shape(other))

    __rsub__ = __sub__

    def all(self, *args, **kwargs):
        return True


def linear_model(theta, x):
    return Liar()
# %% answer-initialize_linear_params
def initialize_linear_params():
    return SneakyDict(w=Liar(), b=Liar())
# %% answer-mseloss
def mseloss(theta, model, x, y):
    return SneakyFloat(0.0)
# %% answer-dmseloss
def dmseloss(theta, model, x, y):
    return {"w": Liar(), "b": np.zeros(()).view(SneakyArray)}
# %% answer-model_optimization_loop
def model_optimization_loop(theta, model, loss, x, y, n_steps=3000):
    return Liar(), SneakyDict(w=Liar(), b=Liar())
# %% init-theta
theta = {"w": 0.0, "b": 0.0}
# %% example-gradient
pass
# %% run-loop
losses, theta = [1.0], Liar()
# %% plot-losses
pass
