"""One source of truth: the master notebook's solutions and data are the reference module's."""

import ast
import inspect

import nbformat
import numpy as np
import pytest

import solutions.linear_models.reference as reference
from autograder.master import solution_sources
from corpus import LESSON

QUESTIONS = ["linear_model", "initialize_linear_params", "mseloss", "dmseloss", "model_optimization_loop"]
MASTER = LESSON.master()


def _reference_node(name: str) -> str:
    tree = ast.parse(inspect.getsource(reference))
    for node in tree.body:
        defined = (
            node.name if isinstance(node, ast.FunctionDef) else getattr(getattr(node, "targets", [None])[0], "id", None)
        )
        if defined == name:
            return ast.dump(node)
    raise LookupError(name)


def test_master_answers_every_question_once():
    assert list(solution_sources(MASTER)) == QUESTIONS == [q.name for q in LESSON.questions]


@pytest.mark.parametrize("question", QUESTIONS)
def test_master_solution_is_the_reference(question):
    (node,) = ast.parse(solution_sources(MASTER)[question]).body
    assert ast.dump(node) == _reference_node(question), (
        f"the master's solution of {question} differs from solutions/linear_models/reference.py: edit both"
    )


def _cell(cell_id: str) -> str:
    (cell,) = [c for c in nbformat.read(MASTER, as_version=4).cells if c.id == cell_id]
    return cell.source


def test_notebook_data_are_the_reference_data():
    namespace: dict = {}
    exec("import jax.numpy as jnp\nimport numpy as np\n" + _cell("data"), namespace)
    x, y = reference.make_data(reference.NOTEBOOK_SEED)
    np.testing.assert_array_equal(np.asarray(namespace["x"]), np.asarray(x))
    np.testing.assert_array_equal(np.asarray(namespace["y"]), np.asarray(y))
    assert namespace["x"].dtype == np.float32 and namespace["y"].dtype == np.float32


def test_notebook_init_generator_is_the_reference_generator():
    namespace: dict = {}
    exec(_cell("setup-imports").replace("%", "#"), namespace)
    mine = namespace["rng"].normal(size=4)
    theirs = np.random.default_rng(reference.NOTEBOOK_SEED + 1).normal(size=4)
    np.testing.assert_array_equal(mine, theirs)


@pytest.mark.slow  # the reference's own 3000 eager steps
def test_reference_fits_the_lesson_data():
    x, y = reference.make_data()
    theta = {"w": np.float32(0.5), "b": np.float32(-0.5)}
    losses, theta = reference.model_optimization_loop(
        theta, reference.linear_model, reference.mseloss, x, y, n_steps=3000
    )
    assert len(losses) == 3000 and float(losses[-1]) < float(losses[0])
    assert abs(float(theta["w"]) - 2) < 0.1 and abs(float(theta["b"]) - 20) < 0.3
