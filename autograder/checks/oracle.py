"""Expected values recorded once from a reference and replayed where no reference may go.

A lesson's oracle answers the checks' questions ("the reference prediction for w, b on x") from its
reference module; with a ``record`` it also stores each answer under a key of its inputs. The
public checks students run replay that recording (``AnswerTable``), so the copy of the checks
handed out carries expected values for the fixed public inputs but no reference code.
"""

import hashlib

import numpy as np


def answer_key(method: str, *args: object) -> str:
    """A key for the answer of ``method`` on ``args`` (numbers and arrays, read as float32)."""
    digest = hashlib.sha256(method.encode())
    for arg in args:
        digest.update(np.ascontiguousarray(np.asarray(arg, dtype=np.float32)).tobytes())
    return digest.hexdigest()[:24]


def keep(record: dict[str, list] | None, key: str, value: object) -> np.ndarray:
    """``value`` as float64, stored in ``record`` under ``key`` when recording."""
    array = np.asarray(value, dtype=np.float64)
    if record is not None:
        record[key] = array.tolist()
    return array


class AnswerTable:
    """A recording; asking for an answer it was not recorded with is a bug of the build."""

    def __init__(self, table: dict[str, list]):
        self.table = table

    def get(self, key: str) -> np.ndarray:
        if key not in self.table:
            raise KeyError("public check asked for a value that was not recorded: regenerate with `autograder assign`")
        return np.asarray(self.table[key], dtype=np.float64)
