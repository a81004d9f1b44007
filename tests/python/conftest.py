"""Fixtures: throw-away copies of the project, built into their own DuckDB warehouse."""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

PROJECT = Path(__file__).resolve().parents[2]
# the sample report as published (text extracted from its PDF), committed with the project so that
# a clone anywhere can test its extraction; the workplace's shared/ copy, where there is one, must
# be the same file (test_transcription.py)
SOURCE_REPORT = PROJECT / "reports" / "000_b12a26cdf2efb646.txt"
SHARED_SOURCE_REPORT = PROJECT.parent / "shared" / "source-report" / SOURCE_REPORT.name
REPORT_ID = "b12a26cdf2efb646"
COPIED = ["dbt_project.yml", "profiles", "models", "macros", "seeds", "tests", "expectations", ".sqlfluff"]


def copy_project(destination: Path) -> Path:
    destination.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("python", "__pycache__", "uncommitted"))
        else:
            shutil.copy2(source, destination / name)
    return destination


@dataclass
class Build:
    root: Path
    returncode: int
    output: str

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse" / "juesuan.duckdb"

    def query(self, sql: str, *params: object) -> list[tuple]:
        with duckdb.connect(str(self.warehouse), read_only=True) as connection:
            return connection.execute(sql, list(params)).fetchall()

    def findings(self) -> dict[str, dict[str, object]]:
        with duckdb.connect(str(self.warehouse), read_only=True) as connection:
            cursor = connection.execute("select * from main.findings")
            names = [column[0] for column in cursor.description]
            return {row[0]: dict(zip(names, row)) for row in cursor.fetchall()}

    def test_statuses(self) -> dict[str, str]:
        """dbt test name -> status (pass, warn, fail, error, skipped) from run_results.json."""
        results = json.loads((self.root / "target" / "run_results.json").read_text())
        return {
            result["unique_id"].split(".")[2]: result["status"]
            for result in results["results"]
            if result["unique_id"].startswith("test.")
        }


def run_build(root: Path, *options: str) -> Build:
    juesuan = Path(sys.executable).with_name("juesuan")
    completed = subprocess.run(
        [str(juesuan), "build", "--project-dir", str(root), *options],
        capture_output=True,
        text=True,
        check=False,
    )
    return Build(root, completed.returncode, completed.stdout + completed.stderr)


def findings_signature(build: Build) -> dict[str, tuple]:
    """What a finding says, by finding_id: severity, printed and expected value and the rest that
    does not depend on where the input was read from."""
    return {
        finding_id: (f["severity"], f["printed_value"], f["expected_value"], f["difference"],
                     f["rounding_only"], f["is_acknowledged"], f["source_line"], f["location"])
        for finding_id, f in build.findings().items()
    }


def edit_seed(root: Path, seed: str, match: dict[str, str], changes: dict[str, str]) -> None:
    """Change the cells of the one row of seeds/<seed>.csv whose columns equal `match`."""
    path = next((root / "seeds").rglob(f"{seed}.csv"))
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    hits = [row for row in rows if all(row[key] == value for key, value in match.items())]
    assert len(hits) == 1, f"{seed}: {match} matches {len(hits)} rows"
    hits[0].update(changes)
    write_rows(path, header, rows)


def drop_seed_row(root: Path, seed: str, match: dict[str, str]) -> None:
    dropped = drop_seed_rows(root, seed, lambda row: all(row[key] == value for key, value in match.items()))
    assert dropped == 1, f"{seed}: {match} matches {dropped} rows"


def drop_seed_rows(root: Path, seed: str, dropping: Callable[[dict[str, str]], bool]) -> int:
    """Drop the rows of seeds/<seed>.csv for which `dropping` is true; how many were dropped."""
    path = next((root / "seeds").rglob(f"{seed}.csv"))
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    kept = [row for row in rows if not dropping(row)]
    write_rows(path, header, kept)
    return len(rows) - len(kept)


def write_rows(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="session")
def clean_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The sample report as committed, built once for the session."""
    build = run_build(copy_project(tmp_path_factory.mktemp("clean")))
    assert build.warehouse.exists(), build.output
    return build
