"""The questions' verdicts on small namespaces of plain Python functions (no notebook, no subprocess).

Every namespace starts from the reference solutions (``solutions.linear_regression``) plus a trained
``theta`` and replaces one answer with a typical mistake, so each test changes exactly one thing.
Checks run with hidden inputs (``hidden_context``) and reference probes (``local_submission``).
The loop question runs 3000 steps; mistakes in it use a jitted ``lax.scan`` loop to stay fast.
"""

import functools
import json
from collections import namedtuple

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from jax import grad

import solutions.linear_regression as ref
from autograder.checks import BY_NAME, QUESTIONS, Finding, Verdict
from autograder.checks.codes import CODES
from autograder.reference import hidden_context, local_submission

SEED = 424242
OTHER_SEED = 7_000_001
QUESTION_NAMES = [q.name for q in QUESTIONS]
MISSING = object()
"""An override value that removes the name from the namespace."""

Params = namedtuple("Params", "w b")


# -- student code building blocks --------------------------------------------------------------


def make_loop(step_size: float = 0.001, update: bool = True):
    """A compiled gradient-descent loop with the notebook's signature (any theta structure)."""

    def model_optimization_loop(theta, model, loss, x, y, n_steps=3000):
        dloss = jax.grad(loss)

        def step(theta, _):
            if update:
                gradient = dloss(theta, model, x, y)
                theta = jax.tree.map(lambda t, g: t - step_size * g, theta, gradient)
            return theta, loss(theta, model, x, y)

        theta, losses = jax.jit(lambda t: jax.lax.scan(step, t, None, length=n_steps))(theta)
        return losses, theta

    return model_optimization_loop


def loss_from(formula):
    """An ``mseloss`` that applies ``formula(prediction, y)`` to its own model's prediction."""

    def mseloss(theta, model, x, y):
        return formula(model(theta, x), y)

    return mseloss


def not_implemented(*args, **kwargs):
    raise NotImplementedError


@functools.cache
def trained_theta():
    x, y = ref.make_data(ref.NOTEBOOK_SEED)
    init = {"w": np.float32(0.5), "b": np.float32(-0.5)}
    _, theta = make_loop()(init, ref.linear_model, ref.mseloss, x, y)
    return theta


def reference_namespace() -> dict:
    namespace = {k: getattr(ref, k) for k in dir(ref)}
    namespace["theta"] = trained_theta()
    return namespace


def student(**overrides) -> dict:
    """The reference namespace with some names replaced (or removed with ``MISSING``)."""
    namespace = reference_namespace()
    for name, value in overrides.items():
        if value is MISSING:
            del namespace[name]
        else:
            namespace[name] = value
    return namespace


# -- judging and the contract every verdict keeps ----------------------------------------------


@functools.cache
def context(seed: int):
    return hidden_context(seed)


def hidden_numbers(ctx) -> list[str]:
    """Hidden inputs as a message could show them (4 significant digits, with and without sign)."""
    values = [v for point in ctx.cases.points for v in point] + list(ctx.cases.loop_init)
    return sorted({f"{v:.4g}" for v in values} | {f"{abs(v):.4g}" for v in values})


def check_contract(verdict, name: str, ctx) -> None:
    question = BY_NAME[name]
    assert verdict.name == name and verdict.max_score == question.points, f"verdict header wrong: {verdict}"
    assert 0.0 <= verdict.score <= verdict.max_score, f"{name}: score {verdict.score} outside [0, {verdict.max_score}]"
    unknown = [code for code in verdict.diagnostics if code not in CODES]
    assert not unknown, f"{name}: diagnostic codes not in CODES: {unknown}"
    assert verdict.message.strip(), f"{name}: empty message"
    assert all(f.text.strip() for f in verdict.findings), f"{name}: a finding has an empty text: {verdict.findings}"
    assert verdict.passed == (not verdict.findings)
    json.dumps(verdict.as_dict())  # results.jsonl entries are plain JSON
    if ctx.cases.hidden:
        shown = " ".join([verdict.message, *verdict.notes])
        leaked = [number for number in hidden_numbers(ctx) if number in shown]
        assert not leaked, f"{name}: message shows hidden inputs {leaked}: {shown!r}"


