"""The test corpus (``tests/corpus/``): see ``autograder.examples`` for the file format."""

from autograder.examples import CORPUS, PUBLIC_TABLE, ROOT, STUDENT_NOTEBOOK, Entry, build, entries, parse

__all__ = ["CORPUS", "PUBLIC_TABLE", "ROOT", "STUDENT_NOTEBOOK", "Entry", "build", "entries", "parse"]
