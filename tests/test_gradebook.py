"""The gradebook keeps every result, reuses unchanged ones, and never stores the secret."""

from autograder import __version__
from autograder.engine.gradebook import Gradebook
from autograder.fingerprint import code_digest, grader_version


def _result(submission: str, sha: str, score: float, status: str = "graded", student: str | None = "s1") -> dict:
    return {
        "submission": submission,
        "student": student,
        "sha256": sha,
        "status": status,
        "score": score,
        "max_score": 10.0,
    }


def test_results_are_reused_only_for_same_content_student_version_and_secret(tmp_path):
    book = Gradebook(tmp_path / "g.sqlite", "1.0", "secret")
    book.record(_result("a.ipynb", "h1", 7.0))
    assert book.cached("h1", "s1")["score"] == 7.0
    assert book.cached("h2", "s1") is None
    assert book.cached("h1", "other") is None
    book.close()
    assert Gradebook(tmp_path / "g.sqlite", "1.1", "secret").cached("h1", "s1") is None
    assert Gradebook(tmp_path / "g.sqlite", "1.0", "another").cached("h1", "s1") is None


def test_regrades_keep_history_and_timeouts_are_not_reused(tmp_path):
    book = Gradebook(tmp_path / "g.sqlite", "1.0", "secret")
    book.record(_result("a.ipynb", "h1", 7.0))
    book.record(_result("a.ipynb", "h1", 0.0, status="timeout"))
    assert [r["score"] for r in book.history("a.ipynb")] == [7.0, 0.0]
    assert book.cached("h1", "s1") is None, "a timeout may be the machine's fault: grade again"


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
    assert grader_version().startswith(f"{__version__}+") and len(grader_version().split("+")[1]) == 12
