"""The class dashboard (``DIR/index.html``): parsed as HTML and checked for what an instructor reads,
that no request can leave the page, and that student-derived text stays text."""

from html_page import Page

from autograder.dashboard import page, write_dashboard
from autograder.engine.result import QuestionResult, Result, Status
from autograder.report import REPORTS, report_name
from corpus import LESSON

HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


def _result(name: str, student: str | None, scores: dict[str, float], status=Status.GRADED, reason="") -> Result:
    tests = tuple(
        QuestionResult(
            q.name, scores.get(q.name, q.points), q.points, () if q.name not in scores else ("code-" + q.name,), "m"
        )
        for q in LESSON.questions
    )
    total = sum(t.score for t in tests)
    return Result(name, student, "0" * 64, status, reason, total, LESSON.total_points, 1, tests, LESSON.name, "v", 2.5)


RESULTS = [
    _result("in/full.ipynb", "1", {}),
    _result("in/loss.ipynb", "2", {"mseloss": 1.0}),
    _result(f"in/{HOSTILE}.ipynb", HOSTILE, {"mseloss": 0.0, "linear_model": 0.0}),
    _result("in/slow.ipynb", None, {q.name: 0.0 for q in LESSON.questions}, Status.TIMEOUT, f"stopped {HOSTILE}"),
]


def test_the_dashboard_shows_the_class_and_links_every_report(tmp_path):
    write_dashboard(tmp_path / "index.html", LESSON, RESULTS)
    parsed = Page()
    parsed.feed((tmp_path / "index.html").read_text())
    tables = parsed.tables
    assert dict((row[0], row[1]) for row in tables["statuses"][1:]) == {"graded": "3", "timeout": "1"}
    questions = {row[0]: row for row in tables["questions"][1:]}
    assert list(questions) == [q.name for q in LESSON.questions]
    assert questions["mseloss"][3] == "25%"  # one of four kept its 2 points
    diagnostics = {row[0]: row[1] for row in tables["diagnostics"][1:]}
    assert diagnostics["code-mseloss"] == "3" and diagnostics["code-linear_model"] == "2"
    assert len(tables["submissions"]) == 1 + len(RESULTS) and len(tables["problems"]) == 2
    links = {attrs["href"] for tag, attrs in parsed.tags if tag == "a"}
    assert links == {f"{REPORTS}/{report_name(r.submission)}" for r in RESULTS}


def test_no_request_leaves_the_page_and_student_text_stays_text():
    html = page(LESSON, RESULTS)
    parsed = Page()
    parsed.feed(html)
    assert not [t for t, _ in parsed.tags if t in ("img", "iframe", "link", "object", "embed")]
    assert all(not attrs.get("src") for _, attrs in parsed.tags)
    assert all(not attrs.get("href", "").startswith(("http", "//", "javascript")) for _, attrs in parsed.tags)
    assert len(parsed.scripts) == 1 and "alert" not in parsed.scripts[0]  # only the table's own script
    assert "default-src 'none'" in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_an_empty_batch_still_writes_a_page(tmp_path):
    write_dashboard(tmp_path / "index.html", LESSON, [])
    assert "0 submissions" in (tmp_path / "index.html").read_text()
