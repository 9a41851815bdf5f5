"""Grade one submission: run it in a sandbox, judge every question, classify what went wrong.

The verdicts are computed here, in the trusted process, from plain data the worker returns. Each
question starts from the notebook's own state (the worker restores its globals), so what one
check makes the submission do cannot change another check's verdict.
"""

import inspect
import time
from dataclasses import dataclass, field, replace

from ..checks import Lesson, Question, Verdict, judge_in_order
from ..checks import picture as pictures
from ..checks.verdict import Finding
from ..compile_cache import Compiled
from .confine import Limits
from .result import Status
from .sandbox import NotebookInvalidError, RemoteSubmission, Sandbox, SandboxDiedError, SandboxTimeoutError

MEMORY_ERRORS = ("MemoryError", "ResourceExhaustedError", "XlaRuntimeError")


@dataclass
class Outcome:
    """What grading one submission produced."""

    status: Status
    reason: str
    verdicts: list[Verdict] = field(default_factory=list)
    cell_errors: list[tuple[int, str]] = field(default_factory=list)
    isolation: dict = field(default_factory=dict)
    duration_s: float = 0.0
    notebook_s: float = 0.0
    """Time the notebook's own cells took."""
    calls_s: float = 0.0
    """Time the checks' calls into student code took; the rest of ``duration_s`` is the grader's overhead."""
    peak_rss_mb: float = 0.0
    private_mb: float = 0.0
    acceleration: dict = field(default_factory=dict)
    """Whether the student's gradients were compiled (``on``) and, once the worker reported, how many
    functions were compiled and how many fell back to eager execution (``autograder.accelerate``)."""
    programs: dict[str, bytes] = field(default_factory=dict)
    """The warm-up's compiled programs (``autograder.compile_cache``); empty for every submission."""
    picture: pictures.Picture | None = None
    """The notebook's own run in numbers, read before any question is judged (``checks.picture``)."""


def stopped_verdicts(lesson: Lesson, status: Status) -> list[Verdict]:
    """Every question at zero with the submission-wide code of ``status`` (``timeout``, ``invalid-notebook``...)."""
    return [Verdict(q.name, q.points, (Finding.of(status.diagnostic, q.points),)) for q in lesson.questions]


def _died_status(error: SandboxDiedError, cell_errors: list[tuple[int, str]]) -> tuple[Status, str]:
    if any(name in MEMORY_ERRORS for _, name in cell_errors):
        return Status.MEMORY_LIMIT, "the notebook ran out of memory (the address-space limit) and its process ended"
    if error.exitcode in (-9, 137):
        return Status.CRASHED, "the notebook's process was killed (SIGKILL; the machine may have run out of memory)"
    return Status.CRASHED, f"the notebook's process ended unexpectedly ({error}; exit status {error.exitcode})"


def _stopped(lesson: Lesson, outcome: Outcome, error: Exception, limits: Limits) -> Outcome:
    """The outcome of a submission stopped by ``error``. Questions judged before the stop keep their
    verdicts (the notebook ran; a later check hung or crashed); the others get the stop's code."""
    if isinstance(error, SandboxTimeoutError):
        status, reason = Status.TIMEOUT, f"stopped after the {limits.timeout_s:g} s limit"
    else:
        status, reason = _died_status(error, outcome.cell_errors)
    judged = outcome.verdicts
    if len(judged) == len(lesson.questions):  # its own code ran on as the worker ended (after "bye")
        reason += " after every question was checked; each keeps its points"
    elif judged:
        reason += (
            f" while checking {lesson.questions[len(judged)].name}; the questions checked before keep their points"
        )
    stopped = stopped_verdicts(lesson, status)[len(judged) :]
    return replace(outcome, status=status, reason=reason, verdicts=judged + stopped)


def _picture(lesson: Lesson, sub: RemoteSubmission) -> pictures.Picture | None:
    """The notebook's run for the report, read before the first question is judged and with the
    public inputs only: student code has then seen no hidden input, so the report a student reads
    cannot carry one out (a picture read after the checks drew whatever the notebook's code had
    stashed from them). A part that raises is left out; a sandbox that stops here stops the
    submission, which only code built to stop it does. The questions' first ``reset`` undoes
    whatever these calls changed in the notebook's globals."""
    ctx = lesson.public_context()
    try:
        return pictures.gather(sub, ctx, ctx.cases.points[-1])
    except (SandboxTimeoutError, SandboxDiedError):
        raise
    except Exception:
        return None


def grade_notebook(
    lesson: Lesson,
    notebook: bytes,
    seed: int,
    limits: Limits,
    slot: int,
    hide: list[str],
    accelerate: bool = True,
    compiled: Compiled | None = None,
) -> Outcome:
    """Run ``notebook`` (a notebook file's bytes) in a fresh sandbox and judge every question of
    ``lesson``; the student's gradients are compiled unless ``accelerate`` is False (``--exact``),
    and jax reads the programs of ``compiled`` (or, for the warm-up, fills it: ``Outcome.programs``)."""
    start = time.monotonic()
    reference = lesson.reference()
    ctx = lesson.hidden_context(seed, reference)
    outcome = Outcome(Status.GRADED, "", acceleration={"on": accelerate})
    with Sandbox(limits, slot, hide) as sandbox:
        try:
            report = sandbox.run_notebook(notebook, lesson.name, accelerate, compiled)
            outcome.cell_errors, outcome.isolation = report.cell_errors, report.isolation
            outcome.notebook_s = report.seconds
            sub = RemoteSubmission(sandbox)
            outcome.picture = _picture(lesson, sub)
            ctx = replace(ctx, names=sub.names_so_far())  # before any hidden input
            granted: set[str] = set()

            def prepare(question: Question) -> None:
                for name in question.needs:
                    if name not in granted:
                        sandbox.request("grant", name=name, source=inspect.getsource(getattr(reference, name)))
                        granted.add(name)
                sub.reset()

            for verdict in judge_in_order(
                lesson.questions, sub, ctx, prepare
            ):  # each judged knowing the verdicts before it
                outcome.verdicts.append(verdict)
            if compiled is not None and compiled.fill:
                outcome.programs = sandbox.compiled()
            stats = sandbox.finish()
            outcome.calls_s = stats.get("calls_s", 0.0)
            outcome.peak_rss_mb = stats.get("peak_rss_mb", 0.0)
            outcome.private_mb = stats.get("private_mb", 0.0)
            outcome.acceleration.update(compiled=int(stats["compiled"]), fallbacks=int(stats["fallbacks"]))
        except NotebookInvalidError as error:
            outcome = Outcome(Status.INVALID, str(error), acceleration=outcome.acceleration)
        except (SandboxTimeoutError, SandboxDiedError) as error:
            # after the last verdict only the worker's stats were lost, unless it ran on past its time
            if len(outcome.verdicts) < len(lesson.questions) or isinstance(error, SandboxTimeoutError):
                outcome = _stopped(lesson, outcome, error, limits)
    if outcome.status is Status.GRADED and any(name == "MemoryError" for _, name in outcome.cell_errors):
        outcome.status, outcome.reason = Status.MEMORY_LIMIT, "a cell ran out of memory; the other cells were graded"
    outcome.duration_s = time.monotonic() - start
    return outcome
