"""The questions of the assignment, in the lesson's order: name, points and the check that judges it."""

from collections.abc import Callable
from dataclasses import dataclass

from .context import Context
from .questions import dmseloss, initialize, linear_model, loop, mseloss
from .submission import Submission
from .verdict import Verdict


@dataclass(frozen=True)
class Question:
    """``needs``: the reference functions its probes are built from. The engine hands them to a
    worker only when the first question that needs them starts, so no question is judged while the
    reference of its own answer sits in the worker's memory (``linear_model`` and
    ``initialize_linear_params`` are judged before any reference exists there)."""

    name: str
    points: float
    judge: Callable[[Submission, Context], Verdict]
    needs: tuple[str, ...] = ()


QUESTIONS: tuple[Question, ...] = tuple(
    Question(module.NAME, module.POINTS, module.judge, getattr(module, "NEEDS", ()))
    for module in (linear_model, initialize, mseloss, dmseloss, loop)
)
BY_NAME = {q.name: q for q in QUESTIONS}
TOTAL_POINTS = sum(q.points for q in QUESTIONS)


def judge(name: str, sub: Submission, ctx: Context) -> Verdict:
    """Judge one question by name; raises KeyError for a name that is not a question."""
    return BY_NAME[name].judge(sub, ctx)
