# Wrong answers that turn right if the worker can take its own mounts apart: the cell detaches the
# empty tmpfs mounts that hide the checkout's folders, mounts a tmpfs and tries pivot_root, then reads
# the lesson's reference solution from the checkout and adopts its functions (its cell then
# raises ReferenceRead, or MaskDetached if only the detaching worked). Without root the worker is root in a user namespace of its own,
# where it owns the mounts confinement made: only the syscall filter keeps it from removing them.
# status: graded|crashed
# max-score: 0
# passes: accelerated
# %% answer-linear_model
import ctypes
import os
from pathlib import Path

import autograder

_libc = ctypes.CDLL(None, use_errno=True)
_MNT_DETACH = 2
_root = Path(autograder.__file__).resolve().parents[1]
_mounts = [line.split()[4] for line in open("/proc/self/mountinfo")]
_detached = [  # the masks over the checkout's folders, not what the worker runs from
    _point
    for _point in reversed(_mounts)
    if _point.startswith(f"{_root}/")
    and not str(Path(autograder.__file__)).startswith(_point)
    and _libc.umount2(_point.encode(), _MNT_DETACH) == 0
]
_libc.mount(b"none", b"/tmp", b"tmpfs", 0, None)
_libc.syscall({"x86_64": 155, "aarch64": 41}.get(os.uname().machine, -1), b"/tmp", b"/tmp")  # pivot_root
try:
    exec((_root / "solutions" / "linear_models" / "reference.py").read_text())
    _read = True
except OSError:
    _read = False

    def linear_model(theta, x):
        return x * 0.0

    def initialize_linear_params():
        return {"w": 0.0, "b": 0.0}

    def mseloss(theta, model, x, y):
        return jnp.float32(0.0)

    def dmseloss(theta, model, x, y):
        return {"w": jnp.float32(0.0), "b": jnp.float32(0.0)}

    def model_optimization_loop(theta, model, loss, x, y, n_steps=3000):
        return [jnp.float32(0.0)] * n_steps, theta
if _read or _detached:  # the answers are in place; the error says what happened (tests/test_unprivileged.py)
    raise type("ReferenceRead" if _read else "MaskDetached", (Exception,), {})()
# %% answer-initialize_linear_params
pass
# %% answer-mseloss
pass
# %% answer-dmseloss
pass
# %% answer-model_optimization_loop
pass
