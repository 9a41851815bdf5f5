"""The second lesson, "Logistic Regression with JAX", from its reference to plain Otter.

Fast: the reference against float64 formulas and finite differences, the master notebook against the
reference, the lesson's wording, and (in float64, over many seeds) the hidden loop inputs: the published
loop converges with a wide margin, a loop 10 times too slow does not, and a gradient step is told apart
from the other moves a loop can make.

Slow: every answer file of the lesson (its examples and ``tests/corpus/logistic_regression/``) executed
and judged by ``python -m autograder.inprocess`` in its own process, with JAX's persistent compilation
cache shared between those processes (compiling the same small functions again is most of a cold
process's time); one batch of the engine in real sandboxes (correct work, mistakes, the untouched
notebook and the abuse cases); and ``otter run`` with the autograder that ``autograder assign`` builds,
which must give the engine's scores.
"""

import ast
import inspect
import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import numpy as np
import pytest
from forked_grading import by_question
from otter_runs import otter_scores as scores_under_otter

import corpus
import solutions.logistic_regression.reference as reference
from autograder import lessons
from autograder.checks.loop_check import along
from autograder.lessons.logistic_regression import cases, fit
from autograder.lessons.logistic_regression.codes import MESSAGES
from autograder.lessons.logistic_regression.oracle import ReferenceOracle
from autograder.lessons.logistic_regression.questions import loop as loop_question
from autograder.master import solution_sources

LESSON = lessons.load("logistic_regression")
FULL = {q.name: q.points for q in LESSON.questions}
X, Y = (np.asarray(a, np.float32) for a in reference.make_data(reference.NOTEBOOK_SEED))
ENTRIES = {e.name: e for group in ("correct", "mistakes", "abuse") for e in corpus.entries(group, LESSON)}
SEEDS = range(150)
"""Hidden inputs checked in float64 (tests/test_fairness.py does the same for the linear lesson)."""


# -- the reference --------------------------------------------------------------------------------


def _points() -> list[tuple[float, float, np.ndarray, np.ndarray]]:
    public, hidden = cases.public_cases(X, Y), cases.hidden_cases(99, X, Y)
    return [
        *((w, b, public.x, public.y) for w, b in public.points),
        *((w, b, hidden.x, hidden.y) for w, b in hidden.points),
        (0.5, -0.5, X, Y),
        (2.0, -1.3, X, Y),
        (*hidden.loop_init, hidden.loop_x, 1 - hidden.loop_y),
    ]


POINTS = _points()


@pytest.mark.parametrize("w, b, x, y", POINTS, ids=[f"case{i}" for i in range(len(POINTS))])
def test_reference_matches_float64_formulas_and_finite_differences(w, b, x, y):
    oracle = ReferenceOracle(reference)
    w64, b64 = float(np.float32(w)), float(np.float32(b))
    x64, y64 = np.asarray(x, np.float64), np.asarray(y, np.float64)
    prediction = oracle.predict(w, b, x)
    np.testing.assert_allclose(prediction, fit.sigmoid(w64 * x64 + b64), rtol=1e-6, atol=1e-7)
    assert oracle.loss(prediction, y) == pytest.approx(fit.mean_loss(w64, b64, x64, y64), rel=1e-5)

    h = 1e-5
    central = np.array(
        [
            (fit.mean_loss(w64 + h, b64, x64, y64) - fit.mean_loss(w64 - h, b64, x64, y64)) / (2 * h),
            (fit.mean_loss(w64, b64 + h, x64, y64) - fit.mean_loss(w64, b64 - h, x64, y64)) / (2 * h),
        ]
    )
    analytic = fit.gradient(np.array([w64, b64]), x64, y64)
    np.testing.assert_allclose(central, analytic, rtol=1e-7, err_msg="float64 finite differences are off (test bug)")
    got = oracle.grad(w, b, x, y)
    error = float(np.linalg.norm(got - central) / np.linalg.norm(central))
    assert error < 1e-5, f"reference gradient {got} vs float64 finite differences {central}: relative error {error:.2e}"


