"""Instructor side of the checks: the reference oracle, probes, notebook data and seeds.

Everything here may use ``solutions`` (the reference); nothing here is handed to students.
"""

import hashlib
from types import ModuleType
from typing import Any

from solutions import linear_regression

from .checks import Context, LocalSubmission, ReferenceOracle, hidden_cases, public_cases
from .checks.probes import make_probe

REFERENCE: ModuleType = linear_regression


def derive_seed(secret: str, identity: str) -> int:
    """The hidden-input seed of one student: stable for a (course secret, student identity) pair."""
    digest = hashlib.sha256(f"{secret}\0{identity}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1


def notebook_data() -> tuple[Any, Any]:
    """The data the notebook gives students (``x``, ``y``), from the reference's data maker."""
    return REFERENCE.make_data(REFERENCE.NOTEBOOK_SEED)


def hidden_context(seed: int, record: dict | None = None) -> Context:
    """Hidden inputs for ``seed`` with expected values from the live reference."""
    return Context(hidden_cases(seed, *notebook_data()), ReferenceOracle(REFERENCE, record), probes=True)


def public_context(record: dict | None = None) -> Context:
    """The public inputs with the live reference; ``record`` collects the answers for a ``TableOracle``."""
    return Context(public_cases(*notebook_data()), ReferenceOracle(REFERENCE, record), probes=False)


def local_submission(namespace: dict[str, Any]) -> LocalSubmission:
    """A submission over ``namespace`` in this process, able to resolve reference probes."""
    return LocalSubmission(namespace, probes=lambda probe: make_probe(probe, REFERENCE))
