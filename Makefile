# Each target prepares its own virtual environment in .venv (re-done when pyproject.toml
# changes), so a fresh clone needs nothing but Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench lint format clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

## run: install and open the app on the shipped plan
run: $(STAMP)
	$(BIN)/poa-desktop

## test: install and run the whole test suite (lint included)
test: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/python -m pytest

## bench: the benchmark suite on the large synthetic portfolio (figures in bench.json)
bench: $(STAMP)
	$(BIN)/poa-desktop bench --size L --json bench.json

lint: $(STAMP)
	$(BIN)/ruff check src tests

format: $(STAMP)
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
