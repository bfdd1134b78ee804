# panmun: two commands set everything up on a machine with Python 3.11+ and make.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= report

.PHONY: demo test lint typecheck pytest bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/panmun analyze --out $(OUT)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy --strict src

pytest: $(VENV)/.installed-dev
	bash scripts/ensure-postgres.sh
	bash scripts/ensure-chromium.sh
	bash scripts/ensure-pango.sh
	$(BIN)/python -m pytest -m "not slow" --cov=panmun --cov-report=term --durations=20

test: lint typecheck pytest

bench: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -m slow || [ $$? -eq 5 ]  # 5: no test is marked slow yet
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage htmlcov $(OUT)
