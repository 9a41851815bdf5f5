"""The answer-file format (``autograder/examples.py``): its header lines and default sections."""

import corpus
from autograder import examples

ANSWER = """# A loss that sums: the public check sees it as well, under another code.
# expect: mseloss=1:loss-sum-not-mean dmseloss=2
# public: mseloss=0:loss-wrong-value,loss-sum-not-mean
# loop: master
# passes: accelerated
# %% answer-mseloss
def mseloss(theta, model, x, y):
    return jnp.sum((model(theta, x) - y) ** 2)
"""


def _loop_source(notebook) -> str:
    (cell,) = [cell for cell in notebook.cells if cell.id == "answer-model_optimization_loop"]
    return cell.source


def test_headers_are_parsed(tmp_path):
    path = tmp_path / "mistakes" / "loss_sum.py"
    path.parent.mkdir()
    path.write_text(ANSWER)
    entry = examples.parse(path)
    assert entry.name == "mistakes/loss_sum"
    assert entry.expected == {"mseloss": (1.0, ["loss-sum-not-mean"]), "dmseloss": (2.0, [])}
    assert entry.public == {"mseloss": (0.0, ["loss-wrong-value", "loss-sum-not-mean"])}
    assert entry.loop == "master" and entry.status == "graded" and entry.max_score is None
    assert entry.passes == "accelerated"
    assert entry.group == ""
    path.write_text(ANSWER.replace("# passes: accelerated\n", "# status: timeout\n# max-score: 0\n# group: short\n"))
    entry = examples.parse(path)
    assert (entry.passes, entry.status, entry.max_score, entry.group) == ("", "timeout", 0.0, "short")
    assert [key for key, _ in entry.sections] == ["answer-mseloss"]


def test_defaults_fill_only_the_cells_an_entry_leaves_alone(tmp_path):
    path = tmp_path / "loop.py"
    path.write_text("# %% answer-model_optimization_loop\nmodel_optimization_loop = 'mine'\n")
    own = examples.parse(path)
    path.write_text("# expect: full\n")
    plain = examples.parse(path)
    defaults = [("answer-model_optimization_loop", "model_optimization_loop = 'default'\n"), ("after:data", "1\n")]
    built = {
        name: examples.build(entry, corpus.LESSON, corpus.STUDENT_NOTEBOOK, defaults)
        for name, entry in (("own", own), ("plain", plain))
    }
    assert _loop_source(built["own"]) == "model_optimization_loop = 'mine'\n"
    assert _loop_source(built["plain"]) == "model_optimization_loop = 'default'\n"
    assert len(built["plain"].cells) == len(examples.build(plain, corpus.LESSON, corpus.STUDENT_NOTEBOOK).cells), (
        "a default never inserts a cell"
    )


def test_the_corpus_keeps_the_masters_loop_only_where_asked():
    (reference,) = [entry for entry in corpus.entries("correct") if entry.name == "correct/reference"]
    assert "for _ in range(n_steps)" in _loop_source(corpus.build(reference))
    assert "lax.scan" in _loop_source(corpus.build(reference, master_loop=False))
