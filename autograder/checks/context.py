"""What a question check is given besides the submission: inputs, an oracle, and whether probes exist."""

from dataclasses import dataclass

from .cases import Cases
from .oracle import Oracle
from .submission import Probe, StudentFn


@dataclass(frozen=True)
class Context:
    """``probes``: the submission can resolve ``Probe`` markers (a reference is present on its side).

    Without probes (the student's own kernel) the checks pass the student's ``linear_model`` and
    ``mseloss`` where a model or a loss is needed, as the notebook itself does.
    """

    cases: Cases
    oracle: Oracle
    probes: bool

    def model(self, w_index: int, b_index: int) -> Probe | StudentFn:
        return Probe("model", w_index, b_index) if self.probes else StudentFn("linear_model")

    def loss(self) -> Probe | StudentFn:
        return Probe("loss") if self.probes else StudentFn("mseloss")
