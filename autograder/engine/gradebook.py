"""The gradebook: an SQLite database in the output folder, committed after every result.

Each result is a row; a regrade adds a row and marks the earlier ones as history, so nothing is
lost. A result is reused (not regraded) when the same content was graded for the same student by
the same grader version with the same course secret, unless ``--regrade`` is given. Only the
trusted process touches it; the folder is hidden from workers.
"""

import hashlib
import json
import sqlite3
import threading
import time
from pathlib import Path

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
    current INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS results_key ON results (sha256, student, grader_version, secret_id, current);
CREATE INDEX IF NOT EXISTS results_submission ON results (submission, current);
"""


def secret_id(secret: str) -> str:
    """A fingerprint of the course secret (the secret itself is never stored)."""
    return hashlib.sha256(b"autograder-secret-id\0" + secret.encode()).hexdigest()[:16]


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

    def cached(self, sha256: str, student: str | None) -> dict | None:
        """The current result for this content and student under this version and secret, if any
        (never a timeout, nor a result the grader itself failed on: those are graded again)."""
        with self._lock:
            row = self._db.execute(
                "SELECT record FROM results WHERE sha256=? AND student IS ? AND grader_version=? AND secret_id=?"
                " AND current=1 AND status != 'timeout' AND COALESCE(json_extract(record, '$.reason'), '') NOT LIKE ?"
                " ORDER BY id DESC LIMIT 1",
                (sha256, student, self.version, self.secret_id, f"{INTERNAL_ERROR}%"),
            ).fetchone()
        return json.loads(row[0]) if row else None

    def record(self, result: dict) -> None:
        """Store ``result`` (a results.jsonl record) as the current one for its submission; commit now."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("UPDATE results SET current=0 WHERE submission=? AND current=1", (result["submission"],))
            self._db.execute(
                "INSERT INTO results (submission, student, sha256, grader_version, secret_id, status, score,"
                " max_score, record, graded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    result["submission"],
                    result["student"],
                    result["sha256"],
                    self.version,
                    self.secret_id,
                    result["status"],
                    result["score"],
                    result["max_score"],
                    json.dumps(result),
                    time.time(),
                ),
            )
            self._db.execute("COMMIT")

    def history(self, submission: str) -> list[dict]:
        """Every result stored for ``submission``, oldest first."""
        with self._lock:
            rows = self._db.execute("SELECT record FROM results WHERE submission=? ORDER BY id", (submission,))
            return [json.loads(r[0]) for r in rows.fetchall()]

    def close(self) -> None:
        with self._lock:
            self._db.close()
