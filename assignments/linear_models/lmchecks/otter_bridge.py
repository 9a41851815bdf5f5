"""Entry points for Otter's exception-format test files (the student's ``grader.check`` and ``otter run``).

Public checks replay expected values recorded by ``autograder assign`` (``public_cases.json`` beside
this file), so the copy of the library students receive holds no reference. Hidden checks exist only
in the Otter autograder, where ``autograder assign`` adds the module ``lmhidden`` (the reference
solutions and the hidden-input seed). A failed check raises ``AssertionError`` with the student-facing
message, which Otter shows.
"""

import importlib
import json
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from .cases import hidden_cases, public_cases
from .context import Context
from .oracle import ReferenceOracle, TableOracle
from .probes import make_probe
from .spec import BY_NAME, QUESTIONS, judge_in_order
from .submission import LocalSubmission, Submission
from .verdict import Verdict

PUBLIC_TABLE = Path(__file__).with_name("public_cases.json")
HIDDEN_MODULE = "lmhidden"


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

    def verdicts_for(self, env: dict[str, Any]) -> dict[str, Verdict]:
        key = (env, *(env.get(question.name) for question in QUESTIONS))
        if len(key) != len(self.key) or any(now is not before for now, before in zip(key, self.key, strict=True)):
            self.key, self.verdicts = key, {}
        return self.verdicts


_hidden_run = _NotebookRun()


def _judge_through(name: str, sub: Submission, ctx: Context, known: Mapping[str, Verdict]) -> list[Verdict]:
    """The verdicts of the questions up to ``name`` in the lesson's order (``known`` ones reused)."""
    verdicts = []
    for verdict in judge_in_order(sub, ctx, known=known):
        verdicts.append(verdict)
        if verdict.name == name:
            return verdicts
    raise KeyError(name)


def public_context(table_path: Path = PUBLIC_TABLE) -> Context:
    """The public checks' inputs and recorded answers."""
    table = json.loads(table_path.read_text())
    data = np.asarray(table["notebook_x"], np.float32), np.asarray(table["notebook_y"], np.float32)
    return Context(public_cases(*data), TableOracle(table["answers"]), probes=False)


def public_check(name: str, env: dict[str, Any]) -> None:
    """Run the public check of question ``name`` on the notebook globals ``env``.

    The public checks of the questions before it run first (they are quick), so that it is judged
    knowing their verdicts, as the hidden checks are."""
    verdict = _judge_through(name, LocalSubmission(env), public_context(), MappingProxyType({}))[-1]
    if not verdict.passed:
        raise AssertionError(verdict.message)


def hidden_check(name: str, env: dict[str, Any], level: int) -> None:
    """Pass when question ``name`` scores at least ``level`` points on the hidden checks.

    A question worth k points has k hidden Otter test cases of one point each (levels 1..k), so
    Otter's sum of passed cases equals the verdict's score. Otter runs a file's cases in order, so
    the verdict is judged afresh at level 1 (the notebook may have run on since an earlier check,
    training ``theta`` say) and reused for the higher levels; the verdicts of the questions before
    it, which depend on their functions alone, once per notebook run (see ``_NotebookRun``).
    """
    known = _hidden_run.verdicts_for(env)
    if level == 1 or name not in known:
        hidden = importlib.import_module(HIDDEN_MODULE)
        data = hidden.make_data(hidden.NOTEBOOK_SEED)
        ctx = Context(hidden_cases(hidden.HIDDEN_SEED, *data), ReferenceOracle(hidden), probes=True)
        sub = LocalSubmission(env, probes=lambda probe: make_probe(probe, hidden))
        names = list(BY_NAME)  # in the lesson's order
        earlier = {before: known[before] for before in names[: names.index(name)] if before in known}
        known.update((verdict.name, verdict) for verdict in _judge_through(name, sub, ctx, earlier))
    verdict = known[name]
    if verdict.score < level:
        raise AssertionError(f"{verdict.score:g}/{BY_NAME[name].points:g}: {verdict.message}")
