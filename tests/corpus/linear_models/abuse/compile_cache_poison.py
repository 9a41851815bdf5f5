# Correct answers, then the worker's own copy of the batch's compiled programs poisoned: every entry
# renamed to the next one's name (each key then holds another program) and half of them overwritten
# with garbage. Graded in the slot-reuse group (one worker), after the warm-up and before
# honest_after_fork_bomb.py: each worker gets a fresh copy, so the next submission in the same slot
# must still get full marks. Its own grade may suffer (or its worker crash): it poisoned itself.
# group: slot-reuse
# status: graded|crashed
# %% after:answer-linear_model
import os

import jax

_folder = jax.config.jax_compilation_cache_dir
_names = sorted(os.listdir(_folder)) if _folder else []
if not _names:  # tests/test_engine.py checks that this case had a cache to poison
    raise type("NoCompileCache", (Exception,), {})()
for _old, _new in zip(_names, _names[1:] + _names[:1]):
    os.rename(os.path.join(_folder, _old), os.path.join(_folder, _new + ".tmp"))
for _i, _name in enumerate(_names):
    os.rename(os.path.join(_folder, _name + ".tmp"), os.path.join(_folder, _name))
    if _i % 2:
        with open(os.path.join(_folder, _name), "wb") as _file:
            _file.write(b"\0not an executable" * 64)
