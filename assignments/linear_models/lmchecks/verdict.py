"""What a question check returns: a score out of the question's points, diagnostic codes and a message."""

from dataclasses import dataclass, field

from .codes import CODES, message


@dataclass(frozen=True)
class Finding:
    """One diagnosed mistake: its stable code, the points it costs and the sentence the student reads."""

    code: str
    cost: float
    text: str

    @classmethod
    def of(cls, code: str, cost: float, **detail: object) -> "Finding":
        if code not in CODES:
            raise ValueError(f"unknown diagnostic code {code!r}")
        return cls(code, cost, message(code, **detail))


@dataclass(frozen=True)
class Verdict:
    """The outcome of one question: ``score`` out of ``max_score`` and the findings that cost points.

    A finding's cost is charged once; the score never goes below zero. ``notes`` are
    informational lines (for example which theta layout was detected) that cost nothing.
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

    def as_dict(self) -> dict:
        """The ``tests`` entry of results.jsonl (a contract: docs/architecture.md)."""
        return {
            "name": self.name,
            "score": self.score,
            "max_score": self.max_score,
            "diagnostics": self.diagnostics,
            "message": self.message,
        }