def test_reference_loss_stays_finite_where_the_model_is_certain():
    public = cases.public_cases(X, Y)
    oracle = ReferenceOracle(reference)
    prediction = oracle.predict(*public.confident, public.x)
    assert set(np.unique(prediction[[0, -1]])) <= {0.0, 1.0}, "the confident case should saturate in float32"
    assert np.isfinite(oracle.loss(prediction, public.y))


def _reference_node(name: str) -> str:
    for node in ast.parse(inspect.getsource(reference)).body:
        targets = [t.id for t in getattr(node, "targets", []) if isinstance(t, ast.Name)]
        if getattr(node, "name", None) == name or name in targets:
            return ast.dump(node)
    raise LookupError(name)


@pytest.mark.parametrize("question", list(FULL))
def test_master_solution_is_the_reference(question):
    (node,) = ast.parse(solution_sources(LESSON.master())[question]).body
    assert ast.dump(node) == _reference_node(question), f"the master's {question} differs from reference.py"


def test_notebook_data_and_generator_are_the_reference_ones():
    cells = {cell.id: cell.source for cell in nbformat.read(LESSON.master(), as_version=4).cells}
    namespace: dict = {}
    exec(cells["setup-imports"] + "\n" + cells["data"], namespace)
    np.testing.assert_array_equal(np.asarray(namespace["x"]), X)
    np.testing.assert_array_equal(np.asarray(namespace["y"]), Y)
    assert namespace["y"].dtype == np.float32 and set(np.unique(Y)) == {0.0, 1.0}
    expected = np.random.default_rng(reference.NOTEBOOK_SEED + 1).normal(size=4)
    np.testing.assert_array_equal(namespace["rng"].normal(size=4), expected)


def test_messages_name_this_lessons_functions_only():
    own = [text for code, text in MESSAGES.items() if code.split("-")[0] in ("model", "init", "loss", "grad", "loop")]
    assert own and not [text for text in own if "mseloss" in text or "linear_model" in text]
    assert {"model-missing-sigmoid", "loss-log-of-zero", "loss-labels-flipped", "loss-wrong-sign"} <= set(MESSAGES)


# -- the hidden loop inputs ------------------------------------------------------------------------


def _descend(target, start: tuple[float, float], step_size: float) -> tuple[float, float]:
    """The published loop's updates in float64 on the problem ``target`` (``cases.N_STEPS`` of them)."""
    wb = np.array(start, np.float64)
    for _ in range(cases.N_STEPS):
        wb = wb - step_size * target.float64_gradient(wb)
    return float(wb[0]), float(wb[1])


class _Probes:
    probes = True

    def __init__(self, seed: int):
        self.cases = cases.hidden_cases(seed, X, Y)


@pytest.mark.slow  # many seeds, each with three real descents (as tests/test_fairness.py)
def test_hidden_loop_inputs_converge_fairly_and_tell_moves_apart():
    """Over many seeds: the published loop (step 2.0) ends far inside the tolerance, one with half its
    step inside it, one 10 times too slow outside it; a float32 gradient step lies within the first-step
    tolerance of the gradient, while a jump to the optimum and a step of a loop that ignores its model
    or loss lie far outside it; every other problem's optimum is far from the given one's."""
    published, half, slow, step_off, distinct, apart = 0.0, 0.0, np.inf, 0.0, np.inf, np.inf
    for seed in SEEDS:
        ctx = _Probes(seed)
        given, *others = loop_question._targets(ctx)
        init = ctx.cases.loop_init
        published = max(published, given.gap(_descend(given, init, cases.STEP_SIZE)))
        half = max(half, given.gap(_descend(given, init, cases.STEP_SIZE / 2)))
        slow = min(slow, given.gap(_descend(given, init, cases.STEP_SIZE / 10)))
        gradient = given.float64_gradient(np.array(init))
        for step_size in (0.2, 2.0, 4.0):
            start = np.array(init, np.float32)
            moved = (start - np.float32(step_size) * gradient.astype(np.float32)).astype(np.float64) - init
            step_off = max(step_off, along(moved, gradient)[1])
        moves = [np.subtract(given.best(), init)] + [-t.float64_gradient(np.array(init)) for t in others[:3]]
        distinct = min(distinct, *(along(move, gradient)[1] for move in moves))
        apart = min(apart, *(t.gap(given.best()) for t in others))
    tolerance, rtol = cases.CONVERGENCE_TOLERANCE, cases.FIRST_STEP_RTOL
    assert published < tolerance / 100 and half < tolerance and slow > 2 * tolerance, (published, half, slow)
    assert step_off < rtol / 100 and distinct > 4 * rtol, (step_off, distinct)
    assert apart > 10 * tolerance, apart


