"""Check seed CSVs against their declared column types before dbt loads them.

dbt's own error for a malformed seed names neither the line nor the column; a reviewer adding a
report needs both. Each problem is reported as `file:line:column: what is wrong`.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from juesuan.project import PROJECT_ROOT, seed_column_types, seed_unique_keys

PLAIN_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
PLAIN_INTEGER = re.compile(r"-?[0-9]+")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class SeedProblem:
    path: Path
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class SeedError(Exception):
    """Raised with every problem found, so one run shows them all."""

    def __init__(self, problems: list[SeedProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _value_problem(value: str, declared: str) -> str | None:
    kind = declared.lower()
    if value == "":
        return None
    if kind.startswith("decimal") or kind in ("double", "float"):
        if not PLAIN_DECIMAL.fullmatch(value):
            return (
                f"{value!r} is not a plain decimal (write 14346.05: no thousands separator, "
                "no unit, ASCII digits)"
            )
    elif kind in ("integer", "bigint"):
        if not PLAIN_INTEGER.fullmatch(value):
            return f"{value!r} is not an integer"
    elif kind == "date" and not ISO_DATE.fullmatch(value):
        return f"{value!r} is not a date written YYYY-MM-DD"
    return None


@dataclass
class SeedTable:
    """A seed file that passed the per-file checks: its header and its records with line numbers."""

    path: Path
    header: list[str]
    records: list[tuple[int, list[str]]]

    def column(self, name: str) -> int:
        return self.header.index(name) + 1


def check_seed_file(path: Path, column_types: dict[str, str]) -> list[SeedProblem]:
    problems, _table = read_seed_file(path, column_types)
    return problems


def read_seed_file(path: Path, column_types: dict[str, str]) -> tuple[list[SeedProblem], SeedTable | None]:
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        return [SeedProblem(path, 1, 1, "starts with a UTF-8 byte-order mark; save as UTF-8 without BOM")], None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        line_prefix = raw[raw.rfind(b"\n", 0, error.start) + 1 : error.start]
        column = line_prefix.count(b",") + 1  # the CSV field, as for every other problem
        return [
            SeedProblem(
                path, line, column,
                f"is not UTF-8 at byte {len(line_prefix) + 1} of the line "
                "(GBK? save the file as UTF-8)",
            )
        ], None
    if not text.strip():
        return [SeedProblem(path, 1, 1, "is empty: a seed needs at least its header row")], None
    problems: list[SeedProblem] = []
    rows = csv.reader(io.StringIO(text, newline=""))
    header = next(rows)
    expected = list(column_types)
    missing = [name for name in expected if name not in header]
    unknown = [name for name in header if name not in column_types]
    for name in missing:
        problems.append(SeedProblem(path, 1, 1, f"missing column {name!r}"))
    for name in unknown:
        problems.append(SeedProblem(path, 1, header.index(name) + 1, f"unknown column {name!r}"))
    if problems:
        return problems, None
    records: list[tuple[int, list[str]]] = []
    # a quoted cell may span lines: a record starts on the line after the previous one ended
    line_number = rows.line_num + 1
    for row in rows:
        record_start, line_number = line_number, rows.line_num + 1
        if len(row) != len(header):
            problems.append(
                SeedProblem(path, record_start, min(len(row), len(header)) + 1,
                            f"has {len(row)} fields, the header has {len(header)}")
            )
            continue
        records.append((record_start, row))
        for index, (name, value) in enumerate(zip(header, row), start=1):
            message = _value_problem(value, column_types[name])
            if message:
                problems.append(SeedProblem(path, record_start, index, f"column {name!r}: {message}"))
    return problems, SeedTable(path, header, records)


def duplicate_keys(table: SeedTable, key: list[str]) -> list[SeedProblem]:
    """Rows that repeat another row's key: name both lines."""
    positions = [table.header.index(name) for name in key]
    first_seen: dict[tuple[str, ...], int] = {}
    problems = []
    for line, row in table.records:
        value = tuple(row[position] for position in positions)
        if value in first_seen:
            problems.append(
                SeedProblem(
                    table.path, line, positions[0] + 1,
                    f"duplicate key ({', '.join(key)}) = {value}, first on line {first_seen[value]}",
                )
            )
        else:
            first_seen[value] = line
    return problems


def report_ids_agree(tables: dict[str, SeedTable]) -> list[SeedProblem]:
    """Every report in reports.csv has rows in each per-report seed, and no seed names a report
    that reports.csv does not list."""
    reports = tables.get("reports")
    if reports is None:
        return []
    listed = {row[reports.header.index("report_id")]: line for line, row in reports.records}
    problems = []
    for name, table in sorted(tables.items()):
        if name == "reports" or "report_id" not in table.header:
            continue
        position = table.header.index("report_id")
        present: set[str] = set()
        for line, row in table.records:
            present.add(row[position])
            if row[position] not in listed:
                problems.append(
                    SeedProblem(table.path, line, position + 1,
                                f"report_id {row[position]!r} is not listed in {reports.path.name}")
                )
        for report_id, line in listed.items():
            if report_id not in present and name in REQUIRED_PER_REPORT:
                problems.append(
                    SeedProblem(reports.path, line, reports.column("report_id"),
                                f"report_id {report_id!r} has no rows in {table.path.name}")
                )
    return problems


# seeds every report must have rows in (others, such as line items, may be empty for a report)
REQUIRED_PER_REPORT = {"report_tables", "table_cells", "narrative_paragraphs"}


def check_seeds(root: Path = PROJECT_ROOT) -> list[SeedProblem]:
    declared = seed_column_types(root)
    keys = seed_unique_keys(root)
    problems: list[SeedProblem] = []
    tables: dict[str, SeedTable] = {}
    for path in sorted((root / "seeds").rglob("*.csv")):
        if path.stem not in declared:
            problems.append(SeedProblem(path, 1, 1, "has no column types in dbt_project.yml"))
            continue
        file_problems, table = read_seed_file(path, declared[path.stem])
        problems.extend(file_problems)
        if table is not None:
            tables[path.stem] = table
            if path.stem in keys:
                problems.extend(duplicate_keys(table, keys[path.stem]))
    problems.extend(report_ids_agree(tables))
    return problems
