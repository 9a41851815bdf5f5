"""``python -m autograder``."""

from .cli import entrypoint

entrypoint()
