"""Confinement of a worker process: namespaces, private mounts, resource limits, unprivileged user,
a filesystem allowlist (``landlock.py``), syscall filter.

Everything here runs in the worker before any student code, and each step degrades gracefully:
``Isolation`` records what was actually achieved so the trusted side can report it. As root (CI,
Gradescope) the worker gets new network, mount and PID namespaces and drops to a per-slot uid; as
an ordinary user it gets the same namespaces inside a user namespace where the kernel allows it.
"""

import contextlib
import ctypes
import os
import resource
import signal
from dataclasses import dataclass, field
from pathlib import Path

from . import landlock, seccomp

CLONE_NEWNS = 0x00020000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MS_NOATIME, MS_NODIRATIME, MS_RELATIME = 1024, 2048, 1 << 21
PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS = 1, 38

WRITABLE_DIRS = ("/tmp", "/var/tmp", "/dev/shm", "/run/lock", "/run/shm", "/dev/mqueue")
"""World-writable folders: each becomes a private, size-capped tmpfs, so nothing a submission writes
outlives it or reaches the host's disk. ``/dev/mqueue`` is the host IPC namespace's message queue
filesystem (queues created there by path outlive the worker's IPC namespace); ``mq_open`` does not
use it, it reaches the worker's own namespace."""

WRITABLE = (*WRITABLE_DIRS, "/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom")
"""What a worker may write: its private temporary folders and the harmless devices (not ``/dev/ptmx``,
``/dev/net/tun`` or ``/dev/fuse``: host-wide pseudo-terminals, network devices, filesystems)."""

_libc = ctypes.CDLL(None, use_errno=True)


WALL_CAP = 3.0
"""A worker kept off the processors by its neighbours is not charged for that wait, up to this
multiple of its time limit on the wall clock."""


@dataclass(frozen=True)
class Limits:
    """Per-submission limits. ``timeout_s`` is the time a worker may be charged (``usage``: its
    processes' processor time, or the wall clock it did not spend waiting for a processor) and
    ``wall_s`` the hard cap on the wall clock; ``memory_mb`` caps the address space, ``processes``
    the threads and processes of the worker's uid, ``file_mb`` any single file written,
    ``scratch_mb`` all of them."""

    timeout_s: float = 600.0
    wall_cap_s: float | None = None
    """The hard cap on the wall clock; None: ``WALL_CAP`` times ``timeout_s``."""
    memory_mb: int = 4096
    processes: int = 256
    file_mb: int = 64
    scratch_mb: int = 256
    open_files: int = 256

    @property
    def wall_s(self) -> float:
        return self.wall_cap_s if self.wall_cap_s is not None else WALL_CAP * self.timeout_s


@dataclass(frozen=True)
class WorkerConfig:
    """What the trusted side tells a worker: where to work, what to hide, which uid and limits.
    Declared here, not in ``worker``, so that the grader can build one without importing what the
    worker preloads (jax, IPython, matplotlib): the trusted process never needs them."""

    uid: int
    hide: tuple[str, ...]
    keep: tuple[str, ...]
    limits: Limits


@dataclass
class Isolation:
    """What confinement achieved: namespaces entered, the uid student code runs as, paths hidden."""

    namespaces: list[str] = field(default_factory=list)
    uid: int = -1
    masked: list[str] = field(default_factory=list)
    landlock: int = 0
    """The Landlock ABI that limits the files the worker may touch (0: none, see ``landlock.py``)."""
    notes: list[str] = field(default_factory=list)


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def _unshare(flags: int) -> None:
    _check(_libc.unshare(flags), "unshare")


def _mount(source: str, target: str, fstype: str | None, flags: int, data: str | None) -> None:
    _check(
        _libc.mount(
            source.encode(),
            target.encode(),
            fstype.encode() if fstype else None,
            flags,
            data.encode() if data else None,
        ),
        f"mount {target}",
    )


def _write(path: str, text: str) -> None:
    with open(path, "w") as handle:
        handle.write(text)


def enter_namespaces(isolation: Isolation) -> bool:
    """Unshare network, mount and PID namespaces (in a user namespace when not root). True if a PID
    namespace was entered: the caller must then fork, and the child is that namespace's init."""
    uid, gid = os.getuid(), os.getgid()
    attempts = [(CLONE_NEWNET | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC, ["net", "mount", "pid", "ipc"])]
    if uid != 0:
        attempts = [(flags | CLONE_NEWUSER, [*names, "user"]) for flags, names in attempts]
        attempts.append((CLONE_NEWUSER | CLONE_NEWNET, ["user", "net"]))
    else:
        attempts.append((CLONE_NEWNET, ["net"]))
    for flags, names in attempts:
        try:
            _unshare(flags)
        except OSError as error:
            isolation.notes.append(f"unshare({'+'.join(names)}) failed: {error.strerror}")
            continue
        if flags & CLONE_NEWUSER:
            _write("/proc/self/setgroups", "deny")
            _write("/proc/self/uid_map", f"0 {uid} 1")
            _write("/proc/self/gid_map", f"0 {gid} 1")
        isolation.namespaces = names
        return bool(flags & CLONE_NEWPID)
    return False


