"""The class dashboard: ``DIR/index.html``, rewritten after every batch from the gradebook.

One self-contained page (no request leaves it: styles, the score histogram as inline SVG and the
table's sorting and filtering script are all in the file): statuses, the score distribution, each
question's mean and pass rate, the most frequent diagnostics with links to example reports,
submissions that were not graded and why, the slowest ones, and every submission in a table that
sorts by any column, filters as one types and links to each student's report. It shows every
current result in the gradebook, so a batch of late submissions leaves the earlier ones on it. Every
value in the page goes through ``escape.html`` (the template's ``finalize``), so jinja2's own
autoescaping is off: nothing is escaped twice, and nothing student-derived reaches the page unescaped.
"""

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import jinja2

from . import escape
from .checks import Lesson
from .engine.result import Result, Status
from .report import REPORTS, report_name

EXAMPLES_PER_CODE = 3
SLOWEST = 5


_ENVIRONMENT = jinja2.Environment(autoescape=False, finalize=lambda value: escape.html(str(value)))
_PAGE = _ENVIRONMENT.from_string((Path(__file__).parent / "dashboard.html").read_text())
"""The page's template (``dashboard.html`` beside this module)."""


def _href(result: Result) -> str:
    return f"{REPORTS}/{report_name(result.submission)}"


def _name(result: Result) -> str:
    return Path(result.submission).name


def _codes(result: Result) -> list[str]:
    """The diagnostic codes of a result, each once."""
    return sorted({code for test in result.tests for code in test.diagnostics})


def _bars(results: Sequence[Result], total: float) -> list[dict]:
    """One bar per whole point from 0 to ``total`` (a score counts in the bar of its floor)."""
    counts = Counter(min(int(r.score), int(total)) for r in results)
    top = max(counts.values(), default=1)
    return [{"label": p, "count": counts[p], "height": round(120 * counts[p] / top)} for p in range(int(total) + 1)]


def page(lesson: Lesson, results: Sequence[Result]) -> str:
    """The dashboard's HTML for ``results`` (one per submission)."""
    count = len(results)
    questions = []
    for question in lesson.questions:
        scores = [t.score for r in results for t in r.tests if t.name == question.name]
        full = sum(1 for s in scores if s >= question.points)
        mean = sum(scores) / len(scores) if scores else 0.0
        rate = f"{100 * full / len(scores):.0f}%" if scores else "-"
        questions.append(
            {"name": question.name, "points": f"{question.points:g}", "mean": f"{mean:.2f}", "pass_rate": rate}
        )
    codes: Counter[str] = Counter()
    examples: dict[str, list[Result]] = {}
    for result in results:
        for code in _codes(result):
            codes[code] += 1
            examples.setdefault(code, []).append(result)
    diagnostics = [
        {"code": code, "count": n, "examples": [(_name(r), _href(r)) for r in examples[code][:EXAMPLES_PER_CODE]]}
        for code, n in codes.most_common()
    ]
    problems = [
        {"name": _name(r), "href": _href(r), "status": r.status.value, "reason": r.reason}
        for r in results
        if r.status is not Status.GRADED
    ]
    slowest = [
        {"name": _name(r), "href": _href(r), "seconds": f"{r.duration_s:.1f}"}
        for r in sorted(results, key=lambda r: r.duration_s, reverse=True)[:SLOWEST]
    ]
    rows = [
        {
            "name": _name(r),
            "href": _href(r),
            "student": r.student or "",
            "status": r.status.value,
            "score": f"{r.score:g}",
            "scores": [f"{next((t.score for t in r.tests if t.name == q.name), 0):g}" for q in lesson.questions],
            "codes": " ".join(_codes(r)),
        }
        for r in sorted(results, key=lambda r: r.submission)
    ]
    return _PAGE.render(
        title=lesson.title,
        count=count,
        mean=f"{sum(r.score for r in results) / count:.2f}" if count else "-",
        total=f"{lesson.total_points:g}",
        statuses=sorted(Counter(r.status.value for r in results).items()),
        bars=_bars(results, lesson.total_points),
        questions=questions,
        diagnostics=diagnostics,
        problems=problems,
        slowest=slowest,
        rows=rows,
    )


def write_dashboard(path: Path, lesson: Lesson, results: Sequence[Result]) -> None:
    """Write the dashboard to ``path``, replacing the previous one in one step."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(page(lesson, results), encoding="utf-8", errors="backslashreplace")
    temporary.replace(path)
