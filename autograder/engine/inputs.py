"""Finding submissions: notebooks, Otter export zips, folders and LMS bulk downloads.

Everything is read as bytes with size caps and nothing is extracted to disk: a zip is opened in
memory, only its notebook is read (never ``.OTTER_LOG`` or any other pickle), its declared and
actual sizes are bounded (zip bombs) and its member names are never used as paths (zip slip).
Student identity comes from Canvas file names (``lastfirst[_LATE]_userid_submissionid_name``) or a
Gradescope export's ``submission_metadata.yml``; the file's own name never matters to grading.
"""

import hashlib
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024
MAX_ZIP_MEMBERS = 2000
MAX_COMPRESSION_RATIO = 200

_CANVAS = re.compile(r"^(?P<name>[a-z0-9-]+?)(?:_LATE)?_(?P<userid>\d+)_(?P<submission>\d+)_(?P<file>.+)$")


@dataclass
class Submission:
    """One submission as found. ``content`` is the notebook's bytes, or None with ``error`` set."""

    path: str
    student: str | None
    content: bytes | None
    error: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content or (self.error or "").encode()).hexdigest()


def _read_capped(path: Path) -> bytes:
    if path.stat().st_size > MAX_NOTEBOOK_BYTES:
        raise ValueError(f"larger than {MAX_NOTEBOOK_BYTES // 2**20} MiB")
    return path.read_bytes()


def _notebook_from_zip(path: Path) -> bytes:
    """The one notebook inside an Otter export zip, read in memory with bomb checks."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise ValueError(f"not a readable zip file ({error})") from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise ValueError("zip holds too many files")
        notebooks = [
            m
            for m in members
            if m.filename.endswith(".ipynb") and "__MACOSX" not in m.filename and ".ipynb_checkpoints" not in m.filename
        ]
        if len(notebooks) != 1:
            raise ValueError(f"zip should hold exactly one notebook, found {len(notebooks)}")
        member = notebooks[0]
        if member.file_size > MAX_NOTEBOOK_BYTES or member.file_size > MAX_COMPRESSION_RATIO * max(
            member.compress_size, 1
        ):
            raise ValueError("notebook inside the zip is too large (zip bomb?)")
        with archive.open(member) as handle:
            data = handle.read(MAX_NOTEBOOK_BYTES + 1)
        if len(data) > MAX_NOTEBOOK_BYTES:
            raise ValueError("notebook inside the zip is too large")
        return data


def _load(path: Path, shown: str, student: str | None) -> Submission:
    try:
        if path.suffix.lower() == ".zip":
            return Submission(shown, student, _notebook_from_zip(path))
        if path.suffix.lower() == ".ipynb":
            return Submission(shown, student, _read_capped(path))
        return Submission(shown, student, None, f"not a notebook or a zip: {path.name}")
    except (OSError, ValueError) as error:
        return Submission(shown, student, None, str(error))


def canvas_identity(name: str) -> str | None:
    """The Canvas user id in a bulk-download file name, or None."""
    match = _CANVAS.match(name)
    return match.group("userid") if match else None


def gradescope_identities(folder: Path) -> dict[str, str]:
    """Map each ``submission_<id>`` folder of a Gradescope export to its submitter (sid, else email, else name)."""
    metadata = folder / "submission_metadata.yml"
    try:
        data = yaml.safe_load(metadata.read_text())
    except (OSError, yaml.YAMLError):
        return {}
    identities = {}
    for key, entry in data.items() if isinstance(data, dict) else []:
        submitters = (entry.get(":submitters") or entry.get("submitters")) if isinstance(entry, dict) else None
        people = [p for p in submitters or [] if isinstance(p, dict)]
        if people:
            person = people[0]
            who = (
                person.get(":sid")
                or person.get("sid")
                or person.get(":email")
                or person.get("email")
                or person.get(":name")
            )
            if who:
                identities[str(key)] = str(who)
    return identities


def _walk(folder: Path) -> Iterator[Path]:
    """Notebook and zip files under ``folder``, sorted, without following links or entering hidden folders."""
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_symlink():
            continue
        if path.is_dir():
            yield from _walk(path)
        elif path.suffix.lower() in (".ipynb", ".zip"):
            yield path


def discover(paths: list[Path]) -> Iterator[Submission]:
    """Every submission under ``paths`` (files or folders), in a stable order."""
    for given in paths:
        if not given.exists():
            yield Submission(str(given), None, None, "no such file or folder")
        elif given.is_dir():
            gradescope = gradescope_identities(given)
            for path in _walk(given):
                relative = path.relative_to(given)
                student = gradescope.get(relative.parts[0]) if len(relative.parts) > 1 else None
                yield _load(path, str(path), student or canvas_identity(path.name))
        else:
            yield _load(given, str(given), canvas_identity(given.name))
