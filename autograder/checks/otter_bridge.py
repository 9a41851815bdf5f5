"""Entry points for Otter's exception-format test files (the student's ``grader.check`` and ``otter run``).

The test files ``autograder assign`` writes call ``public_check(LESSON, name, env)`` or
``hidden_check(LESSON, name, env, level)`` with the lesson's ``LESSON``. Public checks replay expected
values recorded by ``autograder assign`` (the lesson's ``public_cases.json``), so the copy of the
library students receive holds no reference. Hidden checks exist only in the Otter autograder, where
``autograder assign`` adds the lesson's hidden module (the reference solutions and the hidden-input
seed). A failed check raises ``AssertionError`` with the student-facing message, which Otter shows.
"""

import importlib
import json
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from .context import Context
from .lesson import Lesson
from .spec import judge_in_order
from .submission import LocalSubmission, Submission
from .verdict import Verdict


class _NotebookRun:
    """The hidden verdicts given so far in one notebook run.

    Otter runs one test file per question on the notebook's globals, and a question is judged
    knowing the verdicts of those before it (``Context.prior``), so the first test to need them
    judges them and the others reuse them. Other globals, or a question's function defined anew (a
    ``grader.check`` of a notebook still being run), start a new run.
    """

    def __init__(self) -> None:
        self.key: tuple = ()
        self.verdicts: dict[str, Verdict] = {}

    def verdicts_for(self, lesson: Lesson, env: dict[str, Any]) -> dict[str, Verdict]:
        key = (lesson.name, env, *(env.get(question.name) for question in lesson.questions))
        if len(key) != len(self.key) or any(now is not before for now, before in zip(key, self.key, strict=True)):
            self.key, self.verdicts = key, {}
        return self.verdicts


_hidden_run = _NotebookRun()


def _judge_through(
    lesson: Lesson, name: str, sub: Submission, ctx: Context, known: Mapping[str, Verdict]
) -> list[Verdict]:
    """The verdicts of the questions up to ``name`` in the lesson's order (``known`` ones reused)."""
    verdicts = []
    for verdict in judge_in_order(lesson.questions, sub, ctx, known=known):
        verdicts.append(verdict)
        if verdict.name == name:
            return verdicts
    raise KeyError(name)


def recorded_public_context(lesson: Lesson, table_path: Path | None = None) -> Context:
    """The public checks' inputs and recorded answers (the lesson's table unless another is given)."""
    table = json.loads((table_path or lesson.public_table).read_text())
    data = np.asarray(table["notebook_x"], np.float32), np.asarray(table["notebook_y"], np.float32)
    return Context(lesson.public_cases(*data), lesson.table_oracle(table["answers"]), False, lesson.roles)


def public_check(lesson: Lesson, name: str, env: dict[str, Any]) -> None:
    """Run the public check of question ``name`` on the notebook globals ``env``.

    The public checks of the questions before it run first (they are quick), so that it is judged
    knowing their verdicts, as the hidden checks are."""
    verdict = _judge_through(lesson, name, LocalSubmission(env), recorded_public_context(lesson), MappingProxyType({}))[
        -1
    ]
    if not verdict.passed:
        raise AssertionError(verdict.message)


def hidden_check(lesson: Lesson, name: str, env: dict[str, Any], level: int) -> None:
    """Pass when question ``name`` scores at least ``level`` points on the hidden checks.

    A question worth k points has k hidden Otter test cases of one point each (levels 1..k), so
    Otter's sum of passed cases equals the verdict's score. Otter runs a file's cases in order, so
    the verdict is judged afresh at level 1 (the notebook may have run on since an earlier check,
    training ``theta`` say) and reused for the higher levels; the verdicts of the questions before
    it, which depend on their functions alone, once per notebook run (see ``_NotebookRun``).
    """
    known = _hidden_run.verdicts_for(lesson, env)
    if level == 1 or name not in known:
        hidden = importlib.import_module(lesson.hidden_module)
        ctx = lesson.hidden_context(hidden.HIDDEN_SEED, reference=hidden)
        sub = lesson.local_submission(env, reference=hidden)
        names = [question.name for question in lesson.questions]
        earlier = {before: known[before] for before in names[: names.index(name)] if before in known}
        known.update((verdict.name, verdict) for verdict in _judge_through(lesson, name, sub, ctx, earlier))
    verdict = known[name]
    if verdict.score < level:
        raise AssertionError(f"{verdict.score:g}/{lesson.question(name).points:g}: {verdict.message}")
