"""`narrative_figures` read from the narrative (第三部分 一 … 十三(三)): agreement with the hand-made
seed column by column, and the rules on small made-up reports. Fast: no dbt."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import PROJECT, REPORT_ID, SOURCE_REPORT
from juesuan.extract.figures import extract_narrative_figures
from juesuan.extract.result import Extraction
from juesuan.extract.text_source import read_text

COLUMNS = ["figure_id", "section", "label_zh", "metric", "amount", "decimals", "unit", "direction_word", "source_line"]


def figures_of(document) -> list[dict[str, str]]:
    extraction = Extraction(REPORT_ID, document.kind)
    extract_narrative_figures(document, extraction)
    return [{k: "" if v is None else str(v) for k, v in r.items()} for r in extraction.records.get("narrative_figures", [])]


@pytest.fixture(scope="module")
def extracted() -> list[dict[str, str]]:
    return figures_of(read_text(SOURCE_REPORT))


@pytest.fixture(scope="module")
def hand_made() -> list[dict[str, str]]:
    """The hand-made figures the extraction reads: all but a reviewer's additions from prose it
    does not read (numbered from n901, carried over like the crosswalk; see test_extract.py)."""
    with (PROJECT / "seeds" / "narrative_figures.csv").open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["report_id"] == REPORT_ID]
    return sorted((row for row in rows if not row["figure_id"].startswith("n9")), key=lambda row: row["figure_id"])


def test_the_extracted_figures_are_the_hand_made_ones_in_reading_order(extracted, hand_made) -> None:
    assert [row["figure_id"] for row in extracted] == [f"n{i:03d}" for i in range(1, len(extracted) + 1)]
    keys = ["section", "source_line", "amount", "unit"]
    assert [[row[k] for k in keys] for row in extracted] == [[row[k] for k in keys] for row in hand_made]


@pytest.mark.parametrize("column", COLUMNS)
def test_every_column_agrees_with_the_hand_made_seed(extracted, hand_made, column: str) -> None:
    differing = [
        (want["figure_id"], want[column], got[column])
        for want, got in zip(hand_made, extracted) if want[column] != got[column]
    ]
    assert not differing, differing


def test_nothing_depends_on_line_numbers(extracted, tmp_path: Path) -> None:
    """The same report moved down by blank lines reads the same figures, each 7 lines further on."""
    shifted = tmp_path / SOURCE_REPORT.name
    shifted.write_text("\n" * 7 + SOURCE_REPORT.read_text(encoding="utf-8"), encoding="utf-8")
    again = figures_of(read_text(shifted))
    assert [{**row, "source_line": str(int(row["source_line"]) + 7)} for row in extracted] == again


# ---- the rules on made-up reports -------------------------------------------------------------

HEAD = ["2024 年度某某单位决算", "第三部分 某某单位 2024 年度单位决算情况说明"]


def read(tmp_path: Path, *lines: str) -> list[dict[str, str]]:
    path = tmp_path / "000_0000000000000000.txt"
    path.write_text("\n".join([*HEAD, *lines, "第四部分 其他"]) + "\n", encoding="utf-8")
    return figures_of(read_text(path))


def brief(rows: list[dict[str, str]]) -> list[tuple[str, ...]]:
    return [(r["section"], r["label_zh"], r["metric"], r["amount"], r["decimals"], r["unit"], r["direction_word"]) for r in rows]


def test_a_change_with_a_direction_word(tmp_path: Path) -> None:
    rows = read(
        tmp_path, "四、财政拨款收入支出决算总体情况说明",
        "2024年度财政拨款收、支总计 100.50 万元，与2023年度相比，支出合计减少 20 万元，下降 16.6 %。",
    )
    assert brief(rows) == [
        ("四", "财政拨款收、支总计", "amount", "100.50", "2", "万元", ""),
        ("四", "支出合计减少", "change", "20", "0", "万元", "减少"),
        ("四", "下降", "pct", "16.6", "1", "%", "下降"),
    ]


def test_years_dates_and_document_numbers_are_not_figures(tmp_path: Path) -> None:
    rows = read(
        tmp_path, "十二、国有资产占用情况说明",
        "截至2024年12月31日，根据《关于开展2024年度预算绩效评价工作的通知》（某财〔2024〕10号），与 2023 年相比，"
        "某某单位共有车辆2辆。",
    )
    assert brief(rows) == [("十二", "共有车辆", "count", "2", "0", "辆", "")]


def test_a_threshold_is_part_of_the_label_and_a_base_takes_the_change_unit(tmp_path: Path) -> None:
    rows = read(
        tmp_path, "十、机关运行经费支出说明",
        "单价100万元（含）以上设备（不含车辆）1套。",
        "机关运行经费支出205.68万元，比年初预算数282.08减少76.42万元，降低27.1%。",
    )
    assert brief(rows) == [
        ("十", "单价100万元（含）以上设备（不含车辆）", "count", "1", "0", "套", ""),
        ("十", "机关运行经费支出", "amount", "205.68", "2", "万元", ""),
        ("十", "年初预算数", "amount", "282.08", "2", "万元", ""),
        ("十", "减少", "change", "76.42", "2", "万元", "减少"),
        ("十", "降低", "pct", "27.1", "1", "%", "降低"),
    ]


def test_label_drops_enumerators_the_year_the_unit_and_a_shared_fund_subject(tmp_path: Path) -> None:
    rows = read(
        tmp_path, "九、财政拨款“三公”经费支出决算情况说明", "(一) “三公”经费财政拨款支出决算总体情况说明。",
        "2024年度“三公”经费财政拨款支出年初预算为3万元，追加预算8.8万元。其中：1. 一般公共服务（类）支出8,321.95万元，"
        "占58%；2024年度某某单位政府采购支出总额1,511.06万元；一是本单位“三公”经费财政拨款支出预算公务接待费3万元。",
    )
    assert [r["label_zh"] for r in rows] == [
        "年初预算", "追加预算", "一般公共服务（类）支出", "占", "政府采购支出总额", "预算公务接待费",
    ]
    assert {r["section"] for r in rows} == {"九(一)"}


def test_a_sentence_wrapped_over_two_rows_is_read_as_one(tmp_path: Path) -> None:
    rows = read(tmp_path, "十二、国有资产占用情况说明", "其中，执法执勤用车0辆，应", "急保障用车1辆、特种专业技术用车、离退休干部服务用车2辆。")
    assert [(r["label_zh"], r["amount"], r["source_line"]) for r in rows] == [
        ("执法执勤用车", "0", "4"), ("应急保障用车", "1", "5"), ("离退休干部服务用车", "2", "5"),
    ]


def test_line_items_and_project_achievements_are_not_narrative_figures(tmp_path: Path) -> None:
    rows = read(
        tmp_path, "五、一般公共预算财政拨款支出决算情况说明", "（三）一般公共预算财政拨款支出决算具体情况",
        "2024年度一般公共预算财政拨款支出年初预算为200万元，支出决算为150万元，完成年初预算的75%。",
        "党建专项经费 100 万元，主要成效：指导7个街道、62个社区建立兼职委员制度。",
        "二是举办培训班3期，培训1200人次。",
        "1. 一般公共服务支出(类)组织事务(款)行政运行(项)。年初预算为 100 万元，支出决算为 50 万元，完成年初预算的 50%。",
    )
    assert [(r["label_zh"], r["amount"]) for r in rows] == [
        ("年初预算", "200"), ("支出决算", "150"), ("完成年初预算的", "75"), ("党建专项经费", "100"),
    ]


def test_project_summaries_give_their_outputs_only(tmp_path: Path) -> None:
    rows = read(
        tmp_path, "十三、预算绩效情况说明", "(三) 项目支出自评结果", "共涉及 2 个项目。",
        "1. 某某经费 项目绩效自评综述：项目全年预算数为10万元，执行数为9万元，完成预算的90%。主要产出和效益是：一是完成本单位50名协管员工资发放；"
        "培训人数1400余人次，项目经费100%有保障；二是服务对象满意度98%。发现的问题及原因：4月到位的资金3万元未使用。",
    )
    assert brief(rows) == [
        ("十三(三)", "培训人数", "count", "1400", "0", "人次", ""),
        ("十三(三)", "项目经费有保障", "pct", "100", "0", "%", ""),
        ("十三(三)", "服务对象满意度", "pct", "98", "0", "%", ""),
    ]


def test_the_contents_list_and_later_sections_are_not_read(tmp_path: Path) -> None:
    path = tmp_path / "000_0000000000000000.txt"
    path.write_text("\n".join([
        "第三部分 某某单位 2024 年度单位决算情况说明", "- 一、收入支出决算总体情况说明 1 页", "第四部分 名词解释",
        "第三部分 某某单位 2024 年度单位决算情况说明", "一、收入支出决算总体情况说明", "收、支总计 5 万元。",
        "十三、预算绩效情况说明", "（四）绩效自评结果应用情况", "调减项目预算 2 万元。", "第四部分 名词解释", "共 3 个。",
    ]) + "\n", encoding="utf-8")
    assert [(r["section"], r["amount"]) for r in figures_of(read_text(path))] == [("一", "5")]