def test_contract_check_catches_a_leaked_hidden_number():
    ctx = context(SEED)
    w, _ = ctx.cases.points[0]
    leaky = Verdict("mseloss", 2.0, (Finding("loss-wrong-value", 2.0, f"expected the loss at w = {w:.4g}"),))
    with pytest.raises(AssertionError, match="hidden inputs"):
        check_contract(leaky, "mseloss", ctx)
    with pytest.raises(AssertionError, match="not in CODES"):
        check_contract(Verdict("mseloss", 2.0, (Finding("made-up", 1.0, "text"),)), "mseloss", ctx)


def judge(name: str, namespace: dict, seed: int = SEED):
    ctx = context(seed)
    verdict = BY_NAME[name].judge(local_submission(namespace), ctx)
    check_contract(verdict, name, ctx)
    return verdict


def expect(verdict, score: float, codes: list[str]) -> None:
    assert verdict.diagnostics == codes and verdict.score == score, (
        f"{verdict.name}: expected {score}/{verdict.max_score} with {codes}, "
        f"got {verdict.score} with {verdict.diagnostics}: {verdict.message}"
    )


@functools.cache
def reference_verdict(name: str, seed: int):
    return judge(name, reference_namespace(), seed)


# -- the reference, missing and unfinished answers ---------------------------------------------


@pytest.mark.parametrize("name", QUESTION_NAMES)
def test_reference_scores_full(name):
    verdict = reference_verdict(name, SEED)
    expect(verdict, BY_NAME[name].points, [])
    assert verdict.message == f"{name}: all checks passed."


@pytest.mark.parametrize("name", QUESTION_NAMES)
def test_missing_definition(name):
    verdict = judge(name, student(**{name: MISSING}))
    expect(verdict, 0.0, ["missing-definition"])
    assert f"`{name}`" in verdict.message, "the message should name the missing function"


def raises_after_work(*args, **kwargs):
    """Not the handed-out stub (it does something first), so the error is only seen when called."""
    np.zeros(1)
    raise NotImplementedError("still working on it")


@pytest.mark.parametrize("stub", [not_implemented, raises_after_work], ids=["stub", "raises-when-called"])
@pytest.mark.parametrize("name", QUESTION_NAMES)
def test_not_implemented(name, stub):
    expect(judge(name, student(**{name: stub})), 0.0, ["not-implemented"])


def test_dmseloss_ellipsis_placeholder_is_not_implemented():
    expect(judge("dmseloss", student(dmseloss=...)), 0.0, ["not-implemented"])


# -- linear_model and initialize_linear_params -------------------------------------------------

