"""A lesson: everything the engine, the Otter bridge and ``autograder assign`` need to know of one
assignment, passed to them explicitly.

A lesson lives in three folders of the same name: ``autograder/lessons/<name>/`` (its questions,
case makers, oracle and probes, and the ``LESSON`` built here), ``solutions/<name>/`` (the JAX
reference module ``reference.py`` and the Otter master notebook ``master.ipynb``, instructor only)
and ``assignments/<name>/`` (what ``autograder assign`` generates for students). Nothing outside
them knows a lesson's function names, points or data.

A reference module provides the lesson's functions under the question names, ``make_data(seed)``
returning the notebook's ``(x, y)``, and ``NOTEBOOK_SEED``.
"""

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from .context import Context, Roles
from .spec import Question
from .submission import LocalSubmission, Probe


@dataclass(frozen=True)
class Lesson:
    """One assignment.

    ``questions``: in the lesson's order, each with its points (the only place points live).
    ``roles``: which of the student's functions plays the model, the init, the loss, its gradient
    and the loop (the checks and the engine find them by these names).
    ``public_cases(x, y)`` and ``hidden_cases(seed, x, y)`` make the inputs of the checks from the
    notebook's data; ``oracle(reference, record)`` gives expected values (recording them into ``record``
    when given) and ``table_oracle(record)`` replays such a recording; ``probe(probe, reference)``
    builds the reference functions a check passes into student code (it runs on the student's side,
    with the reference functions granted so far).
    ``package``: the name the check library has in the folder students receive (and ``hidden_module``
    the reference's name in the Otter autograder); ``package_dir`` the lesson's own folder.
    """

    name: str
    title: str
    notebook: str
    questions: tuple[Question, ...]
    roles: Roles
    public_cases: Callable[[np.ndarray, np.ndarray], Any]
    hidden_cases: Callable[[int, np.ndarray, np.ndarray], Any]
    oracle: Callable[[Any, dict | None], Any]
    table_oracle: Callable[[dict], Any]
    probe: Callable[[Probe, Any], Callable]
    package: str
    hidden_module: str
    package_dir: Path

    @property
    def total_points(self) -> float:
        return sum(q.points for q in self.questions)

    def question(self, name: str) -> Question:
        return next(q for q in self.questions if q.name == name)

    @property
    def public_table(self) -> Path:
        """The public checks' recorded answers (written by ``autograder assign``, shipped to students)."""
        return self.package_dir / "public_cases.json"

    # -- instructor side: these need the reference, which students never receive ------------------

    def reference(self) -> ModuleType:
        return importlib.import_module(self._reference_name)

    def reference_file(self) -> Path:
        """Where the reference module is, found without importing it (nor jax, which it imports)."""
        spec = importlib.util.find_spec(self._reference_name)
        if spec is None or spec.origin is None:
            raise ModuleNotFoundError(self._reference_name)
        return Path(spec.origin)

    @property
    def _reference_name(self) -> str:
        return f"solutions.{self.name}.reference"

    def master(self) -> Path:
        return self.reference_file().with_name("master.ipynb")

    def notebook_data(self, reference: Any = None) -> tuple[Any, Any]:
        """The data the notebook gives students (``x``, ``y``)."""
        reference = reference or self.reference()
        return reference.make_data(reference.NOTEBOOK_SEED)

    def hidden_context(self, seed: int, reference: Any = None, record: dict | None = None) -> Context:
        """Hidden inputs for ``seed`` with expected values from ``reference`` (default: the live one)."""
        reference = reference or self.reference()
        cases = self.hidden_cases(seed, *self.notebook_data(reference))
        return Context(cases, self.oracle(reference, record), probes=True, roles=self.roles)

    def public_context(self, record: dict | None = None) -> Context:
        """The public inputs with the live reference; ``record`` collects answers for a table oracle."""
        reference = self.reference()
        cases = self.public_cases(*self.notebook_data(reference))
        return Context(cases, self.oracle(reference, record), probes=False, roles=self.roles)

    def local_submission(self, namespace: dict[str, Any], reference: Any = None) -> LocalSubmission:
        """A submission over ``namespace`` in this process, able to resolve reference probes."""
        reference = reference or self.reference()
        return LocalSubmission(namespace, probes=lambda probe: self.probe(probe, reference))
