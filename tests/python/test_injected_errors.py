"""Every family of checks can fail: inject one error per family into a copy of the seeds and see
that family's check fail at the location of the injected error, with a finding that names it.

One build carries all injections (they touch unrelated cells); each test asserts its own one.
"""
from __future__ import annotations

import pytest

from conftest import REPORT_ID, Build, copy_project, drop_seed_row, drop_seed_rows, edit_seed, run_build

# (test id, check_id, location key of the finding, how to inject the error)
INJECTIONS = [
    ("hierarchy_sum", "hierarchy_sum", "hierarchy:03|20805|basic",
     ("table_cells", {"table_code": "03", "row_key": "2080505", "column_key": "basic"}, {"amount": "124.99"})),
    ("row_identity", "row_identity", "row:02|2080704|total",
     ("table_cells", {"table_code": "02", "row_key": "2080704", "column_key": "fiscal"}, {"amount": "3586.68"})),
    ("balance_identity", "balance_identity", "rule:t01_sides_balance",
     ("table_cells", {"table_code": "01", "row_key": "line_62", "column_key": "actual"}, {"amount": "14364.05"})),
    ("cross_table", "cross_table", "pair:01.actual~03.total|206",
     ("table_cells", {"table_code": "01", "row_key": "line_37", "column_key": "actual"}, {"amount": "221.69"})),
    ("subject_name", "subject_name", "name:03|2080506",
     ("table_cells", {"table_code": "03", "row_key": "2080506", "column_key": "basic"}, {"row_label": "职业年金支出"})),
    ("narrative_vs_table", "narrative_vs_table", "class_expenditure.221@narrative_figures:n040",
     ("narrative_figures", {"figure_id": "n040"}, {"amount": "195.83"})),
    ("narrative_identity", "narrative_identity", "procurement_kinds@narrative_figures:n109",
     ("narrative_figures", {"figure_id": "n110"}, {"amount": "12.85"})),
    ("yuan_vs_wanyuan", "yuan_vs_wanyuan",
     "project.party_building.actual@project_evaluations:party_building|actual",
     ("project_evaluations", {"project_key": "party_building"}, {"actual": "2360247.74"})),
    ("repeated_fact", "repeated_fact",
     "indicator.new_urban_employment.actual@performance_indicators:unit|45|actual",
     ("performance_indicators", {"scope": "unit", "indicator_seq": "45"}, {"actual_text": "20256 人"})),
    # a fact the narrative prints twice (四 and 五(一)): the swapped word is in the first place,
    # the fact's reference, and is found there, not only at the other place
    ("repeated_fact_two_places", "repeated_fact", "project_change_yoy@narrative_figures:n022",
     ("narrative_figures", {"figure_id": "n022"}, {"direction_word": "增加", "label_zh": "项目支出增加了"})),
    ("derived_rate", "derived_rate", "basic_share@narrative_figures:n013",
     ("narrative_figures", {"figure_id": "n013"}, {"amount": "16.3"})),
    ("derived_score", "derived_score", "project:labor_inspection_arbitration|score",
     ("project_evaluations", {"project_key": "labor_inspection_arbitration"}, {"score": "19.25"})),
    ("direction_word_narrative", "direction_word", "operating_expenses_vs_budget@narrative_figures:n107",
     ("narrative_figures", {"figure_id": "n107"}, {"direction_word": "增加"})),
    ("direction_word_line_item", "direction_word", "line_item:1|comparison",
     ("line_items", {"item_no": "1"}, {"comparison_phrase": "大于年初预算数"})),
    ("explanation_required", "explanation_required", "line_item:7|reason",
     ("line_items", {"item_no": "7"}, {"reason_text": ""})),
    ("reason_amounts", "reason_amounts", "line_item:19|reason_amounts",
     ("line_item_reason_amounts", {"item_no": "19", "amount_seq": "1"}, {"amount": "12.41"})),
    ("rate_without_base", "rate_without_base", "line_item:6|completion_rate",
     ("line_items", {"item_no": "6"}, {"initial_budget": "0", "initial_budget_decimals": "0"})),
    ("indicator_target", "indicator_target", "indicator:party_building|1",
     ("performance_indicators", {"scope": "party_building", "indicator_seq": "1"}, {"actual_text": "4 次"})),
    ("report_year", "report_year", "year:p0470",
     ("narrative_paragraphs", {"paragraph_id": "p0470"},
      {"text": "截至2023年12月31日，中共武汉经济技术开发区工委（汉南区委）组织部共有车辆0辆"})),
    ("placeholder_text", "placeholder_text", "placeholder:p0390",
     ("narrative_paragraphs", {"paragraph_id": "p0390"}, {"text": "2024年度一般公共预算财政拨款支出XX万元。"})),
    ("doubled_punctuation", "doubled_punctuation", "punctuation:p0470",
     ("narrative_paragraphs", {"paragraph_id": "p0470"}, None)),
    ("table_completeness", "table_completeness", "table:07", ("report_tables", {"table_code": "07"}, None)),
]


