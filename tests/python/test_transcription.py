"""The seeds are checkably a transcription: every seeded number's printed form is on its cited
line of the source text, and the shared coverage tool finds the tables' amounts in seeds/."""
from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, SHARED_SOURCE_REPORT, SOURCE_REPORT


# seed -> [(value column, decimals column or fixed decimals)]
AMOUNT_COLUMNS = {
    "table_cells": [("amount", "decimals")],
    "narrative_figures": [("amount", "decimals")],
    "line_items": [
        ("initial_budget", "initial_budget_decimals"),
        ("actual", "actual_decimals"),
        ("completion_rate", "completion_rate_decimals"),
    ],
    "line_item_reason_amounts": [("amount", "decimals")],
    "project_summary": [("budget_yuan", "budget_decimals"), ("actual_yuan", "actual_decimals")],
    "project_evaluations": [
        ("budget", "budget_decimals"),
        ("actual", "actual_decimals"),
        ("execution_rate", "execution_rate_decimals"),
        ("score", "score_decimals"),
    ],
}
# a few items of 五(三) and 十三(三) wrap onto the next printed line
WRAP_LINES = 2


def source_lines() -> list[str]:
    return SOURCE_REPORT.read_text(encoding="utf-8").splitlines()


def printed_forms(value: str, decimals: int) -> set[str]:
    number = float(value)
    return {f"{number:,.{decimals}f}", f"{number:.{decimals}f}"}


def rows(seed: str) -> list[dict[str, str]]:
    path = next((PROJECT / "seeds").rglob(f"{seed}.csv"))
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("seed", sorted(AMOUNT_COLUMNS))
def test_each_amount_is_printed_on_its_source_line(seed: str) -> None:
    lines = source_lines()
    missing = []
    checked = 0
    for row in rows(seed):
        line_number = int(row["source_line"])
        window = " ".join(lines[line_number - 1 : line_number - 1 + WRAP_LINES + 1])
        text = re.sub(r"(?<=\d)\s+(?=[\d.,])", "", window)
        for value_column, decimals_column in AMOUNT_COLUMNS[seed]:
            if row[value_column] == "":
                continue
            checked += 1
            forms = printed_forms(row[value_column], int(row[decimals_column]))
            if not any(form in text for form in forms):
                missing.append((line_number, value_column, row[value_column]))
    assert checked > 0
    assert not missing, missing[:10]


def test_indicator_texts_are_printed_on_their_source_line() -> None:
    lines = source_lines()
    squeeze = lambda text: re.sub(r"\s+", "", text)  # noqa: E731 - wrapped cells add spaces
    missing = [
        (row["source_line"], row["target_text"], row["actual_text"])
        for row in rows("performance_indicators")
        if squeeze(row["target_text"]) not in squeeze(lines[int(row["source_line"]) - 1])
        or squeeze(row["actual_text"]) not in squeeze(lines[int(row["source_line"]) - 1])
    ]
    assert not missing, missing[:10]


def test_narrative_paragraphs_quote_the_source_lines() -> None:
    lines = source_lines()
    paragraphs = rows("narrative_paragraphs")
    assert len(paragraphs) == sum(1 for line in lines if line.strip())
    for row in paragraphs:
        assert row["text"] == lines[int(row["source_line"]) - 1].strip()


def test_shared_coverage_tool_finds_the_tables_in_the_seeds() -> None:
    tool = PROJECT.parent / "shared" / "tools" / "seed_coverage.py"
    if not tool.exists():
        pytest.skip("shared/tools/seed_coverage.py not beside the project")
    completed = subprocess.run(
        [sys.executable, str(tool), str(SOURCE_REPORT), str(PROJECT)],
        capture_output=True, text=True, check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "seed coverage" in completed.stdout


def test_the_committed_sample_is_the_shared_source_report() -> None:
    if not SHARED_SOURCE_REPORT.exists():
        pytest.skip("no shared/ source report beside the project")
    assert SOURCE_REPORT.read_bytes() == SHARED_SOURCE_REPORT.read_bytes()
