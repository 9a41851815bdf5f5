"""What a question check is given besides the submission: inputs, an oracle, whether probes exist,
the names its messages may show, and the verdicts already given to the questions before it."""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from .submission import Probe, StudentFn
from .verdict import Verdict


@dataclass(frozen=True)
class Roles:
    """The names a lesson gives the student's functions, by the part each plays: the model
    ``model(theta, x)``, the initialiser ``init()``, the loss ``loss(theta, model, x, y)``, its
    gradient and the optimisation loop ``loop(theta, model, loss, x, y, n_steps)``."""

    model: str
    init: str
    loss: str
    grad: str
    loop: str


@dataclass(frozen=True)
class Context:
    """``cases``: the lesson's inputs; ``oracle``: its expected values; ``roles``: its function names.

    ``probes``: the submission can resolve ``Probe`` markers (a reference is present on its side).

    Without probes (the student's own kernel) the checks pass the student's own model and loss
    where a model or a loss is needed, as the notebook itself does.

    ``names``: the names a message may show of what the submission returned (dict keys, namedtuple
    and class names; ``plain.describe``): None shows them all. For hidden checks the engine gives the
    names in what the notebook's functions returned on public inputs, before any hidden input
    (``RemoteSubmission.names_so_far``): a name built after that could spell a hidden input, and so could
    one picked from a list the notebook wrote beforehand.

    ``prior``: the verdicts of the questions judged before this one, in the lesson's order (see
    ``spec.judge_in_order``). The waivers that keep one mistake from being charged twice are
    decided from them, in the trusted process, never from fresh calls into student code, which
    can tell which question is being judged and answer accordingly. A question absent from
    ``prior`` grants no waiver.
    """

    cases: Any
    oracle: Any
    probes: bool
    roles: Roles
    prior: Mapping[str, Verdict] = field(default_factory=lambda: MappingProxyType({}))
    names: frozenset[str] | None = None

    def with_prior(self, prior: Mapping[str, Verdict]) -> "Context":
        return replace(self, prior=MappingProxyType(dict(prior)))

    def passed(self, name: str) -> bool:
        """Whether question ``name`` was judged before this one and got full marks."""
        verdict = self.prior.get(name)
        return verdict is not None and verdict.score == verdict.max_score

    def charged(self, name: str, codes: frozenset[str] | None = None) -> bool:
        """Whether question ``name`` was judged before this one and charged a mistake (one of
        ``codes``, when given)."""
        verdict = self.prior.get(name)
        if verdict is None or verdict.score == verdict.max_score:
            return False
        return codes is None or bool(codes.intersection(verdict.diagnostics))

    def model(self, w_index: int, b_index: int) -> Probe | StudentFn:
        return Probe("model", w_index, b_index) if self.probes else StudentFn(self.roles.model)

    def loop_model(self, w_index: int, b_index: int) -> Probe | StudentFn:
        """The model the loop is run with: shifted (see the lesson's cases) where probes exist."""
        return Probe("loop-model", w_index, b_index) if self.probes else StudentFn(self.roles.model)

    def loop_loss(self) -> Probe | StudentFn:
        """The loss the loop is run with: shifted targets (see the lesson's cases) where probes exist."""
        return Probe("loop-loss") if self.probes else StudentFn(self.roles.loss)
