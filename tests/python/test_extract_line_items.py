"""`juesuan.extract.line_items`: the items of 五(三) and 十三(三), read from rows alone.

The sample report must give the hand-made seeds cell by cell; small synthetic reports pin the
rules (subject matched by name under the right 款, clause phrase and effect of a quoted amount,
wrapped items, what cannot be read is listed)."""
from __future__ import annotations

from collections.abc import Set
from pathlib import Path

import pytest

from conftest import PROJECT, REPORT_ID, SOURCE_REPORT
from juesuan.extract.compare import compare_seed
from juesuan.extract.line_items import Subjects, extract_line_items, quoted_amounts
from juesuan.extract.result import Extraction, write
from juesuan.extract.source import Document, Place, make_row
from juesuan.extract.text_source import read_text

SEEDS = ("line_items", "line_item_reason_amounts", "project_narratives")


def document(*lines: str) -> Document:
    """A report from lines of text (a tab makes a table row), line numbers 1, 2, …"""
    doc = Document(path=Path("synthetic.txt"), kind="text")
    for number, line in enumerate(lines, start=1):
        cells = [cell.strip() for cell in line.split("\t")]
        doc.rows.append(make_row(cells, [Place(number)] * len(cells), "\t" in line))
    return doc


def extracted(doc: Document) -> Extraction:
    extraction = Extraction("synthetic", "text")
    extract_line_items(doc, extraction)
    return extraction


# A table 05 in which names repeat under several 款 (行政运行, 一般行政管理事务).
TABLE_05 = (
    "公开 05 表",
    "功能分类科目编码\t\t\t项 目\t本年支出",
    "201\t\t\t一般公共服务支出\t10.00",
    "20103\t\t\t政府办公厅（室）及相关机构事务\t1.00",
    "2010301\t\t\t行政运行\t1.00",
    "20132\t\t\t组织事务\t8.00",
    "2013201\t\t\t行政运行\t5.00",
    "2013202\t\t\t一般行政管理事务\t3.00",
    "20139\t\t\t社会工作事务\t1.00",
    "2013902\t\t\t一般行政管理事务\t1.00",
    "210\t\t\t卫生健康支出\t3.00",
    "21011\t\t\t行政事业单位医疗\t3.00",
    "2101101\t\t\t行政单位医疗\t1.00",
    "2101103\t\t\t公务员医疗补助\t2.00",
    "公开 06 表",
    "经济分类科目编码\t科目名称\t决算数\t经济分类科目编码\t科目名称\t决算数",
    "302\t商品和服务支出\t1.00\t30227\t委托业务费\t",
)


def line_items_report(*items: str) -> Document:
    return document(
        *TABLE_05,
        "五、一般公共预算财政拨款支出决算情况说明",
        "（三）一般公共预算财政拨款支出决算具体情况",
        "2024年度一般公共预算财政拨款支出年初预算为 20 万元。",
        *items,
        "六、一般公共预算财政拨款基本支出决算情况说明",
    )


def item(number: int, subject: str, tail: str = "") -> str:
    return f"{number}. {subject}。年初预算为 10 万元，支出决算为 8 万元，完成年初预算的 80%。{tail}"


# --- the sample report ---------------------------------------------------------------------------

@pytest.mark.parametrize("seed", SEEDS)
def test_sample_report_gives_the_hand_made_seeds(tmp_path, seed) -> None:
    extraction = Extraction(REPORT_ID, "text")
    extract_line_items(read_text(SOURCE_REPORT), extraction)
    write(extraction, tmp_path)
    differences = compare_seed(seed, PROJECT / "seeds", tmp_path, REPORT_ID)
    assert not differences, "\n".join(str(d) for d in differences)
    assert not extraction.unplaced, "\n".join(f"{u.place.line}: {u.reason}" for u in extraction.unplaced)


# --- subjects matched by name --------------------------------------------------------------------

@pytest.mark.parametrize(
    ("subject_text", "code"),
    [
        ("一般公共服务支出(类)组织事务(款)行政运行(项)", "2013201"),
        ("一般公共服务支出(类)政府办公厅(室)及相关机构事务(款)行政运行(项)", "2010301"),
        ("一般公共服务支出(类)组织事务(款)一般行政管理事务(项)", "2013202"),
        ("一般公共服务支出(类)社会工作事务(款) 一般行政管理事务(项)", "2013902"),
        ("一般公共服务支出(类)组织事务(款)行政运行", "2013201"),  # the 项 without its (项)
        ("卫生健康支出(类)行政事业单位医疗(款)行政单位医疗、公务员医疗补助(项)", "21011"),  # several 项
        ("卫生健康支出(类)行政事业单位医疗(款)", "21011"),  # no 项
        ("卫生健康支出(类)行政事业单位医疗(款)医疗补助(项)", "2101103"),  # a shortened name
    ],
)
def test_subject_is_matched_by_name_under_its_class_and_kuan(subject_text, code) -> None:
    subjects = Subjects.read(document(*TABLE_05))
    assert subjects.match(subject_text) == (code, "")


