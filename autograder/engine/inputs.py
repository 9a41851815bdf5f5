"""Finding submissions: notebooks, Otter export zips, folders and LMS bulk downloads.

Everything is read as bytes with size caps and nothing is extracted to disk: a zip is opened in
memory, only its notebook is read (never ``.OTTER_LOG`` or any other pickle), its size, member
count and declared and actual sizes are bounded (zip bombs) and its member names are never used as
paths (zip slip). Discovery keeps no notebook in memory: it hashes each one and ``read`` fetches
it again when it is graded, refusing it if it changed meanwhile.

Student identity comes from two layouts only: a Canvas bulk download (a flat folder of
``lastfirst[_LATE]_userid_submissionid_name`` files; the rule applies to a file given on the command
line and to the files at the top of a given folder) and a Gradescope export (a given folder whose
``submission_metadata.yml`` maps its ``submission_<id>`` folders to submitters). A file deeper
inside a folder never takes identity from its own name: a student chooses it.

Every name, identity and reason that discovery records goes through ``escape.printable`` (file
names need not be UTF-8), and nothing about one input, however malformed, stops the others: it
becomes that input's ``error``.
"""

import hashlib
import os
import re
import stat
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import BinaryIO

import yaml

from ..escape import printable

MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024
MAX_ZIP_BYTES = 64 * 1024 * 1024
MAX_ZIP_MEMBERS = 2000
MAX_CENTRAL_DIRECTORY_BYTES = 1024 * 1024  # 2000 members with long names; bounds zipfile's parse
MAX_COMPRESSION_RATIO = 200
MAX_METADATA_BYTES = 1024 * 1024
MAX_DEPTH = 32  # folder levels below a given folder
MAX_ENTRIES = 100_000  # files and folders examined under one given folder
MAX_REASON_CHARS = 300
UTF8_BOM = b"\xef\xbb\xbf"

_CANVAS = re.compile(r"^(?P<name>[a-z0-9-]+?)(?:_LATE)?_(?P<userid>\d+)_(?P<submission>\d+)_(?P<file>.+)$", re.ASCII)
_SUBMITTER_FIELDS = (":sid", "sid", ":email", "email", ":name", "name")
_EOCD = struct.Struct("<4s4H2LH")  # zip end of central directory record, without its comment
_EOCD_SIGNATURE = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_LOCATOR_BYTES = 20
_EOCD_SEARCH = 0xFFFF + _EOCD.size  # the longest comment plus the record: where zipfile looks too


@dataclass
class Submission:
    """One submission as found: where it is, whose it is, and the hash of its notebook.

    ``path`` and ``student`` are ``printable`` (safe to record anywhere); ``source`` is the real file
    and ``member`` the zip member that holds the notebook (informational). With ``error`` set there
    is nothing to read and ``sha256`` is the hash of the error text."""

    path: str
    student: str | None
    sha256: str
    error: str | None = None
    source: Path | None = None
    member: str | None = None

    def read(self) -> bytes:
        """The notebook's bytes, read again under the same caps and checks; ValueError with a one-line
        reason if they cannot be read now or are not the bytes that were found."""
        if self.error is not None or self.source is None:
            raise ValueError(self.error or "nothing to read")
        data, _ = _examine(self.source)
        if _sha256(data) != self.sha256:
            raise ValueError("changed since it was found")
        return data


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _failed(path: Path, error: str, student: str | None = None) -> Submission:
    return Submission(printable(str(path)), student, _sha256(error.encode()), error)


def _describe(error: BaseException) -> str:
    """The message of ``error`` (an OSError's without the path it repeats), still raw."""
    text = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return text or type(error).__name__


def _reason(error: BaseException) -> str:
    """One short safe line for ``error``: messages quote file and zip member names verbatim."""
    return printable(_describe(error))[:MAX_REASON_CHARS]


