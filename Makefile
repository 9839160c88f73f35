# Two commands set everything up on a fresh machine:
#   make run    creates .venv with the service and runs it on 127.0.0.1:8000
#   make test   creates .venv with the test tools and runs the whole suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench bench-report clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev: pyproject.toml $(VENV)/.runtime
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

run: $(VENV)/.runtime
	$(BIN)/voxrelay serve

test: $(VENV)/.dev
	$(BIN)/lint-imports
	$(BIN)/pytest

lint: $(VENV)/.dev
	$(BIN)/lint-imports

bench: $(VENV)/.dev
	$(BIN)/python bench/e2e_vs_raw.py

# every benchmark, side by side in one run: bench/results/report.md and report.png
bench-report: $(VENV)/.dev
	$(BIN)/python bench/report.py

clean:
	rm -rf $(VENV) data
