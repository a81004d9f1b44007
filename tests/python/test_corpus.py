"""Corpora of reports (`juesuan build --corpus DIR`), the synthetic corpus generator (`juesuan
synth`) and detection measured against its labels (`juesuan evaluate`).

- Loading: the sample's seeds read as a corpus build to the findings of the sample build; a
  synthetic corpus builds to the same findings from Parquet files and from CSV files in one folder
  per report; the input checks hold for a corpus (exit 2, the file named, nothing published).
- The generator: the same seed gives the same bytes, another seed other reports; every kind of
  injection is used; the control report is clean; each label points at a row of its report that
  the injection changed (or, for the kinds that label the place left inconsistent, changed around).
- Detection: in one small synthetic build, no report without a label has an error finding, and
  every injected error of the families checked here is found at its labelled location.

Each corpus is built once (module-scoped fixtures), into a throw-away copy of the project.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from conftest import PROJECT, Build, copy_project, findings_signature, write_rows
from juesuan.corpus import Corpus
from juesuan.evaluate import measure, to_markdown
from juesuan.project import report_data_seeds
from juesuan.synth import KEYS, Base, Injector, variants

JUESUAN = Path(sys.executable).with_name("juesuan")
TABLES = report_data_seeds(PROJECT)


# --- helpers --------------------------------------------------------------------------------

def juesuan(*args: object) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("JUESUAN_WAREHOUSE", "JUESUAN_CORPUS")}
    return subprocess.run([str(JUESUAN), *map(str, args)], capture_output=True, text=True, check=False,
                          env=environment)


def build_corpus(root: Path, corpus: Path) -> Build:
    completed = juesuan("build", "--corpus", corpus, "--project-dir", root)
    return Build(root, completed.returncode, completed.stdout + completed.stderr)


def synth(out: Path, reports: int, seed: int, error_fraction: float, file_format: str = "csv") -> Path:
    done = juesuan("synth", "--reports", reports, "--seed", seed, "--error-fraction", error_fraction,
                   "--format", file_format, "--out", out)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def split_by_report(flat: Path, out: Path) -> dict[str, Path]:
    """A flat CSV corpus rewritten as one folder per report (the values as they were, byte for
    byte in each field); a table without report_id (acknowledgements) stays at the top."""
    _, reports = read_csv(flat / "reports.csv")
    folders = {row["report_id"]: out / f"report-{number}" for number, row in enumerate(reports, start=1)}
    for folder in folders.values():
        folder.mkdir(parents=True)
    for table in TABLES:
        header, rows = read_csv(flat / f"{table}.csv")
        if "report_id" not in header:
            write_rows(out / f"{table}.csv", header, rows)
            continue
        assert {row["report_id"] for row in rows} <= set(folders), table
        for report_id, folder in folders.items():
            write_rows(folder / f"{table}.csv", header, [row for row in rows if row["report_id"] == report_id])
    return folders


# --- 1. loading a corpus ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def seeds_as_corpus(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The sample's report-data seeds copied into a flat corpus directory and built from there."""
    root = copy_project(tmp_path_factory.mktemp("seeds_corpus_project"))
    corpus = tmp_path_factory.mktemp("seeds_corpus")
    for table in TABLES:
        shutil.copy2(root / "seeds" / f"{table}.csv", corpus / f"{table}.csv")
    build = build_corpus(root, corpus)
    assert build.warehouse.exists(), build.output[-3000:]
    return build


SMALL_REPORTS, SMALL_SEED = 3, 5


@pytest.fixture(scope="module")
def parquet_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Path]:
    """A synthetic corpus of 3 reports (both non-control reports injected) as Parquet files."""
    corpus = synth(tmp_path_factory.mktemp("small_parquet") / "corpus", SMALL_REPORTS, SMALL_SEED, 1.0, "parquet")
    assert sorted(path.stem for path in corpus.glob("*.parquet")) == sorted(TABLES)
    root = copy_project(tmp_path_factory.mktemp("small_parquet_project"))
    build = build_corpus(root, corpus)
    assert build.returncode == 1, build.output[-3000:]  # the injected errors are unacknowledged
    return build, corpus


