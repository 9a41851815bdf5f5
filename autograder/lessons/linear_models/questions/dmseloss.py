"""Question ``dmseloss``: the gradient of the loss with respect to theta, in theta's own structure
(judged by ``checks.gradient_check``; a mistake of ``mseloss`` is charged there only)."""

from ....checks.gradient_check import GradientQuestion
from .. import codes

NAME = "dmseloss"
POINTS = 2.0
NEEDS = ("linear_model",)
"""Reference functions the probes of this question are built from."""

judge = GradientQuestion(POINTS, codes).judge