def test_subject_named_nowhere_under_its_kuan_is_listed_not_guessed() -> None:
    extraction = extracted(line_items_report(item(1, "一般公共服务支出(类)社会工作事务(款)行政运行(项)")))
    [row] = extraction.records["line_items"]
    assert row["subject_code"] == ""
    assert any("no single 项 named 行政运行 under 20139" in u.reason for u in extraction.unplaced)


def test_subject_names_come_from_the_tables_whatever_their_place() -> None:
    # the tables after the narrative, and table 06's economic subjects are not function subjects
    doc = document(
        "（三）一般公共预算财政拨款支出决算具体情况",
        item(1, "一般公共服务支出(类)组织事务(款)行政运行(项)"),
        "六、一般公共预算财政拨款基本支出决算情况说明",
        *TABLE_05,
    )
    [row] = extracted(doc).records["line_items"]
    assert row["subject_code"] == "2013201"
    assert "302" not in Subjects.read(doc).names


# --- the items -----------------------------------------------------------------------------------

def test_an_item_that_does_not_follow_the_pattern_is_listed() -> None:
    extraction = extracted(line_items_report(
        item(1, "一般公共服务支出(类)组织事务(款)行政运行(项)"),
        "2. 一般公共服务支出(类)组织事务(款)一般行政管理事务(项)。年初预算和支出决算均为 3 万元。",
    ))
    assert [row["item_no"] for row in extraction.records["line_items"]] == [1]
    [unplaced] = extraction.unplaced
    assert unplaced.place.line == len(TABLE_05) + 5
    assert "年初预算为 X 万元" in unplaced.reason
    assert unplaced.text.startswith("2. 一般公共服务支出")


def test_a_wrapped_item_is_read_whole_with_each_value_on_its_own_line() -> None:
    extraction = extracted(line_items_report(
        "1. 一般公共服务支出(类)组织事务",
        "(款)行政运行(项)。年初预算为 1,224.26 万元，支出决算为 990.55 万元，完成年初预算的 80.9 %。",
        "支出决算数低于年初预算数 95% 的主要原因：调减指标 42.88 万元。",
    ))
    [row] = extraction.records["line_items"]
    first = len(TABLE_05) + 4
    assert row == {
        "report_id": "synthetic", "item_no": 1,
        "subject_text": "一般公共服务支出(类)组织事务(款)行政运行(项)", "subject_code": "2013201",
        "initial_budget": "1224.26", "initial_budget_decimals": 2, "actual": "990.55", "actual_decimals": 2,
        "completion_rate": "80.9", "completion_rate_decimals": 1,
        "comparison_phrase": "低于年初预算数95%", "reason_text": "调减指标 42.88 万元。",
        "source_line": first,
    }
    [amount] = extraction.records["line_item_reason_amounts"]
    assert (amount["phrase"], amount["effect"], amount["amount"], amount["source_line"]) == (
        "调减指标", "budget_cut", "42.88", first + 2)


def test_a_reason_without_main_reason_is_the_sentence_that_follows() -> None:
    extraction = extracted(line_items_report(
        "1. 一般公共服务支出(类)组织事务(款)行政运行(项)。年初预算为 0 万元，支出决算为 22.55 万元，"
        "完成年初预算的 100%，该指标为调剂指标。",
        item(2, "一般公共服务支出(类)组织事务(款)一般行政管理事务(项)"),
    ))
    first, second = extraction.records["line_items"]
    assert (first["comparison_phrase"], first["reason_text"]) == ("", "该指标为调剂指标。")
    assert (second["comparison_phrase"], second["reason_text"]) == ("", "")


def test_a_line_starting_with_a_number_out_of_sequence_stays_in_its_item() -> None:
    extraction = extracted(line_items_report(
        item(1, "一般公共服务支出(类)组织事务(款)行政运行(项)", "支出决算数低于年初预算数95%的主要原因："),
        "5. 调减指标 2 万元。",
    ))
    [row] = extraction.records["line_items"]
    assert row["reason_text"] == "5. 调减指标 2 万元。"


# --- amounts quoted in a reason ------------------------------------------------------------------

def phrases_and_effects(reason: str, below_budget: bool = True, vocabulary: Set[str] = frozenset()) -> list[tuple]:
    amounts = quoted_amounts(reason, below_budget, vocabulary)
    return [(a.phrase, a.effect, a.amount, a.decimals, a.unit) for a in amounts]


def test_phrase_is_the_clause_before_the_amount_without_ordinal_or_copula() -> None:
    reason = ("一是年中增加上级下达的指标 853.2 万元, 调减指标 59.52 万元, 调整预算数为 3,788.68 万元, "
              "执行率为 94.4%, 因优先使用上级指标, 本级指标 210 万元未使用；二是压减经费 1 万元。")
    assert phrases_and_effects(reason, below_budget=False) == [
        ("年中增加上级下达的指标", "budget_increase", "853.2", 1, "万元"),
        ("调减指标", "budget_cut", "59.52", 2, "万元"),
        ("调整预算数", "restated_budget", "3788.68", 2, "万元"),
        ("执行率", "restated_rate", "94.4", 1, "%"),
        ("本级指标", "unspent", "210", 0, "万元"),
        ("压减经费", "budget_cut", "1", 0, "万元"),
    ]


