"""Grading on PrairieLearn: the external grader's entry point (``autograder prairielearn``) and the
question folder ``autograder assign`` writes for a course (``dist/<lesson>/prairielearn/``).

PrairieLearn's layout, under a root that tests move (``--root``; default ``/grade``): ``student/``
holds the uploaded files, ``data/data.json`` the question's data (its ``variant_seed`` seeds the
hidden inputs, with the course secret), ``serverFilesCourse/autograder/secret`` the course secret
(course files students never see; else ``$AUTOGRADER_SECRET``), and ``results/results.json`` is
what PrairieLearn shows: the score as a fraction, one test per question with points and the
diagnostic message, or ``gradable: false`` with ``format_errors`` for an upload that is not one
notebook (no attempt used). It is written once and is always valid; a failure of the grader itself
is gradable, 0, with a message. Student-derived text is made printable (``escape.safe``).
"""

import json
import os
import shutil
import time
import traceback
import uuid
from pathlib import Path
from typing import Any

from . import escape, lessons, project_source
from .checks import Lesson
from .engine.confine import Limits
from .engine.outputs import STATUS_TEXT
from .engine.result import Result, Status
from .one_submission import grade_folder, read_platform_json, write_results
from .report import Drawing, drawing

DEFAULT_ROOT = Path("/grade")
TIMEOUT_S = 90.0
"""The engine's limit per submission; the question's external grading timeout is 120 s (PrairieLearn's
own default of 30 s is too short for a notebook whose loop runs 3000 steps)."""
QUESTION_TIMEOUT_S = 120
IMAGE = "jax-autograder:latest"
"""The grader image info.json names until the course replaces it with its own registry's."""


def variant(data_json: Path) -> str | None:
    """The identity hidden inputs are seeded with: the question variant's seed from ``data.json``."""
    data = read_platform_json(data_json)
    seed = data.get("variant_seed") if isinstance(data, dict) else None
    return f"prairielearn:{seed}" if isinstance(seed, int | str) and not isinstance(seed, bool) else None


def results_json(result: Result, drawn: Drawing | None = None) -> dict[str, Any]:
    """PrairieLearn's results.json for one graded submission (an unreadable notebook is not gradable),
    with the report's pictures of the notebook's run (``drawn``) as ``images``."""
    if result.status is Status.INVALID:
        return not_gradable(result.reason or STATUS_TEXT[result.status])
    tests = [
        {
            "name": t.name,
            "points": t.score,
            "max_points": t.max_score,
            "message": escape.safe(" ".join((t.message, *t.notes))),
        }
        for t in result.tests
    ]
    message = f"{result.score:g} / {result.max_score:g} points. {STATUS_TEXT[result.status]}"
    if result.reason:
        message += " " + escape.safe(result.reason)
    score = result.score / result.max_score if result.max_score else 0.0
    payload = {"gradable": True, "score": min(max(score, 0.0), 1.0), "message": message, "tests": tests}
    if drawn is not None:
        payload["images"] = drawn.images
    return payload


def not_gradable(message: str) -> dict[str, Any]:
    return {"gradable": False, "format_errors": [escape.safe(message)]}


def run(root: Path = DEFAULT_ROOT, lesson_name: str = lessons.DEFAULT, timeout_s: float = TIMEOUT_S) -> int:
    """Grade ``root/student`` and write ``root/results/results.json``; returns 0 once it is written."""
    started = time.monotonic()
    try:
        secret_file = root / "serverFilesCourse" / "autograder" / "secret"
        secret = secret_file.read_text().strip() if secret_file.is_file() else os.environ.get("AUTOGRADER_SECRET", "")
        if not secret:
            raise ValueError("no course secret (serverFilesCourse/autograder/secret or $AUTOGRADER_SECRET)")
        student = variant(root / "data" / "data.json")
        hide = (root,)  # the course's files, the question's data, the results: none of the worker's business
        limits = Limits(timeout_s=timeout_s, wall_cap_s=timeout_s)  # one submission per container: no neighbours
        lesson = lessons.load(lesson_name)
        graded = grade_folder(root / "student", lesson, secret, student, hide, limits)
        payload = not_gradable(graded) if isinstance(graded, str) else results_json(graded, drawing(lesson, graded))
    except Exception as error:  # the grader's own failure: a message for the student, the trace for the log
        traceback.print_exc()
        message = f"The grader could not grade this submission ({type(error).__name__}); tell your instructor."
        payload = {"gradable": True, "score": 0.0, "message": message, "tests": []}
    payload["output"] = f"graded in {time.monotonic() - started:.1f} s"
    write_results(root / "results", payload)
    return 0


def write_dist(lesson: Lesson, dist: Path, image: str = IMAGE) -> None:
    """``dist/question/``, the folder a course copies into its ``questions/`` (``info.json``: external
    grading with ``image``; ``question.html``: the upload), and ``dist/grader/``, the grader image's
    build context (``Dockerfile``, ``requirements.txt``, ``project/``)."""
    folder = dist / "question"
    folder.mkdir(parents=True, exist_ok=True)
    info = {
        "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"autograder/{lesson.name}")),
        "title": lesson.title,
        "topic": "Autograded notebooks",
        "type": "v3",
        "singleVariant": False,
        "gradingMethod": "External",
        "externalGradingOptions": {
            "enabled": True,
            "image": image,
            "entrypoint": f"autograder prairielearn --lesson {lesson.name}",
            "timeout": QUESTION_TIMEOUT_S,
        },
    }
    (folder / "info.json").write_text(json.dumps(info, indent=2) + "\n")
    (folder / "question.html").write_text(
        "<pl-question-panel>\n"
        f"  <p>Upload your notebook <code>{escape.html(lesson.notebook)}</code> after running it top to bottom.</p>\n"
        "</pl-question-panel>\n"
        f'<pl-file-upload file-names="{escape.html(lesson.notebook)}"></pl-file-upload>\n'
        "<pl-submission-panel>\n"
        "  <pl-external-grader-results></pl-external-grader-results>\n"
        "  <pl-file-preview></pl-file-preview>\n"
        "</pl-submission-panel>\n"
    )
    grader = dist / "grader"
    shutil.rmtree(grader, ignore_errors=True)
    for name, data in {**project_source.files(), "Dockerfile": DOCKERFILE.encode()}.items():
        (grader / name).parent.mkdir(parents=True, exist_ok=True)
        (grader / name).write_bytes(data)


DOCKERFILE = """# The external grader's image: docker build -t <registry>/jax-autograder . in this folder, push it,
# and name it in the question's info.json. The course secret is not in the image: put it in the
# course's serverFilesCourse/autograder/secret.
FROM python:3.11-slim
COPY requirements.txt /opt/requirements.txt
COPY project /opt/project
RUN python -m venv /opt/autograder-venv \\
    && /opt/autograder-venv/bin/pip install --no-cache-dir -r /opt/requirements.txt /opt/project \\
    && ln -s /opt/autograder-venv/bin/autograder /usr/local/bin/autograder
"""
