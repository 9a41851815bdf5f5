"""The lesson "Logistic Regression with JAX": a binary classifier fitted by gradient descent.

Students write ``logistic_model(theta, x)`` (the probability ``sigmoid(w x + b)``),
``initialize_logistic_params()``, ``logistic_loss(theta, model, x, y)`` (the mean binary
cross-entropy), ``dlogistic_loss = grad(logistic_loss)`` and ``logistic_optimization_loop(theta,
model, loss, x, y, n_steps=200)``. The reference and the master notebook are in
``solutions/logistic_regression/``; the questions are judged by the generic checks
(``checks.*_check``) with this lesson's cases, oracle, probes and wording.
"""

from pathlib import Path

from ...checks.lesson import Lesson
from ...checks.spec import Question
from . import cases, codes, oracle, probes
from .questions import dlogistic_loss, initialize, logistic_loss, logistic_model, loop

LESSON = Lesson(
    name="logistic_regression",
    title="Logistic Regression with JAX",
    notebook="logistic_regression.ipynb",
    questions=tuple(
        Question(module.NAME, module.POINTS, module.judge, getattr(module, "NEEDS", ()))
        for module in (logistic_model, initialize, logistic_loss, dlogistic_loss, loop)
    ),
    roles=codes.ROLES,
    public_cases=cases.public_cases,
    hidden_cases=cases.hidden_cases,
    oracle=oracle.ReferenceOracle,
    table_oracle=oracle.TableOracle,
    probe=probes.make_probe,
    package="lrchecks",
    hidden_module="lrhidden",
    package_dir=Path(__file__).resolve().parent,
)
