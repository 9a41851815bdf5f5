"""Autograder for the JAX lesson "Optimizing Linear Models"."""

__version__ = "0.1.0"
