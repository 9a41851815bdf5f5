"""The result of grading one submission: its status and the record every output is written from.

A ``Result`` is the results.jsonl record (a contract: docs/architecture.md) as a typed value: the
judge's ``Outcome`` becomes one in ``batch``, and grades.csv, the feedback file, results.jsonl and
the gradebook are all written from it. ``to_record`` and ``from_record`` convert it to and from the
JSON object, so that a record read back from the gradebook is the record that was written.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ..checks.picture import Picture
from ..checks.verdict import Measured, Verdict


class Status(StrEnum):
    """How grading one submission ended. A ``str`` enum: its value is what results.jsonl, grades.csv
    and the gradebook hold."""

    GRADED = "graded"
    TIMEOUT = "timeout"
    MEMORY_LIMIT = "memory-limit"
    CRASHED = "crashed"
    INVALID = "invalid"

    @property
    def diagnostic(self) -> str:
        """The submission-wide diagnostic code (``checks.codes``) of the questions a stop left unjudged."""
        return "invalid-notebook" if self is Status.INVALID else self.value


@dataclass(frozen=True)
class FindingRecord:
    """A finding as results.jsonl keeps it: its code, the points it cost and what the check measured.

    ``measured`` may hold hidden inputs and expected values: it is for instructors, and the feedback
    file never shows it (the finding's text, which students read, is the ``message``)."""

    code: str
    cost: float
    measured: Measured = field(default_factory=dict)

    def to_record(self) -> dict[str, Any]:
        return {"code": self.code, "cost": self.cost, "measured": dict(self.measured)}

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> "FindingRecord":
        return cls(record["code"], record["cost"], dict(record["measured"]))


@dataclass(frozen=True)
class QuestionResult:
    """One question's entry of ``tests``. ``diagnostics`` are the findings' codes (the contract's field);
    ``notes`` cost nothing and students read them; ``findings`` add what each cost and measured."""

    name: str
    score: float
    max_score: float
    diagnostics: tuple[str, ...]
    message: str
    notes: tuple[str, ...] = ()
    findings: tuple[FindingRecord, ...] = ()

    @classmethod
    def of(cls, verdict: Verdict) -> "QuestionResult":
        findings = tuple(FindingRecord(f.code, f.cost, f.measured) for f in verdict.findings)
        name, diagnostics, notes = verdict.name, tuple(verdict.diagnostics), verdict.notes
        return cls(name, verdict.score, verdict.max_score, diagnostics, verdict.message, notes, findings)

    def to_record(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "score": self.score,
            "max_score": self.max_score,
            "diagnostics": list(self.diagnostics),
            "message": self.message,
            "notes": list(self.notes),
            "findings": [f.to_record() for f in self.findings],
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> "QuestionResult":
        """The entry ``record`` holds (one written before notes and findings were has none)."""
        return cls(
            record["name"],
            record["score"],
            record["max_score"],
            tuple(record["diagnostics"]),
            record["message"],
            tuple(record.get("notes", ())),
            tuple(FindingRecord.from_record(f) for f in record.get("findings", ())),
        )


@dataclass(frozen=True)
class Result:
    """One submission's result. The fields with defaults are the costs and what the sandbox reported:
    a result the grader could not record keeps only who, the seed and the status (``batch``)."""

    submission: str
    """The file's path as found: the path given, or the path inside the folder given."""
    student: str | None
    sha256: str
    status: Status
    reason: str
    score: float
    max_score: float
    seed: int
    tests: tuple[QuestionResult, ...]
    lesson: str
    grader_version: str
    duration_s: float = 0.0
    notebook_s: float = 0.0
    """Time the notebook's own cells took."""
    calls_s: float = 0.0
    """Time the checks' calls into student code took; the rest of ``duration_s`` is the grader's overhead."""
    peak_rss_mb: float = 0.0
    private_mb: float = 0.0
    cell_errors: tuple[tuple[int, str], ...] = ()
    """(cell index, error name) of each notebook cell that raised."""
    isolation: Mapping[str, Any] = field(default_factory=dict)
    """What confinement achieved (``confine.Isolation``, as the worker reported it)."""
    acceleration: Mapping[str, Any] = field(default_factory=dict)
    """``on``: the student's gradients were compiled (off with ``--exact``); ``compiled`` and
    ``fallbacks``: how many functions were compiled and how many ran eagerly for good (as the
    worker reported them; see ``autograder.accelerate``)."""
    picture: Picture | None = None
    """The notebook's own run in numbers, for the student's report (``checks.picture``); None when
    the notebook was not graded."""

    def to_record(self) -> dict[str, Any]:
        """The results.jsonl object (plain JSON types; ``status`` as its value)."""
        return {
            "submission": self.submission,
            "student": self.student,
            "sha256": self.sha256,
            "status": self.status.value,
            "reason": self.reason,
            "score": self.score,
            "max_score": self.max_score,
            "seed": self.seed,
            "tests": [t.to_record() for t in self.tests],
            "lesson": self.lesson,
            "grader_version": self.grader_version,
            "duration_s": self.duration_s,
            "notebook_s": self.notebook_s,
            "calls_s": self.calls_s,
            "peak_rss_mb": self.peak_rss_mb,
            "private_mb": self.private_mb,
            "cell_errors": [[index, error] for index, error in self.cell_errors],
            "isolation": dict(self.isolation),
            "acceleration": dict(self.acceleration),
            "picture": self.picture.to_record() if self.picture is not None else None,
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> "Result":
        """The result ``record`` holds; raises KeyError or ValueError for a record that is not one."""
        return cls(
            submission=record["submission"],
            student=record["student"],
            sha256=record["sha256"],
            status=Status(record["status"]),
            reason=record["reason"],
            score=record["score"],
            max_score=record["max_score"],
            seed=record["seed"],
            tests=tuple(QuestionResult.from_record(t) for t in record["tests"]),
            lesson=record["lesson"],
            grader_version=record["grader_version"],
            duration_s=record.get("duration_s", 0.0),
            notebook_s=record.get("notebook_s", 0.0),
            calls_s=record.get("calls_s", 0.0),
            peak_rss_mb=record.get("peak_rss_mb", 0.0),
            private_mb=record.get("private_mb", 0.0),
            cell_errors=tuple((index, error) for index, error in record.get("cell_errors", ())),
            isolation=dict(record.get("isolation", {})),
            acceleration=dict(record.get("acceleration", {})),
            picture=Picture.from_record(record.get("picture")),
        )

    def to_json(self) -> str:
        """The results.jsonl line: strict JSON (ASCII, keys sorted; ValueError for NaN or Infinity,
        which worker-reported costs could otherwise smuggle in)."""
        return json.dumps(self.to_record(), sort_keys=True, allow_nan=False)

    @classmethod
    def from_json(cls, line: str) -> "Result":
        """The result of a results.jsonl line (strict: NaN and Infinity are refused)."""
        return cls.from_record(json.loads(line, parse_constant=_refuse))


def _refuse(constant: str) -> None:
    raise ValueError(f"{constant} is not JSON")
