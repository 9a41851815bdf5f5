"""The logistic-regression lesson: its JAX reference (``reference``) and its Otter master notebook."""
