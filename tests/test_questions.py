"""The questions' verdicts on small namespaces of plain Python functions (no notebook, no subprocess).

Every namespace starts from the reference solutions (``solutions.linear_models.reference``) plus a trained
``theta`` and replaces one answer with a typical mistake, so each test changes exactly one thing.
Checks run with hidden inputs (``hidden_context``) and reference probes (``local_submission``).
The loop question runs 3000 steps; mistakes in it use a jitted ``lax.scan`` loop to stay fast.
"""

import functools
import json
from collections import namedtuple

import jax
import jax.flatten_util
import jax.numpy as jnp
import numpy as np
import pytest
from jax import grad

import solutions.linear_models.reference as ref
from autograder.checks import Finding, Verdict, judge_in_order
from autograder.checks.numerics import line_distance
from autograder.engine.result import QuestionResult
from autograder.lessons.linear_models.cases import CONVERGENCE_TOLERANCE
from autograder.lessons.linear_models.codes import MESSAGES as CODES
from autograder.lessons.linear_models.questions import loop as loop_question
from corpus import LESSON

SEED = 424242
OTHER_SEED = 7_000_001
QUESTION_NAMES = [q.name for q in LESSON.questions]
MISSING = object()
"""An override value that removes the name from the namespace."""

Params = namedtuple("Params", "w b")


# -- student code building blocks --------------------------------------------------------------


def make_loop(
    step_size: float = 0.001,
    update: bool = True,
    momentum: float = 0.0,
    record_before: bool = False,
    own_loss: bool = False,
    own_model: bool = False,
):
    """A compiled gradient-descent loop with the notebook's signature (any theta structure).

    ``momentum``: heavy-ball momentum; ``record_before``: record the loss before each update;
    ``own_loss``/``own_model``: ignore the ``loss``/``model`` argument and use the reference's
    (what a loop calling the notebook's own ``dmseloss`` or ``linear_model`` does)."""

    def model_optimization_loop(theta, model, loss, x, y, n_steps=3000):
        loss = ref.mseloss if own_loss else loss
        model = ref.linear_model if own_model else model
        dloss = jax.grad(loss)

        def step(carry, _):
            theta, velocity = carry
            if update:
                gradient = dloss(theta, model, x, y)
                velocity = jax.tree.map(lambda v, g: momentum * v - step_size * g, velocity, gradient)
            new = jax.tree.map(lambda t, v: t + v, theta, velocity)
            return (new, velocity), loss(theta if record_before else new, model, x, y)

        def run(theta):
            return jax.lax.scan(step, (theta, jax.tree.map(jnp.zeros_like, theta)), None, length=n_steps)

        (theta, _), losses = jax.jit(run)(theta)
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
    """The reference functions and what the notebook's cells leave: its data and trained theta."""
    namespace = {k: getattr(ref, k) for k in dir(ref)}
    namespace["x"], namespace["y"] = ref.make_data(ref.NOTEBOOK_SEED)
    namespace["theta"] = trained_theta()
    return namespace


def student(**overrides) -> dict:
    """The reference namespace with some names replaced (or removed with ``MISSING``). Its loop is
    the reference's gradient descent compiled (``make_loop()``) unless replaced: a test of another
    question need not spend its time in the reference's eager 3000 steps (``reference_namespace``
    keeps them, for the tests of the reference itself)."""
    namespace = {**reference_namespace(), "model_optimization_loop": make_loop()}
    for name, value in overrides.items():
        if value is MISSING:
            del namespace[name]
        else:
            namespace[name] = value
    return namespace


# -- judging and the contract every verdict keeps ----------------------------------------------


@functools.cache
def context(seed: int):
    return LESSON.hidden_context(seed)


def hidden_numbers(ctx) -> list[str]:
    """Hidden inputs as a message could show them (4 significant digits, with and without sign)."""
    values = [v for point in ctx.cases.points for v in point] + list(ctx.cases.loop_init)
    return sorted({f"{v:.4g}" for v in values} | {f"{abs(v):.4g}" for v in values})


