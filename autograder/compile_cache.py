"""XLA executables compiled once per batch, by the lesson's own solution, and copied into every worker.

Why: once the students' gradients are compiled (``autograder.accelerate``), about half of a correct
submission's remaining time is XLA compiling jax's eager operations, one per operation and shape
(some 75 of them), and the same operations on the same shapes recur in every submission: the
lesson's data, the hidden inputs, the checks' own computations. jax's persistent compilation cache
keeps such executables as files, keyed by the program, the compile options and the jax version; an
entry is what XLA would build again for the same program, so loading it instead changes no result.

How it is used (``engine.batch``): a warm-up worker grades the lesson's solution notebook with the
cache filling (``configure(folder, fill=True)``); the trusted process reads the entries back as
bytes (``read``), never interprets them, keeps them in the output folder (hidden from workers) and
sends a copy to each later worker, which writes it into its own private scratch folder and reads
from there (``configure(folder, fill=False)``: nothing is written). A submission can change only its
own copy. Only this module's ``configure`` touches jax, and it imports jax when called.
"""

import contextlib
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]{0,199}")
"""What a cache entry's file name may be (jax names them ``<module>-<sha256>-cache``): nothing that
could leave the folder it is written to."""
MAX_ENTRIES = 1000
"""Most entries kept: the solution's grading makes about 100."""
MAX_BYTES = 6 * 1024 * 1024
"""Most bytes kept, all entries together (about 0.5 MiB in practice; a worker's reply is capped at 8 MiB)."""


OPERATIONS = frozenset(
    [
        "add",
        "sub",
        "mul",
        "div",
        "neg",
        "integer_pow",
        "pow",
        "exp",
        "exp2",
        "log",
        "log1p",
        "expm1",
        "tanh",
        "logistic",
        "sqrt",
        "rsqrt",
        "abs",
        "sign",
        "max",
        "min",
        "reduce_sum",
        "reduce_max",
        "reduce_min",
        "reduce_prod",
        "argmax",
        "argmin",
        "broadcast_in_dim",
        "convert_element_type",
        "reshape",
        "squeeze",
        "concatenate",
        "split",
        "slice",
        "dynamic_slice",
        "dynamic_update_slice",
        "gather",
        "scatter",
        "select_n",
        "clamp",
        "dot_general",
        "transpose",
        "iota",
        "eq",
        "ne",
        "lt",
        "le",
        "gt",
        "ge",
        "and",
        "or",
        "not",
        "xor",
        "square",
        "stop_gradient",
        "copy",
        "copy_p",
        "cumsum",
        "sort",
        "subtract",
        "multiply",
        "divide",
        "true_divide",
        "negative",
        "power",
        "absolute",
        "maximum",
        "minimum",
        "where",
        "clip",
        "_mean",
        "_linspace",
        "_where",
        "_var",
        "_std",
        "_reduce_sum",
        "_reduce_max",
        "_reduce_min",
        "_einsum",
        "_dot",
        "_matmul",
    ]
)
"""The programs kept from a warm-up: jax's own operations (``<jit_name>-<key>-cache`` with a primitive's
or a ``jax.numpy`` function's name), which every submission compiles alike. Programs the warm-up built
from the lesson's reference functions and probes, or from the solution notebook's own functions, are
not kept: every worker gets the cache before its notebook runs, and a reference function must reach
a worker only with its question (the executable holds its operations and names)."""


def operations_only(entries: dict[str, bytes]) -> dict[str, bytes]:
    """The entries of ``entries`` that are jax's own operations (``OPERATIONS``)."""
    return {name: blob for name, blob in entries.items() if name.split("-", 1)[0].removeprefix("jit_") in OPERATIONS}


@dataclass(frozen=True)
class Compiled:
    """What one worker gets of the batch's cache: ``entries`` to read from its own copy, and whether
    it is the warm-up (``fill``), whose compilations the grader then reads back."""

    entries: dict[str, bytes] = field(default_factory=dict)
    fill: bool = False


def valid(entries: dict[str, bytes]) -> dict[str, bytes]:
    """``entries`` if every name is a plain file name and the whole fits the caps, else nothing:
    a cache is an optimisation, so anything unexpected means no cache, not an error."""
    names_ok = all(type(name) is str and NAME.fullmatch(name) for name in entries)
    sizes_ok = all(type(blob) is bytes for blob in entries.values())
    if not names_ok or not sizes_ok or len(entries) > MAX_ENTRIES:
        return {}
    if sum(len(blob) for blob in entries.values()) > MAX_BYTES:
        return {}
    return entries


def read(folder: Path) -> dict[str, bytes]:
    """The entries kept in ``folder`` (none if it is missing, unreadable or out of bounds)."""
    try:
        files = [path for path in folder.iterdir() if path.is_file() and not path.is_symlink()]
        if len(files) > MAX_ENTRIES:
            return {}
        return valid({path.name: path.read_bytes() for path in files if NAME.fullmatch(path.name)})
    except OSError:
        return {}


def write(folder: Path, entries: dict[str, bytes]) -> None:
    """Keep ``entries`` (checked with ``valid``) in ``folder``, replacing what it held: written beside
    it (a folder of this write's own, mode 0700) and renamed into place, so that an interrupted write
    leaves no half-written entry there. Batches may share the folder (``Options.compile_cache``): one
    that renames its entries in just before this write does keeps them, as they are the same
    programs; a reader between the two renames finds no cache and grades without."""
    folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f"{folder.name}.partial-", dir=folder.parent))
    try:
        for name, blob in valid(entries).items():
            (partial / name).write_bytes(blob)
        shutil.rmtree(folder, ignore_errors=True)
        with contextlib.suppress(OSError):  # another batch's entries took the place first
            partial.rename(folder)
    finally:
        shutil.rmtree(partial, ignore_errors=True)


def to_wire(entries: dict[str, bytes]) -> dict[str, np.ndarray]:
    """``entries`` as the wire carries them (``engine.wire``: data only, each blob a byte array)."""
    return {name: np.frombuffer(blob, dtype=np.uint8) for name, blob in entries.items()}


def from_wire(value: Any) -> dict[str, bytes]:
    """Entries read off the wire (a mapping of names to byte arrays), checked with ``valid``."""
    if not isinstance(value, dict):
        return {}
    arrays = value.values()
    if not all(isinstance(a, np.ndarray) and a.dtype == np.uint8 and a.ndim == 1 for a in arrays):
        return {}
    return valid({name: array.tobytes() for name, array in value.items()})


def configure(folder: str, fill: bool) -> None:
    """Make jax read compiled programs from ``folder`` and, if ``fill``, write every program it
    compiles there (however small or quick); otherwise write nothing. Must run before jax's first
    compilation in the process: jax decides once whether a cache is in use."""
    import jax

    jax.config.update("jax_compilation_cache_dir", folder)
    jax.config.update("jax_persistent_cache_enable_xla_caches", "none")  # else the folder's path is in every key
    jax.config.update("jax_persistent_cache_min_entry_size_bytes", -1)
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.0 if fill else float("inf"))