def private_mounts(isolation: Isolation, hide: list[str], keep: list[str], scratch: str, scratch_mb: int) -> None:
    """Hide ``hide`` behind empty read-only tmpfs mounts and give the worker private /tmp, /var/tmp,
    /dev/shm... (``scratch`` lies under /tmp), so nothing of other submissions, the grader's outputs
    or the reference can be read, and disk use is bounded. ``keep`` are folders the worker still
    imports from (the virtual environment, this package): if one lies in a folder that becomes
    private (a checkout under /tmp, say), it is bound back into place, read-only (the worker may
    write anywhere in its private /tmp, and as an ordinary user it owns that checkout)."""
    if "mount" not in isolation.namespaces:
        isolation.notes.append("no mount namespace: files readable by the worker's user stay readable")
        return
    _mount("none", "/", None, MS_REC | MS_PRIVATE, None)
    private = [p for p in WRITABLE_DIRS if os.path.isdir(p) and not os.path.islink(p)]
    kept = {path: os.open(path, os.O_PATH) for path in keep if any(path.startswith(p + "/") for p in private)}
    for path in private:
        _mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, f"size={scratch_mb}m,mode=1777")
    for path, handle in kept.items():  # the old folder, reached through a descriptor opened before
        os.makedirs(path, exist_ok=True)
        _mount(f"/proc/self/fd/{handle}", path, None, MS_BIND | MS_REC, None)
        os.close(handle)
        _read_only(isolation, path)
    os.makedirs(scratch, mode=0o777, exist_ok=True)
    os.chmod(scratch, 0o777)
    for path in hide:
        if os.path.exists(path):
            try:
                _mount("tmpfs", path, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,mode=000")
                isolation.masked.append(path)
            except OSError as error:
                isolation.notes.append(f"could not hide {path}: {error.strerror}")


def _read_only(isolation: Isolation, path: str) -> None:
    """Make the bind mount at ``path`` read-only, keeping the flags it has (in a user namespace the
    kernel refuses a remount that would clear one)."""
    kept = os.statvfs(path).f_flag
    flags = MS_REMOUNT | MS_BIND | MS_RDONLY
    for st, ms in (
        (os.ST_NOSUID, MS_NOSUID),
        (os.ST_NODEV, MS_NODEV),
        (os.ST_NOEXEC, MS_NOEXEC),
        (os.ST_NOATIME, MS_NOATIME),
        (os.ST_NODIRATIME, MS_NODIRATIME),
        (os.ST_RELATIME, MS_RELATIME),
    ):
        flags |= ms if kept & st else 0
    try:
        _mount("none", path, None, flags, None)
    except OSError as error:
        isolation.notes.append(f"could not make {path} read-only: {error.strerror}")


def remount_proc(isolation: Isolation) -> None:
    """In a new PID namespace, show only its own processes in /proc (no other command lines or environments)."""
    if "pid" in isolation.namespaces and "mount" in isolation.namespaces:
        try:
            _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, None)
        except OSError as error:
            isolation.notes.append(f"could not remount /proc: {error.strerror}")


def die_with_parent() -> None:
    """Get SIGKILL when the parent exits (and exit now if it already has)."""
    parent = os.getppid()
    _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(137)


def close_inherited_fds(keep: int) -> None:
    """Close every descriptor but 0-2 and ``keep``: the template's pipes (forkserver, resource
    tracker) must not be reachable from student code."""
    os.closerange(3, keep)
    os.closerange(keep + 1, resource.getrlimit(resource.RLIMIT_NOFILE)[0])


def apply_limits(limits: Limits) -> None:
    """Resource limits for student code (the address space cap is what ``--memory-mb`` sets). The cap
    is per process, so many processes of one submission may still fill the machine's memory: the
    kernel's OOM killer is then told to take the worker and its processes first
    (``oom_score_adj``), never the grader."""
    mb = 1024 * 1024
    settings = {
        resource.RLIMIT_AS: limits.memory_mb * mb,
        resource.RLIMIT_NPROC: limits.processes,
        resource.RLIMIT_FSIZE: limits.file_mb * mb,
        resource.RLIMIT_NOFILE: limits.open_files,
        resource.RLIMIT_CORE: 0,
        resource.RLIMIT_CPU: int(limits.timeout_s * 4) + 10,
    }
    for kind, value in settings.items():
        _, hard = resource.getrlimit(kind)
        cap = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(kind, (cap, cap))
    with contextlib.suppress(OSError):
        Path("/proc/self/oom_score_adj").write_text("1000")
    _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)


def drop_privileges(isolation: Isolation, uid: int) -> None:
    """As root, become ``uid`` (no supplementary groups); otherwise stay the current user. Then limit
    the files it may touch, and install the syscall filter, last, so that nothing of confinement
    needs a syscall it refuses.

    Changing uid clears the parent-death signal, so it is set again afterwards: the worker must die
    with the process the grader kills."""
    if os.getuid() == 0 and "user" not in isolation.namespaces:
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
        die_with_parent()
    isolation.uid = os.getuid()
    restrict_files(isolation)
    filter_syscalls(isolation)


def restrict_files(isolation: Isolation) -> None:
    """Let student code read only the system and the Python installation, and write only its private
    temporary folders and the harmless devices (``WRITABLE``), whoever owns the rest: see ``landlock.py``."""
    try:
        isolation.landlock = landlock.restrict(read=[*landlock.SYSTEM_READ, *landlock.python_folders()], write=WRITABLE)
    except OSError as error:
        isolation.notes.append(f"no filesystem allowlist: {error.strerror}")
        return
    if not isolation.landlock:
        isolation.notes.append("no filesystem allowlist: the kernel has no Landlock")


def filter_syscalls(isolation: Isolation) -> None:
    """Refuse the kernel keyrings (per-uid state that outlives the worker and would pass data to the
    next submission in the slot) and other needless kernel surface: see ``seccomp.py``."""
    note = seccomp.install()
    if note:
        isolation.notes.append(note)
