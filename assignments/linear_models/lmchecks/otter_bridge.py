"""Entry points for Otter's exception-format test files (the student's ``grader.check`` and ``otter run``).

Public checks replay expected values recorded by ``autograder assign`` (``public_cases.json`` beside
this file), so the copy of the library students receive holds no reference. Hidden checks exist only
in the Otter autograder, where ``autograder assign`` adds the module ``lmhidden`` (the reference
solutions and the hidden-input seed). A failed check raises ``AssertionError`` with the student-facing
message, which Otter shows.
"""

import importlib
import json
from pathlib import Path
from typing import Any

import numpy as np

from .cases import hidden_cases, public_cases
from .context import Context
from .oracle import ReferenceOracle, TableOracle
from .probes import make_probe
from .spec import BY_NAME, judge
from .submission import LocalSubmission
from .verdict import Verdict

PUBLIC_TABLE = Path(__file__).with_name("public_cases.json")
HIDDEN_MODULE = "lmhidden"

_last_hidden: dict[str, Verdict] = {}


def public_context(table_path: Path = PUBLIC_TABLE) -> Context:
    """The public checks' inputs and recorded answers."""
    table = json.loads(table_path.read_text())
    data = np.asarray(table["notebook_x"], np.float32), np.asarray(table["notebook_y"], np.float32)
    return Context(public_cases(*data), TableOracle(table["answers"]), probes=False)


def public_check(name: str, env: dict[str, Any]) -> None:
    """Run the public check of question ``name`` on the notebook globals ``env``."""
    verdict = judge(name, LocalSubmission(env), public_context())
    if not verdict.passed:
        raise AssertionError(verdict.message)


def hidden_check(name: str, env: dict[str, Any], level: int) -> None:
    """Pass when question ``name`` scores at least ``level`` points on the hidden checks.

    A question worth k points has k hidden Otter test cases of one point each (levels 1..k), so
    Otter's sum of passed cases equals the verdict's score. Otter runs a file's cases in order, so
    the verdict is computed afresh at level 1 (the notebook may have changed since an earlier
    ``grader.check``) and reused for the higher levels.
    """
    if level == 1 or name not in _last_hidden:
        hidden = importlib.import_module(HIDDEN_MODULE)
        data = hidden.make_data(hidden.NOTEBOOK_SEED)
        ctx = Context(hidden_cases(hidden.HIDDEN_SEED, *data), ReferenceOracle(hidden), probes=True)
        sub = LocalSubmission(env, probes=lambda probe: make_probe(probe, hidden))
        _last_hidden[name] = judge(name, sub, ctx)
    verdict = _last_hidden[name]
    if verdict.score < level:
        raise AssertionError(f"{verdict.score:g}/{BY_NAME[name].points:g}: {verdict.message}")