def check_contract(verdict, name: str, ctx) -> None:
    question = LESSON.question(name)
    assert verdict.name == name and verdict.max_score == question.points, f"verdict header wrong: {verdict}"
    assert 0.0 <= verdict.score <= verdict.max_score, f"{name}: score {verdict.score} outside [0, {verdict.max_score}]"
    unknown = [code for code in verdict.diagnostics if code not in CODES]
    assert not unknown, f"{name}: diagnostic codes not in CODES: {unknown}"
    assert verdict.message.strip(), f"{name}: empty message"
    assert all(f.text.strip() for f in verdict.findings), f"{name}: a finding has an empty text: {verdict.findings}"
    assert verdict.passed == (not verdict.findings)
    json.dumps(QuestionResult.of(verdict).to_record(), allow_nan=False)  # results.jsonl entries are strict JSON
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
    verdict = LESSON.question(name).judge(LESSON.local_submission(namespace), ctx)
    check_contract(verdict, name, ctx)
    return verdict


def judge_all(namespace: dict, seed: int = SEED) -> dict[str, Verdict]:
    """Every question in the lesson's order, each knowing the verdicts before it, as the engine does."""
    ctx = context(seed)
    verdicts = {v.name: v for v in judge_in_order(LESSON.questions, LESSON.local_submission(namespace), ctx)}
    for name, verdict in verdicts.items():
        check_contract(verdict, name, ctx)
    return verdicts


def expect(verdict, score: float, codes: list[str]) -> None:
    assert verdict.diagnostics == codes and verdict.score == score, (
        f"{verdict.name}: expected {score}/{verdict.max_score} with {codes}, "
        f"got {verdict.score} with {verdict.diagnostics}: {verdict.message}"
    )


@functools.cache
def reference_verdict(name: str, seed: int):
    return judge(name, reference_namespace(), seed)


# -- the reference, missing and unfinished answers ---------------------------------------------


REFERENCE_QUESTIONS = [
    pytest.param(name, marks=pytest.mark.slow) if name == "model_optimization_loop" else name for name in QUESTION_NAMES
]
"""The question names, the loop's marked slow: judging the reference's own loop runs its eager steps."""


@pytest.mark.parametrize("name", REFERENCE_QUESTIONS)
def test_reference_scores_full(name):
    verdict = reference_verdict(name, SEED)
    expect(verdict, LESSON.question(name).points, [])
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
        expect(judge(name, namespace), LESSON.question(name).points, [])


def test_model_w_b_swapped():
    verdict = judge("linear_model", student(linear_model=lambda theta, x: theta["b"] * x + theta["w"]))
    expect(verdict, 1.0, ["model-w-b-swapped"])


def test_model_missing_bias():
    expect(judge("linear_model", student(linear_model=lambda theta, x: theta["w"] * x)), 0.0, ["model-missing-bias"])


def test_broken_model_costs_nothing_elsewhere():
    namespace = student(linear_model=lambda theta, x: theta["w"] * x, model_optimization_loop=make_loop())
    for name in ("initialize_linear_params", "mseloss", "dmseloss", "model_optimization_loop"):
        expect(judge(name, namespace), LESSON.question(name).points, [])


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


def test_mseloss_calling_a_wrong_own_model_is_charged_once():
    """A loss that calls the notebook's own linear_model (ignoring its model argument) is judged
    against that model only when linear_model's own verdict charged its mistake."""

    def mseloss(theta, model, x, y):
        return jnp.mean((linear_model(theta, x) - y) ** 2)

    def linear_model(theta, x):
        return theta["w"] * x

    namespace = student(linear_model=linear_model, mseloss=mseloss)
    expect(judge_all(namespace)["mseloss"], 1.0, ["loss-ignores-model"])
    assert judge("mseloss", namespace).score == 0.0, "without linear_model's verdict, nothing is excused"


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
    verdicts = judge_all(student(mseloss=loss, dmseloss=grad(loss)))
    expect(verdicts["mseloss"], 1.0, ["loss-sum-not-mean"])
    expect(verdicts["dmseloss"], 2.0, [])


