"""Compare extracted seeds with hand-made ones, cell by cell, keyed by each seed's unique key."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from juesuan.project import seed_keys_within_report


@dataclass(frozen=True)
class Difference:
    seed: str
    key: str
    column: str
    expected: str
    extracted: str

    def __str__(self) -> str:
        return f"{self.seed} [{self.key}] {self.column}: hand-made {self.expected!r}, extracted {self.extracted!r}"


def _rows(path: Path, report_id: str | None) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [row for row in reader if report_id is None or row.get("report_id") == report_id]
        return list(reader.fieldnames or []), rows


def compare_seed(
    seed: str, expected_dir: Path, extracted_dir: Path, report_id: str | None = None,
    ignore: tuple[str, ...] = (),
) -> list[Difference]:
    key_columns = seed_keys_within_report()[seed]
    header, expected = _rows(expected_dir / f"{seed}.csv", report_id)
    _, extracted = _rows(extracted_dir / f"{seed}.csv", report_id)

    def keyed(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
        return {"|".join(row[c] for c in key_columns): row for row in rows}

    want, got = keyed(expected), keyed(extracted)
    differences: list[Difference] = []
    for key in sorted(want.keys() | got.keys()):
        if key not in got:
            differences.append(Difference(seed, key, "*", "row", "missing"))
        elif key not in want:
            differences.append(Difference(seed, key, "*", "missing", "row"))
        else:
            for column in header:
                if column in ignore or column == "report_id":
                    continue
                if want[key].get(column, "") != got[key].get(column, ""):
                    differences.append(Difference(seed, key, column, want[key].get(column, ""), got[key].get(column, "")))
    return differences
