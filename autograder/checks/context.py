"""What a question check is given besides the submission: inputs, an oracle, whether probes exist,
and the verdicts already given to the questions before it."""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from .cases import Cases
from .oracle import Oracle
from .submission import Probe, StudentFn
from .verdict import Verdict


@dataclass(frozen=True)
class Context:
    """``probes``: the submission can resolve ``Probe`` markers (a reference is present on its side).

    Without probes (the student's own kernel) the checks pass the student's ``linear_model`` and
    ``mseloss`` where a model or a loss is needed, as the notebook itself does.

    ``prior``: the verdicts of the questions judged before this one, in the lesson's order (see
    ``spec.judge_in_order``). The waivers that keep one mistake from being charged twice are
    decided from them, in the trusted process, never from fresh calls into student code, which
    can tell which question is being judged and answer accordingly. A question absent from
    ``prior`` grants no waiver.
    """

    cases: Cases
    oracle: Oracle
    probes: bool
    prior: Mapping[str, Verdict] = field(default_factory=lambda: MappingProxyType({}))

    def with_prior(self, prior: Mapping[str, Verdict]) -> "Context":
        return replace(self, prior=MappingProxyType(dict(prior)))

    def charged(self, name: str, codes: frozenset[str] | None = None) -> bool:
        """Whether question ``name`` was judged before this one and charged a mistake (one of
        ``codes``, when given)."""
        verdict = self.prior.get(name)
        if verdict is None or verdict.score == verdict.max_score:
            return False
        return codes is None or bool(codes.intersection(verdict.diagnostics))

    def model(self, w_index: int, b_index: int) -> Probe | StudentFn:
        return Probe("model", w_index, b_index) if self.probes else StudentFn("linear_model")

    def loop_model(self, w_index: int, b_index: int) -> Probe | StudentFn:
        """The model the loop is run with: shifted (``cases.LOOP_MODEL_SHIFT``) where probes exist."""
        return Probe("loop-model", w_index, b_index) if self.probes else StudentFn("linear_model")

    def loop_loss(self) -> Probe | StudentFn:
        """The loss the loop is run with: shifted targets (``cases.LOOP_LOSS_SHIFT``) where probes exist."""
        return Probe("loop-loss") if self.probes else StudentFn("mseloss")
