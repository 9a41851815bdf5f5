"""The gradebook: an SQLite database in the output folder, committed after every result.

Each grading is a row; a regrade adds a row and marks the earlier ones of that submission (its
path) as history, so nothing is lost. A result is reused (not regraded) when the same content was
graded for the same student by the same grader version with the same course secret, unless
``--regrade`` is given. A reuse is not a grading and adds no row, except where the grade is found
under another path than its row's (the file was moved or renamed, or handed in twice): that path's
current result then is a row that names the grading it copies (``reused_from``) and keeps its time,
so the history of every path is exact and no reuse reads as a regrade. Only the trusted process
touches it; the folder is hidden from workers.
"""

import hashlib
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .result import Result, Status

INTERNAL_ERROR = "internal grader error"
"""How the reason of a result the grader itself failed on begins (see ``batch``)."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    submission TEXT NOT NULL,
    student TEXT,
    sha256 TEXT NOT NULL,
    grader_version TEXT NOT NULL,
    secret_id TEXT NOT NULL,
    status TEXT NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    record TEXT NOT NULL,
    graded_at REAL NOT NULL,
    current INTEGER NOT NULL DEFAULT 1,
    reused_from INTEGER
);
CREATE INDEX IF NOT EXISTS results_key ON results (sha256, student, grader_version, secret_id, current);
CREATE INDEX IF NOT EXISTS results_submission ON results (submission, current);
"""


def secret_id(secret: str) -> str:
    """A fingerprint of the course secret (the secret itself is never stored)."""
    return hashlib.sha256(b"autograder-secret-id\0" + secret.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Stored:
    """A result as the gradebook holds it: ``row``, its id (what a reuse of it refers to)."""

    row: int
    result: Result


class Gradebook:
    """Thread-safe access to the results table of ``path``."""

    def __init__(self, path: Path, grader_version: str, secret: str):
        self.path = path
        self.version = grader_version
        self.secret_id = secret_id(secret)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(SCHEMA)
        if "reused_from" not in {column[1] for column in self._db.execute("PRAGMA table_info(results)")}:
            self._db.execute("ALTER TABLE results ADD COLUMN reused_from INTEGER")  # written before reuses were kept

    def cached(self, sha256: str, student: str | None, submission: str) -> Stored | None:
        """The current result for this content and student under this version and secret, if any
        (never a timeout, nor a result the grader itself failed on: those are graded again); the one
        of ``submission`` (the path it is found at) first, so that a reuse adds no row when it can."""
        with self._lock:
            row = self._db.execute(
                "SELECT id, record FROM results WHERE sha256=? AND student IS ? AND grader_version=?"
                " AND secret_id=? AND current=1 AND status != ?"
                " AND COALESCE(json_extract(record, '$.reason'), '') NOT LIKE ?"
                " ORDER BY submission = ? DESC, id DESC LIMIT 1",
                (sha256, student, self.version, self.secret_id, Status.TIMEOUT.value, f"{INTERNAL_ERROR}%", submission),
            ).fetchone()
        return Stored(row[0], Result.from_json(row[1])) if row else None

    def record(self, result: Result) -> None:
        """Store ``result``, just graded, as the current one for its submission; commit now."""
        self._make_current(
            result.submission,
            "INSERT INTO results (submission, student, sha256, grader_version, secret_id, status, score,"
            " max_score, record, graded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                result.submission,
                result.student,
                result.sha256,
                self.version,
                self.secret_id,
                result.status.value,
                result.score,
                result.max_score,
                result.to_json(),
                time.time(),
            ),
        )

    def reuse(self, stored: Stored, result: Result) -> None:
        """Note that ``stored`` serves as ``result`` (the same grade, found at ``result.submission``):
        nothing where it was found at its own row's path, else a row for the new path (module docstring)."""
        if result.submission == stored.result.submission:
            return
        self._make_current(
            result.submission,
            "INSERT INTO results (submission, record, reused_from, student, sha256, grader_version, secret_id,"
            " status, score, max_score, graded_at) SELECT ?, ?, COALESCE(reused_from, id), student, sha256,"
            " grader_version, secret_id, status, score, max_score, graded_at FROM results WHERE id=?",
            (result.submission, result.to_json(), stored.row),
        )

    def _make_current(self, submission: str, insert: str, values: tuple) -> None:
        """Run ``insert`` (one row for ``submission``) as the current row of ``submission``, in one transaction."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("UPDATE results SET current=0 WHERE submission=? AND current=1", (submission,))
            self._db.execute(insert, values)
            self._db.execute("COMMIT")

    def history(self, submission: str) -> list[Result]:
        """Every result stored for ``submission``, oldest first."""
        with self._lock:
            rows = self._db.execute("SELECT record FROM results WHERE submission=? ORDER BY id", (submission,))
            return [Result.from_json(r[0]) for r in rows.fetchall()]

    def current(self, lesson: str) -> list[Result]:
        """The current result of every submission of ``lesson`` ever graded into this gradebook (this
        batch's and earlier ones', under any version), by submission: what the class dashboard shows.
        A row that no longer reads as a result is left out."""
        with self._lock:
            rows = self._db.execute(
                "SELECT record FROM results WHERE current=1 AND json_extract(record, '$.lesson')=? ORDER BY submission",
                (lesson,),
            ).fetchall()
        found = []
        for (record,) in rows:
            try:
                found.append(Result.from_json(record))
            except (KeyError, TypeError, ValueError):
                continue
        return found

    def close(self) -> None:
        with self._lock:
            self._db.close()
