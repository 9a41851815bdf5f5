"""The worker's syscall filter: keyrings and other ABIs refused, Python, JAX, fork and threads kept.

Each probe runs in a child interpreter (a filter cannot be removed) that reports on stdout as JSON.
A control child without the filter makes the same calls and must succeed: the test can see the
keyring channel, so a refused call proves the filter closed it.
"""

import ctypes
import errno
import json
import mmap
import os
import platform
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from autograder.engine import confine, seccomp
from autograder.engine.uids import BASE_UID

ADD_KEY, KEYCTL = {"x86_64": (248, 250), "aarch64": (217, 219)}.get(platform.machine(), (-1, -1))
KEY_SPEC_PROCESS_KEYRING, KEY_SPEC_USER_KEYRING = -2, -4
KEYCTL_GET_KEYRING_ID = 0
X32_GETPID = 0x40000000 | 39
I386_GETPID = bytes([0xB8, 20, 0, 0, 0, 0xCD, 0x80, 0xC3])  # mov eax, 20; int 0x80; ret
TEST_UID = BASE_UID - 1
"""Below every worker slot's uid, so no grader running alongside owns it."""

pytestmark = pytest.mark.skipif(ADD_KEY < 0, reason="no syscall table for this architecture")


def _syscall(nr: int, *args: Any) -> tuple[int, int]:
    """(result, errno) of a raw syscall."""
    libc = ctypes.CDLL(None, use_errno=True)
    ctypes.set_errno(0)
    result = libc.syscall(ctypes.c_long(nr), *args)
    return result, ctypes.get_errno()


def _add_key() -> tuple[int, int]:
    """A key in the process keyring: the same syscall as the user keyring, gone with the process."""
    return _syscall(ADD_KEY, b"user", b"probe", b"data", ctypes.c_size_t(4), ctypes.c_int(KEY_SPEC_PROCESS_KEYRING))


def _i386_getpid() -> int | None:
    """getpid through the i386 ABI (``int 0x80``), or None off x86_64."""
    if platform.machine() != "x86_64":
        return None
    page = mmap.mmap(-1, mmap.PAGESIZE, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
    page.write(I386_GETPID)
    function = ctypes.CFUNCTYPE(ctypes.c_int)(ctypes.addressof(ctypes.c_char.from_buffer(page)))
    return function()


def calls() -> dict[str, Any]:
    """The calls the filter must refuse; every other denied syscall with all arguments -1 (invalid,
    so harmless where the filter is missing: this host answers EINVAL, EFAULT, ENOSYS... not EPERM)."""
    numbers = seccomp.ARCHES[platform.machine()][1]
    invalid = [ctypes.c_long(-1)] * 6
    return {
        "pid": os.getpid(),
        "denied": {name: _syscall(numbers[name], *invalid)[1] for name in seccomp.DENIED},
        "add_key": _add_key(),
        "keyctl": _syscall(KEYCTL, KEYCTL_GET_KEYRING_ID, ctypes.c_int(KEY_SPEC_USER_KEYRING), 0),
        "x32": _syscall(X32_GETPID),
        "i386": _i386_getpid(),
        "unix socket": _socket_errno(socket.AF_UNIX),
        "socketpair": _socketpair_works(),
        "clone3": _syscall(numbers["clone3"], None, ctypes.c_size_t(0))[1],
        "ignore SIGCHLD": _signal_errno(signal.SIGCHLD, signal.SIG_IGN),
        "SIGCHLD handler": _signal_errno(signal.SIGCHLD, lambda *_: None),
        "read SIGCHLD action": _signal_errno(signal.SIGCHLD, None),
        "SIGTERM handler": _signal_errno(signal.SIGTERM, lambda *_: None),
        "new user namespace": _syscall(numbers["unshare"], ctypes.c_long(seccomp.CLONE_NEWUSER))[
            1
        ],  # last: it moves the child
    }


def _socket_errno(family: int) -> int:
    """0 if a socket of ``family`` could be made, else the errno."""
    try:
        socket.socket(family, socket.SOCK_STREAM).close()
    except OSError as error:
        return error.errno or -1
    return 0


def _signal_errno(signum: int, handler: Any) -> int:
    """0 if ``handler`` could be set for ``signum`` (None: the current action read with sigaction and
    a NULL new action), else the errno."""
    try:
        if handler is None:
            result, error = _syscall(
                seccomp.ARCHES[platform.machine()][1]["rt_sigaction"],
                signum,
                None,
                ctypes.byref(ctypes.create_string_buffer(64)),
                ctypes.c_size_t(8),
            )
            return error if result else 0
        signal.signal(signum, handler)
    except OSError as error:
        return error.errno or -1
    return 0


def _socketpair_works() -> bool:
    left, right = socket.socketpair()
    left.sendall(b"x")
    works = right.recv(1) == b"x"
    left.close()
    right.close()
    return works


def _in_child(probe: str, *args: Any) -> dict[str, Any]:
    """Run this module's function ``probe`` in a fresh interpreter (a filter cannot be removed);
    its result, or the child's traceback as a failure. Not a fork: a fork of a process that has
    run JAX (a test worker) may deadlock in JAX's thread pool."""
    script = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); import test_seccomp as t\n"
        "print(json.dumps(getattr(t, sys.argv[2])(*json.loads(sys.argv[3]))))"
    )
    command = [sys.executable, "-c", script, str(Path(__file__).parent), probe, json.dumps(args)]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert finished.returncode == 0, finished.stderr[-3000:]
    return json.loads(finished.stdout.strip().splitlines()[-1])


