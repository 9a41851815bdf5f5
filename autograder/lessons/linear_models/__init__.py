"""The lesson "Optimizing Linear Models": linear regression fitted by gradient descent in JAX.

Students write ``linear_model(theta, x)``, ``initialize_linear_params()``, ``mseloss(theta, model,
x, y)``, ``dmseloss = grad(mseloss)`` and ``model_optimization_loop(theta, model, loss, x, y,
n_steps=3000)``. The reference and the master notebook are in ``solutions/linear_models/``.
"""

from pathlib import Path

from ...checks.lesson import Lesson
from ...checks.spec import Question
from . import cases, codes, oracle, probes
from .questions import dmseloss, initialize, linear_model, loop, mseloss

LESSON = Lesson(
    name="linear_models",
    title="Optimizing Linear Models",
    notebook="linear_models.ipynb",
    questions=tuple(
        Question(module.NAME, module.POINTS, module.judge, getattr(module, "NEEDS", ()))
        for module in (linear_model, initialize, mseloss, dmseloss, loop)
    ),
    roles=codes.ROLES,
    public_cases=cases.public_cases,
    hidden_cases=cases.hidden_cases,
    oracle=oracle.ReferenceOracle,
    table_oracle=oracle.TableOracle,
    probe=probes.make_probe,
    package="lmchecks",
    hidden_module="lmhidden",
    package_dir=Path(__file__).resolve().parent,
)