def _open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading if it is a regular file. Never through a final symbolic link
    (callers pass real paths), never blocking: a FIFO or device named like a notebook would hang."""
    handle = open(os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC), "rb")  # noqa: SIM115
    if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
        handle.close()
        raise ValueError("not a regular file")
    return handle


def _read_capped(handle: BinaryIO, limit: int, what: str) -> bytes:
    """At most ``limit`` bytes: the size on disk is only a hint, the file may grow while read."""
    data = handle.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"{what} larger than {limit // 2**20} MiB")
    return data


def _check_zip_directory(handle: BinaryIO, size: int) -> None:
    """Refuse a zip whose central directory is too big, judged from the end record alone:
    ``zipfile.ZipFile`` parses every entry before anyone can count them (500,000 entries: 6 s,
    200 MB). Found the way ``zipfile`` finds it; ZIP64 is refused (no Otter export needs it)."""
    start = max(0, size - _EOCD_SEARCH - _ZIP64_LOCATOR_BYTES)
    handle.seek(start)
    tail = handle.read(_EOCD_SEARCH + _ZIP64_LOCATOR_BYTES)
    if tail[-_EOCD.size : -_EOCD.size + 4] == _EOCD_SIGNATURE and tail[-2:] == b"\0\0":
        at = len(tail) - _EOCD.size
    else:
        at = tail.rfind(_EOCD_SIGNATURE, max(0, len(tail) - _EOCD_SEARCH))
    if at < 0 or at + _EOCD.size > len(tail):
        raise ValueError("not a readable zip file (no end of central directory)")
    _, _, _, _, count, directory_bytes, _, _ = _EOCD.unpack_from(tail, at)
    locator_at = at - _ZIP64_LOCATOR_BYTES
    if count == 0xFFFF or (locator_at >= 0 and tail[locator_at : locator_at + 4] == _ZIP64_LOCATOR):
        raise ValueError("zip holds too many files (ZIP64)")
    if count > MAX_ZIP_MEMBERS or directory_bytes > MAX_CENTRAL_DIRECTORY_BYTES:
        raise ValueError("zip holds too many files")


def _is_notebook_member(name: str) -> bool:
    return name.endswith(".ipynb") and "__MACOSX" not in name and ".ipynb_checkpoints" not in name


def _notebook_from_zip(handle: BinaryIO, size: int) -> tuple[bytes, str]:
    """The one notebook inside an Otter export zip and its member name, read in memory with bomb
    checks. Only stored and deflate members are read: deflate output is bounded as it is produced,
    bzip2 and LZMA output is not (a small member could fill memory before any size check)."""
    if size > MAX_ZIP_BYTES:
        raise ValueError(f"zip larger than {MAX_ZIP_BYTES // 2**20} MiB")
    _check_zip_directory(handle, size)
    try:
        archive = zipfile.ZipFile(handle)
    except Exception as error:  # a malformed directory raises many kinds (BadZipFile, UnicodeDecodeError, ...)
        raise ValueError(f"not a readable zip file ({_describe(error)})") from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise ValueError("zip holds too many files")
        notebooks = [m for m in members if _is_notebook_member(m.filename)]
        if len(notebooks) != 1:
            raise ValueError(f"zip should hold exactly one notebook, found {len(notebooks)}")
        member = notebooks[0]
        if member.flag_bits & 0x1:
            raise ValueError("the notebook inside the zip is encrypted")
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ValueError(f"the notebook inside the zip uses compression method {member.compress_type}, not deflate")
        if member.file_size > MAX_NOTEBOOK_BYTES or member.file_size > MAX_COMPRESSION_RATIO * max(
            member.compress_size, 1
        ):
            raise ValueError("notebook inside the zip is too large (zip bomb?)")
        try:
            with archive.open(member) as stream:
                data = stream.read(MAX_NOTEBOOK_BYTES + 1)
        except Exception as error:  # bad CRC or local header, corrupt deflate stream, truncated data
            raise ValueError(f"the notebook inside the zip is corrupt ({_describe(error)})") from None
        if len(data) > MAX_NOTEBOOK_BYTES:
            raise ValueError("notebook inside the zip is too large")
        return data, printable(member.filename)


def _examine(source: Path) -> tuple[bytes, str | None]:
    """The notebook bytes in ``source`` (a notebook or an Otter export zip) and the zip member they
    came from; any failure is a ValueError with a one-line ``printable`` reason (made so once, here).
    A leading UTF-8 byte order mark, which some editors write and JSON parsers refuse, is dropped."""
    try:
        suffix = source.suffix.lower()
        if suffix not in (".ipynb", ".zip"):
            raise ValueError(f"not a notebook or a zip: {source.name}")
        with _open_regular(source) as handle:
            if suffix == ".zip":
                data, member = _notebook_from_zip(handle, os.fstat(handle.fileno()).st_size)
            else:
                data, member = _read_capped(handle, MAX_NOTEBOOK_BYTES, "notebook"), None
        return data.removeprefix(UTF8_BOM), member
    except Exception as error:
        raise ValueError(_reason(error)) from None


def _load(source: Path, shown: Path, student: str | None) -> Submission:
    """The submission in ``source``, hashed and then forgotten (``Submission.read`` fetches it)."""
    try:
        data, member = _examine(source)
    except ValueError as error:
        return _failed(shown, str(error), student)
    return Submission(printable(str(shown)), student, _sha256(data), None, source, member)


def canvas_identity(name: str) -> str | None:
    """The Canvas user id in a bulk-download file name, or None."""
    match = _CANVAS.match(name)
    return printable(match.group("userid")) if match else None


def _plain_value(value: object) -> str | None:
    """``value`` as an identity if it is a non-empty string or an integer: anything else (a list, a
    mapping, possibly a huge aliased one) is not an identity."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return printable(str(value)) if str(value).strip() else None


