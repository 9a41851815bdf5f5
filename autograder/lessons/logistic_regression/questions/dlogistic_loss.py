"""Question ``dlogistic_loss``: the gradient of the loss with respect to theta, in theta's own structure
(judged by ``checks.gradient_check``; a mistake of ``logistic_loss`` is charged there only)."""

from ....checks.gradient_check import GradientQuestion
from .. import codes

NAME = "dlogistic_loss"
POINTS = 2.0
NEEDS = ("logistic_model",)
"""Reference functions the probes of this question are built from."""

judge = GradientQuestion(POINTS, codes).judge
