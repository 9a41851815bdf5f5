"""A seccomp-BPF filter for the worker, written by hand (no libseccomp): a few syscalls get EPERM.

Why: a worker slot reuses its uid for consecutive submissions, and some kernel state belongs to the
uid (or to the grader's session), not to the worker's namespaces. The kernel keyrings are such
state: a key added to the uid's user keyring outlives the worker (and the batch) and the next
submission in the slot can read it; the session keyring is the grader's, inherited and possessed
by every worker, so it even crosses slots; the persistent keyring (``keyctl_get_persistent``)
outlives logins by design. No namespace the worker enters covers them, so ``add_key``,
``request_key`` and ``keyctl`` are refused. The rest of the list is attack surface student code has
no use for: debugging other processes (``ptrace``, ``process_vm_*``), ``perf_event_open``, ``bpf``,
``userfaultfd``, io_uring, and loading kernel code. Mounting is refused too (``mount``, ``umount2``,
``pivot_root`` and the new mount API): without root the worker is root in a user namespace of its
own and owns the mounts confinement made, so it could otherwise detach the empty mounts that hide
the reference and the other submissions. ``clone`` and ``unshare`` stay allowed (JAX and Python
need threads and processes; a new namespace gives no mount back), but not for a new user namespace
(``DENIED_WITH``), and ``clone3`` answers ENOSYS. A unix socket of the worker's own is refused
(``DENIED_WITH``), so it cannot connect to services listening on a path. A new SIGCHLD action is
refused (``DENIED_UNLESS_NULL``): ignoring SIGCHLD would hide the processor time of a submission's
exited processes from what it is charged. A syscall made through
another ABI (i386 through ``int 0x80``, x32 numbers) is refused too, since its numbers differ and
would slip past the list.

Other per-uid or per-host state audited, and why it needs no filter: System V IPC and POSIX message
queues opened with ``mq_open`` live in the worker's IPC namespace and die with it; but a host
``/dev/mqueue`` mount is the host IPC namespace's queue filesystem, reachable by path from any
namespace, so ``confine`` covers it with a private tmpfs like the other world-writable folders
(``/tmp``, ``/var/tmp``, ``/dev/shm``, ...). Abstract unix sockets belong to the network namespace.
inotify and fanotify instances are only counted per uid and freed when the worker exits; processes
die with the PID namespace. Setuid helpers (``crontab``, ``at``) gain nothing under no_new_privs.
"""

import ctypes
import errno
import os
import platform
import struct

PR_SET_NO_NEW_PRIVS = 38
SECCOMP_SET_MODE_FILTER = 1
SECCOMP_FILTER_FLAG_TSYNC = 1
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_ERRNO = 0x00050000
X32_SYSCALL_BIT = 0x40000000
BPF_LD_W_ABS = 0x20  # BPF_LD | BPF_W | BPF_ABS: load 32 bits of struct seccomp_data
BPF_JEQ_K = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
BPF_JSET_K = 0x45  # BPF_JMP | BPF_JSET | BPF_K
BPF_RET_K = 0x06  # BPF_RET | BPF_K
NR_OFFSET, ARCH_OFFSET, ARGS_OFFSET = 0, 4, 16  # struct seccomp_data { int nr; __u32 arch; __u64 ip; __u64 args[6]; }
AF_UNIX = 1
CLONE_NEWUSER = 0x10000000

DENIED = (
    "add_key",
    "request_key",
    "keyctl",
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "perf_event_open",
    "bpf",
    "userfaultfd",
    "io_uring_setup",
    "io_uring_enter",
    "io_uring_register",
    "kexec_load",
    "kexec_file_load",
    "init_module",
    "finit_module",
    "delete_module",
    "mount",
    "umount2",
    "pivot_root",
    "open_tree",
    "move_mount",
    "fsopen",
    "fsconfig",
    "fsmount",
    "fspick",
    "mount_setattr",
)
"""Syscalls that get EPERM in the worker (see the module docstring for why)."""

