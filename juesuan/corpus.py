"""A corpus of reports: many reports in the seed layout, checked and loaded by DuckDB directly.

A corpus directory holds, for each report-data seed (`reports`, `table_cells`, …, see
`report_data_seeds`), either one file with the rows of many reports or one file per report in
a folder of its own, as CSV or Parquet:

    corpus/reports.csv, corpus/table_cells.csv, …                  one set of files
    corpus/<any folder>/reports.csv, corpus/<any folder>/table_cells.csv, …   one folder per report
    (the same with .parquet; the layouts may be mixed)

`Corpus.check` applies the seeds' input checks (see juesuan.seed_check) to every file and adds
the checks that span files: a key repeated across files, a report_id that reports does not list.
`Corpus.load` copies each table into one Parquet file of the release (its `corpus/` folder) and
makes `corpus.<table>` of the warehouse a view over that copy, with the seeds' declared column
types; the staging models read them from there (macros/report_data.sql). Why a view over the
release's own copy, not a table: at 10,000 reports DuckDB took ~11 s to store the 26 M rows as
tables, and copying the corpus's Parquet files takes ~0.1 s (writing CSV input as Parquet ~6 s);
the models read either in about the same time. The copy belongs to the release, which is never
modified, so a published warehouse does not change when the corpus directory does.
"""
from __future__ import annotations

import csv
import logging
import shutil
from collections import defaultdict
from pathlib import Path

import duckdb

from juesuan.project import PROJECT_ROOT, report_data_seeds, seed_column_types, seed_unique_keys
from juesuan.seed_check import (
    REQUIRED_PER_REPORT,
    SeedProblem,
    SeedTable,
    duplicate_keys,
    read_seed_file,
    report_ids_agree,
)

log = logging.getLogger(__name__)

FORMATS = ("csv", "parquet")
SCHEMA = "corpus"


# What dbt does not run over a corpus: the corpus brings the report data itself (dbt does not
# seed it), and the loader has already checked each table's key, naming the file and line,
# which the staging models' key tests (tagged input_key) would check again over millions of rows.
# The check models' key tests (evaluation_key) would compute every check model, a view, again;
# tests/one_evaluation_per_finding.sql tests the locations that are not pass instead.
CORPUS_EXCLUDED_TAGS = ("report_data", "input_key", "evaluation_key")


def corpus_files(directory: Path, tables: list[str]) -> dict[str, list[Path]]:
    """Each report-data table's files in the corpus, in a stable order."""
    found: dict[str, list[Path]] = {}
    for table in tables:
        paths: list[Path] = []
        for extension in FORMATS:
            paths += directory.glob(f"{table}.{extension}")
            paths += directory.glob(f"*/{table}.{extension}")
        found[table] = sorted(paths)
    return found