@pytest.fixture(scope="module")
def injected_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    root = copy_project(tmp_path_factory.mktemp("injected"))
    for name, _check, _location, (seed, match, changes) in INJECTIONS:
        if name == "doubled_punctuation":
            continue  # applied below, after report_year has rewritten the same paragraph
        if changes is None:
            drop_seed_row(root, seed, match)
        else:
            edit_seed(root, seed, match, changes)
    edit_seed(
        root,
        "narrative_paragraphs",
        {"paragraph_id": "p0470"},
        {"text": "截至2023年12月31日，中共武汉经济技术开发区工委（汉南区委）组织部共有车辆0辆。。"},
    )
    return run_build(root)


@pytest.mark.parametrize(
    ("check_id", "location_key"),
    [(check, location) for _name, check, location, _injection in INJECTIONS],
    ids=[name for name, *_rest in INJECTIONS],
)
def test_injected_error_is_found_where_it_was_injected(
    injected_build: Build, clean_build: Build, check_id: str, location_key: str
) -> None:
    finding_id = f"{check_id}:{REPORT_ID}:{location_key}"
    assert finding_id not in clean_build.findings(), "the sample must pass here before injection"
    findings = injected_build.findings()
    assert finding_id in findings, sorted(f for f in findings if f.startswith(check_id))
    finding = findings[finding_id]
    assert finding["check_id"] == check_id
    assert not finding["rounding_only"]
    assert not finding["is_acknowledged"]
    assert finding["message_zh"] and finding["location"]
    # the dbt test of this check, at this severity, fails on this finding
    level = "error" if finding["severity"] == "error" else "advisory"
    status = injected_build.test_statuses()[f"check_passes_{check_id}__{level}"]
    assert status == ("fail" if level == "error" else "warn")


def test_injected_build_fails_but_still_builds_findings(injected_build: Build) -> None:
    assert injected_build.returncode == 1
    assert "unacknowledged error finding" in injected_build.output
    # the gate failed, yet every model was built (the gate skips nothing downstream)
    statuses = injected_build.test_statuses()
    assert statuses["check_passes_hierarchy_sum__error"] == "fail"
    assert injected_build.query("select count(*) from main.report_summary")[0][0] == 1
    assert injected_build.query("select count(*) from main.check_results")[0][0] > 0


def test_failing_test_rows_are_exactly_the_unacknowledged_findings(injected_build: Build) -> None:
    tables = injected_build.query(
        "select table_name from information_schema.tables "
        "where table_schema = 'main_audit' and table_name like 'check_passes_%'"
    )
    failing: set[str] = set()
    for (table,) in tables:
        failing |= {row[0] for row in injected_build.query(f'select finding_id from main_audit."{table}"')}
    unacknowledged = {
        finding_id for finding_id, finding in injected_build.findings().items()
        if not finding["is_acknowledged"]
    }
    assert failing == unacknowledged
    assert len(failing) >= len(INJECTIONS)


def test_every_gx_suite_fails_on_its_injected_error(injected_build: Build, clean_build: Build) -> None:
    clean = dict(clean_build.query(
        "select suite, bool_and(success) from main.gx_validation_results where level = 'error' group by suite"
    ))
    injected = dict(injected_build.query(
        "select suite, bool_and(success) from main.gx_validation_results group by suite"
    ))
    assert set(injected) == set(clean)
    assert all(clean.values()), clean  # right values: the error-level expectations pass
    # wrong values: every suite has an unmet one; but year_over_year needs two years of one unit,
    # which a one-report build lacks (test_year_over_year.py makes that suite fail)
    injectable = {suite: ok for suite, ok in injected.items() if suite != "juesuan_year_over_year"}
    assert not any(injectable.values()), injected