DENIED_WITH = (
    ("socket", BPF_JEQ_K, AF_UNIX),
    ("clone", BPF_JSET_K, CLONE_NEWUSER),
    ("unshare", BPF_JSET_K, CLONE_NEWUSER),
)
"""Syscalls that get EPERM when their first argument matches (``BPF_JEQ_K``: equals; ``BPF_JSET_K``: has
the bit): a unix socket of its own, which could connect to any named socket the worker's uid may open
(system services, or the instructor's session bus when grading without root: Landlock does not
cover ``connect``; ``socketpair`` stays allowed), and a new user namespace (full capabilities over
kernel code such as netfilter, which no check needs)."""
SIGCHLD = 17
DENIED_UNLESS_NULL = (("rt_sigaction", SIGCHLD),)
"""Syscalls that get EPERM when their first argument is the value given and their second is not
NULL: a new action for SIGCHLD (reading the current one stays allowed). A process that ignores
SIGCHLD (or sets ``SA_NOCLDWAIT``) has its exited children reaped by the kernel, and their
processor time then goes into nobody's ``cutime``: a submission could hide all the time its
short-lived processes used from what it is charged (``usage``). SIGCHLD is 17 on both
architectures below."""
NOT_IMPLEMENTED = ("clone3",)
"""Syscalls that get ENOSYS: ``clone3`` passes its flags in memory a filter cannot read, so the C
library falls back to ``clone``, whose flags it can."""

NEW_MOUNT_API = {
    "open_tree": 428,
    "move_mount": 429,
    "fsopen": 430,
    "fsconfig": 431,
    "fsmount": 432,
    "fspick": 433,
    "mount_setattr": 442,
}
"""The mount API of Linux 5.2 and later: numbered alike on every architecture (asm-generic/unistd.h)."""

ARCHES: dict[str, tuple[int, dict[str, int]]] = {
    # machine: (AUDIT_ARCH_*, syscall numbers), from asm/unistd_64.h and asm-generic/unistd.h
    "x86_64": (
        0xC000003E,
        {
            "add_key": 248,
            "request_key": 249,
            "keyctl": 250,
            "ptrace": 101,
            "process_vm_readv": 310,
            "process_vm_writev": 311,
            "perf_event_open": 298,
            "bpf": 321,
            "userfaultfd": 323,
            "io_uring_setup": 425,
            "io_uring_enter": 426,
            "io_uring_register": 427,
            "kexec_load": 246,
            "kexec_file_load": 320,
            "init_module": 175,
            "finit_module": 313,
            "delete_module": 176,
            "mount": 165,
            "umount2": 166,
            "pivot_root": 155,
            "rt_sigaction": 13,
            "seccomp": 317,
            "socket": 41,
            "clone": 56,
            "unshare": 272,
            "clone3": 435,
            **NEW_MOUNT_API,
        },
    ),
    "aarch64": (
        0xC00000B7,
        {
            "add_key": 217,
            "request_key": 218,
            "keyctl": 219,
            "ptrace": 117,
            "process_vm_readv": 270,
            "process_vm_writev": 271,
            "perf_event_open": 241,
            "bpf": 280,
            "userfaultfd": 282,
            "io_uring_setup": 425,
            "io_uring_enter": 426,
            "io_uring_register": 427,
            "kexec_load": 104,
            "kexec_file_load": 294,
            "init_module": 105,
            "finit_module": 273,
            "delete_module": 106,
            "mount": 40,
            "umount2": 39,
            "pivot_root": 41,
            "rt_sigaction": 134,
            "seccomp": 277,
            "socket": 198,
            "clone": 220,
            "unshare": 97,
            "clone3": 435,
            **NEW_MOUNT_API,
        },
    ),
}


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def _insn(code: int, jt: int, jf: int, k: int) -> bytes:
    return struct.pack("=HBBI", code, jt, jf, k)


