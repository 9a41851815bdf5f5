"""Expected values in (w, b) terms, independent of any theta structure, for a lesson whose reference
model, loss and gradient take a dict theta ``{"w": w, "b": b}``.

``DictReferenceOracle`` computes them with the reference module (instructor side: the engine and the
Otter autograder); ``ReplayOracle`` replays what it recorded for the fixed public inputs (the checks
students run; see ``oracle``). A lesson subclasses them with its reference's function names.
"""

from dataclasses import dataclass
from types import ModuleType
from typing import ClassVar, Protocol

import numpy as np

from .oracle import AnswerTable, answer_key, keep


class Oracle(Protocol):
    """What the checks ask an oracle (both kinds below answer it)."""

    def predict(self, w: float, b: float, x: np.ndarray) -> np.ndarray:
        """The reference model's prediction, shape of ``x``."""

    def loss(self, prediction: np.ndarray, y: np.ndarray) -> float:
        """The reference loss of a prediction."""

    def grad(self, w: float, b: float, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """The reference gradient of the loss as ``[dL/dw, dL/db]``."""


@dataclass(frozen=True)
class ReferenceNames:
    """The names of the reference's model ``model(theta, x)``, loss ``loss(theta, model, x, y)`` and
    its gradient with respect to theta."""

    model: str
    loss: str
    grad: str


class DictReferenceOracle:
    """Expected values from a reference module (dict theta). With ``record`` set, every answer is also
    stored there under a key of its inputs, for a ``ReplayOracle``; ``loss_key`` names the loss's answers."""

    names: ClassVar[ReferenceNames]
    loss_key: ClassVar[str] = "loss"

    def __init__(self, reference: ModuleType, record: dict[str, list] | None = None):
        self.reference = reference
        self.record = record

    def _theta(self, w: float, b: float) -> dict:
        return {"w": np.float32(w), "b": np.float32(b)}

    def predict(self, w: float, b: float, x: np.ndarray) -> np.ndarray:
        model = getattr(self.reference, self.names.model)
        value = model(self._theta(w, b), np.asarray(x, np.float32))
        return keep(self.record, answer_key("predict", w, b, x), value)

    def loss(self, prediction: np.ndarray, y: np.ndarray) -> float:
        loss = getattr(self.reference, self.names.loss)
        value = loss(None, lambda _, p: p, prediction.astype(np.float32), np.asarray(y, np.float32))
        return float(keep(self.record, answer_key(self.loss_key, prediction, y), value))

    def grad(self, w: float, b: float, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        gradient, model = getattr(self.reference, self.names.grad), getattr(self.reference, self.names.model)
        g = gradient(self._theta(w, b), model, np.asarray(x, np.float32), np.asarray(y, np.float32))
        return keep(self.record, answer_key("grad", w, b, x, y), [g["w"], g["b"]])


class ReplayOracle:
    """Replays a ``DictReferenceOracle`` recording (with the same ``loss_key``)."""

    loss_key: ClassVar[str] = "loss"

    def __init__(self, table: dict[str, list]):
        self.table = AnswerTable(table)

    def predict(self, w: float, b: float, x: np.ndarray) -> np.ndarray:
        return self.table.get(answer_key("predict", w, b, x))

    def loss(self, prediction: np.ndarray, y: np.ndarray) -> float:
        return float(self.table.get(answer_key(self.loss_key, prediction, y)))

    def grad(self, w: float, b: float, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return self.table.get(answer_key("grad", w, b, x, y))
