"""``autograder export``: Canvas, Moodle and Blackboard CSVs read back with a CSV parser, as the
platforms read them, and checked grade by grade; hostile cells, rosters and results files."""

import csv
import io

import pytest

from autograder import lms_export
from autograder.cli import main
from autograder.engine.result import QuestionResult, Result, Status
from corpus import LESSON

CANVAS_HEADER = "Student,ID,SIS User ID,SIS Login ID,Section,Earlier Quiz (77)\n"
ROSTER = (
    CANVAS_HEADER
    + "    Points Possible,,,,,5.00\n"
    + '"Doe, Jane",101,S101,jdoe,STAT 101,4\n'
    + '"=HYPERLINK(""http://evil""), Eve",102,S102,eve,STAT 101,5\n'
    + '"Smith, Al",103,S103,asmith,STAT 101,\n'
    + '"Login, Only",104,,only.login,STAT 102,\n'
)


def _result(student: str | None, score: float, name: str, status: Status = Status.GRADED) -> Result:
    lost = 10.0 - score
    tests = (
        QuestionResult("linear_model", 2.0, 2.0, (), "ok"),
        QuestionResult("mseloss", 2.0 - min(lost, 2.0), 2.0, ("loss-sum-not-mean",) if lost else (), "msg"),
    )
    return Result(name, student, "0" * 64, status, "", score, 10.0, 1, tests, LESSON.name, "v")


@pytest.fixture
def graded(tmp_path):
    """A grading folder: Jane 8.5, Eve twice (4, then 9), one student off the roster, one file
    without identity, a login-matched student, and a line that is not a result."""
    results = [
        _result("101", 8.5, "canvas/doe_101_1_hw.ipynb"),
        _result("102", 4.0, "canvas/eve_102_2_hw.ipynb"),
        _result("102", 9.0, "canvas/eve_102_3_hw.ipynb"),
        _result("999", 7.0, "canvas/gone_999_4_hw.ipynb"),
        _result(None, 6.0, "loose/hw.ipynb"),
        _result("only.login", 10.0, "canvas/login_5_6_hw.ipynb"),
        _result("=cmd|' /C calc'!A0", 3.0, "canvas/x_7_8_hw.ipynb", Status.TIMEOUT),
    ]
    folder = tmp_path / "out"
    folder.mkdir()
    lines = [r.to_json() for r in results] + ['{"not": "a result"}']
    (folder / "results.jsonl").write_text("\n".join(lines) + "\n")
    (tmp_path / "roster.csv").write_text(ROSTER)
    return folder


def _rows(path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline="")))


def test_canvas_file_has_one_line_per_roster_student_with_the_best_grade(graded, tmp_path):
    output = tmp_path / "canvas.csv"
    report = lms_export.canvas(graded, tmp_path / "roster.csv", "Linear Models (123456)", output)
    rows = _rows(output)
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Linear Models (123456)"]
    assert rows[1] == ["    Points Possible", "", "", "", "", "10.00"]
    grades = {row[1]: row[5] for row in rows[2:]}
    assert grades == {"101": "8.50", "102": "9.00", "103": "", "104": "10.00"}
    assert rows[3][0].startswith("'=HYPERLINK"), rows[3]  # the roster's own cell, escaped too
    assert report.rows == 4
    unplaced = "\n".join(report.unplaced)
    assert "999" in unplaced and "loose/hw.ipynb" in unplaced and "calc" in unplaced
    assert any("102: 2 results, the highest (9)" in note for note in report.notes), report.notes
    assert any("line 8 is not a result" in note for note in report.notes), report.notes


def test_canvas_missing_zero_gives_students_without_a_result_zero(graded, tmp_path):
    output = tmp_path / "canvas.csv"
    lms_export.canvas(graded, tmp_path / "roster.csv", "Linear Models (123456)", output, missing_zero=True)
    assert {row[1]: row[5] for row in _rows(output)[2:]}["103"] == "0.00"


def test_moodle_file_has_identity_grade_and_feedback_escaped(graded, tmp_path):
    output = tmp_path / "moodle.csv"
    report = lms_export.moodle(graded, "Optimizing Linear Models", output)
    rows = _rows(output)
    assert rows[0] == ["Identity", "Optimizing Linear Models", "Feedback"]
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id["101"][1] == "8.50" and "mseloss: loss-sum-not-mean" in by_id["101"][2]
    assert by_id["102"][1] == "9.00"
    hostile = [row for row in rows[1:] if "calc" in row[0]]
    assert hostile and hostile[0][0].startswith("'="), hostile
    assert "(timeout)" in hostile[0][2]
    assert report.rows == 5 and len(report.unplaced) == 1


def test_blackboard_file_quotes_every_value_and_names_the_column(graded, tmp_path):
    output = tmp_path / "bb.csv"
    lms_export.blackboard(graded, "Optimizing Linear Models", output, column_id="_123_1")
    text = output.read_bytes().decode("utf-8")  # as written: CRLF line ends
    assert text.startswith('"Username","Optimizing Linear Models [Total Pts: 10 Score] |_123_1"\r\n'), text
    assert '"101","8.50"\r\n' in text
    assert {row[0]: row[1] for row in _rows(output)[1:]}["only.login"] == "10.00"


def test_inputs_it_cannot_use_are_one_clear_error(graded, tmp_path):
    with pytest.raises(lms_export.ExportError, match="grade the submissions first"):
        lms_export.moodle(tmp_path / "nowhere", "", tmp_path / "m.csv")
    (tmp_path / "bad-roster.csv").write_text("Name,Email\nA,a@b\n")
    with pytest.raises(lms_export.ExportError, match="not a Canvas gradebook export"):
        lms_export.canvas(graded, tmp_path / "bad-roster.csv", "A (1)", tmp_path / "c.csv")
    with pytest.raises(lms_export.ExportError, match="cannot write"):
        lms_export.moodle(graded, "", tmp_path / "missing-folder" / "m.csv")
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    other = Result("b", "2", "0" * 64, Status.GRADED, "", 1.0, 12.0, 1, (), "logistic_regression", "v")
    (mixed / "results.jsonl").write_text(_result("1", 1.0, "a").to_json() + "\n" + other.to_json() + "\n")
    with pytest.raises(lms_export.ExportError, match="more than one lesson"):
        lms_export.moodle(mixed, "", tmp_path / "m.csv")


def test_command_line_writes_the_file_and_reports_what_it_could_not_place(graded, tmp_path, capsys):
    output = tmp_path / "canvas.csv"
    command = ["export", "canvas", str(graded), "--roster", str(tmp_path / "roster.csv")]
    assert main([*command, "--assignment", "Linear Models (123456)", "--output", str(output)]) == 0
    captured = capsys.readouterr()
    assert "wrote" in captured.out and "3 results not placed" in captured.out
    assert "999" in captured.err and output.is_file()
    assert main(["export", "moodle", str(tmp_path / "nowhere"), "--output", str(tmp_path / "m.csv")]) == 1
    assert capsys.readouterr().err.count("\n") == 1
