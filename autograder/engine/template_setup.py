"""Imported first by the warm template (its forkserver preload), and by nothing else: every process
forked from the template skips the grader's main module.

multiprocessing prepares each new process by importing the parent's main module (as ``__mp_main__``),
so that functions defined there can be unpickled. A script that calls ``batch.grade`` without an
``if __name__ == "__main__":`` guard then ran its whole batch again inside every worker, before the
worker confined itself. A worker's target and arguments live in this package, never in a main
module, so the template drops that step for all of them.
"""

import multiprocessing.spawn

MAIN_MODULE_KEYS = ("init_main_from_name", "init_main_from_path")
_prepare = multiprocessing.spawn.prepare


def _prepare_without_main(data: dict) -> None:
    _prepare({key: value for key, value in data.items() if key not in MAIN_MODULE_KEYS})


multiprocessing.spawn.prepare = _prepare_without_main
