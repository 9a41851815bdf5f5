"""The gradebook keeps every grading, reuses unchanged results without adding rows, and never stores the secret."""

import json
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import replace

from autograder import __version__
from autograder.checks import Verdict
from autograder.engine import batch
from autograder.engine.gradebook import Gradebook
from autograder.engine.inputs import discover
from autograder.engine.judge import Outcome
from autograder.engine.result import QuestionResult, Result, Status
from autograder.fingerprint import code_digest, grader_version
from autograder.seeds import derive_seed
from corpus import LESSON, STUDENT_NOTEBOOK


def _result(submission: str, sha: str, score: float, status: Status = Status.GRADED, student: str | None = "s1"):
    return Result(submission, student, sha, status, "", score, 10.0, 1, (), LESSON.name, "1.0")


def _rows(path) -> list[tuple]:
    """(submission, current, reused_from) of every row, in the order they were added."""
    with sqlite3.connect(path) as db:
        return db.execute("SELECT submission, current, reused_from FROM results ORDER BY id").fetchall()


def test_results_are_reused_only_for_same_content_student_version_and_secret(tmp_path):
    book = Gradebook(tmp_path / "g.sqlite", "1.0", "secret")
    book.record(_result("a.ipynb", "h1", 7.0))
    assert book.cached("h1", "s1", "a.ipynb").result == _result("a.ipynb", "h1", 7.0)
    assert book.cached("h2", "s1", "a.ipynb") is None
    assert book.cached("h1", "other", "a.ipynb") is None
    book.close()
    assert Gradebook(tmp_path / "g.sqlite", "1.1", "secret").cached("h1", "s1", "a.ipynb") is None
    assert Gradebook(tmp_path / "g.sqlite", "1.0", "another").cached("h1", "s1", "a.ipynb") is None


def test_regrades_keep_history_and_timeouts_are_not_reused(tmp_path):
    book = Gradebook(tmp_path / "g.sqlite", "1.0", "secret")
    book.record(_result("a.ipynb", "h1", 7.0))
    book.record(_result("a.ipynb", "h1", 0.0, status=Status.TIMEOUT))
    assert [r.score for r in book.history("a.ipynb")] == [7.0, 0.0]
    assert book.cached("h1", "s1", "a.ipynb") is None, "a timeout may be the machine's fault: grade again"


def test_a_reuse_adds_no_row_where_the_grade_was_found_and_one_marked_row_for_a_new_path(tmp_path):
    """A reused result was stored again as a new row, as if regraded: every rerun grew the history."""
    path = tmp_path / "g.sqlite"
    book = Gradebook(path, "1.0", "secret")
    book.record(_result("a.ipynb", "h1", 7.0))
    stored = book.cached("h1", "s1", "a.ipynb")
    book.reuse(stored, stored.result)
    assert _rows(path) == [("a.ipynb", 1, None)]
    moved = book.cached("h1", "s1", "renamed/a.ipynb")
    book.reuse(moved, replace(moved.result, submission="renamed/a.ipynb"))
    assert _rows(path) == [("a.ipynb", 1, None), ("renamed/a.ipynb", 1, 1)]
    assert book.history("renamed/a.ipynb") == [_result("renamed/a.ipynb", "h1", 7.0)]
    for submission in ("a.ipynb", "renamed/a.ipynb"):  # the next run: each path finds its own row
        stored = book.cached("h1", "s1", submission)
        assert stored.result.submission == submission
        book.reuse(stored, stored.result)
    copied = book.cached("h1", "s1", "copy/a.ipynb")
    book.reuse(copied, replace(copied.result, submission="copy/a.ipynb"))
    assert _rows(path)[-1] == ("copy/a.ipynb", 1, 1), "a reuse names the grading, not another reuse"
    with sqlite3.connect(path) as db:
        assert len({t for (t,) in db.execute("SELECT graded_at FROM results")}) == 1, "a reuse keeps its time"


def test_a_gradebook_from_before_reuses_were_kept_still_opens(tmp_path):
    path = tmp_path / "g.sqlite"
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE results (id INTEGER PRIMARY KEY AUTOINCREMENT, submission TEXT NOT NULL, student TEXT,"
            " sha256 TEXT NOT NULL, grader_version TEXT NOT NULL, secret_id TEXT NOT NULL, status TEXT NOT NULL,"
            " score REAL NOT NULL, max_score REAL NOT NULL, record TEXT NOT NULL, graded_at REAL NOT NULL,"
            " current INTEGER NOT NULL DEFAULT 1)"
        )
    book = Gradebook(path, "1.0", "secret")
    book.record(_result("a.ipynb", "h1", 7.0))
    stored = book.cached("h1", "s1", "b.ipynb")
    book.reuse(stored, replace(stored.result, submission="b.ipynb"))
    assert _rows(path) == [("a.ipynb", 1, None), ("b.ipynb", 1, 1)]


def test_a_batch_rerun_reuses_without_new_rows(tmp_path):
    """Through ``batch.grade``: a rerun reuses every result and the gradebook keeps one row per grading;
    a file moved to another folder gets one row, marked as a reuse."""
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.ipynb").write_text("not a notebook")
    options = batch.Options(tmp_path / "out", "secret", LESSON, workers=1, progress=False)
    first = batch.grade([inbox], options)
    again = batch.grade([inbox], options)
    assert (first.reused, again.reused) == (0, 1)
    assert again.results == first.results
    book = tmp_path / "out" / "gradebook.sqlite"
    assert _rows(book) == [(str(inbox / "a.ipynb"), 1, None)]
    (inbox / "moved").mkdir()
    (inbox / "a.ipynb").rename(inbox / "moved" / "a.ipynb")
    moved = batch.grade([inbox], options)
    assert moved.reused == 1 and moved.results[0].submission == str(inbox / "moved" / "a.ipynb")
    assert _rows(book) == [(str(inbox / "a.ipynb"), 1, None), (str(inbox / "moved" / "a.ipynb"), 1, 1)]


