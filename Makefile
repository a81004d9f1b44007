# Two commands for a new user: `make build` (the main job) and `make test` (the test suite).
# Everything is installed from requirements.lock (every dependency pinned at an exact version).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test lint bench detection plan clean

# `make build REPORT=path/to/report.txt` (or .pdf) extracts that report and checks it instead.
build: $(STAMP)
	$(BIN)/juesuan build $(if $(REPORT),--report "$(abspath $(REPORT))")

test: $(STAMP)
	$(BIN)/python -m pytest

# Not part of `make test`: builds corpora of up to 10,000 reports (see docs/benchmarks.md).
BENCH_SIZES ?= 1,100,1000,10000
bench: $(STAMP)
	$(BIN)/juesuan bench --sizes $(BENCH_SIZES) --write docs/benchmarks.md

# Recall and precision of the findings on a synthetic corpus with labelled injected errors.
DETECTION_REPORTS ?= 300
DETECTION_SEED ?= 11
detection: $(STAMP)
	rm -rf bench/detection-corpus
	$(BIN)/juesuan synth --reports $(DETECTION_REPORTS) --seed $(DETECTION_SEED) --format parquet --out bench/detection-corpus
	JUESUAN_WAREHOUSE=$(CURDIR)/bench/detection-warehouse/juesuan.duckdb $(BIN)/juesuan build --corpus bench/detection-corpus || test $$? -eq 1
	$(BIN)/juesuan evaluate --corpus bench/detection-corpus --warehouse bench/detection-warehouse/juesuan.duckdb --write docs/benchmarks.md

# After a change to what dbt compiles from (models, macros, tests, dbt_project.yml, seed
# properties): refresh the committed compiled plan, so that the first build after a clone runs
# it instead of `dbt build` (README, "dbt build, and dbt's compiled plan"). A test says when it is stale.
# Both input modes: the sample's seeds, and a corpus (a synthetic one of two reports, built into
# a warehouse of its own under target/: the plan does not depend on which corpus it is).
PLAN_CORPUS := target/plan-corpus
plan: $(STAMP)
	env -u JUESUAN_WAREHOUSE -u JUESUAN_CORPUS $(BIN)/juesuan build --with-dbt || test $$? -eq 1
	rm -rf $(PLAN_CORPUS)
	$(BIN)/juesuan synth --reports 2 --seed 7 --format parquet --out $(PLAN_CORPUS)/reports
	env -u JUESUAN_CORPUS JUESUAN_WAREHOUSE=$(CURDIR)/$(PLAN_CORPUS)/warehouse/juesuan.duckdb \
		$(BIN)/juesuan build --with-dbt --corpus $(PLAN_CORPUS)/reports || test $$? -eq 1
	rm -rf $(PLAN_CORPUS)
	rm -rf plans/seeds plans/corpus
	mkdir -p plans
	cp -r target/juesuan-plan/seeds plans/seeds
	cp -r target/juesuan-plan/corpus plans/corpus

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
