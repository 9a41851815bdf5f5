"""``python -m autograder``."""

from .cli import entrypoint

if __name__ == "__main__":  # the worker template re-imports the main module; it must not start a CLI
    entrypoint()