def test_effect_comes_from_the_words_before_then_after_the_amount() -> None:
    assert phrases_and_effects("一是年中指标调减 4 万元；二是人员调动医保 19.86 万元未使用。") == [
        ("年中指标调减", "budget_cut", "4", 0, "万元"),
        ("人员调动医保", "unspent", "19.86", 2, "万元"),
    ]
    assert phrases_and_effects("剩余指标 3.1 万元因没有社会需求未使用。") == [("剩余指标", "unspent", "3.1", 1, "万元")]


def test_an_amount_no_word_explains_is_unspent_only_below_budget() -> None:
    reason = "退休奖励性补贴 75.68 万元、零星增支 55.75 万元。"
    assert [e for _, e, *_ in phrases_and_effects(reason, below_budget=True)] == ["unspent", "unspent"]
    assert [e for _, e, *_ in phrases_and_effects(reason, below_budget=False)] == [None, None]


def test_an_effect_no_rule_decides_is_listed() -> None:
    extraction = extracted(line_items_report(
        "1. 一般公共服务支出(类)组织事务(款)行政运行(项)。年初预算为 10 万元，支出决算为 12 万元，"
        "完成年初预算的 120%。支出决算数大于年初预算数的主要原因：人员经费 2 万元。",
    ))
    [amount] = extraction.records["line_item_reason_amounts"]
    assert amount["effect"] == ""
    assert any("no word says what 2万元 does" in u.reason for u in extraction.unplaced)


def test_a_cause_before_the_amount_is_dropped_when_a_printed_subject_name_follows_it() -> None:
    vocabulary = Subjects.read(document(*TABLE_05)).vocabulary
    assert phrases_and_effects("因合同未到支付条件委托业务费 24.59 万元未使用。", vocabulary=vocabulary) == [
        ("委托业务费", "unspent", "24.59", 2, "万元")]
    # without a printed name to end on, the clause is kept as printed
    assert phrases_and_effects("因合同未到支付条件尾款 5 万元未使用。", vocabulary=vocabulary) == [
        ("因合同未到支付条件尾款", "unspent", "5", 0, "万元")]


# --- 十三(三) ----------------------------------------------------------------------------------------

def projects_report(*items: str) -> Document:
    return document(
        "十三、预算绩效情况说明",
        "(三) 项目支出自评结果",
        "2024 年度绩效自评情况汇总表",
        "序号\t项目名称\t资金使用单位\t财政预算资金总额\t支出总额",
        "1\t劳动监察和仲裁经费\t本级\t1,285,000.00\t1,254,430.00",
        "2\t2024年社区（村）党员教育 经费\t本级\t1,405,100.00\t0.00",
        *items,
        "（四）绩效自评结果应用情况",
    )


def test_a_project_narrative_runs_over_lines_and_keeps_its_problems_text() -> None:
    extraction = extracted(projects_report(
        "1. 劳动监察和仲裁经费 项目绩效自评综述：项目全年预算数为128.5万元，执行数为125.44万元，完成预算的97.6%。一是…，",
        "二是群众满意度98%。",
        "发现的问题及原因：无。",
    ))
    [row] = extraction.records["project_narratives"]
    assert row == {
        "report_id": "synthetic", "item_no": 1, "project_key": "labor_inspection_arbitration",
        "project_name": "劳动监察和仲裁经费", "budget": "128.5", "budget_decimals": 1,
        "actual": "125.44", "actual_decimals": 2, "execution_rate": "97.6", "execution_rate_decimals": 1,
        "problems_text": "无。", "source_line": 7,
    }


def test_a_project_named_unlike_the_summary_table_is_keyed_by_its_amounts_and_noted() -> None:
    extraction = extracted(projects_report(
        "1. 2024年社区基层党组织活动经费 项目绩效自评综述：项目全年预算数为140.51万元，执行数为0万元，"
        "完成预算的0%。发现的问题及原因：财政已收回。",
    ))
    [row] = extraction.records["project_narratives"]
    assert (row["project_key"], row["problems_text"]) == ("community_party_education", "财政已收回。")
    assert any("budget and spending agree" in s.reason for s in extraction.skipped)


def test_a_project_item_that_does_not_follow_the_pattern_is_listed() -> None:
    extraction = extracted(projects_report("1. 劳动监察和仲裁经费 项目绩效自评综述：项目预算全部执行。"))
    assert not extraction.records.get("project_narratives")
    [unplaced] = extraction.unplaced
    assert "十三(三)" in unplaced.reason and unplaced.place.line == 7