LAYOUTS = {
    "dict": (
        lambda: {"w": np.float32(np.random.normal()), "b": np.float32(np.random.normal())},
        lambda theta, x: theta["w"] * x + theta["b"],
    ),
    "tuple": (
        lambda: (np.float32(np.random.normal()), np.float32(np.random.normal())),
        lambda theta, x: theta[0] * x + theta[1],
    ),
    "namedtuple": (
        lambda: Params(np.float32(np.random.normal()), np.float32(np.random.normal())),
        lambda theta, x: theta.w * x + theta.b,
    ),
    "bias-first-array": (
        lambda: jnp.array(np.random.normal(size=2), dtype=jnp.float32),
        lambda theta, x: theta[1] * x + theta[0],
    ),
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_theta_layouts_score_full(layout):
    initialize, model = LAYOUTS[layout]
    namespace = student(initialize_linear_params=initialize, linear_model=model)
    for name in ("linear_model", "initialize_linear_params", "mseloss", "dmseloss"):
        expect(judge(name, namespace), BY_NAME[name].points, [])


def test_model_w_b_swapped():
    verdict = judge("linear_model", student(linear_model=lambda theta, x: theta["b"] * x + theta["w"]))
    expect(verdict, 1.0, ["model-w-b-swapped"])


def test_model_missing_bias():
    expect(judge("linear_model", student(linear_model=lambda theta, x: theta["w"] * x)), 0.0, ["model-missing-bias"])


def test_broken_model_costs_nothing_elsewhere():
    namespace = student(linear_model=lambda theta, x: theta["w"] * x, model_optimization_loop=make_loop())
    for name in ("initialize_linear_params", "mseloss", "dmseloss", "model_optimization_loop"):
        expect(judge(name, namespace), BY_NAME[name].points, [])


@pytest.mark.parametrize(
    "initialize",
    [lambda: {"w": 0.0, "b": 0.0}, lambda: {"w": 0.5, "b": 0.5}, lambda: {"w": 1.0, "b": -1.0}],
    ids=["zeros", "w-equals-b", "whole-numbers"],
)
def test_init_not_random(initialize):
    expect(judge("initialize_linear_params", student(initialize_linear_params=initialize)), 0.0, ["init-not-random"])


def test_init_int_is_incompatible():
    verdict = judge("initialize_linear_params", student(initialize_linear_params=lambda: {"w": 0, "b": 0}))
    expect(verdict, 0.0, ["init-incompatible"])
    assert "integers" in verdict.message


def test_init_wrong_size_is_incompatible():
    verdict = judge("initialize_linear_params", student(initialize_linear_params=lambda: np.random.normal(size=3)))
    expect(verdict, 0.0, ["init-incompatible"])


# -- mseloss -----------------------------------------------------------------------------------

LOSS_MISTAKES = {
    "loss-sum-not-mean": (loss_from(lambda p, y: jnp.sum((p - y) ** 2)), 1.0),
    "loss-rmse": (loss_from(lambda p, y: jnp.sqrt(jnp.mean((p - y) ** 2))), 1.0),
    "loss-not-squared": (loss_from(lambda p, y: jnp.mean(jnp.abs(p - y))), 0.0),
    "loss-not-scalar": (loss_from(lambda p, y: (p - y) ** 2), 1.0),
    "loss-ignores-model": (lambda theta, model, x, y: jnp.mean((theta["w"] * x + theta["b"] - y) ** 2), 1.0),
}


@pytest.mark.parametrize("code", sorted(LOSS_MISTAKES))
def test_mseloss_mistakes(code):
    loss, score = LOSS_MISTAKES[code]
    expect(judge("mseloss", student(mseloss=loss)), score, [code])


# -- dmseloss ----------------------------------------------------------------------------------


def _reference_gradient(theta, model, x, y):
    return grad(ref.mseloss)(theta, model, x, y)


GRADIENT_MISTAKES = {
    "grad-sign": (lambda *a: {k: -v for k, v in _reference_gradient(*a).items()}, 0.0),
    "grad-scale": (lambda *a: {k: 2.0 * v for k, v in _reference_gradient(*a).items()}, 1.0),
    "grad-structure": (lambda *a: jnp.array([_reference_gradient(*a)[k] for k in ("b", "w")]), 1.0),
    "grad-wrong-argument": (grad(ref.mseloss, argnums=2), 0.0),
}


@pytest.mark.parametrize("code", sorted(GRADIENT_MISTAKES))
def test_dmseloss_mistakes(code):
    dmseloss, score = GRADIENT_MISTAKES[code]
    expect(judge("dmseloss", student(dmseloss=dmseloss)), score, [code])


def test_dmseloss_scale_message_names_factor():
    verdict = judge("dmseloss", student(dmseloss=GRADIENT_MISTAKES["grad-scale"][0]))
    assert "about 2 times" in verdict.message, verdict.message


def test_dmseloss_wrong_structure_and_size():
    verdict = judge("dmseloss", student(dmseloss=lambda *a: _reference_gradient(*a)["w"]))
    expect(verdict, 0.0, ["grad-structure"])


def test_dmseloss_with_respect_to_model_is_wrong_argument():
    expect(judge("dmseloss", student(dmseloss=grad(ref.mseloss, argnums=1))), 0.0, ["grad-wrong-argument"])


NUMPY_LOSSES = {
    "np.square": loss_from(lambda p, y: np.mean(np.square(p - y))),
    "np.asarray": loss_from(lambda p, y: np.mean((np.asarray(p) - np.asarray(y)) ** 2)),
    "float()": loss_from(lambda p, y: float(jnp.mean((p - y) ** 2))),
}


@pytest.mark.parametrize("how", sorted(NUMPY_LOSSES))
def test_dmseloss_through_numpy(how):
    loss = NUMPY_LOSSES[how]
    namespace = student(mseloss=loss, dmseloss=grad(loss))
    expect(judge("dmseloss", namespace), 0.0, ["grad-through-numpy"])
    expect(judge("mseloss", namespace), 2.0, [])  # the loss itself is right on concrete values


def test_dmseloss_np_mean_on_jax_arrays_is_differentiable():
    """``np.mean(jax_array)`` dispatches to the array's own ``.mean``, so ``grad`` works: full marks."""
    loss = loss_from(lambda p, y: np.mean((p - y) ** 2))
    expect(judge("dmseloss", student(mseloss=loss, dmseloss=grad(loss))), 2.0, [])


def test_dmseloss_grad_of_own_wrong_loss_scores_full():
    """Error isolation: a sum instead of a mean costs a point in mseloss only."""
    loss = loss_from(lambda p, y: jnp.sum((p - y) ** 2))
    namespace = student(mseloss=loss, dmseloss=grad(loss))
    expect(judge("mseloss", namespace), 1.0, ["loss-sum-not-mean"])
    expect(judge("dmseloss", namespace), 2.0, [])


def test_dmseloss_hand_written_gradient_scores_full():
    def dmseloss(theta, model, x, y):
        residual = model(theta, x) - y
        return {"w": 2 * jnp.mean(residual * x), "b": 2 * jnp.mean(residual)}

    expect(judge("dmseloss", student(dmseloss=dmseloss)), 2.0, [])


# -- model_optimization_loop -------------------------------------------------------------------


def test_loop_compiled_scores_full():
    expect(judge("model_optimization_loop", student(model_optimization_loop=make_loop())), 3.0, [])


def test_loop_step_too_small_not_converged():
    verdict = judge("model_optimization_loop", student(model_optimization_loop=make_loop(step_size=0.0001)))
    expect(verdict, 1.0, ["loop-not-converged"])


def test_loop_without_update():
    verdict = judge("model_optimization_loop", student(model_optimization_loop=make_loop(update=False)))
    expect(verdict, 0.0, ["loop-no-update"])


# -- contract over all questions ---------------------------------------------------------------


@pytest.mark.parametrize("name", QUESTION_NAMES)
def test_judging_is_deterministic(name):
    """Two judgements of one namespace agree (the reference with a compiled loop, and a mistaken one)."""
    right = student(model_optimization_loop=make_loop())
    first, second = judge(name, right), judge(name, right)
    assert first == second, f"{name}: two judgements of the same namespace differ: {first} vs {second}"
    assert first.passed, f"{name}: the reference with a compiled loop should pass: {first.message}"

    mistaken = student(
        mseloss=LOSS_MISTAKES["loss-sum-not-mean"][0],
        dmseloss=GRADIENT_MISTAKES["grad-scale"][0],
        model_optimization_loop=make_loop(step_size=0.0001),
    )
    first, second = judge(name, mistaken), judge(name, mistaken)
    assert first == second, f"{name}: judging a mistaken namespace is not repeatable: {first} vs {second}"


@pytest.mark.parametrize("name", QUESTION_NAMES)
def test_reference_scores_do_not_depend_on_seed(name):
    assert context(SEED).cases.points != context(OTHER_SEED).cases.points, "the seeds should give different inputs"
    here, there = reference_verdict(name, SEED), judge(name, reference_namespace(), OTHER_SEED)
    assert here.score == there.score == BY_NAME[name].points, (
        f"{name}: reference scores {here.score} (seed {SEED}) and {there.score} (seed {OTHER_SEED})"
    )
    assert here.diagnostics == there.diagnostics == []