@pytest.mark.parametrize("seed", [SEED, OTHER_SEED])
def test_dmseloss_grad_of_own_loss_whatever_its_direction(seed):
    """``dmseloss = grad(mseloss)`` is right for any wrong loss, even one whose gradient points
    away from the true one (here uphill): decided from the relation, not from hidden values."""
    loss = loss_from(lambda p, y: -jnp.mean((p - y) ** 2))
    verdicts = judge_all(student(mseloss=loss, dmseloss=grad(loss)), seed)
    expect(verdicts["mseloss"], 0.0, ["loss-wrong-value"])
    expect(verdicts["dmseloss"], 2.0, [])


def test_dmseloss_zero_gradient_of_a_constant_loss_is_not_excused():
    loss = loss_from(lambda p, y: jnp.float32(0.0) * jnp.sum(p))
    verdicts = judge_all(student(mseloss=loss, dmseloss=grad(loss)))
    expect(verdicts["mseloss"], 0.0, ["loss-ignores-model", "loss-wrong-value"])
    expect(verdicts["dmseloss"], 0.0, ["grad-wrong-value"])


def test_dmseloss_of_a_loss_that_raises_is_excused_by_the_loss_verdict():
    """A loss that is not a scalar makes ``grad(mseloss)`` raise: charged in mseloss only."""
    loss = LOSS_MISTAKES["loss-not-scalar"][0]
    verdicts = judge_all(student(mseloss=loss, dmseloss=grad(loss)))
    expect(verdicts["mseloss"], 1.0, ["loss-not-scalar"])
    expect(verdicts["dmseloss"], 2.0, [])
    assert verdicts["dmseloss"].notes, "the excuse should be explained"
    expect(judge("dmseloss", student(mseloss=loss, dmseloss=grad(loss))), 0.0, ["exception"])  # no prior: no excuse


def test_dmseloss_grad_of_an_unwritten_loss_is_excused():
    verdicts = judge_all(student(mseloss=not_implemented, dmseloss=grad(not_implemented)))
    expect(verdicts["mseloss"], 0.0, ["not-implemented"])
    expect(verdicts["dmseloss"], 2.0, [])


def test_dmseloss_stub_raising_the_loss_error_is_not_excused():
    """Raising what grad(mseloss) raises is not enough: grad(mseloss) also rejects an integer theta."""

    def dmseloss(*args):
        np.zeros(1)
        raise NotImplementedError

    verdicts = judge_all(student(mseloss=not_implemented, dmseloss=dmseloss))
    expect(verdicts["dmseloss"], 0.0, ["not-implemented"])


def stage_counter():
    """A call counter that survives between questions, as one kept on ``builtins`` does in the engine."""
    return {"calls": 0}


def test_dmseloss_stub_claiming_to_wrap_mseloss_gets_no_excuse():
    """Stage detection: dmseloss is a stub that raises and sets ``__wrapped__ = mseloss``; mseloss
    raises the same error only once dmseloss was called, i.e. after its own question scored full.
    The excuse comes from the verdict mseloss got, not from attributes or fresh calls."""
    calls = stage_counter()

    def mseloss(theta, model, x, y):
        if calls["calls"]:
            raise ValueError("not ready")
        return ref.mseloss(theta, model, x, y)

    def dmseloss(theta, model, x, y):
        calls["calls"] += 1
        raise ValueError("not ready")

    dmseloss.__wrapped__ = mseloss
    verdicts = judge_all(student(mseloss=mseloss, dmseloss=dmseloss))
    expect(verdicts["mseloss"], 2.0, [])
    expect(verdicts["dmseloss"], 0.0, ["exception"])


def test_dmseloss_grad_of_a_loss_right_only_when_called_is_charged():
    """mseloss gives the right values when called, but 100 times them under ``jax.grad``, so
    dmseloss = grad(mseloss) is 100 times the gradient. mseloss was judged right: nothing to excuse."""

    def mseloss(theta, model, x, y):
        scale = 100.0 if isinstance(theta["w"], jax.core.Tracer) else 1.0
        return scale * ref.mseloss(theta, model, x, y)

    namespace = student(mseloss=mseloss, dmseloss=grad(mseloss))
    verdicts = judge_all(namespace)
    expect(verdicts["mseloss"], 2.0, [])
    expect(verdicts["dmseloss"], 1.0, ["grad-scale"])


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


