"""`juesuan extract` on the sample's text: the hand-made seeds cell by cell, provenance of every
value, nothing dropped silently, and clear errors for input that is not a readable report."""
from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, REPORT_ID, SOURCE_REPORT
from juesuan.extract import EXTRACTED_SEEDS, extract, extract_to
from juesuan.extract.compare import compare_seed
from juesuan.extract.source import ExtractionError


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("extracted")
    extract_to(SOURCE_REPORT, out)
    return out


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("seed", EXTRACTED_SEEDS)
def test_the_sample_text_extracts_to_the_hand_made_seed(extracted: Path, seed: str) -> None:
    differences = compare_seed(seed, PROJECT / "seeds", extracted, REPORT_ID)
    assert not differences, f"{len(differences)} cell(s) differ:\n" + "\n".join(map(str, differences[:60]))


def test_the_report_id_comes_from_the_file_name(extracted: Path) -> None:
    assert {row["report_id"] for row in read_csv(extracted / "table_cells.csv")} == {REPORT_ID}


def test_every_extracted_value_has_its_place(extracted: Path) -> None:
    provenance = {(row["seed"], row["row_key"], row["column"]): row for row in read_csv(extracted / "provenance.csv")}
    from juesuan.extract.result import Extraction

    missing = []
    for seed in EXTRACTED_SEEDS:
        for row in read_csv(extracted / f"{seed}.csv"):
            key = Extraction.key_of(seed, row)
            for column, value in row.items():
                if value and column not in ("report_id", "source_line") and (seed, key, column) not in provenance:
                    missing.append((seed, key, column))
    assert not missing, missing[:20]


def test_each_table_amount_is_on_the_line_its_provenance_names(extracted: Path) -> None:
    lines = SOURCE_REPORT.read_text(encoding="utf-8").splitlines()
    cells = read_csv(extracted / "table_cells.csv")
    provenance = {(row["row_key"], row["column"]): int(row["source_line"])
                  for row in read_csv(extracted / "provenance.csv") if row["seed"] == "table_cells"}
    assert cells
    for cell in cells:
        line = provenance[(f"{cell['table_code']}|{cell['row_key']}|{cell['column_key']}", "amount")]
        printed = [c.strip().replace(",", "") for c in lines[line - 1].split("\t")]
        assert cell["amount"] in printed, (cell, line)


def test_the_sample_leaves_nothing_unplaced(extracted: Path) -> None:
    rows = read_csv(extracted / "unplaced.csv")
    assert [row for row in rows if row["kind"] == "unplaced"] == []


def variant(tmp_path: Path, edit) -> Path:
    lines = SOURCE_REPORT.read_text(encoding="utf-8").splitlines()
    edited = edit(lines)
    path = tmp_path / "variant.txt"
    path.write_text("\n".join(edited) + "\n", encoding="utf-8")
    return path


def line_of(lines: list[str], text: str) -> int:
    return next(number for number, line in enumerate(lines) if line.strip() == text)


def test_an_extra_table_of_another_layout_is_listed_as_skipped(tmp_path: Path) -> None:
    def add_table(lines: list[str]) -> list[str]:
        at = line_of(lines, "2024 年度财政拨款“三公”经费支出决算表")
        extra = ["2024 年度政府采购情况表", "", "公开 10 表", "单位：万元", "",
                 "项 目\t金额", "政府采购合计\t1,234.56", ""]
        return lines[:at] + extra + lines[at:]

    path = variant(tmp_path, add_table)
    extraction = extract(path)
    skipped = [(item.place.line, item.text) for item in extraction.skipped]
    assert any("政府采购情况表" in text for _, text in skipped), skipped
    assert any(text == "政府采购合计\t1,234.56" for _, text in skipped), skipped
    # the nine tables are still read in full
    assert len(extraction.records["table_cells"]) == len(read_csv(PROJECT / "seeds" / "table_cells.csv"))
    assert extraction.unplaced == []


