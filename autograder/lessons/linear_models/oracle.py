"""Where expected values come from, in (w, b) terms, independent of any theta structure.

``ReferenceOracle`` computes them with the reference module (instructor side: the engine and the
Otter autograder); ``TableOracle`` replays what it recorded for the fixed public inputs (the
checks students run; see ``checks.oracle`` and ``checks.reference_oracle``).
"""

from typing import Protocol

import numpy as np

from ...checks import reference_oracle
from ...checks.reference_oracle import DictReferenceOracle, ReferenceNames, ReplayOracle


class Oracle(reference_oracle.Oracle, Protocol):
    def mse(self, prediction: np.ndarray, y: np.ndarray) -> float:
        """The reference loss of a prediction (``loss`` by this lesson's name)."""


class ReferenceOracle(DictReferenceOracle):
    """Expected values from a reference module (``linear_model``, ``mseloss``, ``dmseloss``, dict theta)."""

    names = ReferenceNames(model="linear_model", loss="mseloss", grad="dmseloss")
    loss_key = "mse"
    mse = DictReferenceOracle.loss


class TableOracle(ReplayOracle):
    """Replays a ``ReferenceOracle`` recording."""

    loss_key = "mse"
    mse = ReplayOracle.loss
