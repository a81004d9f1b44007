"""Safe publishing: a build replaces the published warehouse only when it succeeds, readers are
never blocked nor shown a mixture, a killed build loses nothing, and bad input changes nothing."""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import sqlalchemy

from conftest import Build, copy_project, run_build


def checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Build:
    build = run_build(copy_project(tmp_path_factory.mktemp("published")))
    assert build.returncode == 0, build.output[-3000:]
    return build


def test_warehouse_and_parquet_are_published_together(published: Build) -> None:
    base = published.warehouse.parent
    assert published.warehouse.is_symlink() and (base / "parquet").is_symlink()
    release = (base / "current").resolve()
    assert published.warehouse.resolve() == release / "juesuan.duckdb"
    exported = sorted(path.stem for path in (base / "parquet").glob("*.parquet"))
    assert "findings" in exported and "report_summary" in exported
    findings = published.query(f"select count(*) from read_parquet('{base / 'parquet' / 'findings.parquet'}')")
    assert findings == published.query("select count(*) from main.findings")


def test_every_mart_answers_through_sqlalchemy_as_superset_would(published: Build) -> None:
    engine = sqlalchemy.create_engine(
        f"duckdb:///{published.warehouse}", connect_args={"read_only": True}
    )
    inspector = sqlalchemy.inspect(engine)
    marts = sorted(path.stem for path in (published.warehouse.parent / "parquet").glob("*.parquet"))
    # a BI tool lists tables and views (check_outcomes is a view over int_check_outcomes)
    listed = set(inspector.get_table_names(schema="main")) | set(inspector.get_view_names(schema="main"))
    assert set(marts) <= listed
    with engine.connect() as connection:
        for mart in marts:
            rows = connection.execute(sqlalchemy.text(f"select * from main.{mart}")).fetchall()
            # year_over_year pairs a unit's consecutive years: the one-report sample has none
            assert rows or mart == "year_over_year", mart
    engine.dispose()


READER = textwrap.dedent(
    """
    import pathlib, sys, time, duckdb
    connection = duckdb.connect(sys.argv[1], read_only=True)
    print("open", flush=True)
    stop = pathlib.Path(sys.argv[2])
    reads = 0
    while not stop.exists():
        # the same snapshot throughout: findings and report_summary always agree
        found, summarised = connection.execute(
            "select (select count(*) from main.findings),"
            " (select error_findings + warn_findings + info_findings from main.report_summary)"
        ).fetchone()
        assert found == summarised, (found, summarised)
        reads += 1
        time.sleep(0.05)
    print("consistent", reads, flush=True)
    """
)


def test_a_reader_holding_the_warehouse_neither_blocks_a_build_nor_sees_a_mixture(
    published: Build, tmp_path: Path
) -> None:
    before = published.warehouse.resolve()
    stop = tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(published.warehouse), str(stop)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert reader.stdout.readline().strip() == "open"
        rebuilt = run_build(published.root)
        assert rebuilt.returncode == 0, rebuilt.output[-3000:]
        assert published.warehouse.resolve() != before  # a new release is published
        again = run_build(published.root)  # twice, with the reader still holding the old file
        assert again.returncode == 0, again.output[-3000:]
    finally:
        stop.touch()
        output, errors = reader.communicate(timeout=60)
    # the reader kept reading its snapshot, consistent throughout, and was never cut off
    assert reader.returncode == 0, errors
    assert output.startswith("consistent") and int(output.split()[1]) > 0


def test_a_build_killed_half_way_leaves_the_published_warehouse_intact(published: Build) -> None:
    before = checksum(published.warehouse)
    juesuan = Path(sys.executable).with_name("juesuan")
    process = subprocess.Popen(
        [str(juesuan), "build", "--project-dir", str(published.root)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    releases = published.warehouse.parent / "releases"
    deadline = time.time() + 120
    # wait until dbt is writing the new release, then kill the whole build
    while time.time() < deadline and not any(
        (release / "juesuan.duckdb").exists() and not (release / ".complete").exists()
        for release in releases.iterdir()
    ):
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert checksum(published.warehouse) == before
    after = run_build(published.root)
    assert after.returncode == 0, after.output[-3000:]
    assert not [r for r in releases.iterdir() if not (r / ".complete").exists()]


def test_a_model_error_fails_the_build_and_publishes_nothing(published: Build) -> None:
    before = checksum(published.warehouse)
    broken = published.root / "models" / "marts" / "broken_model.sql"
    broken.write_text("select no_such_column from {{ ref('findings') }}\n", encoding="utf-8")
    try:
        build = run_build(published.root)
    finally:
        broken.unlink()
    assert build.returncode == 3
    assert "left as it was" in build.output
    assert checksum(published.warehouse) == before


BAD_INPUTS = {
    "thousands separator": ("table_cells.csv", lambda text: text.replace(",14346.05,", ',"14,346.05",', 1),
                            ":2:7: column 'amount'"),
    "full-width digits": ("table_cells.csv", lambda text: text.replace(",8321.95,", ",８３２１.９５,", 1),
                          ":3:7: column 'amount'"),
    "trailing 万元": ("narrative_figures.csv", lambda text: text.replace(",14346.05,", ",14346.05万元,", 1),
                     ":2:6: column 'amount'"),
    "byte-order mark": ("reports.csv", lambda text: "\ufeff" + text, ":1:1: starts with a UTF-8 byte-order mark"),
    "wrong column count": ("report_tables.csv", lambda text: text.replace(",118\n", ",118,extra\n", 1),
                           ":2:7: has 7 fields"),
    "unknown column": ("reports.csv", lambda text: text.replace("source_line\n", "source_line,colour\n", 1),
                       ":1:8: unknown column 'colour'"),
    "missing column": ("reports.csv", lambda text: text.replace(",source_line\n", "\n", 1),
                       ":1:1: missing column 'source_line'"),
    "duplicate key": ("report_tables.csv", lambda text: text + text.splitlines()[1] + "\n",
                      ":11:1: duplicate key (report_id, table_code)"),
    "report_id missing elsewhere": (
        "reports.csv", lambda text: text + "another-report,某单位,2024,本级单位决算,2025-10-27,x.txt,1\n",
        "reports.csv:3:1: report_id 'another-report' has no rows in report_tables.csv"),
    "empty file": ("line_items.csv", lambda text: "", ":1:1: is empty"),
    "GBK encoding": ("reports.csv", lambda text: text.encode("gbk"), "reports.csv:2:2: is not UTF-8"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_refused_and_the_warehouse_unchanged(published: Build, case: str) -> None:
    name, corrupt, message = BAD_INPUTS[case]
    path = published.root / "seeds" / name
    original = path.read_bytes()
    before = checksum(published.warehouse)
    try:
        corrupted = corrupt(original.decode("utf-8"))
        path.write_bytes(corrupted if isinstance(corrupted, bytes) else corrupted.encode("utf-8"))
        build = run_build(published.root)
    finally:
        path.write_bytes(original)
    assert build.returncode == 2
    assert message in build.output, build.output
    assert checksum(published.warehouse) == before

