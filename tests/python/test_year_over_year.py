"""Year over year: in a corpus holding one unit's reports of two consecutive years, the last-year
figure each change implies (this year's amount − the stated change) must be what the previous
year's report printed. The corpora are made from the sample: the sample itself as the later
report, and a copy of it as the previous year whose amounts are those the sample's stated changes
imply (or, injected, one of them wrong)."""
from __future__ import annotations

import csv
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import PROJECT, REPORT_ID, Build, copy_project, write_rows
from juesuan.project import report_data_seeds

PREVIOUS_ID = "sample-2023"
# words that print a decrease (macros/staging_helpers.sql, signed_by_direction)
DECREASE_WORDS = {"减少", "下降", "降低", "减少了", "下降了"}
INJECTED_FACT = "total_income_expenditure"
INJECTED_CHANGE = "total_change_yoy"
INJECTED_OFFSET = Decimal("100.00")


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


class Sample:
    """The sample's seeds, and what its stated changes say last year's amounts were."""

    def __init__(self, seeds: Path):
        self.seeds = seeds
        _, rules = read_csv(seeds / "rules" / "year_over_year_facts.csv")
        self.rules = {row["change_fact"]: row["level_fact"] for row in rules}
        _, crosswalk = read_csv(seeds / "fact_crosswalk.csv")
        self.places: dict[str, list[tuple[str, str]]] = {}
        for row in crosswalk:
            self.places.setdefault(row["fact_key"], []).append((row["place_table"], row["place_key"]))
        _, cells = read_csv(seeds / "table_cells.csv")
        _, figures = read_csv(seeds / "narrative_figures.csv")
        self.printed = {
            ("table_cells", f"{c['table_code']}|{c['row_key']}|{c['column_key']}"): c for c in cells
        } | {("narrative_figures", f["figure_id"]): f for f in figures}

    def value(self, fact_key: str) -> Decimal:
        """The fact as printed most precisely (its reference place's value), signed for a change."""
        rows = [self.printed[place] for place in self.places[fact_key]]
        row = max(rows, key=lambda r: int(r["decimals"]))
        sign = -1 if row.get("direction_word") in DECREASE_WORDS else 1
        return sign * Decimal(row["amount"])

    def change_places(self) -> list[tuple[str, str, str]]:
        """(change fact, place_table, place_key) of every place a change vs last year is printed."""
        return sorted(
            (change, table, key)
            for change in self.rules
            for table, key in self.places.get(change, [])
        )

    def last_year_amounts(self) -> dict[str, Decimal]:
        """Level fact -> last year's amount as the sample's stated change implies it."""
        return {
            level: self.value(level) - self.value(change)
            for change, level in self.rules.items()
            if change in self.places and level in self.places
        }


def copy_report(
    seeds: Path,
    folder: Path,
    report_id: str,
    year: int | None = None,
    unit_name: str | None = None,
    amounts: dict[str, Decimal] | None = None,
    places: dict[str, list[tuple[str, str]]] | None = None,
) -> None:
    """The sample's report-data seeds into `folder` as another report: a new report_id in every
    row, its year and unit as given, and the level facts set to `amounts` at every place the
    crosswalk prints them. It carries no acknowledgements: its own findings are not the subject."""
    folder.mkdir(parents=True)
    targets: dict[tuple[str, str], Decimal] = {}
    for fact_key, amount in (amounts or {}).items():
        for place in (places or {})[fact_key]:
            assert targets.get(place, amount) == amount, f"{place} is two facts with different amounts"
            targets[place] = amount
    for table in report_data_seeds(seeds.parent):
        if table == "acknowledgements":
            continue
        header, rows = read_csv(seeds / f"{table}.csv")
        for row in rows:
            row["report_id"] = report_id
            if table == "reports":
                row["report_year"] = str(year) if year is not None else row["report_year"]
                row["unit_name"] = unit_name or row["unit_name"]
            if table == "table_cells":
                place = ("table_cells", f"{row['table_code']}|{row['row_key']}|{row['column_key']}")
            elif table == "narrative_figures":
                place = ("narrative_figures", row["figure_id"])
            else:
                continue
            if place in targets:
                row["amount"] = f"{targets.pop(place):.2f}"
                row["decimals"] = "2"
        write_rows(folder / f"{table}.csv", header, rows)
    assert not targets, f"places not found: {sorted(targets)}"


