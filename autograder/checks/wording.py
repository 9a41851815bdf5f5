"""How a lesson words its findings: the interface the generic question checks speak through.

The checks of the ``*_check`` modules hold what every lesson judges alike (a model, an init, a loss,
its gradient, an optimisation loop); the sentences a student reads name the lesson's own functions,
so they come from the lesson's ``codes`` module, which provides these two functions.
"""

from dataclasses import dataclass
from typing import Protocol

from . import common
from .context import Roles
from .submission import Raised
from .verdict import Finding


class Wording(Protocol):
    """A lesson's ``codes`` module (``finding`` and ``failure``, worded for its functions)."""

    def finding(self, code: str, cost: float, **detail: object) -> Finding:
        """The finding ``code``, worded for the lesson."""

    def failure(self, name: str, error: Raised, cost: float, call: str | None = None) -> Finding:
        """The finding for a call of ``name`` that raised ``error`` (see ``common.failure``)."""


@dataclass(frozen=True, eq=False)
class Words:
    """A ``Wording`` from a lesson's message table (the common codes' and its own) and its advice on how
    to define each of its functions (for a name that is not a function)."""

    messages: dict[str, str]
    how_to_define: dict[str, str]

    def finding(self, code: str, cost: float, **detail: object) -> Finding:
        """The finding ``code``, worded for this lesson."""
        return Finding.of(code, cost, self.messages, **detail)

    def failure(self, name: str, error: Raised, cost: float, call: str | None = None) -> Finding:
        """``common.failure`` with this lesson's advice on how to define each function."""
        return common.failure(name, error, cost, call, advice=self.how_to_define.get(name))


def how_to_define(roles: Roles, n_steps: int) -> dict[str, str]:
    """How to define each of a lesson's functions (``Words.how_to_define``), from their names and the
    default number of steps of its loop."""
    return {
        roles.model: f"define it with def {roles.model}(theta, x):",
        roles.init: f"define it with def {roles.init}():",
        roles.loss: f"define it with def {roles.loss}(theta, model, x, y):",
        roles.grad: f"define it as grad({roles.loss})",
        roles.loop: f"define it with def {roles.loop}(theta, model, loss, x, y, n_steps={n_steps}):",
    }
