"""The questions of the assignment, in the lesson's order: name, points and the check that judges it."""

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

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


def judge_in_order(
    sub: Submission,
    ctx: Context,
    prepare: Callable[[Question], None] = lambda question: None,
    known: Mapping[str, Verdict] = MappingProxyType({}),
) -> Iterator[Verdict]:
    """Judge every question in the lesson's order, each given the verdicts of those before it
    (``Context.prior``), and yield the verdicts as they come.

    ``prepare`` runs before each question is judged (the engine grants reference functions and
    resets the notebook's globals there); ``known`` holds verdicts already given in this notebook
    run, which are reused rather than judged again (the Otter bridge judges one question per test).
    """
    prior: dict[str, Verdict] = {}
    for question in QUESTIONS:
        verdict = known.get(question.name)
        if verdict is None:
            prepare(question)
            verdict = question.judge(sub, ctx.with_prior(prior))
        prior[question.name] = verdict
        yield verdict