@pytest.fixture(scope="module")
def folder_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Path]:
    """The same 3 reports written as CSV and split into one folder per report."""
    flat = synth(tmp_path_factory.mktemp("small_flat") / "corpus", SMALL_REPORTS, SMALL_SEED, 1.0, "csv")
    corpus = tmp_path_factory.mktemp("small_folders")
    folders = split_by_report(flat, corpus)
    assert len(folders) == SMALL_REPORTS
    root = copy_project(tmp_path_factory.mktemp("small_folders_project"))
    build = build_corpus(root, corpus)
    assert build.returncode == 1, build.output[-3000:]
    return build, corpus


def test_the_sample_as_a_corpus_builds_to_the_sample_findings(seeds_as_corpus: Build, clean_build: Build) -> None:
    assert "loaded a corpus of 1 report(s)" in seeds_as_corpus.output
    assert seeds_as_corpus.returncode == clean_build.returncode, seeds_as_corpus.output[-3000:]
    # the staging models read the corpus schema, not the seeds
    corpus_rows = seeds_as_corpus.query("select count(*) from corpus.table_cells")[0][0]
    with (PROJECT / "seeds" / "table_cells.csv").open(encoding="utf-8", newline="") as handle:
        assert corpus_rows == sum(1 for _ in csv.DictReader(handle))
    expected = findings_signature(clean_build)
    assert expected, "the sample build has findings"
    actual = findings_signature(seeds_as_corpus)
    assert sorted(set(actual) ^ set(expected)) == []
    assert {i: f for i, f in actual.items() if expected[i] != f} == {}
    assert (seeds_as_corpus.query("select * from main.check_results order by all")
            == clean_build.query("select * from main.check_results order by all"))


def test_parquet_and_one_folder_per_report_build_to_the_same_findings(
    parquet_corpus: tuple[Build, Path], folder_corpus: tuple[Build, Path]
) -> None:
    from_parquet, corpus = parquet_corpus
    from_folders, _ = folder_corpus
    summary = json.loads((corpus / "synthetic.json").read_text(encoding="utf-8"))
    for build in (from_parquet, from_folders):
        assert f"loaded a corpus of {SMALL_REPORTS} report(s)" in build.output
        assert build.query("select count(distinct report_id) from main.report_summary") == [(SMALL_REPORTS,)]
    for table in TABLES:
        counts = [build.query(f"select count(*) from corpus.{table}") for build in (from_parquet, from_folders)]
        assert counts[0] == counts[1], table
    findings = findings_signature(from_parquet)
    assert any(f[0] == "error" for f in findings.values()), "the injected errors are found"
    assert findings == findings_signature(from_folders)
    reports = {row[0] for row in from_parquet.query("select distinct report_id from main.findings where severity = 'error'")}
    assert summary["control_report_id"] not in reports


def test_the_warehouse_reads_the_release_copy_of_the_corpus_not_the_corpus_directory(
    parquet_corpus: tuple[Build, Path], tmp_path: Path
) -> None:
    build, corpus = parquet_corpus
    release = (build.warehouse.parent / "current").resolve()
    kinds = dict(build.query(
        "select table_name, table_type from information_schema.tables where table_schema = 'corpus'"
    ))
    assert kinds == {table: "VIEW" for table in TABLES}
    assert sorted(path.stem for path in (release / "corpus").glob("*.parquet")) == sorted(TABLES)
    cells = build.query("select count(*) from corpus.table_cells")
    # the corpus directory changes after the build: the published warehouse does not
    moved = tmp_path / "moved"
    shutil.move(corpus / "table_cells.parquet", moved)
    try:
        assert build.query("select count(*) from corpus.table_cells") == cells
        assert build.query("select count(*) from main.stg_juesuan__table_cells") == cells
    finally:
        shutil.move(moved, corpus / "table_cells.parquet")


