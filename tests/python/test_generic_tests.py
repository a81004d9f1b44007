"""The project's own generic dbt tests (macros/tests/) fail on the rows they are about: their
SQL as dbt compiled it for the sample, run on a copy of the built warehouse with one fault."""
from __future__ import annotations

import json
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb

from conftest import Build


def compiled_test(build: Build, prefix: str) -> str:
    manifest = json.loads((build.root / "target" / "manifest.json").read_text(encoding="utf-8"))
    nodes = [node for key, node in manifest["nodes"].items() if key.startswith(f"test.juesuan.{prefix}")]
    assert len(nodes) == 1, prefix
    return nodes[0]["compiled_code"]


@contextmanager
def warehouse_copy(build: Build, tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a copy of the built warehouse, to put one fault into."""
    warehouse = tmp_path / "juesuan.duckdb"  # the compiled SQL names the database juesuan
    shutil.copy(build.warehouse.resolve(), warehouse)
    with duckdb.connect(str(warehouse)) as connection:
        yield connection


def store_view_as_table(connection: duckdb.DuckDBPyConnection, view: str) -> None:
    """The check models are views: stored as a table under the same name, a row can be repeated."""
    connection.execute(f"create table main.{view}__stored as select * from main.{view}")
    connection.execute(f"drop view main.{view}")
    connection.execute(f"alter table main.{view}__stored rename to {view}")


def test_unique_combination_finds_a_repeated_key_and_only_that(clean_build: Build, tmp_path: Path) -> None:
    sql = compiled_test(clean_build, "unique_combination_int_checks__table_identities_report_id__check_id__location_key")
    with warehouse_copy(clean_build, tmp_path) as connection:
        assert connection.execute(sql).fetchall() == []
        store_view_as_table(connection, "int_checks__table_identities")
        repeated = connection.execute(
            "select report_id, check_id, location_key from main.int_checks__table_identities order by all limit 1 offset 7"
        ).fetchone()
        connection.execute(
            "insert into main.int_checks__table_identities select * from main.int_checks__table_identities "
            "where report_id = ? and check_id = ? and location_key = ?",
            list(repeated),
        )
        # a key that differs in one column only is not a repeat
        connection.execute(
            "insert into main.int_checks__table_identities select * replace (location_key || '~' as location_key) "
            "from main.int_checks__table_identities where report_id = ? and check_id = ? and location_key = ? limit 1",
            list(repeated),
        )
        assert connection.execute(sql).fetchall() == [(*repeated, 2)]


def test_fact_crosswalk_places_exist_names_a_place_nothing_prints(clean_build: Build, tmp_path: Path) -> None:
    sql = compiled_test(clean_build, "fact_crosswalk_places_exist")
    with warehouse_copy(clean_build, tmp_path) as connection:
        assert connection.execute(sql).fetchall() == []
        seed = connection.execute(
            "select table_schema from information_schema.tables where table_name = 'fact_crosswalk'"
        ).fetchone()[0]
        # a crosswalk row whose place key has a typo, beside one whose place is printed
        report_id, fact_key, place_table, place_key = connection.execute(
            f"select report_id, fact_key, place_table, place_key from {seed}.fact_crosswalk "
            "where place_table = 'table_cells' order by all limit 1"
        ).fetchone()
        connection.execute(
            f"insert into {seed}.fact_crosswalk by name select ? as report_id, ? as fact_key, ? as place_table, ? as place_key",
            [report_id, fact_key + ".typo", place_table, place_key + "x"],
        )
        assert connection.execute(sql).fetchall() == [(report_id, fact_key + ".typo", place_table, place_key + "x")]


def compiled_model(build: Build, name: str) -> str:
    manifest = json.loads((build.root / "target" / "manifest.json").read_text(encoding="utf-8"))
    return manifest["nodes"][f"model.juesuan.{name}"]["compiled_code"]


def test_one_evaluation_per_finding_names_a_location_evaluated_twice(clean_build: Build, tmp_path: Path) -> None:
    sql = compiled_test(clean_build, "one_evaluation_per_finding")
    with warehouse_copy(clean_build, tmp_path) as connection:
        assert connection.execute(sql).fetchall() == []
        # a check model that evaluates one location that is not pass twice, and int_check_outcomes
        # built again over it
        store_view_as_table(connection, "int_checks__table_identities")
        finding_id, report_id, check_id, location_key = connection.execute(
            "select finding_id, report_id, check_id, location_key from main.int_check_evaluations "
            "where check_id = 'hierarchy_sum' and status != 'pass' order by all limit 1"
        ).fetchone()
        connection.execute(
            "insert into main.int_checks__table_identities select * from main.int_checks__table_identities "
            "where report_id = ? and check_id = ? and location_key = ?",
            [report_id, check_id, location_key],
        )
        connection.execute(
            f"create or replace table main.int_check_outcomes as ({compiled_model(clean_build, 'int_check_outcomes')})"
        )
        assert connection.execute(sql).fetchall() == [(finding_id, report_id, check_id, location_key, 2)]
