# Reference answers, plus network use that must fail in the worker's empty network namespace: UDP
# and TCP to 1.1.1.1:53 and 8.8.8.8:53, DNS resolution, the cloud metadata address, TCP to common
# ports of 127.0.0.1 and ::1, and every Unix socket file it can find. If any connection succeeds the
# cell deletes linear_model, which would show in the score.
# expect: linear_model=2: initialize_linear_params=1: mseloss=2: dmseloss=2: model_optimization_loop=3:
# max-score: 10
# %% after:answer-linear_model
import glob
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
for pattern in ("/run/**", "/var/run/**", "/tmp/**", "/dev/**", "/work/**/*.sock"):
    for path in glob.glob(pattern, recursive=True)[:2000]:
        attempt(socket.AF_UNIX, socket.SOCK_STREAM, path)
        attempt(socket.AF_UNIX, socket.SOCK_DGRAM, path)
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
