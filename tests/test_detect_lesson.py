"""``autograder grade`` without ``--lesson``: the lesson most students' notebooks name in their metadata."""

import json
import zipfile
from pathlib import Path

import pytest

from autograder import cli, lessons
from autograder.detect_lesson import detect, named_lesson

HANDOUTS = Path(__file__).resolve().parent.parent / "assignments"


def _handout(name: str) -> bytes:
    return (HANDOUTS / name / f"{name}.ipynb").read_bytes()


def _with_metadata(metadata: object) -> bytes:
    return json.dumps({"cells": [], "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}).encode()


@pytest.mark.parametrize("name", lessons.NAMES)
def test_each_handed_out_notebook_names_its_lesson(name):
    assert named_lesson(_handout(name)) == name


@pytest.mark.parametrize(
    "notebook",
    [
        b"",
        b"not json",
        b"[1, 2]",
        b"[" * 100_000 + b"]" * 100_000,
        _with_metadata("otter"),
        _with_metadata({"otter": []}),
        _with_metadata({"otter": {"assignment_name": ["linear_models"]}}),
        _with_metadata({"otter": {"assignment_name": "../linear_models"}}),
        _with_metadata({"otter": {"assignment_name": "autograder.lessons"}}),
        _with_metadata({}),
    ],
    ids=["empty", "text", "list", "deep", "str-meta", "list-otter", "list-name", "path", "module", "none"],
)
def test_anything_but_a_registered_name_names_no_lesson(notebook):
    assert named_lesson(notebook) is None


def test_the_batch_follows_most_notebooks_and_ignores_unreadable_ones(tmp_path):
    for index in range(3):
        (tmp_path / f"logistic{index}.ipynb").write_bytes(_handout("logistic_regression"))
    (tmp_path / "linear.ipynb").write_bytes(_handout("linear_models"))
    with zipfile.ZipFile(tmp_path / "export.zip", "w") as archive:  # an Otter export counts too
        archive.writestr("linear_models.ipynb", _handout("linear_models"))
    (tmp_path / "broken.ipynb").write_text("{")
    (tmp_path / "notes.txt").write_text("not a notebook")
    chosen, votes, students = detect([tmp_path])
    assert chosen == "logistic_regression"
    assert (votes, students) == ({"logistic_regression": 3, "linear_models": 2}, 5)


def test_nothing_named_and_ties_go_to_the_default(tmp_path):
    (tmp_path / "blank.ipynb").write_bytes(_with_metadata({}))
    assert detect([tmp_path]) == (lessons.DEFAULT, {}, 1)
    (tmp_path / "a.ipynb").write_bytes(_handout(lessons.NAMES[1]))
    (tmp_path / "b.ipynb").write_bytes(_handout(lessons.NAMES[0]))
    assert detect([tmp_path])[0] == lessons.DEFAULT
    assert detect([tmp_path / "missing"]) == (lessons.DEFAULT, {}, 0)


def test_one_student_cannot_choose_the_lesson_for_the_class(tmp_path):
    """Votes are per student, and a lesson needs most of the students: one student handing in three
    files that name another lesson, or the only notebook that names one, leaves the class alone."""
    other = lessons.NAMES[1]
    for student in ("smithjohn_101_1001", "doejane_102_1002"):
        (tmp_path / f"{student}_answers.ipynb").write_bytes(_handout(lessons.DEFAULT))
    for copy in ("", "-1", "-2"):
        (tmp_path / f"evilmallory_103_1003_answers{copy}.ipynb").write_bytes(_handout(other))
    assert detect([tmp_path]) == (lessons.DEFAULT, {lessons.DEFAULT: 2, other: 1}, 3)
    unnamed = tmp_path / "unnamed"
    unnamed.mkdir()
    for student in ("alice", "bob"):
        (unnamed / f"{student}.ipynb").write_bytes(_with_metadata({}))
    (unnamed / "mallory.ipynb").write_bytes(_handout(other))
    assert detect([unnamed]) == (lessons.DEFAULT, {other: 1}, 3)


def test_grade_without_lesson_grades_the_detected_one_and_says_so(tmp_path, monkeypatch, capsys):
    chosen = []
    monkeypatch.setattr(cli, "_grade", lambda paths, out, lesson, args, secret: chosen.append(lesson) or 0)
    for index in range(2):
        (tmp_path / f"s{index}.ipynb").write_bytes(_handout("logistic_regression"))
    (tmp_path / "odd.ipynb").write_bytes(_handout("linear_models"))
    assert cli.main(["grade", str(tmp_path), "--out", str(tmp_path / "out"), "--secret", "s"]) == 0
    assert chosen == ["logistic_regression"]
    said = capsys.readouterr().out
    assert "lesson: logistic_regression (named by 2 of 3 students; 1 name linear_models; --lesson chooses)" in said
    command = ["grade", str(tmp_path), "--out", str(tmp_path / "o"), "--secret", "s", "--lesson", "linear_models"]
    assert cli.main(command) == 0
    assert chosen[-1] == "linear_models" and "lesson:" not in capsys.readouterr().out
