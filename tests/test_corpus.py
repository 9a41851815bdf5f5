"""The corpus through the check library: each notebook executed in a process of its own, then judged.

Correct submissions in every style get 10/10 (hidden and public checks); each known mistake loses
exactly the points and codes its file declares, and every other question keeps full marks, under
the hidden checks and under the public ones (``grader.check`` in the student's kernel), which must
flag the same questions: where a public check sees the mistake differently (another code, or not at
all, since its inputs are public and few), the file's ``# public:`` line says so.

Each notebook runs in a child forked from one warm process (``forked_grading.py``), which imported
jax and the checks once for all of them. The child grades it a second time with the student's
gradients compiled, as the engine's workers do by default (``autograder.accelerate``): every
hidden verdict (score and codes of each question) must be the same; the reference, whose loop is
the lesson's eager one, must actually have been compiled. Entries about the shape of theta that
write their own eager loop are graded compiled only (``# passes: accelerated``, see
``corpus.grade``); the loop as written is graded both ways in the entries about the loop.
"""

import pytest
from forked_grading import by_question

import corpus
from autograder import lessons

pytestmark = pytest.mark.slow

FULL = {q.name: q.points for q in corpus.LESSON.questions}


def test_corpus_is_big_enough():
    assert len(corpus.entries("correct")) >= 12
    assert len(corpus.entries("mistakes")) >= 20
    assert all(entry.expected for entry in corpus.entries("mistakes")), "every mistake declares what it costs"


def test_public_exceptions_name_real_questions():
    for entry in corpus.entries("mistakes"):
        assert set(entry.public) <= set(FULL), (entry.name, entry.public)


@pytest.mark.parametrize("entry", corpus.entries("correct"), ids=lambda e: e.name)
def test_correct_submission_gets_full_marks(entry, tmp_path, server):
    report = corpus.grade(entry, tmp_path, server)
    hidden, public = by_question(report["tests"]), by_question(report["public"])
    assert hidden == {name: (points, []) for name, points in FULL.items()}, report["tests"]
    assert public == {name: (points, []) for name, points in FULL.items()}, report["public"]


@pytest.mark.parametrize("entry", corpus.entries("mistakes"), ids=lambda e: e.name)
def test_mistake_costs_points_once_with_its_code(entry, tmp_path, server):
    report = corpus.grade(entry, tmp_path, server)
    want = {name: entry.expected.get(name, (points, [])) for name, points in FULL.items()}
    assert by_question(report["tests"]) == want, report["tests"]
    for test in report["tests"]:
        if test["diagnostics"]:
            assert test["message"] and "Traceback" not in test["message"]
    want_public = {name: entry.public.get(name, verdict) for name, verdict in want.items()}
    assert by_question(report["public"]) == want_public, report["public"]


TWO_MISTAKES = {
    "linear_models": [
        "mistakes/model_missing_bias+loop_ignores_model",
        "mistakes/model_renamed+loop_ignores_model",
        "mistakes/loss_exception+loop_ignores_loss",
        "mistakes/loss_not_scalar+loop_ignores_loss",
        "mistakes/model_missing_bias+grad_sign",
    ],
    "logistic_regression": ["mistakes/loss_not_scalar+loop_ignores_loss"],
}
"""Notebooks with two mistakes (``corpus.combined``): a loop that uses the notebook's own model or loss
instead of the one it is given, where that function is wrong, missing or raising, once cost the loop
the other function's mistake too (3 points, not 2)."""


@pytest.mark.parametrize(
    ("lesson", "label"), [(lesson, label) for lesson, labels in TWO_MISTAKES.items() for label in labels]
)
def test_two_mistakes_cost_what_each_costs_alone(lesson, label, tmp_path, server):
    lesson = lessons.load(lesson)
    entry = corpus.combined(label, lesson)
    report = corpus.grade(entry, tmp_path, server, lesson)
    want = {question.name: entry.expected.get(question.name, (question.points, []))[0] for question in lesson.questions}
    assert {name: score for name, (score, _) in by_question(report["tests"]).items()} == want, report["tests"]
