# A wrong model, unless the kernel's OOM killer would spare this worker: the address-space cap is per
# process, so a submission's many processes may still fill the machine's memory, and the kernel then
# kills whatever scores worst, possibly the grader or another student's worker. Each worker sets its
# oom_score_adj to 1000 (confine.apply_limits), which every process it starts inherits; if it reads
# lower here, or cannot be read, linear_model becomes right (standing for the harm done).
# expect: linear_model=0:model-wrong-value
# max-score: 8
# passes: accelerated
# %% answer-linear_model
try:
    with open("/proc/self/oom_score_adj") as handle:
        spared = int(handle.read()) < 1000
except (OSError, ValueError):
    spared = True
if spared:

    def linear_model(theta, x):
        return theta["w"] * x + theta["b"]
else:

    def linear_model(theta, x):
        return x * 0.0