def test_an_amount_that_cannot_be_placed_is_listed_with_its_line(tmp_path: Path) -> None:
    def amount_without_line_number(lines: list[str]) -> list[str]:
        at = next(n for n, line in enumerate(lines) if line.startswith("\t30\t\t\t61"))
        lines[at] = "\t\t99.99\t\t61\t"
        return lines

    path = variant(tmp_path, amount_without_line_number)
    extraction = extract(path)
    printed_at = line_of(path.read_text(encoding="utf-8").splitlines(), "99.99\t\t61") + 1
    unplaced = [(item.place.line, item.text, item.reason) for item in extraction.unplaced]
    assert [u for u in unplaced if u[:2] == (printed_at, "99.99") and "行次" in u[2]], unplaced


def test_a_missing_table_is_reported_not_guessed(tmp_path: Path) -> None:
    def drop_marker(lines: list[str]) -> list[str]:
        return [line for line in lines if line.strip() != "公开 06 表"]

    extraction = extract(variant(tmp_path, drop_marker))
    assert any("table 06" in item.reason for item in extraction.unplaced), extraction.unplaced
    assert "06" not in {record["table_code"] for record in extraction.records["report_tables"]}


def test_text_that_is_not_utf8_is_refused_at_its_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes("第一行\n第二行\n".encode("utf-8") + "第三行".encode("gbk") + b"\n")
    with pytest.raises(ExtractionError, match=r"report\.txt, line 3, column 1: not UTF-8"):
        extract(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "the file is empty"), ("一段不是决算报告的文字。\n".encode("utf-8"), "none of the nine public tables")],
)
def test_a_file_that_is_not_a_report_is_refused_by_the_command(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "not-a-report.txt"
    path.write_bytes(content)
    completed = subprocess.run(
        [sys.executable, "-m", "juesuan", "extract", str(path), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, check=False,
    )
    assert completed.returncode == 2, completed.stderr
    assert "not-a-report.txt" in completed.stderr and message in completed.stderr, completed.stderr
    assert not (tmp_path / "out").exists(), "nothing is written for input that is not a report"


def test_the_project_key_vocabulary_is_the_one_docs_fact_keys_lists() -> None:
    import re

    documented = dict(re.findall(r"^\| `([a-z_]+)` \| (.+?) \|$", (PROJECT / "docs" / "fact_keys.md").read_text(encoding="utf-8"), re.M))
    with (PROJECT / "juesuan" / "data" / "project_keys.csv").open(encoding="utf-8", newline="") as handle:
        vocabulary = {row["project_key"]: row["name"] for row in csv.DictReader(handle)}
    assert vocabulary and vocabulary == {key: documented[key] for key in vocabulary}


def test_nothing_is_found_by_line_number(tmp_path: Path, extracted: Path) -> None:
    """The same report seven lines further down extracts to the same seeds, every source_line + 7."""
    shifted = tmp_path / SOURCE_REPORT.name
    shifted.write_text("\n" * 7 + SOURCE_REPORT.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "shifted"
    extract_to(shifted, out)
    for seed in EXTRACTED_SEEDS:
        moved = [{**row, "source_line": str(int(row["source_line"]) - 7)} if row.get("source_line") else row
                 for row in read_csv(out / f"{seed}.csv")]
        assert moved == read_csv(extracted / f"{seed}.csv"), seed


def test_a_table_whose_columns_are_in_another_order_is_not_guessed(tmp_path: Path) -> None:
    def swap_columns(lines: list[str]) -> list[str]:
        at = next(n for n, line in enumerate(lines) if line.startswith("项 目\t\t\t本年收入合计\t财政拨款收入\t上级补助收入"))
        lines[at] = lines[at].replace("财政拨款收入\t上级补助收入", "上级补助收入\t财政拨款收入")
        return lines

    path = variant(tmp_path, swap_columns)
    extraction = extract(path)
    assert not [cell for cell in extraction.records["table_cells"] if cell["table_code"] == "02"]
    reasons = [item.reason for item in extraction.unplaced]
    assert any("table 02: its header does not match" in reason for reason in reasons), reasons
    lines = path.read_text(encoding="utf-8").splitlines()
    total_row = next(n for n, line in enumerate(lines, start=1) if line.startswith("\t\t合计\t14,346.05\t14,346.05"))
    assert total_row in {item.place.line for item in extraction.unplaced}
