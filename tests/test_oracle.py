"""Unit tests of the oracles: the reference's answers against float64 formulas, and their recorded replay."""

import json

import numpy as np
import pytest

import solutions.linear_models.reference as reference
from autograder.lessons.linear_models.cases import hidden_cases, public_cases
from autograder.lessons.linear_models.oracle import ReferenceOracle, TableOracle
from corpus import LESSON

X_NOTEBOOK, Y_NOTEBOOK = (np.asarray(a, np.float32) for a in reference.make_data(reference.NOTEBOOK_SEED))
HIDDEN = hidden_cases(99, X_NOTEBOOK, Y_NOTEBOOK)
PUBLIC = public_cases(X_NOTEBOOK, Y_NOTEBOOK)

# (w, b, x, y): public and hidden inputs, plus the notebook's data far from and near its best fit.
CASES = [
    *((w, b, PUBLIC.x, PUBLIC.y) for w, b in PUBLIC.points),
    *((w, b, HIDDEN.x, HIDDEN.y) for w, b in HIDDEN.points),
    (0.5, -0.5, X_NOTEBOOK, Y_NOTEBOOK),
    (1.5, 18.0, X_NOTEBOOK, Y_NOTEBOOK),
]
IDS = [f"case{i}" for i in range(len(CASES))]


def _f64(*values):
    """The float32 values the oracle computes with, as float64."""
    return tuple(np.asarray(np.float32(v) if np.isscalar(v) else np.asarray(v, np.float32), np.float64) for v in values)


def _mse64(w, b, x, y):
    return float(np.mean((w * x + b - y) ** 2))


@pytest.fixture(scope="module")
def oracle():
    return ReferenceOracle(reference)


@pytest.mark.parametrize("w, b, x, y", CASES, ids=IDS)
def test_predict_matches_float64_formula(oracle, w, b, x, y):
    w64, b64, x64 = _f64(w, b, x)
    got = oracle.predict(w, b, x)
    want = w64 * x64 + b64
    assert got.dtype == np.float64 and got.shape == x.shape, f"predict should give float64 of x's shape: {got.shape}"
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6 * np.max(np.abs(want)), err_msg="predict != w x + b")


@pytest.mark.parametrize("w, b, x, y", CASES, ids=IDS)
def test_mse_matches_float64_formula(oracle, w, b, x, y):
    w64, b64, x64, y64 = _f64(w, b, x, y)
    got = oracle.mse(oracle.predict(w, b, x), y)
    want = _mse64(w64, b64, x64, y64)
    assert isinstance(got, float)
    assert got == pytest.approx(want, rel=1e-5), f"mse {got} vs float64 {want}"


@pytest.mark.parametrize("w, b, x, y", CASES, ids=IDS)
def test_grad_matches_analytic_and_finite_differences(oracle, w, b, x, y):
    w64, b64, x64, y64 = _f64(w, b, x, y)
    got = oracle.grad(w, b, x, y)
    assert got.shape == (2,) and got.dtype == np.float64, f"grad should be [dL/dw, dL/db], got shape {got.shape}"

    residual = w64 * x64 + b64 - y64
    analytic = np.array([2 * np.mean(residual * x64), 2 * np.mean(residual)])

    h = 1e-4 * max(1.0, abs(float(w64)), abs(float(b64)))
    central = np.array(
        [
            (_mse64(w64 + h, b64, x64, y64) - _mse64(w64 - h, b64, x64, y64)) / (2 * h),
            (_mse64(w64, b64 + h, x64, y64) - _mse64(w64, b64 - h, x64, y64)) / (2 * h),
        ]
    )
    np.testing.assert_allclose(central, analytic, rtol=1e-8, err_msg="float64 finite differences are off (test bug)")
    error = float(np.linalg.norm(got - central) / np.linalg.norm(central))
    assert error < 1e-5, f"reference gradient {got} vs float64 finite differences {central}: relative error {error:.2e}"


def test_table_oracle_replays_a_recording_exactly(oracle):
    record: dict[str, list] = {}
    recording = ReferenceOracle(reference, record=record)
    answers = []
    for w, b, x, y in CASES:
        prediction = recording.predict(w, b, x)
        answers.append((prediction, recording.mse(prediction, y), recording.grad(w, b, x, y)))
    assert len(record) == 3 * len(CASES), f"every answer should be recorded once, got {len(record)} entries"

    for table in (record, json.loads(json.dumps(record))):  # the public table is shipped as JSON
        replay = TableOracle(table)
        for (w, b, x, y), (prediction, mse, gradient) in zip(CASES, answers, strict=True):
            np.testing.assert_array_equal(replay.predict(w, b, x), prediction, err_msg="replayed predict differs")
            assert replay.mse(prediction, y) == mse, "replayed mse differs"
            np.testing.assert_array_equal(replay.grad(w, b, x, y), gradient, err_msg="replayed grad differs")
            np.testing.assert_array_equal(oracle.predict(w, b, x), prediction, err_msg="recording changed answers")


def test_table_oracle_raises_for_unrecorded_inputs():
    record: dict[str, list] = {}
    recording = ReferenceOracle(reference, record=record)
    x, y = PUBLIC.x, PUBLIC.y
    prediction = recording.predict(1.0, 2.0, x)
    recording.mse(prediction, y)
    recording.grad(1.0, 2.0, x, y)
    replay = TableOracle(record)
    with pytest.raises(KeyError):
        replay.predict(1.0, 2.5, x)
    with pytest.raises(KeyError):
        replay.predict(1.0, 2.0, x + 1)
    with pytest.raises(KeyError):
        replay.mse(prediction + 1, y)
    with pytest.raises(KeyError):
        replay.grad(2.0, 1.0, x, y)
    with pytest.raises(KeyError):
        replay.grad(1.0, 2.0, x, y[::-1].copy())
    with pytest.raises(KeyError):
        TableOracle({}).mse(prediction, y)


@pytest.mark.parametrize("seed", [3, 99])
def test_shifted_loop_problem_matches_its_probes(oracle, seed):
    """What the loop check expects (the oracle on the shifted problem) is what the probes the loop is
    given compute: the loss to float32 rounding, and the gradient of the loss probe."""
    import jax

    from autograder.checks.submission import Probe
    from autograder.lessons.linear_models.probes import make_probe
    from autograder.lessons.linear_models.questions.loop import _targets

    ctx = LESSON.hidden_context(seed)
    given = _targets(ctx)[0]
    model, loss = make_probe(Probe("loop-model"), reference), make_probe(Probe("loop-loss"), reference)
    x, y = ctx.cases.loop_x, ctx.cases.loop_y
    for wb in [ctx.cases.loop_init, given.best(), (1.5, -3.0)]:
        theta = (np.float32(wb[0]), np.float32(wb[1]))  # w first, as the probes' default layout reads it
        assert loss(theta, model, x, y) == pytest.approx(given.loss(oracle, wb), rel=1e-5)
        gradient = jax.grad(loss)(theta, model, x, y)
        np.testing.assert_allclose(gradient, given.gradient(oracle, wb), rtol=1e-4, atol=1e-4)
