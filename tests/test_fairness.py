"""The same code gets the same grade, whoever submits it (issue 8).

The hidden loop data keep what decides a loop's verdict identical for every seed: the curvature of
the loss (the notebook's own, so a step size tuned there stays stable) and the gap a given number
of steps leaves. One compiled loop, graded under many seeds, must get one verdict per step size.
Also: hidden data sizes other than the notebook's 100, a loop that records gradients, a step so
large that the loop overshoots (in the hidden and the public checks), and the notebook's own run
judged against the data the notebook holds.
"""

import functools

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import solutions.linear_models.reference as ref
from autograder.checks import judge_in_order
from autograder.lessons.linear_models.cases import N_STEPS
from autograder.lessons.linear_models.questions import loop as loop_question
from corpus import LESSON

pytestmark = pytest.mark.slow  # many seeds, each a hidden context and real loops

LOOP = "model_optimization_loop"
SEEDS = range(60)
STEP_SIZES = (0.001, 0.01, 0.05, 0.1, 0.11, 0.12, 0.2)
STABLE_LIMIT = 2 / (2 * float(np.mean(np.asarray(ref.make_data()[0], np.float64) ** 2)))
"""Gradient descent on the notebook's data is stable below this step size (about 0.118)."""


@functools.partial(jax.jit, static_argnames=("model", "loss"))
def _descend(theta, x, y, step_size, n_steps, model, loss):
    """``N_STEPS`` steps of which the first ``n_steps`` update theta: one compilation per data size."""
    dloss = jax.grad(loss)

    def step(theta, i):
        gradient = dloss(theta, model, x, y)
        new = jax.tree.map(lambda t, g: jnp.where(i < n_steps, t - step_size * g, t), theta, gradient)
        return new, loss(new, model, x, y)

    return jax.lax.scan(step, theta, jnp.arange(N_STEPS))


def scan_loop(step_size: float):
    """The notebook's loop compiled with ``jax.lax.scan``, with a fixed step size."""

    def model_optimization_loop(theta, model, loss, x, y, n_steps=3000):
        theta, losses = _descend(theta, x, y, jnp.float32(step_size), n_steps, model, loss)
        return losses[:n_steps], theta

    return model_optimization_loop


def namespace(**overrides) -> dict:
    x, y = ref.make_data(ref.NOTEBOOK_SEED)
    found = {k: getattr(ref, k) for k in dir(ref)}
    found.update(x=x, y=y)
    _, found["theta"] = scan_loop(0.001)(ref.initialize_linear_params(), ref.linear_model, ref.mseloss, x, y)
    found.update(overrides)
    return found


def loop_verdict(names: dict, seed: int):
    return LESSON.question(LOOP).judge(LESSON.local_submission(names), LESSON.hidden_context(seed))


def summary(verdict) -> tuple[float, list[str]]:
    return verdict.score, verdict.diagnostics


@pytest.mark.parametrize("step_size", STEP_SIZES)
def test_loop_verdict_does_not_depend_on_the_seed(step_size):
    names = namespace(model_optimization_loop=scan_loop(step_size))
    verdicts = {seed: summary(loop_verdict(names, seed)) for seed in SEEDS}
    counts: dict = {}
    for got in verdicts.values():
        counts[repr(got)] = counts.get(repr(got), 0) + 1
    assert len(counts) == 1, f"step {step_size}: verdicts differ between seeds: {counts}"
    score, codes = next(iter(verdicts.values()))
    if step_size == 0.001 or 0.01 <= step_size < STABLE_LIMIT:
        assert (score, codes) == (3.0, []), (step_size, score, codes)
    else:
        assert (score, codes) == (1.0, ["loop-diverges"]), (step_size, score, codes)


def test_hidden_loop_curvature_is_the_notebooks_for_every_seed():
    notebook_x = np.asarray(ref.make_data()[0], np.float64)
    want = np.mean(notebook_x**2)
    sizes = set()
    for seed in SEEDS:
        cases = LESSON.hidden_context(seed).cases
        for x in (cases.x, cases.loop_x):
            x = np.asarray(x, np.float64)
            assert abs(np.mean(x)) < 1e-5 and abs(np.mean(x**2) - want) < 1e-4 * want, seed
            sizes.add(x.size)
        best = np.array(loop_question._targets(LESSON.hidden_context(seed))[0].best())
        gap = np.abs(np.asarray(cases.loop_init) - best)
        assert np.allclose(
            gap,
            gap_first := np.abs(
                np.asarray(LESSON.hidden_context(0).cases.loop_init)
                - np.array(loop_question._targets(LESSON.hidden_context(0))[0].best())
            ),
            atol=1e-4,
        ), (seed, gap, gap_first)
    assert 100 not in sizes and len(sizes) > 5, sorted(sizes)


