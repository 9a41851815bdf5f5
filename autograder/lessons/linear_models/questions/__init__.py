"""One module per question of the linear-regression lesson; each exposes ``judge(sub, ctx) -> Verdict``."""
