"""A question of a lesson (name, points and the check that judges it), and judging them in order."""

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .context import Context
from .submission import Submission
from .verdict import Verdict


@dataclass(frozen=True)
class Question:
    """``needs``: the reference functions its probes are built from. The engine hands them to a
    worker only when the first question that needs them starts, so no question is judged while the
    reference of its own answer sits in the worker's memory (a lesson's first questions, the model
    and the init, are judged before any reference exists there)."""

    name: str
    points: float
    judge: Callable[[Submission, Context], Verdict]
    needs: tuple[str, ...] = ()


def judge_in_order(
    questions: tuple[Question, ...],
    sub: Submission,
    ctx: Context,
    prepare: Callable[[Question], None] = lambda question: None,
    known: Mapping[str, Verdict] = MappingProxyType({}),
) -> Iterator[Verdict]:
    """Judge ``questions`` in the lesson's order, each given the verdicts of those before it
    (``Context.prior``), and yield the verdicts as they come.

    ``prepare`` runs before each question is judged (the engine grants reference functions and
    resets the notebook's globals there); ``known`` holds verdicts already given in this notebook
    run, which are reused rather than judged again (the Otter bridge judges one question per test).
    """
    prior: dict[str, Verdict] = {}
    for question in questions:
        verdict = known.get(question.name)
        if verdict is None:
            prepare(question)
            verdict = question.judge(sub, ctx.with_prior(prior))
        prior[question.name] = verdict
        yield verdict