@pytest.mark.parametrize(
    "loop",
    [make_loop(momentum=0.9), make_loop(record_before=True), make_loop(step_size=0.01)],
    ids=["momentum", "loss-recorded-before-update", "step-0.01"],
)
def test_loop_variants_of_gradient_descent_score_full(loop):
    expect(judge("model_optimization_loop", student(model_optimization_loop=loop)), 3.0, [])


@pytest.mark.parametrize(
    "loop, detail",
    [
        (make_loop(own_loss=True), "(loss)"),
        (make_loop(own_model=True), "(model)"),
        (make_loop(own_loss=True, own_model=True), "(model and loss)"),
    ],
    ids=["loss", "model", "both"],
)
def test_loop_ignoring_its_loss_or_model_is_told(loop, detail):
    """The hidden loop check passes a shifted model and loss: a loop that uses the notebook's own
    instead minimises another problem, and says so by its first step and where it ends."""
    verdict = judge("model_optimization_loop", student(model_optimization_loop=loop))
    expect(verdict, 1.0, ["loop-ignores-arguments"])
    assert detail in verdict.message, verdict.message


def closed_form_loop(theta, model, loss, x, y, n_steps=3000):
    """Least squares in closed form from x and y, and a made-up decreasing curve."""
    w, b = np.polyfit(np.asarray(x, np.float64), np.asarray(y, np.float64), 1)
    return list(100.0 * np.exp(-np.arange(n_steps) / 300.0) + 1.0), {"w": np.float32(w), "b": np.float32(b)}


def newton_loop(theta, model, loss, x, y, n_steps=3000):
    """One Newton step on the given loss (its exact optimum), with the true loss recorded n_steps times."""
    flat, unravel = jax.flatten_util.ravel_pytree(theta)

    def of_vector(vector):
        return loss(unravel(vector), model, x, y)

    theta = unravel(flat - jnp.linalg.solve(jax.hessian(of_vector)(flat), jax.grad(of_vector)(flat)))
    return [loss(theta, model, x, y)] * n_steps, theta


def made_up_curve(loop):
    def model_optimization_loop(theta, model, loss, x, y, n_steps=3000):
        _, theta = loop(theta, model, loss, x, y, n_steps)
        return list(100.0 * np.exp(-np.arange(n_steps) / 300.0) + 1.0), theta

    return model_optimization_loop


@pytest.mark.parametrize(
    "loop, score, codes",
    [
        (closed_form_loop, 0.0, ["loop-not-gradient-descent", "loop-ignores-arguments"]),
        (newton_loop, 1.0, ["loop-not-gradient-descent"]),
        (made_up_curve(make_loop()), 2.0, ["loop-losses-wrong"]),
    ],
    ids=["closed-form-made-up-curve", "newton-on-given-loss", "descent-made-up-curve"],
)
def test_loop_that_is_not_gradient_descent(loop, score, codes):
    verdict = judge("model_optimization_loop", student(model_optimization_loop=loop))
    expect(verdict, score, codes)