def test_hidden_loop_data_have_the_notebooks_curvature_and_vary_in_size():
    target = np.linalg.eigvalsh(fit.curvature(np.array(fit.optimum(X, Y)), X))
    sizes = set()
    for seed in range(20):
        hidden = cases.hidden_cases(seed, X, Y)
        best = fit.optimum(hidden.loop_x, 1 - hidden.loop_y)
        ratio = np.linalg.eigvalsh(fit.curvature(np.array(best), hidden.loop_x)) / target
        assert np.all((ratio >= cases.CURVATURE_BAND[0]) & (ratio <= cases.CURVATURE_BAND[1])), (seed, ratio)
        sizes |= {hidden.x.size, hidden.loop_x.size}
    assert len(sizes) > 3 and X.size not in sizes


# -- the corpus, in-process ------------------------------------------------------------------------


def test_corpus_covers_every_style_and_mistake():
    correct, mistakes = corpus.entries("correct", LESSON), corpus.entries("mistakes", LESSON)
    assert len(correct) >= 6 and len(mistakes) >= 20 and len(corpus.entries("abuse", LESSON)) >= 2
    assert all(entry.expected for entry in mistakes), "every mistake declares what it costs"
    declared = {code for entry in mistakes for _, codes in entry.expected.values() for code in codes}
    wanted = {
        "model-missing-sigmoid",
        "model-w-b-swapped",
        "loss-log-of-zero",
        "loss-labels-flipped",
        "loss-sum-not-mean",
        "loss-wrong-sign",
        "grad-sign",
        "grad-wrong-argument",
        "loop-diverges",
        "loop-ascent",
        "loop-not-converged",
        "loop-no-update",
        "loop-losses-length",
        "loop-returns-wrong",
    }
    assert wanted <= declared, wanted - declared


@pytest.mark.slow
@pytest.mark.parametrize("name", [name for name in ENTRIES if name.startswith("correct/")])
def test_correct_work_gets_full_marks_in_process(name, tmp_path, server):
    report = corpus.grade(ENTRIES[name], tmp_path, server, LESSON)
    full = {question: (points, []) for question, points in FULL.items()}
    assert by_question(report["tests"]) == full, report["tests"]
    assert by_question(report["public"]) == full, report["public"]


@pytest.mark.slow
@pytest.mark.parametrize("name", [name for name in ENTRIES if name.startswith("mistakes/")])
def test_a_mistake_costs_its_declared_points_once_in_process(name, tmp_path, server):
    entry = ENTRIES[name]
    report = corpus.grade(entry, tmp_path, server, LESSON)
    want = {question: entry.expected.get(question, (points, [])) for question, points in FULL.items()}
    assert by_question(report["tests"]) == want, report["tests"]
    for test in report["tests"]:
        assert not test["diagnostics"] or (test["message"] and "Traceback" not in test["message"])


# -- the engine and plain Otter --------------------------------------------------------------------

AGREEMENT = ["correct/reference", "correct/list_theta_epsilon_loss", "mistakes/loss_sum", "mistakes/loop_ascent"]
"""Graded by ``otter run`` and by the engine: their scores must agree."""
ENGINE_ONLY = [name for name in ENTRIES if name.startswith("abuse/")]
UNTOUCHED = "untouched"


def _file_name(name: str) -> str:
    """The name an LMS download would give it (not the handed-out name, as Otter's own tests assume)."""
    return name.replace("/", "-")


