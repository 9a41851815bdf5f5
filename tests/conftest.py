"""Shared fixtures: a freshly generated assignment (``autograder assign`` into a temporary folder),
one XLA compilation cache for every process a test run starts, and one engine compile cache for
every batch."""

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

JAX_CACHE_DIR = "JAX_COMPILATION_CACHE_DIR"
JAX_CACHE_EVERYTHING = {
    "JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS": "0",
    "JAX_PERSISTENT_CACHE_MIN_ENTRY_SIZE_BYTES": "-1",
}
_caches = pytest.StashKey[list[str]]()
"""The cache folders this run created (the controller's), removed when the run ends."""


def pytest_configure(config: pytest.Config) -> None:
    """A compilation cache on disk for this run, shared by the tests and every process they start
    (the corpus's grading children, ``otter run``, Jupyter kernels; xdist workers inherit it from
    the controller, which sets it before starting them). Without it, each fresh process compiles the
    same hundred or so jax operations again, most of the time a small notebook takes to grade. The
    compiled code is the same either way, so no verdict changes. The engine's sandboxed workers never
    use it: their template passes on only a few variables (``autograder/engine/template.py``), so
    student code in a sandbox can neither read nor poison it. A cache named in the environment
    already is used as it is.

    Processes that compile the same operation at once may read an entry another one is still
    writing: jax then warns that the entry is truncated and compiles it itself, which is harmless."""
    config.addinivalue_line("filterwarnings", "ignore:Error reading persistent compilation cache entry:UserWarning")
    if hasattr(config, "workerinput"):
        return
    config.stash[_caches] = []
    if JAX_CACHE_DIR not in os.environ:
        os.environ.update(JAX_CACHE_EVERYTHING)
        _a_folder_for_this_run(config, JAX_CACHE_DIR, "autograder-tests-jax-cache-")
    _share_the_engines_compile_cache(config)


def _share_the_engines_compile_cache(config: pytest.Config) -> None:
    """One engine compile cache for every batch of the run (``Options.compile_cache``, from
    ``$AUTOGRADER_COMPILE_CACHE``): a batch of 3 or more submissions into a new output folder would
    otherwise first grade the lesson's solution notebook to warm its own up, some twenty times a run.
    Tests of the warm-up itself give their batches a cache of their own."""
    from autograder.engine.batch import SHARED_COMPILE_CACHE

    _a_folder_for_this_run(config, SHARED_COMPILE_CACHE, "autograder-tests-compile-cache-")


def _a_folder_for_this_run(config: pytest.Config, variable: str, prefix: str) -> None:
    """Name a new temporary folder in ``variable`` (removed when the run ends), unless it names one."""
    if variable not in os.environ:
        config.stash[_caches].append(tempfile.mkdtemp(prefix=prefix))
        os.environ[variable] = config.stash[_caches][-1]


def pytest_unconfigure(config: pytest.Config) -> None:
    for folder in config.stash.get(_caches, []):
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def fresh_assignment(tmp_path_factory) -> Path:
    """Run ``autograder assign`` for the linear-regression lesson into a temporary folder and return it:
    ``assignments/linear_models/`` (the student notebook and public tests) and ``dist/linear_models/``
    (``handout/`` and ``otter/autograder.zip``).

    Without Otter's own run of the master against its tests (``--no-run-tests``): tests/test_otter.py
    runs ``otter run`` on the master's answers with this very autograder, and the logistic lesson's
    fixture keeps that run. The modules that use this fixture share the xdist group ``otter-assign``,
    so that one worker builds it once."""
    from autograder.cli import main

    out = tmp_path_factory.mktemp("assign")
    command = ["assign", "--lesson", "linear_models", "--assignments", str(out / "assignments"), "--dist"]
    assert main([*command, str(out / "dist"), "--secret", "test-secret", "--no-run-tests"]) == 0
    return out


@pytest.fixture(scope="session")
def server():
    """A warm process that grades trusted notebooks in forked children (``forked_grading.py``)."""
    from forked_grading import GradingServer

    grading = GradingServer()
    yield grading
    grading.close()
