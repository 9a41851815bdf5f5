"""The student's report: ``DIR/reports/<name>.html``, one self-contained page per submission.

What a student reads: the score of each question with its message, what to try next for each lost
point, and pictures of their notebook's own run beside the reference notebook's (``checks.picture``
and ``reference_run``): the losses it recorded at each step, the model it fitted drawn over the
notebook's data with the true one, its final w and b against the truth and the reference's, and
their gradient at the public point next to the expected one. Nothing hidden appears: only messages
and notes (never what a finding measured), the notebook's data and the public point.

The pictures are drawn here, in the trusted process, by matplotlib (the plotting library the lesson
itself teaches with; its axes, ticks and log scales come for free) from numbers only, as SVG images
embedded as data URIs: vector pictures stay sharp on a phone, and each image keeps its own ids. No
request leaves the page (its Content-Security-Policy allows nothing but inline styles and data
images). Every text value passes through ``escape.html`` (the template's ``finalize``), so jinja2's
own autoescaping is off and nothing is escaped twice.
"""

import base64
import dataclasses
import io
import math
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
import numpy as np

from . import escape
from .checks import Lesson
from .checks.picture import Picture
from .engine.outputs import STATUS_TEXT, output_name
from .engine.result import QuestionResult, Result
from .reference_run import ReferenceRun, reference_run

REPORTS = "reports"
"""The reports' folder in a batch's output folder."""

_ENVIRONMENT = jinja2.Environment(autoescape=False, finalize=lambda value: escape.html(str(value)))
_PAGE = _ENVIRONMENT.from_string((Path(__file__).parent / "report.html").read_text())
GRADIENT_RTOL = 1e-3
"""How close a gradient must be to the expected one for the report to call it the same."""


def report_name(submission: str) -> str:
    """The report's file name in ``reports/``: the feedback file's, ending ``.html``."""
    return output_name(submission, ".html")


def _shown(value: float | None) -> str:
    return "not a number" if value is None else f"{value:.4g}"


def segments(text: str) -> list[tuple[str, bool]]:
    """``text`` (a message in the checks' Markdown, where only backticks mark code) as (part, is
    code) pairs: the template sets code in ``<code>`` and escapes every part."""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: no code at all
        return [(text, False)]
    return [(part, index % 2 == 1) for index, part in enumerate(parts) if part]


def _question(test: QuestionResult) -> dict:
    kind = "full" if test.score >= test.max_score else "lost"
    text = " ".join((test.message, *test.notes)) or ("Correct." if kind == "full" else "")
    lost = test.max_score - test.score
    summary = text if kind == "full" else f"{lost:g} point{'s' if lost != 1 else ''} lost: see below"
    return {
        "parts": segments(text),
        "summary": segments(summary),
        "name": test.name,
        "score": f"{test.score:g}",
        "max_score": f"{test.max_score:g}",
        "kind": kind,
    }


def _figure(height: float) -> tuple[Any, Any]:
    """A figure and its axes, made without pyplot (no global state, no display backend)."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.4, height))
    return figure, figure.subplots()


def _svg(figure: Any) -> str:
    """``figure`` as an SVG data URI."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _finite(steps: Sequence[int], values: Sequence[float | None]) -> tuple[list[int], list[float]]:
    kept = [(s, v) for s, v in zip(steps, values, strict=True) if v is not None and math.isfinite(v)]
    return [s for s, _ in kept], [v for _, v in kept]


def _loss_plot(picture: Picture, run: ReferenceRun) -> str | None:
    steps, losses = _finite(picture.steps, picture.losses)
    if not steps:
        return None
    ref_steps, ref_losses = _finite(run.steps, run.losses)
    figure, axes = _figure(3.4)
    axes.plot(ref_steps, ref_losses, color="#888", linestyle="--", label="reference notebook")
    axes.plot(steps, losses, color="#1f5fbf", marker="o" if len(steps) < 30 else None, label="your notebook")
    if min(losses + ref_losses) > 0:
        axes.set_yscale("log")
    axes.set_xlabel("step")
    axes.set_ylabel("loss")
    axes.legend()
    return _svg(figure)


def _fit_plot(picture: Picture, run: ReferenceRun) -> str:
    figure, axes = _figure(3.6)
    axes.scatter(run.x, run.y, s=8, color="#999", label="the notebook's data")
    axes.plot(run.grid, run.curve(run.truth), color="#176a2c", linestyle="--", label="true w and b")
    if picture.wb is not None and None not in picture.wb:
        fitted = run.curve(picture.wb)  # type: ignore[arg-type]
        low, high = min(run.y), max(run.y)
        margin = (high - low) or 1.0
        axes.plot(run.grid, fitted, color="#1f5fbf", label="your final theta")
        axes.set_ylim(low - margin, high + margin)  # a wild fit must not flatten the data
    axes.set_xlabel("x")
    axes.set_ylabel("y")
    axes.legend()
    return _svg(figure)


def _loss_note(picture: Picture) -> str:
    if picture.recorded == 0:
        return "Your notebook holds no losses list to draw (the loop's first return value, named losses)."
    kept, total = len(picture.steps), picture.recorded
    drawn = f"{total} losses recorded" + (f", {kept} of them drawn" if kept < total else "")
    missing = sum(value is None for value in picture.losses)
    return drawn + (f"; {missing} of those drawn are not finite numbers" if missing else "") + "."


