"""What a question check returns: a score out of the question's points, diagnostic codes and a message."""

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from .codes import MESSAGES, message

Measured = Mapping[str, float | str]
"""What a check measured, by name: finite numbers, or text (a shape, a position, ``nan``)."""


def _measure(value: object) -> float | str:
    """``value`` as a ``Measured`` value: a real number (numpy's, jax's, a 0-d array) as a float, a
    non-finite one as its name (results.jsonl is strict JSON), anything else (a shape) as its text."""
    array = np.asarray(value) if isinstance(value, numbers.Real) or hasattr(value, "__array__") else None
    if array is None or array.shape != () or array.dtype.kind not in "biuf":
        return str(value)
    number = float(array)
    return number if math.isfinite(number) else str(number)


@dataclass(frozen=True)
class Finding:
    """One diagnosed mistake: its stable code, the points it costs and the sentence the student reads.

    ``measured``: for instructors only, what the check saw (expected against got, where); it may hold
    hidden inputs and expected values, so it is never part of ``text`` and the feedback file leaves it
    out. It takes no part in equality: the same mistake is the same finding, whatever float noise
    (a jit-compiled call, another device) the measurement carries.
    """

    code: str
    cost: float
    text: str
    measured: Measured = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "measured", {name: _measure(value) for name, value in self.measured.items()})

    def with_measured(self, **values: object) -> "Finding":
        """This finding with ``values`` added to what it measured (see ``_measure`` for the types)."""
        return replace(self, measured={**self.measured, **values})

    @classmethod
    def of(cls, code: str, cost: float, table: dict[str, str] = MESSAGES, **detail: object) -> "Finding":
        """The finding ``code`` worded from ``table`` (a lesson's codes, or the common ones)."""
        if code not in table:
            raise ValueError(f"unknown diagnostic code {code!r}")
        return cls(code, cost, message(code, table, **detail))


@dataclass(frozen=True)
class Verdict:
    """The outcome of one question: ``score`` out of ``max_score`` and the findings that cost points.

    A finding's cost is charged once; the score never goes below zero. ``notes`` are
    informational lines (for example why a failure is excused) that cost nothing; students read
    them with the message (results.jsonl and the feedback file), so they never show hidden inputs.
    """

    name: str
    max_score: float
    findings: tuple[Finding, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def score(self) -> float:
        return max(0.0, self.max_score - sum(f.cost for f in self.findings))

    @property
    def passed(self) -> bool:
        return not self.findings

    @property
    def diagnostics(self) -> list[str]:
        return [f.code for f in self.findings]

    @property
    def message(self) -> str:
        if self.passed:
            return f"{self.name}: all checks passed."
        return " ".join(f.text for f in self.findings)
