"""Landlock for the worker: which files student code may read and write, whoever owns them.

Why: the other layers decide by owner. As root a worker runs as a uid of its own, so it can still
read every world-readable file on the machine (an instructor's master notebook in a home folder left
0755, last term's submissions, an LMS export); without root it runs as the instructor, who owns the
checkout, the virtual environment and every course file: it could read them all, and write them
(the package the next grader run imports, the environment's jax). The empty mounts hide only the
folders the grader knows about. Landlock (Linux 5.13 and later, no privilege needed) is an
allowlist instead: after ``restrict`` the worker and everything it starts may read and run only
the system folders and the Python installation it imports from, and write only its private
temporary folders (``confine.WRITABLE_DIRS``) and ``/dev/null`` and its like (``confine.WRITABLE``).
Where the kernel offers them (ABI 4 and 6) it also refuses every TCP bind and connect (a worker
without a network namespace), signals to processes outside the worker and abstract unix sockets
outside it (the grader and the desktop session, for a worker without PID and network namespaces).
Landlock does not cover ``connect`` to a unix socket on a path: the seccomp filter refuses the
worker a unix socket of its own.

Raw syscalls through ctypes, as ``seccomp.py`` does: the three Landlock calls have the same numbers
on every architecture.
"""

import ctypes
import os
import site
import stat
import struct
import sys
from collections.abc import Iterable
from pathlib import Path

CREATE_RULESET, ADD_RULE, RESTRICT_SELF = 444, 445, 446
CREATE_RULESET_VERSION = 1
PR_SET_NO_NEW_PRIVS = 38
RULE_PATH_BENEATH = 1

EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
FS_ABI_1 = (1 << 13) - 1
"""Every filesystem right of ABI 1: execute, write, read, read a folder, remove, make (13 bits)."""
FS_LATER = {2: 1 << 13, 3: 1 << 14, 5: 1 << 15}
"""Rights added by later ABIs: refer (link or rename across folders), truncate, ioctl on devices."""
NET_BIND_TCP, NET_CONNECT_TCP = 1 << 0, 1 << 1
NET_ABI = 4
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1 << 0, 1 << 1
SCOPE_ABI = 6
READ = EXECUTE | READ_FILE | READ_DIR
FILE_RIGHTS = EXECUTE | WRITE_FILE | READ_FILE | FS_LATER[3] | FS_LATER[5]
"""The rights a rule on a single file (not a folder) may carry."""

SYSTEM_READ = ("/usr", "/lib", "/lib32", "/lib64", "/libx32", "/bin", "/sbin", "/etc", "/proc", "/sys")
"""System folders a worker reads: libraries, fonts, locale and time zone data, ``/etc`` (the
loader's cache, ``os-release``; secrets there are root's), ``/proc`` and ``/sys`` (CPU counts)."""

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long


def abi() -> int:
    """The kernel's Landlock ABI version, 0 where it has none (or it is disabled)."""
    version = _libc.syscall(CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(CREATE_RULESET_VERSION))
    return max(int(version), 0)


def python_folders() -> list[str]:
    """Where this interpreter imports from: its installation, its environment, the user's site
    folder, and this package's own folder (an editable install leaves it in a checkout whose other
    folders must stay unreadable: never the checkout itself)."""
    folders = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    folders.add(os.path.dirname(os.path.realpath(sys.executable)))
    user_site = site.getusersitepackages() if site.ENABLE_USER_SITE else None
    if user_site and user_site in sys.path:
        folders.add(user_site)
    folders.add(str(Path(__file__).resolve().parents[1]))
    return sorted({os.path.realpath(folder) for folder in folders if folder})


def restrict(read: Iterable[str], write: Iterable[str]) -> int:
    """Confine this process and its future children: ``read`` (folders, and everything under them)
    may be read and executed, ``write`` may also be written; nothing else may be touched. Returns
    the ABI enforced, 0 if the kernel has no Landlock (nothing is then restricted). Raises OSError
    if a Landlock call fails. Sets no_new_privs, which the kernel requires of an unprivileged caller
    (the worker has set it already, with its resource limits)."""
    version = abi()
    if version == 0:
        return 0
    handled = FS_ABI_1 | sum(bit for since, bit in FS_LATER.items() if version >= since)
    net = NET_BIND_TCP | NET_CONNECT_TCP if version >= NET_ABI else 0
    scoped = SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL if version >= SCOPE_ABI else 0
    attr = struct.pack("=QQQ", handled, net, scoped)
    size = 24 if version >= SCOPE_ABI else 16 if version >= NET_ABI else 8
    ruleset = _call(CREATE_RULESET, ctypes.c_char_p(attr[:size]), ctypes.c_size_t(size), ctypes.c_uint32(0))
    try:
        for paths, rights in ((read, READ), (write, handled)):
            for path in paths:
                _allow(ruleset, path, rights)
        _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
        _call(RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0))
    finally:
        os.close(ruleset)
    return version


def _allow(ruleset: int, path: str, rights: int) -> None:
    """Grant ``rights`` beneath ``path`` (skipped if it does not exist); a file gets its file rights."""
    try:
        handle = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return
    try:
        if not stat.S_ISDIR(os.fstat(handle).st_mode):
            rights &= FILE_RIGHTS
        beneath = struct.pack("=Qi", rights, handle)
        _call(
            ADD_RULE,
            ctypes.c_int(ruleset),
            ctypes.c_int(RULE_PATH_BENEATH),
            ctypes.c_char_p(beneath),
            ctypes.c_uint32(0),
        )
    finally:
        os.close(handle)


def _call(number: int, *args: object) -> int:
    result = _libc.syscall(number, *args)
    if result < 0:
        error = ctypes.get_errno()
        raise OSError(error, f"landlock syscall {number}: {os.strerror(error)}")
    return int(result)