def test_model_for_100_points_only_is_caught_by_hidden_checks():
    def linear_model(theta, x):
        return (x.reshape(100, 1) * theta["w"] + theta["b"]).reshape(100)

    names = namespace(linear_model=linear_model)
    verdicts = {
        v.name: v for v in judge_in_order(LESSON.questions, LESSON.local_submission(names), LESSON.hidden_context(5))
    }
    assert summary(verdicts["linear_model"]) == (0.0, ["exception"]), verdicts["linear_model"]
    assert all(v.passed for name, v in verdicts.items() if name != "linear_model"), verdicts


def records_gradients(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    dloss = jax.grad(loss)
    grads_seen = []
    for _ in range(n_steps):
        grads = dloss(theta, model, x, y)
        theta = {name: theta[name] - step_size * grads[name] for name in theta}
        grads_seen.append(grads)
    return grads_seen, theta


def test_loop_recording_gradients_costs_one_point_once():
    names = namespace(model_optimization_loop=records_gradients)
    hidden = loop_verdict(names, 11)
    assert summary(hidden) == (2.0, ["loop-records-not-loss"]), hidden.message
    assert "6000" not in hidden.message and "go up" not in hidden.message
    public = LESSON.question(LOOP).judge(LESSON.local_submission(names), LESSON.public_context())
    assert summary(public) == (2.0, ["loop-records-not-loss"]), public.message


@pytest.mark.parametrize("step_size", [0.12, 0.5])
def test_overshooting_loop_is_told_to_take_smaller_steps(step_size):
    names = namespace(model_optimization_loop=scan_loop(step_size))
    hidden = loop_verdict(names, 3)
    assert summary(hidden) == (1.0, ["loop-diverges"]), hidden.message
    public = LESSON.question(LOOP).judge(LESSON.local_submission(names), LESSON.public_context())
    assert "loop-ascent" not in public.diagnostics, public.message


def ascent_loop(theta, model, loss, x, y, n_steps=3000, step_size=0.001):
    dloss = jax.grad(loss)
    losses = []
    for _ in range(n_steps):
        grads = dloss(theta, model, x, y)
        theta = {name: theta[name] + step_size * grads[name] for name in theta}
        losses.append(loss(theta, model, x, y))
    return losses, theta


def test_public_check_still_tells_ascent():
    names = namespace(model_optimization_loop=ascent_loop)
    public = LESSON.question(LOOP).judge(LESSON.local_submission(names), LESSON.public_context())
    assert summary(public) == (1.0, ["loop-ascent"]), public.message


def own_data(w_true: float, b_true: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    x = jnp.linspace(-5, 5, 100, dtype=jnp.float32)
    noise = np.random.default_rng(seed).normal(size=100).astype(np.float32)
    return x, w_true * x + b_true + noise


@pytest.mark.parametrize("w_true, b_true, seed", [(2.0, 20.0, 1), (2.0, 20.0, 99), (-3.0, 7.0, 5)])
def test_notebook_run_is_judged_on_the_notebooks_own_data(w_true, b_true, seed):
    x, y = own_data(w_true, b_true, seed)
    _, theta = scan_loop(0.01)(ref.initialize_linear_params(), ref.linear_model, ref.mseloss, x, y)
    names = namespace(x=x, y=y, theta=theta, model_optimization_loop=scan_loop(0.01))
    verdicts = {
        v.name: v for v in judge_in_order(LESSON.questions, LESSON.local_submission(names), LESSON.hidden_context(2))
    }
    assert summary(verdicts[LOOP]) == (3.0, []), verdicts[LOOP].message


def test_notebook_theta_off_says_where_its_own_data_lead():
    x, y = own_data(-3.0, 7.0, 5)
    names = namespace(x=x, y=y, theta={"w": np.float32(0.5), "b": np.float32(-0.5)})
    verdict = {
        v.name: v for v in judge_in_order(LESSON.questions, LESSON.local_submission(names), LESSON.hidden_context(2))
    }[LOOP]
    assert summary(verdict) == (2.0, ["notebook-theta-off"]), verdict.message
    assert "w = 2," not in verdict.message and "-3" in verdict.message, verdict.message


@pytest.mark.parametrize("missing", ["x", "y", "both-wrong-length", "nan"])
def test_notebook_run_without_usable_data_is_not_judged(missing):
    _, y = ref.make_data()
    changes = {
        "x": {"x": None},
        "y": {"y": None},
        "both-wrong-length": {"y": np.asarray(y)[:50]},
        "nan": {"y": np.where(np.arange(100) == 3, np.nan, np.asarray(y))},
    }[missing]
    names = namespace(theta={"w": np.float32(0.5), "b": np.float32(-0.5)})
    for key, value in changes.items():
        if value is None:
            del names[key]
        else:
            names[key] = value
    verdict = {
        v.name: v for v in judge_in_order(LESSON.questions, LESSON.local_submission(names), LESSON.hidden_context(2))
    }[LOOP]
    assert summary(verdict) == (3.0, []), verdict.message
