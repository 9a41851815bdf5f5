"""Worker uids as root: each worker slot runs student code as a uid no other grader uses.

A grader process claims blocks of ``UID_BLOCK`` uids above ``BASE_UID`` (an exclusive lock file
per block, held for the process's life) and gives worker slot k the (k mod UID_BLOCK)-th uid of
its (k div UID_BLOCK)-th block, claiming blocks as slots need them. Two graders on one machine
therefore never share a uid, so per-uid limits and the final ``kill -9 -1`` sweep only ever touch
their own workers, and ``--workers`` may exceed one block.
"""

import fcntl
import os
import tempfile
import threading
from pathlib import Path
from typing import IO

BASE_UID = 200_000
UID_BLOCK = 64
UID_BLOCKS = 1000
"""Blocks available above BASE_UID: at most UID_BLOCK * UID_BLOCKS worker slots on one machine."""


class UidBlocks:
    """The uid blocks one grader process holds, claimed on first use of a slot that needs them."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder or Path(tempfile.gettempdir()) / "autograder-uid-blocks"
        self._held: list[tuple[int, IO[str]]] = []  # (block, its locked file), in claim order
        self._lock = threading.Lock()

    def uid(self, slot: int) -> int:
        """The uid of worker ``slot``: slot k lies in the (k div UID_BLOCK)-th block claimed."""
        if slot < 0:
            raise ValueError(f"a worker slot is a number from 0, not {slot}")
        index, offset = divmod(slot, UID_BLOCK)
        with self._lock:
            while len(self._held) <= index:
                self._held.append(self._claim())
            return BASE_UID + self._held[index][0] * UID_BLOCK + offset

    def uids(self) -> list[int]:
        """Every uid of the blocks claimed so far (what a sweep for leftover workers must look at)."""
        with self._lock:
            return [BASE_UID + block * UID_BLOCK + k for block, _ in self._held for k in range(UID_BLOCK)]

    def _claim(self) -> tuple[int, IO[str]]:
        """A free block, searched from one derived from the pid (graders started together spread
        out). A block this process already holds is skipped like any other: ``flock`` locks belong
        to an open file, so a second open of the same lock file cannot lock it."""
        self.folder.mkdir(mode=0o700, exist_ok=True)
        start = (self._held[-1][0] + 1) if self._held else os.getpid() % UID_BLOCKS
        for step in range(UID_BLOCKS):
            block = (start + step) % UID_BLOCKS
            handle = open(self.folder / f"{block}.lock", "w")  # noqa: SIM115 - held open for the process's life
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                continue
            return block, handle
        raise RuntimeError(f"no free uid block for workers ({UID_BLOCKS} blocks of {UID_BLOCK} are taken)")


BLOCKS = UidBlocks()
"""This process's blocks."""


def worker_uid(slot: int) -> int:
    """The uid student code of worker ``slot`` runs as: as root one of this process's blocks, else
    the invoking user (an ordinary user cannot switch uids)."""
    if os.getuid() != 0:
        return os.getuid()
    return BLOCKS.uid(slot)
