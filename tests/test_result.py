"""The results.jsonl record as a typed ``Result``: it reads back as written, strict JSON, and what a
finding measured (hidden values, for instructors) reaches results.jsonl but never the feedback file."""

import json
import math

import jax.numpy as jnp
import pytest

import solutions.linear_models.reference as ref
from autograder.checks import Finding, Verdict
from autograder.engine import batch
from autograder.engine.judge import Outcome
from autograder.engine.outputs import feedback_markdown, write_grades_csv
from autograder.engine.result import FindingRecord, QuestionResult, Result, Status
from corpus import LESSON

SEED = 424242
NOTE = "dmseloss fails only because mseloss does, which costs points in mseloss alone."


def _namespace(**overrides) -> dict:
    """The reference notebook's names, with some replaced by a student's."""
    namespace = {name: getattr(ref, name) for name in dir(ref)}
    namespace["x"], namespace["y"] = ref.make_data(ref.NOTEBOOK_SEED)
    return namespace | overrides


def _rmse(theta, model, x, y):
    return jnp.sqrt(jnp.mean((model(theta, x) - y) ** 2))


def _column_model(theta, x):
    return (theta["w"] * x + theta["b"])[:, None]


def _verdicts() -> list[Verdict]:
    """Hidden verdicts with measured values (an RMSE loss, a model returning a column) and a note."""
    ctx = LESSON.hidden_context(SEED)
    judged = []
    for name, overrides in (("linear_model", {"linear_model": _column_model}), ("mseloss", {"mseloss": _rmse})):
        judged.append(LESSON.question(name).judge(LESSON.local_submission(_namespace(**overrides)), ctx))
    return [*judged, Verdict("dmseloss", 2.0, (), (NOTE,))]


def _shown(value: float | str) -> list[str]:
    """How a measured value could read in a text."""
    if isinstance(value, str):
        return [value]
    return [repr(value), f"{value:.4g}", f"{value:.3g}", f"{value:.2f}"]


def _result() -> Result:
    finding = FindingRecord("loss-rmse", 1.0, {"expected": 2.5, "got": "nan", "where": "w = 1.5"})
    test = QuestionResult("mseloss", 1.0, 2.0, ("loss-rmse",), "`mseloss` takes a square root.", (NOTE,), (finding,))
    return Result(
        submission="folder/caf\\xe9.ipynb",
        student=None,
        sha256="a" * 64,
        status=Status.MEMORY_LIMIT,
        reason="a cell ran out of memory",
        score=1.0,
        max_score=10.0,
        seed=7,
        tests=(test,),
        lesson=LESSON.name,
        grader_version="1.0+linear_models.abc",
        duration_s=1.25,
        notebook_s=0.5,
        calls_s=0.25,
        peak_rss_mb=300.5,
        private_mb=12.0,
        cell_errors=((3, "MemoryError"),),
        isolation={"namespaces": ["net", "pid"], "uid": 1000, "masked": [], "notes": []},
    )


def test_a_record_reads_back_as_written():
    result = _result()
    line = result.to_json()
    record = json.loads(line, parse_constant=pytest.fail)
    assert Result.from_record(record) == result
    assert Result.from_record(record).to_record() == record
    assert Result.from_json(line).to_json() == line
    assert record["status"] == "memory-limit" and type(record["status"]) is str


def test_every_status_is_written_as_the_contract_says(tmp_path):
    assert [s.value for s in Status] == ["graded", "timeout", "memory-limit", "crashed", "invalid"]
    assert Status.INVALID.diagnostic == "invalid-notebook" and Status.TIMEOUT.diagnostic == "timeout"
    write_grades_csv(tmp_path / "grades.csv", [_result()], [("mseloss", 2.0)])
    assert (tmp_path / "grades.csv").read_text().splitlines()[-1].endswith(",memory-limit")


def test_a_record_that_is_not_strict_json_is_refused():
    line = _result().to_json().replace('"duration_s": 1.25', '"duration_s": NaN')
    with pytest.raises(ValueError):
        Result.from_json(line)
    with pytest.raises(ValueError):
        Result.from_record({**_result().to_record(), "status": "finished"})


def test_measured_values_are_plain_and_strict():
    finding = Finding("loss-rmse", 1.0, "text").with_measured(got=math.inf, expected=jnp.float32(2.5), shape=(3, 1))
    assert finding.measured == {"got": "inf", "expected": 2.5, "shape": "(3, 1)"}
    assert finding == Finding("loss-rmse", 1.0, "text"), "what was measured is not part of the mistake"


def test_notes_and_measured_values_reach_results_jsonl_but_never_the_feedback(tmp_path, monkeypatch):
    verdicts = _verdicts()
    measured = {f.code: f.measured for v in verdicts for f in v.findings}
    assert {"expected", "got"} <= set(measured["loss-rmse"])
    assert measured["model-wrong-shape"]["shape_got"] == f"({LESSON.hidden_context(SEED).cases.x.size}, 1)"

    def grade_notebook(lesson, content, seed, limits, slot, hide, accelerate, compiled=None):  # done above
        return Outcome(Status.GRADED, "", verdicts)

    monkeypatch.setattr(batch, "grade_notebook", grade_notebook)
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.ipynb").write_text("{}")
    out = tmp_path / "out"
    batch.grade([inbox], batch.Options(out, "secret", LESSON, workers=1, progress=False))
    (line,) = (out / "results.jsonl").read_text().splitlines()
    tests = {t["name"]: t for t in json.loads(line)["tests"]}
    assert tests["dmseloss"]["notes"] == [NOTE] and tests["dmseloss"]["findings"] == []
    assert tests["mseloss"]["findings"] == [{"code": "loss-rmse", "cost": 1.0, "measured": measured["loss-rmse"]}]
    assert tests["linear_model"]["findings"][0]["measured"] == measured["model-wrong-shape"]
    (feedback,) = (out / "feedback").iterdir()
    text = feedback.read_text()
    assert "dmseloss fails only because mseloss does" in text
    hidden = [value for values in measured.values() for value in values.values() if isinstance(value, float)]
    assert hidden and not [shown for value in hidden for shown in _shown(value) if shown in text]
    assert feedback_markdown(Result.from_json(line)) == text
