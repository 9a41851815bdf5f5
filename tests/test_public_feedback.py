"""What the checks tell a student while the notebook is still being written (issue 8, items 1 and 11).

Public checks run in the student's kernel on the notebook's globals as they are when the check
cell runs: ``linear_model`` is checked before ``initialize_linear_params`` exists. They may show
their (public) inputs and the student's own error messages; hidden checks show neither.
"""

from collections import namedtuple

import jax.numpy as jnp
import numpy as np
import pytest

import corpus
import solutions.linear_models.reference as ref
from autograder.checks import LocalSubmission

Weights = namedtuple("Weights", "slope intercept")


def _namedtuple_model(theta, x):
    return theta.slope * x + theta.intercept


def _weight_bias_model(theta, x):
    return theta["weight"] * x + theta["bias"]


def _public(name: str, namespace: dict):
    return corpus.LESSON.question(name).judge(LocalSubmission(namespace), corpus.LESSON.public_context())


def _hidden(name: str, namespace: dict):
    return corpus.LESSON.question(name).judge(
        corpus.LESSON.local_submission(namespace), corpus.LESSON.hidden_context(12345)
    )


@pytest.mark.parametrize("model", [_namedtuple_model, _weight_bias_model], ids=["namedtuple", "weight-bias"])
def test_a_correct_model_passes_before_the_init_exists(model):
    namespace = {"linear_model": model, "jnp": jnp}
    public, hidden = _public("linear_model", namespace), _hidden("linear_model", namespace)
    assert public.passed, public.message
    assert hidden.passed, hidden.message


@pytest.mark.parametrize("model", [_namedtuple_model, _weight_bias_model], ids=["namedtuple", "weight-bias"])
def test_a_correct_model_passes_when_the_init_is_still_the_stub(model):
    def initialize_linear_params():
        raise NotImplementedError("write initialize_linear_params")

    namespace = {"linear_model": model, "initialize_linear_params": initialize_linear_params}
    assert _public("linear_model", namespace).passed
    assert _hidden("linear_model", namespace).passed


def test_a_broken_model_still_fails():
    def linear_model(theta, x):
        return theta.slope * x  # no bias

    public = _public("linear_model", {"linear_model": linear_model})
    assert public.diagnostics == ["model-missing-bias"], public.message


def test_public_exception_shows_its_message_and_the_public_input():
    def linear_model(theta, x):
        return theta["w"] * x + theta["b"] + jnp.ones(3)  # shapes (5,) and (3,)

    verdict = _public("linear_model", {"linear_model": linear_model})
    assert verdict.diagnostics == ["exception"]
    text = verdict.message
    assert "TypeError" in text and "incompatible shapes" in text.lower(), text
    assert "x = [-2.0, -1.0, 0.0, 1.0, 2.0]" in text, text
    assert "\n" not in text and len(text) < 500


def test_hidden_exception_shows_neither_message_nor_input():
    def linear_model(theta, x):
        return theta["w"] * x + theta["b"] + jnp.ones(3)

    verdict = _hidden("linear_model", {"linear_model": linear_model})
    assert verdict.diagnostics == ["exception"]
    assert "TypeError" in verdict.message
    assert "shape" not in verdict.message.lower() and "x =" not in verdict.message, verdict.message


def test_hidden_exception_names_the_student_made_are_not_shown():
    """A class named at run time from the hidden input (40 ideographs held its first 10 floats)
    would carry the input to the student's feedback: after hidden inputs, only Python's, jax's and
    numpy's own exception names are shown."""

    def linear_model(theta, x):
        name = "".join(chr(0x4E00 + byte) for byte in np.asarray(x, np.float32)[:2].tobytes())
        raise type(name, (Exception,), {})()

    hidden = _hidden("linear_model", {"linear_model": linear_model})
    assert hidden.diagnostics == ["exception"] and "an exception of its own" in hidden.message, hidden.message
    assert not any(0x4E00 <= ord(c) < 0x4F00 for c in hidden.message), hidden.message
    public = _public("linear_model", {"linear_model": linear_model})  # public inputs are no secret
    assert any(0x4E00 <= ord(c) < 0x4F00 for c in public.message), public.message


def test_a_dmseloss_that_is_not_a_function_says_what_to_write():
    namespace = {name: getattr(ref, name) for name in ("linear_model", "initialize_linear_params", "mseloss")}
    namespace["dmseloss"] = {"w": 0.0, "b": 0.0}
    for verdict in (_public("dmseloss", namespace), _hidden("dmseloss", namespace)):
        assert "NotCallable" not in verdict.message
        assert "`dmseloss` is a dict" in verdict.message and "grad(mseloss)" in verdict.message, verdict.message


def test_an_integer_init_says_what_is_wrong_and_what_is_expected():
    def initialize_linear_params():
        return (0, 0)

    def linear_model(theta, x):
        return theta[0] * x + theta[1]

    namespace = {"linear_model": linear_model, "initialize_linear_params": initialize_linear_params}
    verdict = _hidden("initialize_linear_params", namespace)
    assert verdict.score == 0
    assert "integers" in verdict.message and "random floats" in verdict.message, verdict.message


def _init_returning(function):
    return {"linear_model": ref.linear_model, "initialize_linear_params": function}


def test_hard_coded_decimals_are_not_random():
    verdict = _hidden("initialize_linear_params", _init_returning(lambda: {"w": 0.37, "b": -1.2}))
    assert verdict.diagnostics == ["init-not-random"], verdict.message
    verdict = _hidden("initialize_linear_params", _init_returning(lambda: {"w": jnp.float32(0.5), "b": 1.25}))
    assert verdict.diagnostics == ["init-not-random"], verdict.message


def test_a_generator_seeded_inside_the_init_is_random_enough():
    def initialize_linear_params():
        w, b = np.random.default_rng(0).normal(size=2).astype(np.float32)
        return {"w": w, "b": b}

    verdict = _hidden("initialize_linear_params", _init_returning(initialize_linear_params))
    assert verdict.passed, verdict.message


def test_a_definition_whose_cell_raised_says_so():
    """In a kernel, ``In`` holds every cell run: ``mseloss``'s cell ran and failed on its import."""
    namespace = {name: getattr(ref, name) for name in ("linear_model", "initialize_linear_params")}
    namespace["In"] = ["", "import optax_is_not_installed\n\n\ndef mseloss(theta, model, x, y):\n    return 0.0\n"]
    for verdict in (_public("mseloss", namespace), _hidden("mseloss", namespace)):
        assert verdict.diagnostics == ["missing-definition"]
        assert "run the cell that defines it" not in verdict.message, verdict.message
        assert "ModuleNotFoundError" in verdict.message and "optax_is_not_installed" in verdict.message
    namespace["In"] = ["", "def linear_model(theta, x):\n    return theta['w'] * x + theta['b'] + undefined_name\n"]
    del namespace["linear_model"]
    verdict = _public("linear_model", namespace)
    assert verdict.diagnostics == ["missing-definition"] and "raised an error" in verdict.message, verdict.message


def test_without_a_history_a_missing_definition_says_to_run_its_cell():
    verdict = _public("mseloss", {name: getattr(ref, name) for name in ("linear_model", "initialize_linear_params")})
    assert verdict.diagnostics == ["missing-definition"]
    assert "run the cell that defines it" in verdict.message
