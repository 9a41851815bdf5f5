"""The lesson registry and what every registered lesson must hold together."""

import importlib

import nbformat
import pytest

from autograder import lessons
from autograder.checks import codes
from autograder.cli import main
from autograder.master import ANSWER_PREFIX

LESSONS = [lessons.load(name) for name in lessons.NAMES]


def test_default_lesson_is_the_linear_one():
    assert lessons.DEFAULT == "linear_models" == lessons.NAMES[0]


def test_an_unknown_lesson_is_refused_by_name():
    with pytest.raises(lessons.UnknownLessonError, match="no lesson named 'nope'"):
        lessons.load("nope")
    with pytest.raises(SystemExit):
        main(["grade", "x.ipynb", "--out", "o", "--secret", "s", "--lesson", "nope"])


def test_lessons_command_lists_every_lesson_with_its_points(capsys):
    assert main(["lessons"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in printed] == list(lessons.NAMES)
    assert "linear_model 2" in printed[0] and "total 10" in printed[0]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.name)
def test_lesson_is_whole(lesson):
    """Its folders agree: each question has a whole number of points and an answer cell in the master,
    each role names a question, and its codes include every common one with the same wording."""
    names = [q.name for q in lesson.questions]
    assert len(set(names)) == len(names) and all(q.points == int(q.points) > 0 for q in lesson.questions)
    master = nbformat.read(lesson.master(), as_version=4)
    answers = [c.id.removeprefix(ANSWER_PREFIX) for c in master.cells if c.id.startswith(ANSWER_PREFIX)]
    assert answers == names
    roles = lesson.roles
    assert {roles.model, roles.init, roles.loss, roles.grad, roles.loop} == set(names)
    reference = lesson.reference()
    assert all(callable(getattr(reference, name)) for name in names)
    assert lesson.package_dir.name == lesson.name and lesson.package != lesson.hidden_module


def test_lessons_share_a_code_only_with_the_common_wording():
    """Two lessons may word a shared code for their own functions; the common codes stay common."""
    for lesson in LESSONS:
        table = importlib.import_module(f"autograder.lessons.{lesson.name}.codes").MESSAGES
        assert {code: table[code] for code in codes.MESSAGES} == codes.MESSAGES, lesson.name