@pytest.mark.slow
def test_hidden_loop_inputs_tell_gradient_descent_apart():
    """Over many seeds: a float32 gradient step of size 0.0001 to 0.01 is within the first-step
    tolerance of the given loss's gradient; a jump to the optimum and a step along the gradient of
    the loss a loop ignoring its model or loss follows are far outside it; every wrong end is far
    from the right one; and the published loop (step 0.001) ends well within the tolerance."""
    along = loop_question._along
    worst_step, closest_jump, closest_other, closest_end, published_gap = 0.0, 1.0, 1.0, np.inf, 0.0
    for seed in range(2000):
        ctx = LESSON.hidden_context(seed)
        given, *others = loop_question._targets(ctx)
        init = np.array(ctx.cases.loop_init, np.float32)
        gradient = float64_gradient(given, init)
        for step_size in (1e-4, 1e-3, 1e-2):
            step = (init - np.float32(step_size) * gradient.astype(np.float32)).astype(np.float64) - init
            worst_step = max(worst_step, along(step, gradient)[1])
        best = np.array(given.best())
        closest_jump = min(closest_jump, along(best - init, gradient)[1])
        for target in others:
            closest_end = min(closest_end, line_distance(target.x, *best, *target.best()))
            if "x" not in target.ignored:  # the notebook's data may share a direction: told by the end
                closest_other = min(closest_other, along(-gradient, float64_gradient(target, init))[1])
        # Gradient descent shrinks the gap along each curvature axis by |1 - step * curvature| a step.
        design = np.stack([given.x, np.ones_like(given.x)], axis=1).astype(np.float64)
        curvature = np.linalg.eigvalsh(2 * design.T @ design / len(design))
        contraction = np.max(np.abs(1 - 0.001 * curvature)) ** 3000
        published_gap = max(published_gap, line_distance(given.x, *init, *best) * contraction)
    tolerance = loop_question.FIRST_STEP_RTOL
    assert worst_step < tolerance / 10, worst_step
    assert closest_jump > 5 * tolerance and closest_other > 5 * tolerance, (closest_jump, closest_other)
    assert closest_end > 10 * CONVERGENCE_TOLERANCE, closest_end
    assert published_gap < CONVERGENCE_TOLERANCE / 3, published_gap


def float64_gradient(target, theta) -> np.ndarray:
    """The gradient of the mean squared error of ``target``'s line fit at ``theta``, in float64."""
    x = np.asarray(target.x, np.float64)
    residual = theta[0] * x + theta[1] - np.asarray(target.fitted, np.float64)
    return 2 * np.array([np.mean(residual * x), np.mean(residual)])


# -- waivers come from the verdicts already given ----------------------------------------------


def untrained(namespace: dict) -> dict:
    """``namespace`` whose notebook run never trained theta."""
    return {**namespace, "theta": {"w": np.float32(0.5), "b": np.float32(-0.5)}}


def test_notebook_theta_off_is_charged_when_everything_else_is_right():
    verdicts = judge_all(untrained(student(model_optimization_loop=make_loop())))
    expect(verdicts["model_optimization_loop"], 2.0, ["notebook-theta-off"])


def test_notebook_theta_off_is_not_charged_twice():
    """A model mistake, charged in linear_model, spoils the notebook's run: not charged again."""
    namespace = untrained(student(linear_model=lambda theta, x: theta["w"] * x, model_optimization_loop=make_loop()))
    verdicts = judge_all(namespace)
    expect(verdicts["linear_model"], 0.0, ["model-missing-bias"])
    expect(verdicts["model_optimization_loop"], 3.0, [])


def test_notebook_theta_waiver_cannot_be_steered_by_stage_detection():
    """Stage detection: mseloss is right until the checker calls the loop, then returns garbage,
    so fresh calls during the loop question would make it look wrong and waive the untrained theta.
    The waiver comes from the verdicts mseloss and the others got: all full marks."""
    calls = stage_counter()
    loop = make_loop()

    def mseloss(theta, model, x, y):
        return jnp.float32(0.0) * jnp.sum(model(theta, x)) if calls["calls"] else ref.mseloss(theta, model, x, y)

    def model_optimization_loop(*args, **kwargs):
        calls["calls"] += 1
        return loop(*args, **kwargs)

    namespace = untrained(student(mseloss=mseloss, model_optimization_loop=model_optimization_loop))
    verdicts = judge_all(namespace)
    assert all(verdicts[name].passed for name in ("linear_model", "initialize_linear_params", "mseloss", "dmseloss"))
    expect(verdicts["model_optimization_loop"], 2.0, ["notebook-theta-off"])


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


@pytest.mark.parametrize("name", REFERENCE_QUESTIONS)
def test_reference_scores_do_not_depend_on_seed(name):
    assert context(SEED).cases.points != context(OTHER_SEED).cases.points, "the seeds should give different inputs"
    here, there = reference_verdict(name, SEED), judge(name, reference_namespace(), OTHER_SEED)
    assert here.score == there.score == LESSON.question(name).points, (
        f"{name}: reference scores {here.score} (seed {SEED}) and {there.score} (seed {OTHER_SEED})"
    )
    assert here.diagnostics == there.diagnostics == []
