"""The sample report as committed: it builds, every check covers its locations, the findings it
has are the real ones, and acknowledgements gate the build."""
from __future__ import annotations

from conftest import REPORT_ID, Build, copy_project, drop_seed_row, edit_seed, run_build

# Locations each check covers on the sample report. A check over zero locations proves nothing;
# a change here means the seeds or the rules changed what is checked: review it, then update.
LOCATIONS_CHECKED = {
    "balance_identity": 14,
    "cross_table": 158,
    "derived_rate": 81,
    "derived_score": 17,
    "direction_word": 37,
    "doubled_punctuation": 375,
    "explanation_required": 42,
    "hierarchy_sum": 121,
    "indicator_target": 211,
    "narrative_identity": 17,
    "narrative_vs_table": 57,
    "placeholder_text": 1048,
    "rate_without_base": 47,
    "reason_amounts": 13,
    "repeated_fact": 213,
    "report_year": 25,
    "row_identity": 138,
    "subject_name": 126,
    "table_completeness": 9,
    "yuan_vs_wanyuan": 82,
}


def test_sample_builds_and_passes_with_its_acknowledgements(clean_build: Build) -> None:
    assert clean_build.returncode == 0, clean_build.output[-3000:]
    for model in [
        "findings", "check_results", "report_summary", "expenditure_by_subject",
        "income_by_subject", "budget_execution", "sangong_budget_vs_actual",
        "basic_expenditure_by_economic_subject", "project_performance",
    ]:
        assert clean_build.query(f"select count(*) from main.{model}")[0][0] > 0, model


def test_every_check_covers_its_pinned_locations(clean_build: Build) -> None:
    covered = dict(clean_build.query("select check_id, locations_checked from main.check_results"))
    assert covered == LOCATIONS_CHECKED
    assert all(count > 0 for count in covered.values())


def test_the_real_inconsistencies_are_found(clean_build: Build) -> None:
    findings = clean_build.findings()

    def finding(check: str, location: str) -> dict[str, object]:
        return findings[f"{check}:{REPORT_ID}:{location}"]

    # 公开01表 prints 卫生健康支出 139.86, 公开03表 139.87: a rounding-level difference
    health = finding("cross_table", "pair:01.actual~03.total|210")
    assert health["rounding_only"] and health["severity"] == "info"
    assert float(health["printed_value"]) == 139.86 and float(health["expected_value"]) == 139.87
    assert "尾数" in str(health["message_zh"])
    # 人员经费 + 公用经费 = 1,947.05 against 基本支出 1,947.04 in 公开05表
    assert finding("cross_table", "rule:t06_basic_vs_t05")["rounding_only"]
    # the line items' initial budgets add up to 28,193.30, the text says 23,033.91
    budgets = finding("narrative_identity", "line_items_total:general_initial_budget@n044")
    assert not budgets["rounding_only"] and budgets["severity"] == "error"
    assert round(float(budgets["expected_value"]), 2) == 28193.30
    # 机关运行经费: 282.08 − 205.68 = 76.40, printed 76.42
    assert finding("narrative_identity", "operating_expenses_vs_budget@narrative_figures:n107")
    # 十三(二) prints an execution rate of 71.67% where 14,346.05 / 23,033.91 = 62.28%
    rate = finding("derived_rate", "unit_execution_rate@narrative_figures:n138")
    assert round(float(rate["expected_value"]), 2) == 62.28
    # item 12's adjusted budget: 2,985 + 853.2 − 59.52 = 3,778.68, printed 3,788.68
    assert finding("reason_amounts", "line_item:12|restated_budget")["severity"] == "warn"
    # a zero initial budget with "完成年初预算的100%"
    assert finding("rate_without_base", "line_item:4|completion_rate")
    # projects below 95% with 偏差分析 "无"
    assert finding("explanation_required", "project:party_building|deviation_analysis")
    # 05表 names 201 一般公共预算支出 where 02/03 say 一般公共服务支出
    assert finding("subject_name", "name:05|201")
    # a "（XX 分）" left in a project table
    assert finding("placeholder_text", "placeholder:p0938")
    for item in findings.values():
        assert item["message_zh"] and item["location"] and item["severity"] in ("error", "warn", "info")


def test_removing_an_acknowledgement_fails_the_build_naming_the_finding(tmp_path) -> None:
    root = copy_project(tmp_path)
    finding_id = f"report_year:{REPORT_ID}:year:p1015"
    drop_seed_row(root, "acknowledgements", {"finding_id": finding_id})
    build = run_build(root)
    assert build.returncode == 1
    assert finding_id in build.output
    assert build.test_statuses()["check_passes_report_year__error"] == "fail"
    assert build.test_statuses()["check_passes_derived_rate__error"] == "pass"
    # the finding is still in the warehouse for reviewers
    assert finding_id in build.findings()


def test_a_stale_acknowledgement_fails_the_build(tmp_path) -> None:
    root = copy_project(tmp_path)
    finding_id = f"report_year:{REPORT_ID}:year:p1015"
    edit_seed(root, "acknowledgements", {"finding_id": finding_id},
              {"finding_id": f"report_year:{REPORT_ID}:year:p9999"})
    build = run_build(root)
    assert build.returncode == 1
    assert build.test_statuses()["acknowledgements_match_findings"] == "fail"


def test_the_stored_outcomes_count_every_evaluation(clean_build: Build) -> None:
    # int_check_outcomes stores what is not pass and counts the passes: the same as every evaluation
    every = "select report_id, check_id, status, count(*) from main.int_check_evaluations group by all order by all"
    stored = "select report_id, check_id, status, sum(evaluations)::bigint from main.int_check_outcomes group by all order by all"
    assert clean_build.query(stored) == clean_build.query(every)
    not_passed = "select finding_id, status, message_zh from main.{} where status != 'pass' order by all"
    assert clean_build.query(not_passed.format("int_check_outcomes")) == clean_build.query(not_passed.format("int_check_evaluations"))
    assert clean_build.query("select count(*) from main.int_check_outcomes where status = 'pass' and finding_id is not null") == [(0,)]
