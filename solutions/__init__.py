"""Instructor-only reference material: the JAX reference solutions and the Otter master notebook."""
