"""Shared fixtures: a freshly generated assignment (``autograder assign`` into a temporary folder)."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def fresh_assignment(tmp_path_factory) -> Path:
    """Run ``autograder assign`` into a temporary folder; return it (``linear_models/``, ``otter/autograder.zip``)."""
    from autograder.cli import main

    out = tmp_path_factory.mktemp("assign")
    assert main(["assign", "--assignments", str(out), "--dist", str(out), "--secret", "test-secret"]) == 0
    return out