def filtered(uid: int | None = None) -> dict[str, Any]:
    """Confine like the worker's last step (``drop_privileges``), then make the calls: as root to
    ``uid``, else without changing user, as the worker does in a user namespace."""
    isolation = confine.Isolation(namespaces=[] if uid is not None else ["user"])
    confine.drop_privileges(isolation, uid if uid is not None else os.getuid())
    return {"uid": isolation.uid, "notes": isolation.notes, **calls()}


def still_works() -> dict[str, Any]:
    """After the filter: imports, JAX (threads), fork, threads; the filter is inherited by both."""
    confine.drop_privileges(confine.Isolation(namespaces=["user"]), os.getuid())
    import jax
    import jax.numpy as jnp

    grad = float(jax.grad(lambda w: jnp.sum((w * jnp.arange(3.0) - 1.0) ** 2))(2.0))
    child = os.fork()
    if child == 0:
        os._exit(1 if _add_key()[1] == errno.EPERM else 2)
    forked = os.waitstatus_to_exitcode(os.waitpid(child, 0)[1])
    in_thread: list[tuple[int, int]] = []
    thread = threading.Thread(target=lambda: in_thread.append(_add_key()))
    thread.start()
    thread.join()
    spawned = subprocess.run(["/bin/sh", "-c", "exit 3"], check=False).returncode  # clone3 refused: clone
    return {
        "grad": grad,
        "forked": forked,
        "thread": in_thread[0],
        "text": json.dumps({"a": [1, 2]}),
        "spawned": spawned,
    }


@pytest.fixture(scope="module")
def control() -> dict[str, Any]:
    return _in_child("calls")


def test_control_child_reaches_the_keyrings(control):
    assert control["add_key"][0] >= 0, control
    assert control["keyctl"][0] >= 0, control
    assert control["unix socket"] == 0 and control["socketpair"], control
    assert control["ignore SIGCHLD"] == control["SIGCHLD handler"] == control["read SIGCHLD action"] == 0, control
    assert control["clone3"] != errno.ENOSYS, control  # EINVAL (no arguments) where the kernel has clone3
    if control["i386"] is not None:
        assert control["i386"] == control["pid"]


def test_filter_refuses_keyrings_and_other_abis(control):
    result = _in_child("filtered")
    assert result["notes"] == []
    assert result["add_key"] == [-1, errno.EPERM]
    assert result["keyctl"] == [-1, errno.EPERM]
    assert result["x32"] == [-1, errno.EPERM]
    assert result["denied"] == dict.fromkeys(seccomp.DENIED, errno.EPERM)
    assert result["unix socket"] == errno.EPERM and result["socketpair"], result
    assert result["new user namespace"] == errno.EPERM, result
    assert result["ignore SIGCHLD"] == result["SIGCHLD handler"] == errno.EPERM, result
    assert result["read SIGCHLD action"] == result["SIGTERM handler"] == 0, result
    assert result["clone3"] == errno.ENOSYS, result
    if control["i386"] is not None:
        assert result["i386"] == -errno.EPERM  # int 0x80 returns -errno itself


@pytest.mark.skipif(os.getuid() != 0, reason="only root drops to a slot uid")
def test_filter_follows_the_drop_to_a_slot_uid():
    result = _in_child("filtered", TEST_UID)
    assert result["uid"] == TEST_UID and result["notes"] == []
    assert result["add_key"] == [-1, errno.EPERM]
    assert result["keyctl"] == [-1, errno.EPERM]


def test_python_jax_fork_and_threads_still_work():
    result = _in_child("still_works")
    assert result["grad"] == pytest.approx(2 * sum((2.0 * i - 1.0) * i for i in range(3)))
    assert result["forked"] == 1  # the grandchild ran, and its add_key got EPERM
    assert result["thread"] == [-1, errno.EPERM]
    assert json.loads(result["text"]) == {"a": [1, 2]}
    assert result["spawned"] == 3


def test_unknown_architecture_is_a_note(monkeypatch):
    monkeypatch.setattr(seccomp.platform, "machine", lambda: "riscv64")
    assert "riscv64" in (seccomp.install() or "")
