"""Where expected values come from, in (w, b) terms, independent of any theta structure.

``ReferenceOracle`` computes them with the reference module (instructor side: the engine and the
Otter autograder); ``TableOracle`` replays what it recorded for the fixed public inputs (the
checks students run; see ``checks.oracle`` and ``checks.reference_oracle``).
"""

from ...checks.reference_oracle import DictReferenceOracle, Oracle, ReferenceNames, ReplayOracle

__all__ = ["Oracle", "ReferenceOracle", "TableOracle"]


class ReferenceOracle(DictReferenceOracle):
    """Expected values from a reference module (``logistic_model``, ``logistic_loss``, ``dlogistic_loss``)."""

    names = ReferenceNames(model="logistic_model", loss="logistic_loss", grad="dlogistic_loss")


class TableOracle(ReplayOracle):
    """Replays a ``ReferenceOracle`` recording."""
