"""The student's report (``DIR/reports/<name>.html``) and the numbers it draws (``checks.picture``):
what the notebook's run is read as, what the page shows, that it stays self-contained, and that
student-derived text and numbers can neither break it nor change a grade."""

import dataclasses
import json
import math

import numpy as np
import pytest
from html_page import Page

import solutions.linear_models.reference as reference
from autograder import report
from autograder.checks.picture import MAX_POINTS, Picture, gather, thin
from autograder.engine.result import QuestionResult, Result, Status
from autograder.reference_run import reference_run
from corpus import LESSON

HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
X, Y = (np.asarray(a, np.float32) for a in reference.make_data(reference.NOTEBOOK_SEED))
POINT = (0.3, 0.5)


def _namespace(**changes) -> dict:
    """A notebook's globals after its run, answered with the reference (``changes`` replace some)."""
    theta = {"w": np.float32(1.97), "b": np.float32(19.99)}
    found = {
        name: getattr(reference, name)
        for name in ("linear_model", "initialize_linear_params", "mseloss", "dmseloss", "model_optimization_loop")
    }
    losses = [np.float32(400.0 / (step + 1)) for step in range(3000)]
    return {**found, "x": X, "y": Y, "theta": theta, "losses": losses, **changes}


def _picture(**changes) -> Picture:
    sub = LESSON.local_submission(_namespace(**changes))
    return gather(sub, LESSON.hidden_context(7), POINT)


def _result(picture: Picture | None, scores: dict[str, float] | None = None, **fields) -> Result:
    scores = scores or {}
    tests = tuple(
        QuestionResult(q.name, scores.get(q.name, q.points), q.points, (), f"message for {q.name}")
        for q in LESSON.questions
    )
    total = sum(t.score for t in tests)
    values = dict(submission="in/alice.ipynb", student="7", status=Status.GRADED, reason="")
    values.update(fields)
    return Result(
        values["submission"],
        values["student"],
        "0" * 64,
        values["status"],
        values["reason"],
        total,
        LESSON.total_points,
        1,
        tests,
        LESSON.name,
        "v",
        picture=picture,
    )


