"""The package installed (not editable) outside the checkout grades on its own.

``pip install --target`` puts ``autograder`` and ``solutions`` in a folder of their own, as a
site-packages would hold them; the commands then run from another folder with that folder first on
the path, so nothing is read from the checkout: not the student notebook (``autograder demo``'s
examples are built from a handout ``autograder assign`` generates from the packaged master), not the
corpus. A submission that looks for the reference, or the demo's correct examples, next to the
installed package finds them masked.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import jsonschema
import pytest

import corpus

pytestmark = pytest.mark.slow

LOOK_FOR_THE_REFERENCE = """
import glob, sys
wanted = ("/solutions/linear_models/reference.py", "/autograder/lessons/linear_models/examples/correct/reference.py")
found = [p for d in sys.path for w in wanted for p in glob.glob(d + w)]
leaked = ""
for path in found:
    try:
        leaked += open(path).read()
    except OSError:
        pass
if "def mseloss" in leaked:  # had it been readable, the submission would show it by losing points
    def linear_model(theta, x):
        return 0 * x
"""


@pytest.fixture(scope="module")
def installed():
    """The package installed into a folder every user can read (workers may run as another uid)."""
    folder = Path(tempfile.mkdtemp(prefix="autograder-installed-"))
    folder.chmod(0o755)
    target = folder / "site-packages"
    source = folder / "source"  # pip builds in the source folder: its build/ must not land in the checkout
    skip = shutil.ignore_patterns(".*", "tests", "out", "dist", "build", "benchmarks", "*.egg-info", "__pycache__")
    shutil.copytree(corpus.ROOT, source, ignore=skip)
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps"]
    result = subprocess.run([*command, "--target", str(target), str(source)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    work = folder / "work"
    work.mkdir()
    yield target, work
    shutil.rmtree(folder, ignore_errors=True)


def _run(installed, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    target, work = installed
    env = {**os.environ, "PYTHONPATH": str(target), "AUTOGRADER_SECRET": "installed"}
    return subprocess.run(
        [sys.executable, *args], cwd=work, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def test_the_installed_package_is_the_one_imported(installed):
    target, _ = installed
    result = _run(installed, "-c", "import autograder, solutions; print(autograder.__file__, solutions.__file__)")
    assert result.returncode == 0, result.stderr
    assert all(path.startswith(str(target)) for path in result.stdout.split()), result.stdout
    assert not (target / "assignments").exists() and not (target / "tests").exists()


def test_installed_package_builds_the_demo_and_grades_without_the_checkout(installed):
    target, work = installed
    build = (
        "import sys; from pathlib import Path; from autograder import lessons; from autograder.demo import"
        " build_examples; print(build_examples(lessons.load('linear_models'), Path(sys.argv[1])))"
    )
    result = _run(installed, "-c", build, str(work / "class"))
    assert result.returncode == 0, result.stderr[-3000:]
    folder = work / "class"
    assert (folder / "correct-reference.ipynb").is_file() and (folder / "untouched.ipynb").is_file()
    chosen = work / "chosen"
    chosen.mkdir()
    for name in ("correct-reference.ipynb", "mistakes-loss_sum.ipynb"):
        (chosen / name).write_bytes((folder / name).read_bytes())
    reference = (folder / "correct-reference.ipynb").read_text()
    probe = json.loads(reference)
    probe["cells"].append(
        {
            "cell_type": "code",
            "metadata": {},
            "outputs": [],
            "execution_count": None,
            "id": "look-for-the-reference",
            "source": LOOK_FOR_THE_REFERENCE,
        }
    )
    (chosen / "looks-for-the-reference.ipynb").write_text(json.dumps(probe))
    result = _run(installed, "-m", "autograder", "grade", str(chosen), "--out", str(work / "out"), "--workers", "2")
    assert result.returncode == 0, result.stderr[-3000:]
    results = {Path(r["submission"]).name: r for r in map(json.loads, (work / "out" / "results.jsonl").open())}
    scores = {name: r["score"] for name, r in results.items()}
    why = {name: (r["status"], r["reason"], r["cell_errors"]) for name, r in results.items()}
    assert scores == {
        "correct-reference.ipynb": 10.0,
        "mistakes-loss_sum.ipynb": 9.0,
        "looks-for-the-reference.ipynb": 10.0,
    }, why
    masked = results["looks-for-the-reference.ipynb"]["isolation"].get("masked", [])
    assert str(target / "solutions") in masked, masked
    assert str(target / "autograder" / "lessons" / "linear_models" / "examples") in masked, masked


def test_installed_package_grades_on_gradescope_and_prairielearn_layouts(installed):
    """Both platforms' entry points from the installed package: the Gradescope zip it builds, unpacked
    into a folder laid out like /autograder, its run_autograder finding ``autograder`` on PATH; and
    ``autograder prairielearn`` on a folder laid out like /grade. Same score as ``grade`` above.
    The commands run from a folder holding one named ``autograder`` (the Gradescope root): the
    worker template once imported that folder as the package, and every submission crashed."""
    target, work = installed
    build = (
        "import sys; from pathlib import Path; from autograder import gradescope_package, lessons;"
        " from autograder.demo import build_examples; lesson = lessons.load('linear_models');"
        " gradescope_package.build(lesson, Path(sys.argv[1]), 'installed');"
        " build_examples(lesson, Path(sys.argv[2]))"
    )
    result = _run(installed, "-c", build, str(work / "gradescope.zip"), str(work / "platform-class"))
    assert result.returncode == 0, result.stderr[-3000:]
    notebook = (work / "platform-class" / "correct-reference.ipynb").read_bytes()
    gradescope_root, prairielearn_root = work / "autograder", work / "grade"
    shutil.unpack_archive(work / "gradescope.zip", gradescope_root / "source")
    (gradescope_root / "source" / "run_autograder").chmod(0o755)
    (gradescope_root / "submission").mkdir()
    (gradescope_root / "submission" / "linear_models.ipynb").write_bytes(notebook)
    metadata = {"assignment": {"id": 1}, "users": [{"id": 7}]}
    (gradescope_root / "submission_metadata.json").write_text(json.dumps(metadata))
    for folder in ("student", "data", "serverFilesCourse/autograder"):
        (prairielearn_root / folder).mkdir(parents=True)
    (prairielearn_root / "student" / "linear_models.ipynb").write_bytes(notebook)
    (prairielearn_root / "data" / "data.json").write_text('{"variant_seed": 5}')
    (prairielearn_root / "serverFilesCourse" / "autograder" / "secret").write_text("installed")
    env = {
        **os.environ,
        "PYTHONPATH": str(target),
        "PATH": f"{target / 'bin'}:{os.environ['PATH']}",
        "AUTOGRADER_ROOT": str(gradescope_root),
    }
    env.pop("AUTOGRADER_SECRET", None)
    for command in (
        [str(gradescope_root / "source" / "run_autograder")],
        ["autograder", "prairielearn", "--root", str(prairielearn_root)],
    ):
        done = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]
    gradescope = json.loads((gradescope_root / "results" / "results.json").read_text())
    prairielearn = json.loads((prairielearn_root / "results" / "results.json").read_text())
    schemas = Path(__file__).parent / "schemas"
    jsonschema.validate(gradescope, json.loads((schemas / "gradescope_results.schema.json").read_text()))
    jsonschema.validate(prairielearn, json.loads((schemas / "prairielearn_results.schema.json").read_text()))
    assert gradescope["score"] == 10.0 and len(gradescope["tests"]) == 5, gradescope
    assert (prairielearn["gradable"], prairielearn["score"]) == (True, 1.0), prairielearn