def test_secret_is_not_stored(tmp_path):
    book = Gradebook(tmp_path / "g.sqlite", "1.0", "very-secret-value")
    book.record(_result("a.ipynb", "h1", 7.0))
    book.close()
    assert b"very-secret-value" not in (tmp_path / "g.sqlite").read_bytes()


def test_grader_version_changes_with_the_grading_code(tmp_path):
    (tmp_path / "checks").mkdir()
    check, reference = tmp_path / "checks" / "loss.py", tmp_path / "reference.py"
    check.write_text("TOLERANCE = 0.25\n")
    reference.write_text("def mseloss(): ...\n")
    before = code_digest([check, reference], tmp_path)
    assert code_digest([check, reference], tmp_path) == before
    check.write_text("TOLERANCE = 0.5\n")
    assert code_digest([check, reference], tmp_path) != before
    version = grader_version(LESSON)
    assert version.startswith(f"{__version__}+linear_models.") and len(version.split(".")[-1]) == 12


NOTHING_TO_DO = """
import json, sys
import multiprocessing.forkserver as forkserver
from autograder.cli import main
status = main(sys.argv[1:])
started = forkserver._forkserver._forkserver_pid is not None
print(json.dumps({"status": status, "jax": "jax" in sys.modules, "template": started}))
"""


def test_a_batch_whose_every_result_is_stored_starts_no_worker_and_imports_no_jax(tmp_path):
    """Regrading an unchanged batch does no grading, so it must not pay for the workers' template or
    for importing jax (seconds, most of the command's time when every result is reused)."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    out.mkdir()
    for student in ("alice", "bob"):
        shutil.copy(STUDENT_NOTEBOOK, inbox / f"{student}.ipynb")
    book = Gradebook(out / "gradebook.sqlite", grader_version(LESSON), "secret")
    tests = tuple(QuestionResult(q.name, 0.0, q.points, (), "") for q in LESSON.questions)
    for sub in discover([inbox]):
        seed = derive_seed("secret", sub.student or sub.sha256)
        book.record(replace(_result(sub.path, sub.sha256, 0.0, student=sub.student), seed=seed, tests=tests))
    book.close()
    command = ["grade", str(inbox), "--out", str(out), "--secret", "secret", "--quiet"]
    done = subprocess.run([sys.executable, "-c", NOTHING_TO_DO, *command], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report == {"status": 0, "jax": False, "template": False}, done.stdout
    assert "2 reused" in done.stdout


def test_exact_regrades_results_graded_compiled_and_reuses_the_others(tmp_path, monkeypatch):
    """``--exact`` is asked for when compiled grading is in doubt: a result graded compiled is graded
    again, one graded exactly is reused, and a later ordinary run reuses the exact one."""
    modes = []

    def grade_notebook(lesson, content, seed, limits, slot, hide, accelerate, compiled=None):  # the sandbox's part
        modes.append(accelerate)
        full = [Verdict(q.name, q.points, ()) for q in lesson.questions]
        return Outcome(Status.GRADED, "", full, acceleration={"on": accelerate})

    monkeypatch.setattr(batch, "grade_notebook", grade_notebook)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.ipynb").write_text("{}")
    for exact in (False, False, True, True, False):
        options = batch.Options(tmp_path / "out", "secret", LESSON, workers=1, progress=False, exact=exact)
        batch.grade([inbox], options)
    assert modes == [True, False]
    (line,) = (tmp_path / "out" / "results.jsonl").read_text().splitlines()
    assert json.loads(line)["acceleration"] == {"on": False}


def test_the_summary_says_how_many_were_graded_compiled_and_how_many_fell_back():
    graded = [
        replace(_result(f"{name}.ipynb", name, 10.0), acceleration=acceleration)
        for name, acceleration in (("a", {"on": True, "fallbacks": 0}), ("b", {"on": True, "fallbacks": 2}), ("c", {}))
    ]
    text = batch.summary_table(batch.Summary(graded, reused=0, interrupted=False, elapsed_s=1.0))
    assert "2 graded with compiled gradients (1 ran some functions as written" in text
    exact = [replace(r, acceleration={"on": False}) for r in graded]
    assert "compiled" not in batch.summary_table(batch.Summary(exact, reused=0, interrupted=False, elapsed_s=1.0))


def test_the_summary_says_when_workers_ran_with_less_isolation():
    full = {"namespaces": ["net", "mount", "pid", "ipc"], "landlock": 7, "notes": []}
    weak = {"namespaces": ["user", "net"], "landlock": 0, "notes": ["unshare(...) failed"]}
    results = [
        replace(_result(f"{name}.ipynb", name, 10.0), isolation=isolation)
        for name, isolation in (("a", full), ("b", weak), ("c", weak), ("invalid", {}))
    ]
    text = batch.summary_table(batch.Summary(results, reused=0, interrupted=False, elapsed_s=1.0))
    assert "2 without private mounts, 2 without a PID namespace, 2 without the file allowlist" in text
    assert "without a network namespace" not in text
    confined = batch.summary_table(batch.Summary(results[:1] + results[3:], reused=0, interrupted=False, elapsed_s=1.0))
    assert "sandbox" not in confined