def _parsed(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


def test_thinning_keeps_the_ends_and_at_most_max_points():
    steps, losses = thin(np.arange(3000.0))
    assert len(steps) == MAX_POINTS and steps[0] == 1 and steps[-1] == 3000 and losses[-1] == 2999.0
    assert thin(np.array([1.0, np.nan, np.inf])) == ((1, 2, 3), (1.0, None, None))
    assert thin(np.array([])) == ((), ())


def test_the_notebooks_run_is_read_as_numbers():
    picture = _picture()
    assert picture.recorded == 3000 and len(picture.steps) == MAX_POINTS and picture.losses[0] == 400.0
    assert picture.wb == pytest.approx((1.97, 19.99))
    want = np.asarray(reference.dmseloss({"w": 0.3, "b": 0.5}, reference.linear_model, X, Y)["w"])
    assert picture.gradient[0] == pytest.approx(float(want), rel=1e-6) and picture.point == POINT


@pytest.mark.parametrize(
    "changes",
    [
        {"losses": "not numbers", "theta": [1.0, 2.0, 3.0]},
        {"losses": None, "theta": HOSTILE},
        {"dmseloss": lambda *a: (_ for _ in ()).throw(RuntimeError(HOSTILE))},
        {"linear_model": lambda theta, x: 1 / 0, "initialize_linear_params": lambda: 1 / 0},
    ],
    ids=["wrong-shapes", "text", "gradient-raises", "everything-raises"],
)
def test_what_the_notebook_lacks_is_left_out_never_raised(changes):
    picture = _picture(**changes)
    record = json.loads(json.dumps(picture.to_record(), allow_nan=False))
    assert Picture.from_record(record) == picture
    if "losses" in changes:
        assert picture.recorded == 0 and picture.wb is None
    if "dmseloss" in changes or "linear_model" in changes:
        assert picture.gradient is None


def test_records_round_trip_and_malformed_ones_read_as_none():
    picture = Picture((1, 2), (3.0, None), 2, (1.0, None), (0.5, -0.5), (0.3, 0.5))
    result = _result(picture)
    assert Result.from_json(result.to_json()).picture == picture
    for bad in ("x", {"steps": [1], "losses": []}, {"steps": ["a"], "losses": [1]}, {"wb": [1]}, {"point": "ab"}):
        assert Picture.from_record(bad) is None
    assert Picture.from_record({"losses": [1e999], "steps": [1]}).losses == (None,)


@pytest.fixture(scope="module")
def run():
    return reference_run(LESSON)


def test_the_reference_run_is_the_lessons(run):
    assert run.truth == (2.0, 20.0) and run.point == POINT
    assert run.wb == pytest.approx((2.0, 20.0), abs=0.1) and run.steps[-1] == 3000
    assert run.losses[0] > run.losses[-1] > 0
    assert run.curve((2.0, 20.0))[0] == pytest.approx(2.0 * float(X.min()) + 20.0, rel=1e-5)


def test_a_report_shows_scores_advice_and_pictures(run, tmp_path):
    result = _result(_picture(), {"dmseloss": 0.0})
    html = report.write_report(tmp_path, LESSON, result).read_text()
    parsed = _parsed(html)
    lost = LESSON.question("dmseloss").points
    assert f"{LESSON.total_points - lost:g} / {LESSON.total_points:g} points." in html
    rows = {row[0]: [cell.strip() for cell in row] for row in parsed.tables["questions"][1:]}
    assert list(rows) == [q.name for q in LESSON.questions]
    assert rows["dmseloss"][1:] == [f"0 / {lost:g}", f"{lost:g} points lost: see below"]
    assert rows["mseloss"][2] == "message for mseloss"
    assert (
        "message for dmseloss" in html.split('id="next"')[1] and "message for mseloss" not in html.split('id="next"')[1]
    )
    images = [attrs for tag, attrs in parsed.tags if tag == "img"]
    assert {i["id"] for i in images} == {"loss-plot", "fit-plot"}
    assert all(i["src"].startswith("data:image/svg+xml;base64,") for i in images)
    assert parsed.tables["parameters"][3][1:] == ["2", "20"]  # the truth
    assert "Yours matches the expected gradient." in html


def test_a_report_is_self_contained_and_shows_student_text_as_text(run, tmp_path):
    result = _result(_picture(), {"mseloss": 0.0}, submission=f"in/{HOSTILE}.ipynb", student=HOSTILE, reason=HOSTILE)
    result = dataclasses.replace(
        result, tests=tuple(dataclasses.replace(t, message=HOSTILE, notes=(HOSTILE,)) for t in result.tests)
    )
    html = report.page(LESSON, result, report.drawing(LESSON, result))
    parsed = _parsed(html)
    assert not parsed.scripts
    assert {tag for tag, _ in parsed.tags} <= {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "h1",
        "h2",
        "h3",
        "p",
        "strong",
        "table",
        "tr",
        "th",
        "td",
        "code",
        "img",
        "ul",
        "li",
    }
    assert all(attrs.get("src", "data:").startswith("data:") for _, attrs in parsed.tags)
    assert not [attrs for _, attrs in parsed.tags if "href" in attrs or any(k.startswith("on") for k in attrs)]
    assert "default-src 'none'" in html and "&lt;script&gt;alert(2)&lt;/script&gt;" in html


def test_a_gradient_of_a_charged_loss_is_said_to_differ_for_that_reason(run, tmp_path):
    picture = _picture(dmseloss=lambda theta, model, x, y: {"w": 1.0, "b": 1.0})
    assert picture.gradient == (1.0, 1.0)
    html = report.page(
        LESSON, _result(picture, {"mseloss": 0.0}), report.drawing(LESSON, _result(picture, {"mseloss": 0.0}))
    )
    assert "it is the gradient of your own loss, whose mistake is counted above" in html
    html = report.page(LESSON, _result(picture), report.drawing(LESSON, _result(picture)))
    assert "Yours differs from the expected gradient." in html


def test_code_in_messages_is_set_as_code_and_still_escaped():
    assert report.segments("`loop` diverges: use `<b>`") == [("loop", True), (" diverges: use ", False), ("<b>", True)]
    assert report.segments("a ` b") == [("a ` b", False)]
    question = QuestionResult("mseloss", 0.0, 2.0, ("x",), "`mseloss` sums: use `<script>`")
    html = report.page(LESSON, dataclasses.replace(_result(None), tests=(question,)), None)
    assert "<code>mseloss</code> sums: use <code>&lt;script&gt;</code>" in html


def test_numbers_nothing_can_draw_leave_the_grade_and_the_rest_of_the_report(tmp_path):
    wild = Picture((1, 2), (math.nextafter(math.inf, 0), 1e-300), 2, (1e38, -1e38), (1e38, None), POINT)
    path = report.write_report(tmp_path, LESSON, _result(wild))
    assert "10 / 10 points." in path.read_text()


def test_a_report_survives_a_drawing_that_fails(tmp_path, monkeypatch):
    def broken(*_):
        raise OverflowError("cannot draw")

    monkeypatch.setattr(report, "_fit_plot", broken)
    html = report.write_report(tmp_path, LESSON, _result(_picture())).read_text()
    assert "10 / 10 points." in html and 'id="no-run"' in html and "<img" not in html


def test_a_stopped_notebook_gets_a_report_without_pictures_and_stored_ones_are_kept(tmp_path):
    stopped = _result(None, {q.name: 0.0 for q in LESSON.questions}, status=Status.TIMEOUT, reason="stopped")
    path = report.write_report(tmp_path, LESSON, stopped)
    html = path.read_text()
    assert "0 / 10 points." in html and "did not run far enough" in html and "<img" not in html
    path.write_text("kept")
    report.write_report(tmp_path, LESSON, stopped, replace=False)
    assert path.read_text() == "kept"
