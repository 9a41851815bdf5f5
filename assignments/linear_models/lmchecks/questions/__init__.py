"""One module per question; each exposes ``judge(sub, ctx) -> Verdict``."""