def test_a_parquet_file_with_other_but_castable_types_is_loaded_in_the_declared_types(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for table in TABLES:
        shutil.copy2(PROJECT / "seeds" / f"{table}.csv", corpus / f"{table}.csv")
    source = corpus / "table_cells.csv"
    with duckdb.connect() as connection:  # every column as text: castable, not the declared types
        connection.execute(
            f"copy (select * from read_csv('{source}', all_varchar = true)) to '{corpus / 'table_cells.parquet'}' (format parquet)"
        )
    source.unlink()
    loading = Corpus(corpus, PROJECT)
    assert loading.check() == []
    warehouse = tmp_path / "warehouse" / "juesuan.duckdb"
    warehouse.parent.mkdir()
    loading.load(warehouse, tmp_path / "release" / "corpus")
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        types = dict(connection.execute("select column_name, column_type from (describe corpus.table_cells)").fetchall())
        rows = connection.execute("select count(*) from corpus.table_cells").fetchall()[0][0]
    assert {name: kind.lower() for name, kind in types.items()} == {
        name: kind.lower() for name, kind in loading.declared["table_cells"].items()
    }
    with (PROJECT / "seeds" / "table_cells.csv").open(encoding="utf-8", newline="") as handle:
        assert rows == sum(1 for _ in csv.DictReader(handle))


def bad_build(published: Build, corpus: Path) -> Build:
    """A build of a bad corpus into a project that has a published warehouse: refused, nothing
    built, the published warehouse (and which release it is) unchanged."""
    current = os.readlink(published.warehouse.parent / "current")
    before = checksum(published.warehouse)
    build = build_corpus(published.root, corpus)
    assert build.returncode == 2, build.output[-3000:]
    assert "nothing was built" in build.output
    assert checksum(published.warehouse) == before
    assert os.readlink(published.warehouse.parent / "current") == current
    return build


def test_a_malformed_value_in_a_corpus_csv_is_refused_at_its_line_and_column(
    folder_corpus: tuple[Build, Path], tmp_path: Path
) -> None:
    published, original = folder_corpus
    corpus = shutil.copytree(original, tmp_path / "corpus")
    path = corpus / "report-2" / "table_cells.csv"
    header, rows = read_csv(path)
    rows[4]["amount"] = "1,234.5"  # record 5: line 6, after the header
    write_rows(path, header, rows)
    build = bad_build(published, corpus)
    column = header.index("amount") + 1
    assert f"report-2/table_cells.csv:6:{column}: column 'amount': '1,234.5' is not a plain decimal" in build.output


def test_a_report_in_two_folders_is_refused_naming_both_files(
    folder_corpus: tuple[Build, Path], tmp_path: Path
) -> None:
    published, original = folder_corpus
    corpus = shutil.copytree(original, tmp_path / "corpus")
    shutil.copytree(corpus / "report-3", corpus / "report-3-again")
    _, reports = read_csv(corpus / "report-3" / "reports.csv")
    report_id = reports[0]["report_id"]
    build = bad_build(published, corpus)
    repeated = f"(report_id) = ('{report_id}',) appears more than once"
    lines = build.output.splitlines()
    for folder in ("report-3", "report-3-again"):
        assert f"{folder}/reports.csv:2:1: {repeated}" in build.output, build.output[-3000:]
        # every row of the report repeats its key: table_cells too, at some line of each file
        assert any(f"{folder}/table_cells.csv:" in line
                   and f": (report_id, table_code, row_key, column_key) = ('{report_id}'," in line
                   and line.endswith("appears more than once") for line in lines), build.output[-3000:]


def test_a_report_id_missing_from_reports_is_refused_naming_the_file(
    folder_corpus: tuple[Build, Path], tmp_path: Path
) -> None:
    published, original = folder_corpus
    corpus = shutil.copytree(original, tmp_path / "corpus")
    _, reports = read_csv(corpus / "report-2" / "reports.csv")
    report_id = reports[0]["report_id"]
    (corpus / "report-2" / "reports.csv").unlink()  # its tables now name a report no reports file lists
    build = bad_build(published, corpus)
    for table in ("table_cells", "narrative_paragraphs", "report_tables"):
        assert (f"report-2/{table}.csv:2:1: (report_id) = ('{report_id}',) is not listed in any reports file"
                in build.output), build.output[-3000:]


def test_a_report_id_its_folder_does_not_list_is_refused(
    folder_corpus: tuple[Build, Path], tmp_path: Path
) -> None:
    published, original = folder_corpus
    corpus = shutil.copytree(original, tmp_path / "corpus")
    path = corpus / "report-2" / "narrative_figures.csv"
    header, rows = read_csv(path)
    rows[0]["report_id"] = "not-a-report"
    write_rows(path, header, rows)
    build = bad_build(published, corpus)
    assert (f"report-2/narrative_figures.csv:2:1: report_id 'not-a-report' is not listed in reports.csv"
            in build.output), build.output[-3000:]


def test_a_parquet_file_with_a_missing_column_is_refused(
    parquet_corpus: tuple[Build, Path], tmp_path: Path
) -> None:
    published, original = parquet_corpus
    corpus = shutil.copytree(original, tmp_path / "corpus")
    path = corpus / "table_cells.parquet"
    with duckdb.connect() as connection:
        connection.execute(
            f"copy (select * exclude (decimals) from read_parquet('{original / 'table_cells.parquet'}')) "
            f"to '{path}' (format parquet)"
        )
    build = bad_build(published, corpus)
    assert "table_cells.parquet:1:1: missing column 'decimals'" in build.output, build.output[-3000:]


# --- 2. the generator -------------------------------------------------------------------------

GENERATED_REPORTS, GENERATED_SEED = 60, 3


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Corpora of 60 reports: one seed twice, another seed, and the first seed with no injections."""
    base = tmp_path_factory.mktemp("generated")
    return {
        "first": synth(base / "first", GENERATED_REPORTS, GENERATED_SEED, 1.0),
        "again": synth(base / "again", GENERATED_REPORTS, GENERATED_SEED, 1.0),
        "other_seed": synth(base / "other_seed", GENERATED_REPORTS, GENERATED_SEED + 1, 1.0),
        "clean": synth(base / "clean", GENERATED_REPORTS, GENERATED_SEED, 0.0),
    }


def labels_of(corpus: Path) -> list[dict[str, str]]:
    return read_csv(corpus / "labels.csv")[1]


def summary_of(corpus: Path) -> dict:
    return json.loads((corpus / "synthetic.json").read_text(encoding="utf-8"))


def rows_by_report(corpus: Path, table: str) -> dict[str, list[dict[str, str]]]:
    found: dict[str, list[dict[str, str]]] = {}
    for row in read_csv(corpus / f"{table}.csv")[1]:
        found.setdefault(row["report_id"], []).append(row)
    return found


def test_the_same_seed_gives_byte_identical_files(generated: dict[str, Path]) -> None:
    first, again = generated["first"], generated["again"]
    names = sorted(path.name for path in first.iterdir())
    assert names == sorted(path.name for path in again.iterdir())
    assert set(names) >= {f"{table}.csv" for table in TABLES} | {"labels.csv", "synthetic.json"}
    for name in names:
        assert (first / name).read_bytes() == (again / name).read_bytes(), name


def test_another_seed_gives_other_reports(generated: dict[str, Path]) -> None:
    first, other = generated["first"], generated["other_seed"]
    ids = {row["report_id"] for row in read_csv(first / "reports.csv")[1]}
    other_ids = {row["report_id"] for row in read_csv(other / "reports.csv")[1]}
    assert len(ids) == len(other_ids) == GENERATED_REPORTS
    assert not ids & other_ids
    assert (first / "reports.csv").read_bytes() != (other / "reports.csv").read_bytes()
    # not only the ids: the reports themselves (units, years, scales, injected places) differ
    strip = lambda corpus: [(r["unit_name"], r["report_year"]) for r in read_csv(corpus / "reports.csv")[1]]
    assert strip(first) != strip(other)
    places = lambda corpus: [(r["kind"], r["place_key"]) for r in labels_of(corpus)]
    assert places(first) != places(other)


def test_every_kind_of_injection_is_labelled_with_its_family(generated: dict[str, Path]) -> None:
    with duckdb.connect() as connection:
        injector = Injector(Base(connection, PROJECT))
    kinds = {kind: family for kind, (family, _make) in injector.kinds.items()}
    kinds["prior_year_mismatch"] = injector.prior_year[0]
    labels = labels_of(generated["first"])
    assert {row["kind"] for row in labels} == set(kinds)
    assert all(row["family"] == kinds[row["kind"]] for row in labels)
    # error fraction 1: every report has exactly one injection but the control and the reports
    # that are the previous year of another (their amounts are what the later one restates)
    made = variants(GENERATED_REPORTS, summary_of(generated["first"])["seed"])
    previous_years = {variant.report_id for variant in made if variant.later is not None}
    later = {variant.report_id for variant in made if variant.previous is not None}
    assert previous_years and later
    expected = {variant.report_id for variant in made[1:]} - previous_years
    summary = summary_of(generated["first"])
    assert summary["injected"] == len(expected)
    injections = {(row["report_id"], row["injection_no"]) for row in labels}
    assert {report_id for report_id, _ in injections} == expected
    assert len(injections) == len(expected)
    assert sorted(int(number) for _, number in injections) == list(range(1, len(expected) + 1))
    # a later report of a pair gets a last-year change its predecessor contradicts
    assert {row["kind"] for row in labels if row["report_id"] in later} == {"prior_year_mismatch"}


def test_the_control_report_has_no_label_and_no_injection(generated: dict[str, Path]) -> None:
    first, clean = generated["first"], generated["clean"]
    control = summary_of(first)["control_report_id"]
    assert read_csv(first / "reports.csv")[1][0]["report_id"] == control  # report 1
    assert control not in {row["report_id"] for row in labels_of(first)}
    assert summary_of(clean)["control_report_id"] == control
    assert labels_of(clean) == [] and summary_of(clean)["injected"] == 0
    for table in TABLES:
        header, _ = read_csv(first / f"{table}.csv")
        if "report_id" not in header:
            continue
        assert (rows_by_report(first, table).get(control) == rows_by_report(clean, table).get(control)), table


def test_each_label_points_at_a_row_of_its_report_that_the_injection_changed(generated: dict[str, Path]) -> None:
    first, clean = generated["first"], generated["clean"]
    labels = labels_of(first)
    tables = sorted({row["place_table"] for row in labels} | {"table_cells"})
    injected = {table: rows_by_report(first, table) for table in tables}
    clean_rows = {table: rows_by_report(clean, table) for table in tables}
    for label in labels:
        table, report_id, line = label["place_table"], label["report_id"], int(label["source_line"])
        rows = injected[table].get(report_id, [])
        # the label's source_line is a line of that report, in the table it names
        assert any(int(row["source_line"]) == line for row in rows), label
        key_columns = [name for name in KEYS[table]]
        parts = label["place_key"].split("|")
        assert len(parts) in (len(key_columns), len(key_columns) + 1), label
        key = dict(zip(key_columns, parts))
        column = parts[len(key_columns)] if len(parts) > len(key_columns) else None
        match = lambda row: all(row[name] == value for name, value in key.items())
        [row] = [row for row in rows if match(row)]
        [clean_row] = [row for row in clean_rows[table][report_id] if match(row)]
        assert int(row["source_line"]) == line, label
        if label["kind"] == "subtotal_not_updated":
            # the label names the 款 total left as it was; the 项 under it changed
            assert row == clean_row, label
            code = key["row_key"]
            under = lambda source: [c for c in source[report_id] if c["table_code"] == key["table_code"]
                                    and c["row_key"].startswith(code) and c["row_key"] != code]
            assert under(injected["table_cells"]) != under(clean_rows["table_cells"]), label
        elif label["kind"] == "table_dropped":
            # the label names the table whose amounts are gone
            assert row == clean_row, label
            cells = lambda source: [c for c in source[report_id] if c["table_code"] == key["table_code"]]
            assert cells(clean_rows["table_cells"]) and not cells(injected["table_cells"]), label
        else:
            assert row != clean_row, label
            if column is not None:
                assert row[column] != clean_row[column], label


# --- 3. detection end to end ------------------------------------------------------------------

DETECTION_REPORTS, DETECTION_SEED, DETECTION_FRACTION = 30, 11, 0.6
# families whose every injected kind must be found at its labelled location
DETECTED_FAMILIES = ("accounting_identity", "derived_figure", "threshold", "repeated_fact", "units")


@pytest.fixture(scope="module")
def detection(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Path]:
    corpus = synth(tmp_path_factory.mktemp("detection") / "corpus", DETECTION_REPORTS, DETECTION_SEED,
                   DETECTION_FRACTION)
    root = copy_project(tmp_path_factory.mktemp("detection_project"))
    build = build_corpus(root, corpus)
    assert build.returncode == 1, build.output[-3000:]  # built, with the injected errors unacknowledged
    return build, corpus


def test_no_report_without_a_label_has_an_error_finding(detection: tuple[Build, Path]) -> None:
    build, corpus = detection
    labelled = {row["report_id"] for row in labels_of(corpus)}
    reports = {row[0] for row in build.query("select report_id from main.report_summary")}
    assert len(reports) == DETECTION_REPORTS
    unlabelled = reports - labelled
    assert summary_of(corpus)["control_report_id"] in unlabelled
    # clean variants besides the control, at every scale of money (× 1, 10, 100, printed coarser)
    assert {v.scale for v in variants(DETECTION_REPORTS, DETECTION_SEED) if v.report_id in unlabelled} == {0, 1, 2}
    errors = build.query("select finding_id from main.findings where severity = 'error' order by 1")
    assert errors, "the injected errors are found"
    assert [finding_id for (finding_id,) in errors if finding_id.split(":")[1] in unlabelled] == []


def test_every_injection_of_the_checked_families_is_found_at_its_label(detection: tuple[Build, Path]) -> None:
    build, corpus = detection
    labels = labels_of(corpus)
    expected_kinds = {(row["family"], row["kind"]) for row in labels if row["family"] in DETECTED_FAMILIES}
    assert {family for family, _kind in expected_kinds} == set(DETECTED_FAMILIES), "the seed injects each family"
    result = measure(corpus, build.warehouse)
    # a label row per location: an injection may have several (one per table it leaves inconsistent)
    injections = Counter({(row["report_id"], row["injection_no"]): row["kind"] for row in labels}.values())
    assert sum(sum(counts.values()) for counts in result["recall_by_kind"].values()) == injections.total()
    for family, kind in sorted(expected_kinds):
        counts = result["recall_by_kind"][f"{family}/{kind}"]
        assert counts == {"detected": injections[kind]}, (family, kind, counts)
    for family in DETECTED_FAMILIES:
        assert result["recall_by_family"][family].get("missed", 0) == 0, family
        # no false alarm: a finding of these families in a report without an injection
        assert result["precision_by_family"].get(family, {}).get("false_alarm", 0) == 0, family


def test_evaluate_prints_a_row_per_family(detection: tuple[Build, Path]) -> None:
    build, corpus = detection
    done = juesuan("evaluate", "--corpus", corpus, "--warehouse", build.warehouse)
    assert done.returncode == 0, done.stdout + done.stderr
    result = measure(corpus, build.warehouse)
    assert to_markdown(result) in done.stdout
    lines = done.stdout.splitlines()
    start = lines.index("Recall and precision by check family:")
    rows = [line for line in lines[start + 1:]
            if line.startswith("| ") and not line.startswith(("| family ", "| --- "))]
    by_family = {row.split("|")[1].strip(): row for row in rows}
    families = {row["family"] for row in labels_of(corpus)} | set(result["precision_by_family"])
    assert set(by_family) == families
    assert len(rows) == len(families)
    for family, counts in result["recall_by_family"].items():
        injected = counts.get("detected", 0) + counts.get("missed", 0)
        cells = [cell.strip() for cell in by_family[family].split("|")[1:-1]]
        assert cells[1:3] == [str(injected), str(counts.get("detected", 0))], by_family[family]