def sql_string(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def sql_list(paths: list[Path]) -> str:
    return "[" + ", ".join(sql_string(path) for path in paths) + "]"


def _parquet_problems(
    connection: duckdb.DuckDBPyConnection, path: Path, declared: dict[str, str]
) -> list[SeedProblem]:
    """Column names as declared, and every value castable to its declared type."""
    try:
        described = connection.execute(
            f"describe select * from read_parquet({sql_string(path)})"
        ).fetchall()
    except duckdb.Error as error:
        return [SeedProblem(path, 1, 1, f"is not a readable Parquet file: {error}")]
    header = [row[0] for row in described]
    problems = [SeedProblem(path, 1, 1, f"missing column {name!r}") for name in declared if name not in header]
    problems += [
        SeedProblem(path, 1, header.index(name) + 1, f"unknown column {name!r}")
        for name in header
        if name not in declared
    ]
    if problems:
        return problems
    types = {row[0]: row[1] for row in described}
    uncertain = [name for name in header if types[name].lower() != declared[name].lower()]
    for name in uncertain:
        row = connection.execute(
            f"""
            select file_row_number + 1, "{name}"::varchar
            from read_parquet({sql_string(path)}, file_row_number = true)
            where "{name}" is not null and try_cast("{name}" as {declared[name]}) is null
            limit 1
            """
        ).fetchall()
        row = row[0] if row else None
        if row:
            problems.append(
                SeedProblem(path, row[0], header.index(name) + 1,
                            f"column {name!r}: {row[1]!r} is not a {declared[name]} (row {row[0]})")
            )
    return problems


def _line_of(path: Path, columns: list[str], values: tuple) -> int:
    """The line of a CSV record with these key values (for a problem found by SQL)."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        positions = [header.index(name) for name in columns]
        line = reader.line_num + 1
        for row in reader:
            start, line = line, reader.line_num + 1
            if tuple(row[position] for position in positions) == tuple(str(v) for v in values):
                return start
    return 1


def select_typed(table: str, paths: list[Path], declared: dict[str, str], with_file: bool = False) -> str:
    """SQL that reads the table's files with the declared types (empty when there are none)."""
    columns = ", ".join(f'cast("{name}" as {kind}) as "{name}"' for name, kind in declared.items())
    if with_file:
        columns += ", filename"
    parts = []
    csvs = [path for path in paths if path.suffix == ".csv"]
    parquets = [path for path in paths if path.suffix == ".parquet"]
    file_option = ", filename = true" if with_file else ""
    if csvs:
        parts.append(
            f"select {columns} from read_csv({sql_list(csvs)}, header = true, delim = ',', "
            f"quote = '\"', escape = '\"', all_varchar = true, union_by_name = true{file_option})"
        )
    if parquets:
        parts.append(
            f"select {columns} from read_parquet({sql_list(parquets)}, union_by_name = true{file_option})"
        )
    if not parts:
        empty = ", ".join(f'null::{kind} as "{name}"' for name, kind in declared.items())
        return f"select {empty} where false"
    return " union all ".join(parts)


class Corpus:
    """The files of one corpus directory and the project's declarations for them."""

    def __init__(self, directory: Path, root: Path = PROJECT_ROOT):
        self.directory = directory
        self.tables = report_data_seeds(root)
        declared = seed_column_types(root)
        self.declared = {table: declared[table] for table in self.tables}
        self.keys = seed_unique_keys(root)
        self.files = corpus_files(directory, self.tables)

    def check(self) -> list[SeedProblem]:
        if not self.directory.is_dir():
            return [SeedProblem(self.directory, 1, 1, "is not a directory of reports")]
        problems: list[SeedProblem] = []
        for table in ("reports", *sorted(REQUIRED_PER_REPORT)):
            if not self.files[table]:
                problems.append(
                    SeedProblem(self.directory, 1, 1,
                                f"has no {table}.csv or {table}.parquet (at the top or one folder down)")
                )
        if problems:
            return problems
        # per folder, so that one folder per report is checked as the seeds are
        by_folder: dict[Path, dict[str, SeedTable]] = defaultdict(dict)
        with duckdb.connect() as connection:
            for table, paths in self.files.items():
                for path in paths:
                    if path.suffix == ".parquet":
                        problems += _parquet_problems(connection, path, self.declared[table])
                        continue
                    file_problems, seed_table = read_seed_file(path, self.declared[table])
                    problems += file_problems
                    if seed_table is not None:
                        by_folder[path.parent][table] = seed_table
                        if table in self.keys:
                            problems += duplicate_keys(seed_table, self.keys[table])
        for tables in by_folder.values():
            if "reports" in tables:
                problems += report_ids_agree(tables)
        return problems

    def load(self, warehouse: Path, copies: Path) -> dict[str, int]:
        """Copy every table into `copies/<table>.parquet` and make `corpus.<table>` of the
        warehouse a view over it (absolute path: the warehouse's staging views read the copies
        where they are); problems that only show across files (a key in two files, a report_id
        no reports file lists) come back as SeedProblems through CorpusError."""
        counts: dict[str, int] = {}
        copies.mkdir(parents=True, exist_ok=True)
        with duckdb.connect(str(warehouse)) as connection:
            connection.execute(f"create schema if not exists {SCHEMA}")
            for table in self.tables:
                copy = (copies / f"{table}.parquet").resolve()
                self._copy(connection, table, copy)
                # the copy has the declared types: the view reads its columns as they are
                columns = ", ".join(f'"{name}"' for name in self.declared[table])
                connection.execute(
                    f"create or replace view {SCHEMA}.{table} as select {columns} from read_parquet({sql_string(copy)})"
                )
                counts[table] = connection.execute(f"select count(*) from {SCHEMA}.{table}").fetchall()[0][0]
            problems = self._across_files(connection)
        if problems:
            raise CorpusError(problems)
        log.info(
            "loaded a corpus of %d report(s) from %s (%d rows in %d tables)",
            counts["reports"], self.directory, sum(counts.values()), len(counts),
        )
        return counts

    def _copy(self, connection: duckdb.DuckDBPyConnection, table: str, copy: Path) -> None:
        """One Parquet file with the table's rows in the declared types: the corpus's own file
        when it is the only one and has those types, else all its files written as one."""
        paths = self.files[table]
        if len(paths) == 1 and paths[0].suffix == ".parquet":
            described = connection.execute(f"describe select * from read_parquet({sql_string(paths[0])})").fetchall()
            types = {row[0]: row[1].lower() for row in described}
            if types == {name: kind.lower() for name, kind in self.declared[table].items()}:
                shutil.copyfile(paths[0], copy)
                return
        connection.execute(
            f"copy ({select_typed(table, paths, self.declared[table])}) to {sql_string(copy)} (format parquet)"
        )

    def _across_files(self, connection: duckdb.DuckDBPyConnection) -> list[SeedProblem]:
        problems: list[SeedProblem] = []
        for table in self.tables:
            key = self.keys.get(table)
            if not key:
                continue
            columns = ", ".join(key)
            # by a 64-bit hash of the key first, then by value where a hash repeats: exact, and
            # about half the work of grouping millions of rows by several strings
            duplicates = connection.execute(
                f"""
                with repeated_hashes as (
                    select hash({columns}) as row_hash from {SCHEMA}.{table}
                    group by row_hash having count(*) > 1
                )
                select {columns} from {SCHEMA}.{table}
                where hash({columns}) in (select row_hash from repeated_hashes)
                group by all having count(*) > 1 limit 10
                """
            ).fetchall()
            for values in duplicates:
                problems += self._locate(connection, table, key, values, "appears more than once")
        for table in self.tables:
            if table in ("reports", "acknowledgements"):
                continue
            strays = connection.execute(
                f"""
                select distinct report_id from {SCHEMA}.{table}
                where report_id not in (select report_id from {SCHEMA}.reports)
                limit 10
                """
            ).fetchall()
            for (report_id,) in strays:
                problems += self._locate(
                    connection, table, ["report_id"], (report_id,), "is not listed in any reports file", first_only=True
                )
        for table in sorted(REQUIRED_PER_REPORT):
            missing = connection.execute(
                f"""
                select report_id from {SCHEMA}.reports
                where report_id not in (select report_id from {SCHEMA}.{table})
                limit 10
                """
            ).fetchall()
            for (report_id,) in missing:
                problems += self._locate(
                    connection, "reports", ["report_id"], (report_id,), f"has no rows in {table}", first_only=True
                )
        return problems

    def _locate(
        self,
        connection: duckdb.DuckDBPyConnection,
        table: str,
        key: list[str],
        values: tuple,
        what: str,
        first_only: bool = False,
    ) -> list[SeedProblem]:
        """The file(s) and line(s) of rows with these key values."""
        condition = " and ".join(f'"{name}"::varchar = ?' for name in key)
        rows = connection.execute(
            f"select distinct filename from ({select_typed(table, self.files[table], self.declared[table], True)}) "
            f"where {condition} order by filename",
            [str(value) for value in values],
        ).fetchall()
        described = f"({', '.join(key)}) = {tuple(str(v) for v in values)} {what}"
        problems = []
        for (filename,) in rows[:1] if first_only else rows:
            path = Path(filename)
            line = _line_of(path, key, values) if path.suffix == ".csv" else 1
            column = list(self.declared[table]).index(key[0]) + 1
            problems.append(SeedProblem(path, line, column, described))
        return problems


class CorpusError(Exception):
    def __init__(self, problems: list[SeedProblem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))
