"""`make build REPORT=…`: extract a report and run the whole main job on it."""
from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, REPORT_ID, SOURCE_REPORT, Build, copy_project, findings_signature
from pdf_report import make_pdf


def build_report(root: Path, report: Path) -> Build:
    juesuan = Path(sys.executable).with_name("juesuan")
    completed = subprocess.run(
        [str(juesuan), "build", "--project-dir", str(root), "--report", str(report)],
        capture_output=True, text=True, check=False,
    )
    return Build(root, completed.returncode, completed.stdout + completed.stderr)


@pytest.fixture(scope="module")
def report_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_report(copy_project(tmp_path_factory.mktemp("report_project")), SOURCE_REPORT)


def test_the_sample_text_builds_to_the_sample_findings(report_build: Build, clean_build: Build) -> None:
    assert report_build.returncode == clean_build.returncode, report_build.output[-3000:]
    assert "stages: extract" in report_build.output
    expected = findings_signature(clean_build)
    assert expected, "the sample build has findings"
    actual = findings_signature(report_build)
    assert sorted(set(actual) ^ set(expected)) == []
    assert {i: f for i, f in actual.items() if expected[i] != f} == {}


def test_the_build_reads_the_extracted_report_and_keeps_its_provenance(report_build: Build) -> None:
    extracted = report_build.root / "warehouse" / "extracted" / REPORT_ID
    with (PROJECT / "seeds" / "table_cells.csv").open(encoding="utf-8", newline="") as handle:
        seeded = sum(1 for _ in csv.DictReader(handle))
    assert report_build.query("select count(*) from corpus.table_cells")[0][0] == seeded
    assert (extracted / "provenance.csv").stat().st_size > 0
    assert (extracted / "unplaced.csv").exists()


def test_an_unreadable_report_stops_the_build_and_publishes_nothing(tmp_path: Path, clean_build: Build) -> None:
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\xff\xfe\x00garbage")
    root = copy_project(tmp_path / "project")
    build = build_report(root, broken)
    assert build.returncode == 2, build.output[-2000:]
    assert "broken.txt" in build.output and "cannot read the report" in build.output
    assert not build.warehouse.exists()


@pytest.fixture(scope="module")
def pdf_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The sample drawn as a PDF (named like the text, so it keeps the report id) and built."""
    made = make_pdf(SOURCE_REPORT, tmp_path_factory.mktemp("pdf") / f"000_{REPORT_ID}.pdf")
    return build_report(copy_project(tmp_path_factory.mktemp("pdf_project")), made.path)


def test_the_sample_pdf_builds_to_the_sample_findings_quoting_pages(pdf_build: Build, clean_build: Build) -> None:
    assert pdf_build.returncode == clean_build.returncode, pdf_build.output[-3000:]
    expected, actual = clean_build.findings(), pdf_build.findings()
    assert sorted(set(actual) ^ set(expected)) == []
    same = ["severity", "printed_value", "expected_value", "difference", "rounding_only", "is_acknowledged", "source_text"]
    assert {i: f for i, f in actual.items() if [f[c] for c in same] != [expected[i][c] for c in same]} == {}
    quoted = [f for f in actual.values() if f["source_text"]]
    assert quoted, "some sample findings quote a line of the report"
    assert all(f["source_page"] >= 1 and f["source_box"] for f in quoted)
    # where the text's finding says 第N行, the PDF's says 第P页
    by_line = [i for i, f in expected.items() if f["location"].endswith(f"第{f['source_line']}行")]
    assert by_line
    for finding_id in by_line:
        finding = actual[finding_id]
        assert finding["location"].endswith(f"第{finding['source_page']}页"), finding
        assert finding["message_zh"].startswith(finding["location"]), finding
