"""One module per question of the logistic-regression lesson; each exposes ``judge(sub, ctx) -> Verdict``."""
