# Reference answers, plus network use that must fail in the worker's empty network namespace: UDP
# and TCP to 1.1.1.1:53 and 8.8.8.8:53, DNS resolution, the cloud metadata address, TCP to common
# ports of 127.0.0.1 and ::1, every Unix socket file it can find or guess (the system bus, the
# journal, container engines, an instructor's session bus), making a unix socket at all, and a new
# user namespace. If any of it succeeds the cell deletes linear_model, which would show in the score.
# expect: linear_model=2: initialize_linear_params=1: mseloss=2: dmseloss=2: model_optimization_loop=3:
# max-score: 10
# passes: accelerated
# %% after:answer-linear_model
import ctypes
import glob
import os
import platform
import socket

reached = []


def attempt(family, kind, address):
    try:
        with socket.socket(family, kind) as sock:
            sock.settimeout(1.0)
            sock.connect(address)
            sock.send(b"\0" * 32)
            reached.append(address)
    except OSError:
        pass


for host in ("1.1.1.1", "8.8.8.8"):
    attempt(socket.AF_INET, socket.SOCK_DGRAM, (host, 53))
    attempt(socket.AF_INET, socket.SOCK_STREAM, (host, 53))
attempt(socket.AF_INET, socket.SOCK_STREAM, ("169.254.169.254", 80))
for port in (22, 53, 80, 443, 631, 2375, 3306, 5432, 6379, 8000, 8080, 8888, 9000):
    attempt(socket.AF_INET, socket.SOCK_STREAM, ("127.0.0.1", port))
    attempt(socket.AF_INET6, socket.SOCK_STREAM, ("::1", port))
try:
    reached.append(socket.getaddrinfo("example.com", 80))
except OSError:
    pass
guessed = ["/dev/log", "/run/dbus/system_bus_socket", "/run/systemd/journal/socket", "/run/systemd/private"]
guessed += ["/var/run/docker.sock", "/run/containerd/containerd.sock", "/var/run/nscd/socket", "/run/snapd.socket"]
guessed += [f"/run/user/{uid}/{name}" for uid in (0, os.getuid(), *range(1000, 1011)) for name in ("bus", "gnupg/S.gpg-agent")]
found = [p for pattern in ("/run/**", "/var/run/**", "/tmp/**", "/dev/**", "/work/**/*.sock") for p in glob.glob(pattern, recursive=True)[:2000]]
for path in guessed + found:  # the folders cannot be listed (Landlock); well-known paths need no listing
    attempt(socket.AF_UNIX, socket.SOCK_STREAM, path)
    attempt(socket.AF_UNIX, socket.SOCK_DGRAM, path)
try:  # a unix socket of its own could reach any of the above that listens: the filter refuses one
    socket.socket(socket.AF_UNIX, socket.SOCK_STREAM).close()
    reached.append("a unix socket")
except OSError:
    pass
libc = ctypes.CDLL(None, use_errno=True)
if libc.syscall({"x86_64": 272, "aarch64": 97}.get(platform.machine(), -1), 0x10000000) == 0:
    reached.append("a user namespace")  # CLONE_NEWUSER: full capabilities over netfilter and more
if reached:
    del linear_model
# %% run-loop
import jax


@jax.jit
def fast_step(theta):
    grads = dmseloss(theta, linear_model, x, y)
    theta = {k: theta[k] - 0.001 * grads[k] for k in theta}
    return theta, mseloss(theta, linear_model, x, y)


losses = []
for _ in range(3000):
    theta, value = fast_step(theta)
    losses.append(value)
