# Set-up and the two everyday commands. The environment is created on first use.
# Debian's /usr/bin/python3.1x is preferred: it lives outside /root, so a sandboxed grading
# process that dropped to an unprivileged user can still run the virtual environment.
PYTHON ?= $(firstword $(wildcard /usr/bin/python3.1[1-9]) python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test test-fast lint assign clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m autograder demo --out out/demo

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadgroup --durations=15

test-fast: $(STAMP)
	$(BIN)/python -m pytest -n 2 -m "not slow" -q

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

assign: $(STAMP)
	$(BIN)/autograder assign

clean:
	rm -rf $(VENV) dist out