@pytest.fixture(scope="session")
def engine_results(tmp_path_factory) -> dict[str, dict]:
    """One engine batch in real sandboxes: its results.jsonl lines by answer-file name (and ``untouched``)."""
    from autograder.engine.batch import Options, grade

    folder = tmp_path_factory.mktemp("logistic-submissions")
    for name in AGREEMENT + ENGINE_ONLY:
        nbformat.write(corpus.build(ENTRIES[name], LESSON), folder / f"{_file_name(name)}.ipynb")
    shutil.copy(corpus.ROOT / "assignments" / LESSON.name / LESSON.notebook, folder / f"{UNTOUCHED}.ipynb")
    out = tmp_path_factory.mktemp("logistic-out")
    grade([folder], Options(out, "test-secret", LESSON, workers=2, progress=False))
    names = {_file_name(name): name for name in AGREEMENT + ENGINE_ONLY} | {UNTOUCHED: UNTOUCHED}
    results = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]  # the contract
    return {names[Path(result["submission"]).stem]: result for result in results}


@pytest.fixture(scope="session")
def assigned(tmp_path_factory) -> Path:
    """``autograder assign --lesson logistic_regression`` into a temporary folder, with Otter's own run
    of the master against its tests (the one fixture that keeps it: see ``fresh_assignment``)."""
    from autograder.cli import main

    out = tmp_path_factory.mktemp("logistic-assign")
    command = ["assign", "--lesson", LESSON.name, "--assignments", str(out / "assignments"), "--dist"]
    assert main([*command, str(out / "dist"), "--secret", "test-secret"]) == 0
    return out


def _otter_run(name: str, autograder_zip: Path, folder: Path) -> dict[str, float]:
    """``otter run`` of the answer file ``name`` as an instructor runs it, scores by question."""
    work = folder / _file_name(name)
    work.mkdir()
    notebook = work / f"{_file_name(name)}.ipynb"
    nbformat.write(corpus.build(ENTRIES[name], LESSON), notebook)
    return scores_under_otter(notebook, autograder_zip)


@pytest.fixture(scope="session")
def otter_scores(assigned, tmp_path_factory) -> dict[str, dict[str, float]]:
    autograder_zip = assigned / "dist" / LESSON.name / "otter" / "autograder.zip"
    folder = tmp_path_factory.mktemp("logistic-otter")
    with ThreadPoolExecutor(2) as pool:
        jobs = {name: pool.submit(_otter_run, name, autograder_zip, folder) for name in AGREEMENT}
        return {name: job.result() for name, job in jobs.items()}


def _engine_scores(result: dict) -> dict[str, float]:
    return {test["name"]: test["score"] for test in result["tests"]}


@pytest.mark.slow
@pytest.mark.xdist_group("logistic-e2e")
def test_engine_grades_a_folder_in_sandboxes(engine_results):
    for name in AGREEMENT:
        want = {q: ENTRIES[name].expected.get(q, (points, []))[0] for q, points in FULL.items()}
        assert engine_results[name]["status"] == "graded" and _engine_scores(engine_results[name]) == want, name
    untouched = engine_results[UNTOUCHED]
    assert untouched["status"] == "graded" and untouched["score"] == 0
    assert all(test["diagnostics"] == ["not-implemented"] for test in untouched["tests"]), untouched["tests"]
    for name in ENGINE_ONLY:
        entry, result = ENTRIES[name], engine_results[name]
        assert result["status"] in entry.status.split("|"), (name, result["status"])
        assert entry.max_score is None or result["score"] <= entry.max_score, (name, result["score"])
        for question, (score, codes) in entry.expected.items():
            test = next(t for t in result["tests"] if t["name"] == question)
            assert (test["score"], test["diagnostics"]) == (score, codes), (name, test)


@pytest.mark.slow
@pytest.mark.xdist_group("logistic-e2e")
def test_otter_run_gives_the_engines_scores(otter_scores, engine_results):
    for name in AGREEMENT:
        assert otter_scores[name] == _engine_scores(engine_results[name]), name


@pytest.mark.slow
@pytest.mark.xdist_group("logistic-e2e")
def test_committed_assignment_is_what_assign_writes(assigned):
    def tree(folder: Path) -> dict[str, bytes]:
        return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

    fresh = tree(assigned / "assignments" / LESSON.name)
    assert fresh == tree(corpus.ROOT / "assignments" / LESSON.name), (
        "run `autograder assign --lesson logistic_regression`"
    )
    assert sorted(fresh) == sorted([LESSON.notebook, *(f"tests/{q}.py" for q in FULL)])
