"""`juesuan extract`, the performance part: the sample's three performance seeds are reproduced
cell by cell, and the tricky rules hold on small synthetic reports (fast: no dbt)."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PROJECT, REPORT_ID, SOURCE_REPORT

from juesuan.extract import projects
from juesuan.extract.compare import compare_seed
from juesuan.extract.performance import extract_performance, label, prose
from juesuan.extract.result import Extraction, write
from juesuan.extract.text_source import read_text

SEEDS = ["performance_indicators", "project_summary", "project_evaluations"]


def _extract(path: Path, report_id: str = "synthetic") -> Extraction:
    extraction = Extraction(report_id, "text")
    extract_performance(read_text(path), extraction)
    return extraction


def _report(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "report.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_sample_performance_seeds_equal_the_hand_made_ones(tmp_path: Path) -> None:
    extraction = _extract(SOURCE_REPORT, REPORT_ID)
    write(extraction, tmp_path)
    for seed in SEEDS:
        differences = compare_seed(seed, PROJECT / "seeds", tmp_path, REPORT_ID)
        assert not differences, "\n".join(str(d) for d in differences)
    # Every table row of the performance tables is read (from the unit table to the summary's 合计,
    # and from the first 项目绩效自评表 to the end); the one label the seed does not hold (a sub-group
    # label after a 二级指标) is listed as skipped, not dropped.
    rows = read_text(SOURCE_REPORT).rows
    unit = next(i for i, row in enumerate(rows) if row.text.endswith("部门整体绩效自评表"))
    total = next(i for i, row in enumerate(rows) if i > unit and row.cell(1) == "合计")
    projects_start = next(i for i, row in enumerate(rows) if row.text.endswith("项目绩效自评表"))
    performance_rows = [*range(unit, total + 1), *range(projects_start, len(rows))]
    unclaimed = [rows[i].line for i in performance_rows if rows[i].is_table and i not in extraction.claimed]
    assert not unclaimed, unclaimed
    assert extraction.unplaced == []
    assert (1178, "服务质量优良率") in [(s.place.line, s.text) for s in extraction.skipped]


def test_unit_table_carries_merged_levels_and_aligns_a_short_row(tmp_path: Path) -> None:
    path = _report(tmp_path, [
        "2024 年度某单位（本级）部门整体绩效自评表",
        "一级指标\t二级指标\t三级指标\t指标分类\t年初目标值\t实际完成值\t",
        "年度绩效指标\t运行成本\t公用经费控制\t公用经费控制率\t绩效基本型\t≤100%\t70.29%",
        "\t\t\t“三公”经费变动 率\t绩效基本型\t≤0%\t0.00%",
        "\t管理效率\t预算执行\t预算执行率\t绩效基本型\t100%\t62.28%",
        # printed without its first column: the 二级 sub-column moved left
        "资产管理\t\t资产管理规范性\t绩效基本型\t100%\t100%\t",
        "年度绩效 指标\t\t\t会计核算规范性\t绩效创新型\t约 900 人\t898 人",
    ])
    rows = _extract(path).records["performance_indicators"]
    got = [(r["indicator_seq"], r["level1"], r["level2"], r["level3"], r["indicator_class"],
            r["target_text"], r["actual_text"], r["source_line"]) for r in rows]
    assert got == [
        (1, "年度绩效指标", "运行成本 / 公用经费控制", "公用经费控制率", "绩效基本型", "≤100%", "70.29%", 3),
        (2, "年度绩效指标", "运行成本 / 公用经费控制", "“三公”经费变动率", "绩效基本型", "≤0%", "0.00%", 4),
        (3, "年度绩效指标", "管理效率 / 预算执行", "预算执行率", "绩效基本型", "100%", "62.28%", 5),
        (4, "年度绩效指标", "管理效率 / 资产管理", "资产管理规范性", "绩效基本型", "100%", "100%", 6),
        (5, "年度绩效指标", "管理效率 / 资产管理", "会计核算规范性", "绩效创新型", "约 900 人", "898 人", 7),
    ]


def test_project_outside_the_vocabulary_gets_a_deterministic_key_and_is_reported(tmp_path: Path) -> None:
    path = _report(tmp_path, [
        "2024 年度某单位绩效自评情况汇总表",
        "单位：元",
        "序号\t项目名称\t资金使用单位\t财政预算资金总额\t支出总额",
        "1\t乡村振兴示范 项目经费\t某单位\t1,000.00\t900",
        "\t合计\t\t1,000.00\t900",
        "2024 年度乡村振兴示范项目经费项目绩效自评表",
        "项目名称\t\t乡村振兴示范项目经费\t\t",
        "预算执行情况（万元） （20 分）\t年度财政资金总额\t预算数（A）\t执行数（B）\t执行率（B/A）\t得分（20 分*执行率）",
        "\t\t0.10\t0.09\t90.00%\t18.00",
        "年度 绩效 目标\t一级 指标\t二级指标\t三级指标\t年初目标值（A）\t实际完成值（B）",
        "\t产出 指标\t数量 指标\t示范村 数量\t5 个\t6 个",
        "\t\t\t培训\t10 场\t12 场",
        "\t\t\t人次",  # the rest of a wrapped 三级指标 cell
        "\t社会效益\t群众知晓率\t≥90%\t95%\t",  # a 二级 name alone also gives its 一级
        "满意度 指标\t服务对象满意度指标\t服务对象满意度\t95%\t98%",
        "偏差大或目标未完成原因分析\t<p>第一段。</p> <p>2. 第二段 原文。</p>\t\t",
        "改进措施及结果拟应用方案\t无\t\t",
    ])
    extraction = _extract(path)
    summary = extraction.records["project_summary"]
    assert [(r["row_no"], r["project_key"], r["project_name"], r["budget_yuan"], r["budget_decimals"],
             r["actual_yuan"], r["actual_decimals"]) for r in summary] == [
        ("1", "project_1", "乡村振兴示范项目经费", "1000.00", 2, "900", 0),
        ("total", None, "合计", "1000.00", 2, "900", 0),
    ]
    notes = [s for s in extraction.skipped if "project_1" in s.reason]
    assert len(notes) == 1 and notes[0].place.line == 4, extraction.skipped
    (evaluation,) = extraction.records["project_evaluations"]
    assert evaluation["project_key"] == "project_1"  # the table matched to its summary row
    assert (evaluation["budget"], evaluation["execution_rate"], evaluation["score"], evaluation["source_line"]) == (
        "0.10", "90.00", "18.00", 9)
    assert evaluation["deviation_analysis"] == "第一段。\n2. 第二段 原文。"
    assert evaluation["improvement_plan"] == "无"
    indicators = [(r["scope"], r["indicator_seq"], r["level1"], r["level2"], r["level3"], r["target_text"],
                   r["actual_text"], r["source_line"]) for r in extraction.records["performance_indicators"]]
    assert indicators == [
        ("project_1", 1, "产出指标", "数量指标", "示范村数量", "5 个", "6 个", 11),
        ("project_1", 2, "产出指标", "数量指标", "培训人次", "10 场", "12 场", 12),
        ("project_1", 3, "效益指标", "社会效益", "群众知晓率", "≥90%", "95%", 14),
        ("project_1", 4, "满意度指标", "服务对象满意度指标", "服务对象满意度", "95%", "98%", 15),
    ]
    assert not extraction.unplaced, extraction.unplaced
    # Deterministic: the same report gives the same keys.
    assert _extract(path).records == extraction.records


def test_summary_in_wanyuan_is_not_read_as_yuan(tmp_path: Path) -> None:
    path = _report(tmp_path, [
        "2024 年度某单位绩效自评情况汇总表",
        "单位：万元",
        "序号\t项目名称\t资金使用单位\t财政预算资金总额\t支出总额",
        "1\t党建专项经费\t某单位\t251.89\t236.02",
    ])
    extraction = _extract(path)
    assert "project_summary" not in extraction.records
    assert any("元" in u.reason for u in extraction.unplaced)


def test_project_key_tolerates_small_wording_differences_only() -> None:
    assert projects.project_key("干部培训、档案管理及公开招录经费") == "cadre_training_archives"
    assert projects.project_key("2023-2024 年度选调生到村工作中央财政补助资金") == "selected_graduates_village"
    assert projects.project_key("劳动监察欠新应急周转资金") == "wage_arrears_emergency_fund"
    assert projects.project_key("人才发展资金") == "talent_development"
    assert projects.project_key("教育专项资金") is None  # shares only the generic tail 专项资金
    assert projects.project_key("组织部机关运行经费") is None
    assert projects.fallback_key("教育专项资金", 3) == "project_3"
    assert projects.fallback_key("教育专项资金") == projects.fallback_key("2025 年度教育专项资金项目")
    # Within one report the candidates are its own projects: a looser match is safe.
    local = {"returned_rural_support": "2024年支农返汉群体帮扶资金补助", "talent_development": "人才发展专项资金"}
    match = projects.best_match("支农返汉人员帮扶资金", local)
    assert match is not None and match.key == "returned_rural_support"


def test_text_rules() -> None:
    assert label("核心业务 产出（数 量指标）") == "核心业务产出（数量指标）"
    assert label("1900 户") == "1900 户"
    assert label("2024 年离任村支书、村主任 生活困难补助经费") == "2024 年离任村支书、村主任生活困难补助经费"
    assert prose('<p>预算执行率较低：</p> <ol style="list-style-type: none"> 1. 甲。 2. 乙。') == (
        "预算执行率较低：\n1. 甲。 2. 乙。")
    assert prose("1、下一步拟改进措施 细化预算。") == "1、下一步拟改进措施 细化预算。"


def test_a_stray_cell_in_the_indicator_hierarchy_is_reported_not_guessed(tmp_path: Path) -> None:
    path = _report(tmp_path, [
        "某项目绩效自评表",
        "项目名称\t某项目",
        "预算执行情况（万元）\t预算数（A）\t执行数（B）\t执行率（B/A）\t得分（20 分*执行率）",
        "\t1.00\t1.00\t100.00%\t20.00",
        "年度绩效目标\t一级指标\t二级指标\t三级指标\t年初目标值（A）\t实际完成值（B）",
        "\t产出指标\t某标签\t某指标\t1 次\t1 次",  # 某标签 is no 二级 name of the template
        "\t\t质量指标\t服务质量优良率\t合格率\t100%\t100%",  # a sub-group label after a 二级 name
    ])
    extraction = _extract(path)
    assert [(u.place.line, u.text) for u in extraction.unplaced] == [(6, "某标签")]
    assert (7, "服务质量优良率") in [(s.place.line, s.text) for s in extraction.skipped]
    indicators = [(r["level1"], r["level2"], r["level3"]) for r in extraction.records["performance_indicators"]]
    assert indicators == [("产出指标", None, "某指标"), ("产出指标", "质量指标", "合格率")]
    (evaluation,) = extraction.records["project_evaluations"]
    assert evaluation["project_key"].startswith("project_")  # not in the vocabulary: a fallback key