def copy_sample(seeds: Path, folder: Path) -> None:
    folder.mkdir(parents=True)
    for table in report_data_seeds(seeds.parent):
        header, rows = read_csv(seeds / f"{table}.csv")
        write_rows(folder / f"{table}.csv", header, rows)


def build_corpus(root: Path, corpus: Path) -> Build:
    juesuan = Path(sys.executable).with_name("juesuan")
    completed = subprocess.run(
        [str(juesuan), "build", "--corpus", str(corpus), "--project-dir", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    build = Build(root, completed.returncode, completed.stdout + completed.stderr)
    assert build.warehouse.exists(), build.output[-3000:]
    return build


def two_year_corpus(tmp_path_factory: pytest.TempPathFactory, name: str, injected: bool) -> tuple[Build, Sample]:
    root = copy_project(tmp_path_factory.mktemp(name))
    sample = Sample(root / "seeds")
    amounts = sample.last_year_amounts()
    if injected:
        amounts[INJECTED_FACT] += INJECTED_OFFSET
    corpus = tmp_path_factory.mktemp(f"{name}_corpus")
    copy_sample(root / "seeds", corpus / "2024")
    copy_report(root / "seeds", corpus / "2023", PREVIOUS_ID, 2023, amounts=amounts, places=sample.places)
    return build_corpus(root, corpus), sample


@pytest.fixture(scope="module")
def consistent(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Sample]:
    return two_year_corpus(tmp_path_factory, "yoy_consistent", injected=False)


@pytest.fixture(scope="module")
def injected(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Sample]:
    return two_year_corpus(tmp_path_factory, "yoy_injected", injected=True)


@pytest.fixture(scope="module")
def single_years(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The sample (2024), the same unit in 2022 (no 2023 between), another unit in 2023."""
    root = copy_project(tmp_path_factory.mktemp("yoy_single"))
    corpus = tmp_path_factory.mktemp("yoy_single_corpus")
    copy_sample(root / "seeds", corpus / "2024")
    copy_report(root / "seeds", corpus / "2022", "sample-2022", 2022)
    copy_report(root / "seeds", corpus / "other", "other-2023", 2023, unit_name="武汉经济技术开发区财政局")
    return build_corpus(root, corpus)


def prior_year_outcomes(build: Build) -> dict[str, tuple]:
    rows = build.query(
        "select finding_id, report_id, status from main.int_check_evaluations where check_id = 'prior_year'"
    )
    return {row[0]: row[1:] for row in rows}


def expected_location_keys(sample: Sample) -> set[str]:
    return {f"{change}@{table}:{key}|prior:{PREVIOUS_ID}" for change, table, key in sample.change_places()}


def test_the_sample_states_last_years_amounts() -> None:
    # what the seeds say, checked by hand against the report's text (说明一, 四, 五(一), 九(二))
    amounts = Sample(PROJECT / "seeds").last_year_amounts()
    assert amounts["total_income_expenditure"] == Decimal("14822.39")  # 14,346.05 减少 476.34
    assert amounts["fiscal_fund_income"] == Decimal("240.05")  # 0 减少 240.05
    assert amounts["general_basic"] == Decimal("2152.32")  # 1,947.04 减少 205.28
    assert amounts["general_project"] == Decimal("12670.07")  # 12,399.00 减少 271.07
    assert amounts["sangong.abroad_actual"] == Decimal("0.00")  # 7.78 增加 7.78
    assert amounts["sangong.reception_actual"] == Decimal("0.59")  # 1.08 增加 0.49
    assert len(amounts) == 14


def test_the_mart_pairs_the_two_years(consistent: tuple[Build, Sample]) -> None:
    build, sample = consistent
    rows = build.query(
        """
        select fact_key, change_fact_key, unit_name, last_year, last_year_report_id, this_year,
            this_year_report_id, last_year_value, this_year_value, computed_change, stated_change,
            stated_last_year_value, difference, status
        from main.year_over_year
        """
    )
    expected = sample.last_year_amounts()
    assert {row[0] for row in rows} == set(expected)
    assert len(rows) == len(expected)
    changes = {level: change for change, level in sample.rules.items()}
    for (fact, change_fact, unit, last_year, last_id, this_year, this_id, last_value, this_value,
         computed, stated, stated_last, difference, status) in rows:
        assert change_fact == changes[fact]
        assert unit == "中共武汉经济技术开发区工委（汉南区委）组织部"
        assert (last_year, last_id, this_year, this_id) == (2023, PREVIOUS_ID, 2024, REPORT_ID)
        assert last_value == expected[fact], fact
        assert this_value == sample.value(fact)
        assert stated == sample.value(change_fact)
        assert computed == stated and stated_last == last_value
        assert difference == 0 and status == "pass"


def test_the_prior_year_check_passes_for_every_pair(consistent: tuple[Build, Sample]) -> None:
    build, sample = consistent
    outcomes = prior_year_outcomes(build)
    keys = expected_location_keys(sample)
    assert set(outcomes) == {f"prior_year:{REPORT_ID}:{key}" for key in keys}
    assert len(outcomes) == 16  # 14 changes, two of them printed twice (四 and 五(一))
    assert all(status == "pass" for _report, status in outcomes.values())
    assert build.test_statuses()["check_passes_prior_year__error"] == "pass"
    # the previous-year copy has its own findings (its titles say 2024, its totals were moved);
    # the later report, the sample, has none left unacknowledged
    assert build.returncode == 1, build.output[-3000:]
    unacknowledged = build.query(
        "select distinct report_id from main.findings where severity = 'error' and not is_acknowledged"
    )
    assert unacknowledged == [(PREVIOUS_ID,)]
    suite = build.query(
        "select bool_and(success) from main.gx_validation_results where suite = 'juesuan_year_over_year'"
    )
    assert suite == [(True,)]


def test_an_injected_previous_year_amount_is_found_at_the_stated_change(
    injected: tuple[Build, Sample],
) -> None:
    build, sample = injected
    findings = {i: f for i, f in build.findings().items() if f["check_id"] == "prior_year"}
    finding_id = f"prior_year:{REPORT_ID}:{INJECTED_CHANGE}@narrative_figures:n002|prior:{PREVIOUS_ID}"
    assert set(findings) == {finding_id}
    finding = findings[finding_id]
    stated_last_year = sample.last_year_amounts()[INJECTED_FACT]
    assert float(finding["printed_value"]) == float(stated_last_year)  # 14,822.39
    assert float(finding["expected_value"]) == float(stated_last_year + INJECTED_OFFSET)
    assert float(finding["difference"]) == -float(INJECTED_OFFSET)
    assert finding["severity"] == "error" and not finding["rounding_only"]
    assert finding["check_family"] == "year_over_year" and finding["check_name_zh"] == "上年数衔接"
    # where the sample states the change: 说明一, “收、支总计各减少 476.34 万元”
    assert finding["source_line"] == 478 and "476.34" in finding["source_text"]
    assert "收、支总计各减少" in finding["location"]
    message = finding["message_zh"]
    assert "上年（2023年度）决算报告" in message and PREVIOUS_ID in message
    assert "14,822.39" in message and "14,922.39" in message and "超出尾数误差范围" in message
    # every other stated change still agrees with the previous report
    outcomes = prior_year_outcomes(build)
    assert len(outcomes) == len(expected_location_keys(sample))
    assert {i for i, (_r, status) in outcomes.items() if status != "pass"} == {finding_id}
    # the gate and GX fail on it
    assert build.test_statuses()["check_passes_prior_year__error"] == "fail"
    failing = build.query(
        "select unnest(unexpected_finding_ids) from main.gx_validation_results "
        "where suite = 'juesuan_year_over_year' and not success"
    )
    assert failing == [(finding_id,)]
    mart = build.query(
        "select difference, status from main.year_over_year where fact_key = ?", INJECTED_FACT
    )
    assert mart == [(-INJECTED_OFFSET, "material")]


def test_units_in_one_year_only_give_no_prior_year_rows(single_years: Build) -> None:
    assert single_years.query("select count(distinct report_id) from main.report_summary") == [(3,)]
    assert prior_year_outcomes(single_years) == {}
    assert single_years.query("select count(*) from main.year_over_year") == [(0,)]
    assert single_years.test_statuses()["check_passes_prior_year__error"] == "pass"
