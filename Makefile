# Two commands for a new user: `make build` (the main job) and `make test` (the test suite).
# Everything is installed from requirements.lock (every dependency pinned at an exact version).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test lint clean

build: $(STAMP)
	$(BIN)/juesuan build

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/sqlfluff lint models tests macros

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $(STAMP)

clean:
	rm -rf $(VENV) target dbt_packages logs warehouse/*.duckdb warehouse/*.wal