def test_gx_failing_locations_are_exactly_the_unacknowledged_findings(injected_build: Build) -> None:
    failing = {
        row[0] for row in injected_build.query(
            "select unnest(unexpected_finding_ids) from main.gx_validation_results where not success"
        )
    }
    unacknowledged = {i for i, f in injected_build.findings().items() if not f["is_acknowledged"]}
    assert failing == unacknowledged


# The basis of these checks is built only where the printed value differs from the expected one,
# or where the check does not pass (fact rules), and the line rules locate only the lines with a
# find: juesuan does not label the millions of passing places of a corpus. A finding still names
# where it is and what it was compared with.
BASIS_FRAGMENTS = {
    "row_identity:row:02|2080704|total": ("（同行", "之和）"),
    "balance_identity:rule:t01_sides_balance": ("公开01表", " 之和）"),
    "cross_table:pair:01.actual~03.total|206": ("（公开03表 206", " 为 "),
    "subject_name:name:03|2080506": ("科目名称列示为“", "”，其他表为“"),
    "repeated_fact:indicator.new_urban_employment.actual@performance_indicators:unit|45|actual": ("（同一事项在",),
    "narrative_identity:procurement_kinds@narrative_figures:n109": ("（由 ", " 计算）"),
    "derived_rate:basic_share@narrative_figures:n013": ("（由 ", " 计算）"),
    "direction_word:operating_expenses_vs_budget@narrative_figures:n107": ("用语为“增加”，而按 ", " 计算的变动为 "),
    "placeholder_text:placeholder:p0390": (" 第", "行：文中留有模板占位内容“"),
    "doubled_punctuation:punctuation:p0470": (" 第", "行：标点重复“"),
}


@pytest.mark.parametrize("finding", sorted(BASIS_FRAGMENTS))
def test_a_finding_names_what_its_value_was_compared_with(injected_build: Build, finding: str) -> None:
    check_id, location_key = finding.split(":", 1)
    message = injected_build.findings()[f"{check_id}:{REPORT_ID}:{location_key}"]["message_zh"]
    for fragment in BASIS_FRAGMENTS[finding]:
        assert fragment in message, message
    assert "（各分项" not in message and "（各项 之和" not in message, message


def test_a_table_the_report_lacks_is_one_finding_not_one_per_subject_compared_with_it(
    tmp_path_factory: pytest.TempPathFactory, clean_build: Build
) -> None:
    """Every amount of 公开05表 dropped (its heading kept, no 本表无数据): table_completeness
    reports the table; the cross-table pairs and rules with 05, and 五(三)'s line items restating
    05, are not compared with the missing table (one finding per subject of 03 and per line item
    otherwise). A difference between two tables the report prints is still found."""
    root = copy_project(tmp_path_factory.mktemp("lacking_table"))
    assert drop_seed_rows(root, "table_cells", lambda row: row["table_code"] == "05") > 50
    # the crosswalk of a report read from its text would not name the missing cells
    assert drop_seed_rows(
        root, "fact_crosswalk", lambda row: row["place_table"] == "table_cells" and row["place_key"].startswith("05|")
    ) > 0
    edit_seed(root, "table_cells", {"table_code": "01", "row_key": "line_37", "column_key": "actual"}, {"amount": "221.69"})
    build = run_build(root)
    findings = build.findings()

    assert f"table_completeness:{REPORT_ID}:table:05" in findings
    assert build.query("select table_code from main.int_table_presence where is_lacking") == [("05",)]
    assert clean_build.query("select count(*) from main.int_table_presence where is_lacking") == [(0,)]
    compared_with_05 = [
        finding_id for finding_id, finding in findings.items()
        if (finding["check_id"] == "cross_table" and "05." in str(finding["location_key"]))
        or finding["location_key"] == "rule:t06_basic_vs_t05"
        or (finding["check_id"] == "narrative_vs_table" and str(finding["location_key"]).startswith("line_item:"))
    ]
    assert compared_with_05 == []
    assert f"cross_table:{REPORT_ID}:pair:01.actual~03.total|206" in findings