def gradescope_identities(folder: Path) -> dict[str, str]:
    """Map each ``submission_<id>`` folder of a Gradescope export to its submitter (sid, else email,
    else name). A missing, oversized or malformed ``submission_metadata.yml`` gives no identities."""
    try:
        with _open_regular(folder / "submission_metadata.yml") as handle:
            data = yaml.safe_load(_read_capped(handle, MAX_METADATA_BYTES, "submission_metadata.yml"))
    except Exception:  # missing, too large, not YAML, nested too deep for the parser: no identities
        return {}
    identities = {}
    for key, entry in data.items() if isinstance(data, dict) else ():
        submitters = (entry.get(":submitters") or entry.get("submitters")) if isinstance(entry, dict) else None
        people = [p for p in submitters if isinstance(p, dict)] if isinstance(submitters, list) else []
        found = (_plain_value(people[0].get(field)) for field in _SUBMITTER_FIELDS) if people else ()
        who = next((value for value in found if value), None)
        if isinstance(key, str) and who:
            identities[key] = who
    return identities


def _walk(folder: Path) -> Iterator[Path | Submission]:
    """Notebook and zip files under ``folder`` in sorted depth-first order, and an error Submission
    for each folder that cannot be listed and for what the caps skipped. Links are not followed and
    hidden entries are skipped. Iterative and capped: an extracted student zip can nest folders
    thousands deep (recursion would crash) or hold millions of entries."""
    pending: list[tuple[Path, int, bool]] = [(folder, 0, True)]  # a stack: (path, depth, is a folder)
    examined = 0
    too_deep: Path | None = None
    while pending:
        path, depth, is_folder = pending.pop()
        if not is_folder:
            yield path
            continue
        if depth > MAX_DEPTH:
            too_deep = too_deep or path
            continue
        try:
            with os.scandir(path) as entries:
                listed = list(islice(entries, MAX_ENTRIES - examined + 1))
            children = [
                (Path(entry.path), depth + 1, entry.is_dir(follow_symlinks=False))
                for entry in listed
                if not entry.name.startswith(".") and not entry.is_symlink()
            ]
        except OSError as error:
            yield _failed(path, f"cannot list this folder: {_reason(error)}")
            continue
        examined += len(listed)
        if examined > MAX_ENTRIES:
            yield _failed(folder, f"more than {MAX_ENTRIES} files and folders; the rest were skipped")
            break
        wanted = [c for c in children if c[2] or c[0].suffix.lower() in (".ipynb", ".zip")]
        pending.extend(sorted(wanted, key=lambda child: child[0].name, reverse=True))
    if too_deep is not None:
        yield _failed(too_deep, f"folders nested deeper than {MAX_DEPTH} levels were skipped")


def _discover_one(given: Path) -> Iterator[Submission]:
    """The submissions in one path given on the command line (see the module docstring for identity)."""
    try:
        is_folder = stat.S_ISDIR(given.stat().st_mode)
    except FileNotFoundError:
        yield _failed(given, "no such file or folder")
        return
    if not is_folder:
        yield _load(Path(os.path.realpath(given)), given, canvas_identity(given.name))
        return
    gradescope = gradescope_identities(given)
    for found in _walk(given):
        if isinstance(found, Submission):
            yield found
            continue
        relative = found.relative_to(given).parts
        student = canvas_identity(found.name) if len(relative) == 1 else gradescope.get(relative[0])
        yield _load(found, found, student)


def discover(paths: list[Path]) -> Iterator[Submission]:
    """Every submission under ``paths`` (files or folders), in a stable order. Never raises for a
    bad input: whatever goes wrong examining one is that input's error, and the rest go on."""
    for given in paths:
        try:
            yield from _discover_one(given)
        except Exception as error:  # e.g. a path that cannot be stat'ed (permission, name too long)
            yield _failed(given, f"cannot read: {_reason(error)}")