def _gradient_note(picture: Picture, run: ReferenceRun, loss_charged: bool) -> str:
    """Whether the student's gradient is the expected one; ``loss_charged``: their loss lost points, so
    their gradient (of their own loss) is not expected to match and was not charged for it."""
    if picture.gradient is None:
        return "Your gradient function gave no two numbers here (see its question above)."
    if None in picture.gradient:
        return "Your gradient is not a finite number here."
    same = all(
        math.isclose(got, want, rel_tol=GRADIENT_RTOL, abs_tol=1e-6)
        for got, want in zip(picture.gradient, run.gradient, strict=True)  # type: ignore[arg-type]
    )
    if same:
        return "Yours matches the expected gradient."
    if loss_charged:
        return (
            "Yours differs from the expected one: it is the gradient of your own loss, whose mistake is counted above."
        )
    return "Yours differs from the expected gradient."


@dataclasses.dataclass(frozen=True)
class Drawing:
    """What a report shows of a notebook's run, ready for any format: the pictures as data URIs with
    their labels, the notes under them, and the numbers of the tables as text."""

    loss_plot: str | None
    loss_note: str
    fit_plot: str
    wb: list[str]
    reference_wb: list[str]
    truth: list[str]
    point: list[str]
    gradient: list[str]
    expected_gradient: list[str]
    gradient_note: str

    @property
    def images(self) -> list[dict[str, str]]:
        """The pictures as PrairieLearn's ``images`` (label and data URI)."""
        shown = [("Loss at each step: your notebook and the reference", self.loss_plot)]
        shown.append(("Your fitted model on the notebook's data, with the true one", self.fit_plot))
        return [{"label": label, "url": url} for label, url in shown if url]

    def markdown(self) -> str:
        """The numbers in Markdown (for Gradescope, whose output takes no pictures we can rely on)."""
        rows = [
            ("your notebook's final theta", self.wb),
            ("the reference notebook's", self.reference_wb),
            ("the true values", self.truth),
        ]
        lines = ["| | w | b |", "|---|---|---|", *(f"| {name} | {w} | {b} |" for name, (w, b) in rows)]
        lines += ["", f"Gradient at w = {self.point[0]}, b = {self.point[1]} on the notebook's data:", ""]
        lines += ["| | dL/dw | dL/db |", "|---|---|---|"]
        lines += [f"| yours | {self.gradient[0]} | {self.gradient[1]} |"]
        lines += [f"| expected | {self.expected_gradient[0]} | {self.expected_gradient[1]} |"]
        return "\n".join([self.loss_note, "", *lines, "", self.gradient_note])


def _drawing(picture: Picture, run: ReferenceRun, loss_charged: bool) -> Drawing:
    return Drawing(
        loss_plot=_loss_plot(picture, run),
        loss_note=_loss_note(picture),
        fit_plot=_fit_plot(picture, run),
        wb=[_shown(v) for v in picture.wb] if picture.wb else ["-", "-"],
        reference_wb=[_shown(v) for v in run.wb],
        truth=[f"{v:g}" for v in run.truth],
        point=[f"{v:g}" for v in run.point],
        gradient=[_shown(v) for v in picture.gradient] if picture.gradient else ["-", "-"],
        expected_gradient=[_shown(v) for v in run.gradient],
        gradient_note=_gradient_note(picture, run, loss_charged),
    )


def drawing(lesson: Lesson, result: Result) -> Drawing | None:
    """The drawing of ``result``'s run, or None when it has no picture or it cannot be drawn (numbers
    matplotlib cannot draw, a reference that fails): a report then goes without, with the same grade."""
    if result.picture is None:
        return None
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):  # overflows of wild numbers: drawn or not
            warnings.simplefilter("ignore")
            loss = next((t for t in result.tests if t.name == lesson.roles.loss), None)
            charged = loss is not None and loss.score < loss.max_score
            return _drawing(result.picture, reference_run(lesson), charged)
    except Exception:
        return None


def page(lesson: Lesson, result: Result, drawn: Drawing | None) -> str:
    """The report's HTML; ``drawn``: the run's drawing (``drawing``), None for a report without."""
    questions = [_question(test) for test in result.tests]
    return _PAGE.render(
        title=lesson.title,
        name=Path(result.submission).name,
        student=result.student,
        score=f"{result.score:g}",
        max_score=f"{result.max_score:g}",
        status_text=STATUS_TEXT[result.status],
        reason=result.reason,
        questions=questions,
        lost=[q for q in questions if q["kind"] == "lost"],
        pictured=drawn is not None,
        no_run="Your notebook did not run far enough to draw anything; the points above say why.",
        **(dataclasses.asdict(drawn) if drawn is not None else {}),
    )


def write_report(folder: Path, lesson: Lesson, result: Result, replace: bool = True) -> Path:
    """Write ``result``'s report into ``folder`` (atomically); with ``replace`` False an existing
    report is kept (a result reused from the gradebook already has one, and drawing it again would
    import jax for nothing)."""
    target = folder / report_name(result.submission)
    if replace or not target.exists():
        temporary = target.with_name(target.name + ".tmp")
        temporary.write_text(page(lesson, result, drawing(lesson, result)), encoding="utf-8", errors="backslashreplace")
        temporary.replace(target)
    return target
