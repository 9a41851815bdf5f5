"""The grader's identity for reusing stored grades.

The release number alone is not enough: between releases the checks or the reference may change,
and a gradebook would go on serving grades the current code would not give. So the version a
result is stored under is the release plus a digest of this package's code and the reference.
"""

import functools
import hashlib
from pathlib import Path

from . import __version__
from .checks import Lesson


def code_digest(files: list[Path], root: Path) -> str:
    """12 hex digits of a digest over the files' paths (relative to ``root``) and contents."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


@functools.cache
def grader_version(lesson: Lesson) -> str:
    """``<release>+<lesson>.<digest>``: the digest changes with any source file that could change a
    grade of ``lesson`` (this package's code and the lesson's reference), and a grade given under
    one lesson is never reused for another."""
    package = Path(__file__).resolve().parent
    reference = lesson.reference_file().resolve()
    return f"{__version__}+{lesson.name}.{code_digest([*sorted(package.rglob('*.py')), reference], package.parent)}"