def program(
    audit_arch: int,
    numbers: list[int],
    with_argument: tuple[tuple[int, int, int], ...] = (),
    not_implemented: tuple[int, ...] = (),
    unless_null: tuple[tuple[int, int], ...] = (),
) -> bytes:
    """The BPF program: other ABIs, x32 numbers and ``numbers`` get EPERM, so does each ``(number,
    test, value)`` of ``with_argument`` whose first argument passes the test, and each ``(number,
    value)`` of ``unless_null`` whose first argument is ``value`` and second is not NULL;
    ``not_implemented`` get ENOSYS, everything else runs."""
    deny = SECCOMP_RET_ERRNO | errno.EPERM
    head = [
        _insn(BPF_LD_W_ABS, 0, 0, ARCH_OFFSET),
        _insn(BPF_JEQ_K, 1, 0, audit_arch),
        _insn(BPF_RET_K, 0, 0, deny),
        _insn(BPF_LD_W_ABS, 0, 0, NR_OFFSET),
    ]
    for nr, test, value in with_argument:  # its low 32 bits (little-endian), then the number again
        head += [
            _insn(BPF_JEQ_K, 0, 4, nr),
            _insn(BPF_LD_W_ABS, 0, 0, ARGS_OFFSET),
            _insn(test, 0, 1, value),
            _insn(BPF_RET_K, 0, 0, deny),
            _insn(BPF_LD_W_ABS, 0, 0, NR_OFFSET),
        ]
    for nr, value in unless_null:  # first argument's low 32 bits, then both halves of the second
        head += [
            _insn(BPF_JEQ_K, 0, 7, nr),
            _insn(BPF_LD_W_ABS, 0, 0, ARGS_OFFSET),
            _insn(BPF_JEQ_K, 0, 5, value),
            _insn(BPF_LD_W_ABS, 0, 0, ARGS_OFFSET + 8),
            _insn(BPF_JEQ_K, 0, 2, 0),
            _insn(BPF_LD_W_ABS, 0, 0, ARGS_OFFSET + 12),
            _insn(BPF_JEQ_K, 1, 0, 0),
            _insn(BPF_RET_K, 0, 0, deny),
            _insn(BPF_LD_W_ABS, 0, 0, NR_OFFSET),
        ]
    for nr in not_implemented:
        head += [_insn(BPF_JEQ_K, 0, 1, nr), _insn(BPF_RET_K, 0, 0, SECCOMP_RET_ERRNO | errno.ENOSYS)]
    checks = [(BPF_JSET_K, X32_SYSCALL_BIT)] + [(BPF_JEQ_K, nr) for nr in numbers]
    # check i jumps over the checks after it and the ALLOW to reach the final DENY
    body = [_insn(code, len(checks) - i, 0, k) for i, (code, k) in enumerate(checks)]
    tail = [_insn(BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW), _insn(BPF_RET_K, 0, 0, deny)]
    return b"".join(head + body + tail)


def install() -> str | None:
    """Install the filter in this process and all its threads (children inherit it); None when
    done, else a note saying why not. It sets no_new_privs itself, which the kernel requires of an
    unprivileged caller (the worker has already set it)."""
    arch = ARCHES.get(platform.machine())
    if arch is None:
        return f"no seccomp filter: unknown architecture {platform.machine()}"
    audit_arch, numbers = arch
    with_argument = tuple((numbers[name], test, value) for name, test, value in DENIED_WITH)
    not_implemented = tuple(numbers[name] for name in NOT_IMPLEMENTED)
    unless_null = tuple((numbers[name], value) for name, value in DENIED_UNLESS_NULL)
    code = program(audit_arch, [numbers[name] for name in DENIED], with_argument, not_implemented, unless_null)
    buffer = ctypes.create_string_buffer(code, len(code))
    prog = _Program(len(code) // 8, ctypes.addressof(buffer))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return f"no seccomp filter: no_new_privs: {os.strerror(ctypes.get_errno())}"
    # seccomp(2) rather than prctl(PR_SET_SECCOMP): TSYNC also filters threads that already exist
    mode, flags = ctypes.c_long(SECCOMP_SET_MODE_FILTER), ctypes.c_long(SECCOMP_FILTER_FLAG_TSYNC)
    result = libc.syscall(ctypes.c_long(numbers["seccomp"]), mode, flags, ctypes.byref(prog))
    if result != 0:
        reason = os.strerror(ctypes.get_errno()) if result < 0 else f"thread {result} could not sync"
        return f"no seccomp filter: {reason}"
    return None
