"""What a batch writes: escaped for each format, unique per submission, strict JSON, nothing lost."""

import csv
import json
import math
from dataclasses import replace

import pytest
from markdown_it import MarkdownIt

from autograder import escape
from autograder.engine.outputs import ResultsLog, feedback_markdown, feedback_name, write_grades_csv
from autograder.engine.result import QuestionResult, Result, Status
from corpus import LESSON

HOSTILE = [
    "x\r# Feedback: forged\r**10 / 10 points.**",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1)) ![x](http://evil.example/p.png)",
    "a | b | c",
    "`code` then `<img src=x onerror=alert(2)>` then `unclosed",
    "\u202eexe.txt caf\udce9 \x00 \\x0d",
]


def _result(submission: str, message: str, student: str | None = None) -> Result:
    test = QuestionResult("linear_model", 0.0, 2.0, ("exception",), message)
    return Result(submission, student, "0" * 64, Status.GRADED, message, 0.0, 10.0, 1, (test,), LESSON.name, "v")


@pytest.mark.parametrize("text", HOSTILE)
def test_feedback_shows_student_text_but_never_renders_it(text):
    """A bare ``\\r`` forged a heading and a "10 / 10 points" line; raw ``<script>`` and ``<img
    onerror>`` came through file names and type names."""
    markdown = feedback_markdown(_result(f"folder/{text}.ipynb", f"`linear_model` raised {text}"))
    markdown.encode("utf-8")
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    assert html.count("<h1>") == 1 and "<h2>" not in html
    assert html.count("<strong>") == 1  # only the grader's own score line
    for tag in ("<script", "<img", "<a ", "<table><tr"):
        assert tag not in html
    assert html.count("<td>") == 3  # the student's "|" did not add cells
    assert "\r" not in markdown and "\x00" not in markdown


def test_markdown_keeps_the_grader_code_spans():
    assert escape.markdown("`linear_model` ignores the bias.") == "`linear_model` ignores the bias\\."


def test_feedback_names_are_unique_per_path():
    names = {feedback_name(p) for p in ("hw 1.ipynb", "hw~1.ipynb", "hw_1.ipynb", "a/hw 1.ipynb", "caf\\xe9.ipynb")}
    assert len(names) == 5
    assert all(name.endswith(".md") and "/" not in name for name in names)


def test_results_never_hold_nan_or_infinity():
    """Worker-reported costs were written as NaN, which is not JSON."""
    with pytest.raises(ValueError):
        replace(_result("a.ipynb", "m"), peak_rss_mb=math.nan).to_json()
    assert json.loads(_result("caf\\xe9.ipynb", "m").to_json())["submission"] == "caf\\xe9.ipynb"


def test_previous_results_survive_until_a_new_result_exists(tmp_path):
    path = tmp_path / "results.jsonl"
    path.write_text('{"old": 1}\n')
    log = ResultsLog(path)
    log.close()
    assert path.read_text() == '{"old": 1}\n'
    log = ResultsLog(path)
    log.write('{"new": 1}')
    log.close()
    assert path.read_text() == '{"new": 1}\n'


def test_grades_csv_cells_cannot_start_formulas(tmp_path):
    results = [_result('=HYPERLINK("http://evil").ipynb', "m", student="+cmd|' /C calc'!A0")]
    write_grades_csv(tmp_path / "grades.csv", results, [(q.name, q.points) for q in LESSON.questions])
    rows = list(csv.reader((tmp_path / "grades.csv").open(encoding="utf-8")))
    assert rows[2][0].startswith("'=") and rows[2][1].startswith("'+")


def test_a_result_that_cannot_be_recorded_is_that_submissions_crash(tmp_path, monkeypatch):
    """A feedback write that raised (a lone surrogate once did) ended the batch, for good: the
    record was already stored, so every rerun crashed again. Now it is that submission's
    ``crashed``, the others are recorded, and a rerun grades it again instead of reusing it."""
    from autograder.engine import batch

    inbox = tmp_path / "in"
    inbox.mkdir()
    for name in ("a.ipynb", "b.ipynb"):
        (inbox / name).write_text(f"not a notebook: {name}")
    real = batch.write_feedback

    def failing(folder, result):
        if result.submission.endswith("a.ipynb") and result.status is not Status.CRASHED:
            raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")
        real(folder, result)

    monkeypatch.setattr(batch, "write_feedback", failing)
    options = batch.Options(tmp_path / "out", "secret", LESSON, workers=1, progress=False)
    summary = batch.grade([inbox], options)
    statuses = {r.submission.rsplit("/", 1)[-1]: (r.status, r.reason) for r in summary.results}
    assert statuses["a.ipynb"][0] == "crashed" and "recording" in statuses["a.ipynb"][1]
    assert statuses["b.ipynb"][0] == "invalid"
    lines = (tmp_path / "out" / "results.jsonl").read_text().splitlines()
    assert len(lines) == 2 and all(json.loads(line) for line in lines)
    monkeypatch.setattr(batch, "write_feedback", real)
    again = batch.grade([inbox], options)
    assert again.reused == 1  # b only: a's failed record is not served again
    assert {r.status for r in again.results} == {Status.INVALID}
