"""The performance self-evaluation (绩效自评) tables: performance_indicators.csv,
project_summary.csv and project_evaluations.csv.

Three kinds of table, each found by its printed title and headers, never by position:

- the unit table (…部门整体绩效自评表 / 整体支出绩效自评表): a header row 一级指标 / 二级指标 / 三级指标 /
  指标分类 / 年初目标值 / 实际完成值, then one row per indicator. The 二级指标 column is printed as
  two sub-columns (运行成本 | 公用经费控制), recorded as `运行成本 / 公用经费控制`. Merged cells
  (一级/二级) are printed once and carried down; the 指标分类 cell (绩效基本型/绩效创新型) anchors the
  row: the hierarchy cells are left of it, 年初目标值 and 实际完成值 right of it. A row printed with
  fewer hierarchy cells than the others (a column lost at the left) has its non-empty cells aligned
  to the deepest levels: the last is the 三级指标, the one before it the deepest 二级 sub-column.
- the summary table (…绩效自评情况汇总表, in 元): 序号 / 项目名称 / 资金使用单位 / 预算 / 支出 and a 合计 row.
- one 项目绩效自评表 per project, found by its 项目名称 row and titled by the …绩效自评表 line above it:
  the 预算数 / 执行数 / 执行率 / 得分 header and the amounts row under it, the indicator header
  (一级指标 / 二级指标 / 三级指标 / 年初目标值 / 实际完成值) and indicator rows, and the 偏差大或目标未完成
  原因分析 and 改进措施及结果拟应用方案 rows. The indicator rows' cells drift between columns from one
  table to the next, so a row is read by content: its last two non-empty cells are the target and
  the actual, the cell before them the 三级指标, and any cells before that are placed by the
  template's fixed 一级/二级 names (产出指标 → 数量/质量/时效/成本指标, 效益指标 → 经济/社会/生态效益指标,
  可持续影响指标, 满意度指标 → 服务对象满意度指标; the same names without 指标 too). A 二级 name alone
  gives its 一级 as well. A label printed between the 二级 name and the 三级指标 (the 二级 column
  split in two) is listed as skipped: level2 holds the template's 二级 name; any other stray cell
  there cannot be placed and is listed as such.

Texts: short cells (levels, indicator names, targets, project names, titles) lose the spaces the
PDF extraction put between two Chinese characters where a cell wrapped (`核心业务 产出（数 量指标）`
-> `核心业务产出（数量指标）`); spaces next to a digit or Latin letter stay (`1900 户`, `2024 年度`).
The 偏差/改进 texts are prose: kept as printed, except that HTML left by the extraction is turned
into line breaks (`<p>…</p> <p>…</p>` -> two lines) and other tags are dropped.

Projects are keyed with juesuan.extract.projects: the summary table's names against the
vocabulary, each project table against this report's summary rows (one table per row).
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from juesuan.extract import projects
from juesuan.extract.result import Extraction
from juesuan.extract.source import Document, Place, Row
from juesuan.extract.text_rules import compact, is_amount, plain_amount

UNIT_TITLE = re.compile(r"整体(?:支出)?绩效自评表$")
SUMMARY_TITLE = re.compile(r"绩效自评情况汇总表$")
PROJECT_TITLE = re.compile(r"绩效自评表$")
AMOUNT_UNIT = re.compile(r"^单位[：:](元|万元|千元)$")
INDICATOR_CLASS = re.compile(r"^绩效.{1,4}型$")
RULE_LINE = re.compile(r"^[-—=_|+:\s]*$")  # a table rule the extraction printed as text
# The merged 年度绩效目标 label column of a project table, repeated after a page break.
GOAL_COLUMN = re.compile(r"^年度绩效(?:目标|指标)")
NEAR = 6  # rows above a project table where its title is printed (单位名称, 填报日期 between)
HEAD_LABELS = ("主管部门", "项目类别", "项目属性", "项目类型", "项目实施单位", "实施单位")
DEVIATION = "偏差大或目标未完成原因分析"
IMPROVEMENT = "改进措施"

# The national template's 一级 and 二级 indicators of a 项目支出绩效自评表 (二级 -> its 一级).
LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")
LEVEL2_PARENT = {
    "数量指标": "产出指标", "质量指标": "产出指标", "时效指标": "产出指标", "成本指标": "产出指标",
    "经济效益指标": "效益指标", "社会效益指标": "效益指标", "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标", "服务对象满意度指标": "满意度指标",
    "经济成本指标": "成本指标", "社会成本指标": "成本指标", "生态环境成本指标": "成本指标",
}

_TAG = re.compile(r"<[^>]*>")
_BLOCK_TAG = re.compile(r"</?(?:p|ol|ul|li|div|br|tr|table)\b[^>]*>", re.IGNORECASE)
_WRAP_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])")


# ----------------------------------------------------------------------------- text rules

def label(text: str) -> str:
    """A short cell as printed, without the spaces a wrapped cell left between Chinese characters."""
    return _WRAP_SPACE.sub("", html.unescape(_TAG.sub("", text)).strip())


def key_text(text: str) -> str:
    """A cell reduced for recognising labels: no tags, no spaces."""
    return compact(html.unescape(_TAG.sub("", text)))


def prose(text: str) -> str:
    """A text cell as printed; HTML paragraphs/lists become line breaks, other tags are dropped."""
    text = html.unescape(_TAG.sub("", _BLOCK_TAG.sub("\n", text)))
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def _number(text: str, percent: bool = False) -> tuple[str, int] | None:
    value = text.strip()
    if percent and value.endswith("%"):
        value = value[:-1].strip()
    return plain_amount(value) if is_amount(value) else None


def _filled(row: Row) -> list[tuple[int, str]]:
    return [(i, cell) for i, cell in enumerate(row.cells) if cell.strip()]


def _is_rule_line(row: Row) -> bool:
    return row.is_table and all(RULE_LINE.match(cell) for cell in row.cells)


def _template_level(text: str) -> tuple[int, str] | None:
    """(1, 一级 name) or (2, 二级 name) when a cell prints one of the template's fixed names."""
    key = key_text(text).rstrip(":：")
    for name in (key, key + "指标"):
        if name in LEVEL1 and name not in LEVEL2_PARENT:
            return 1, name
        if name in LEVEL2_PARENT:
            return 2, name
    return None


# ----------------------------------------------------------------------------- entry point

def extract_performance(document: Document, extraction: Extraction) -> None:
    _unit_table(document, extraction)
    summary = _summary_table(document, extraction)
    _project_tables(document, extraction, summary)


def _table_run(document: Document, start: int) -> list[int]:
    """Indexes of the consecutive table rows from `start`."""
    run = []
    for index in range(start, len(document.rows)):
        if not document.rows[index].is_table:
            break
        run.append(index)
    return run


def _next_table_row(document: Document, start: int) -> int | None:
    """The first table row from `start`, unless another table's title comes first."""
    for index in range(start, len(document.rows)):
        row = document.rows[index]
        if row.is_table:
            return index
        if PROJECT_TITLE.search(compact(row.text)):
            return None
    return None


# ----------------------------------------------------------------------------- unit table

def _unit_table(document: Document, extraction: Extraction) -> None:
    titles = [i for i, row in enumerate(document.rows) if not row.is_table and UNIT_TITLE.search(compact(row.text))]
    for extra in titles[1:]:
        extraction.cannot_place(document.rows[extra].place, document.rows[extra].text,
                                "a second 整体绩效自评表: only the first is read as scope `unit`")
    if not titles:
        return
    title = titles[0]
    first = _next_table_row(document, title + 1)
    if first is None:
        extraction.cannot_place(document.rows[title].place, document.rows[title].text,
                                "整体绩效自评表 title without a table under it")
        return
    run = _table_run(document, first)
    header = next((i for i in run if _is_indicator_header(document.rows[i])), None)
    if header is None:
        extraction.cannot_place(document.rows[first].place, document.rows[first].text,
                                "整体绩效自评表 without its 一级指标/二级指标/三级指标 header row")
        return
    head_rows = [i for i in run if i < header]
    if head_rows:
        extraction.claimed.update(head_rows)
        extraction.skip(document.rows[head_rows[0]].place, document.rows[head_rows[0]].text,
                        "整体绩效自评表 head (单位名称, 基本/项目支出总额, 年度目标): no seed holds it")
    extraction.claimed.add(header)
    body = [i for i in run if i > header]
    indicators = [i for i in body if not _tail_kind(document.rows[i])]
    for i in body:
        if _tail_kind(document.rows[i]):
            extraction.claimed.add(i)
            extraction.skip(document.rows[i].place, document.rows[i].text,
                            "整体绩效自评表 偏差分析/改进措施 text: no seed holds it")
    _unit_indicators(document, extraction, indicators)


def _is_indicator_header(row: Row) -> bool:
    keys = {key_text(cell) for cell in row.cells}
    return {"一级指标", "二级指标", "三级指标"} <= keys or (
        "一级指标" in keys and any(k.startswith("三级指标") for k in keys))


def _tail_cell(cell: str) -> str | None:
    """The seed column a 偏差大或目标未完成原因分析 / 改进措施及结果拟应用方案 label cell introduces."""
    key = key_text(cell)
    if key.startswith(DEVIATION[:3]) and "原因" in key:
        return "deviation_analysis"
    if key.startswith(IMPROVEMENT):
        return "improvement_plan"
    return None


def _tail_kind(row: Row) -> str | None:
    return next((kind for cell in row.cells if (kind := _tail_cell(cell))), None)


def _class_index(row: Row) -> int | None:
    return next((i for i, cell in enumerate(row.cells) if INDICATOR_CLASS.match(key_text(cell))), None)


def _unit_indicators(document: Document, extraction: Extraction, indexes: list[int]) -> None:
    rows = [document.rows[i] for i in indexes]
    widths = [c for row in rows if (c := _class_index(row)) is not None]
    if not widths:
        for index in indexes:
            extraction.cannot_place(document.rows[index].place, document.rows[index].text,
                                    "整体绩效自评表 row without a 指标分类 (绩效…型) cell")
        return
    full = max(widths)  # hierarchy cells of a complete row: 一级, the 二级 sub-columns, 三级
    groups: list[str | None] = [None] * (full - 1)
    last: dict[str, object] | None = None
    seq = 0
    for index, row in zip(indexes, rows):
        extraction.claimed.add(index)
        ci = _class_index(row)
        if ci is None:
            filled = _filled(row)
            if len(filled) == 1 and filled[0][0] == full - 1 and last is not None:
                last["level3"] = label(f"{last['level3']} {filled[0][1]}")  # a wrapped 三级指标
            elif len(filled) == 1 and filled[0][0] < full - 1:
                _set_group(groups, filled[0][0], label(filled[0][1]))  # a merged label on its own row
            else:
                extraction.cannot_place(row.place, row.text, "整体绩效自评表 row without a 指标分类 (绩效…型) cell")
            continue
        hierarchy = [(i, label(cell)) for i, cell in enumerate(row.cells[:ci]) if cell.strip()]
        target, actual = row.cell(ci + 1).strip(), row.cell(ci + 2).strip()
        if not hierarchy or (ci == full and hierarchy[-1][0] != full - 1):
            extraction.cannot_place(row.place, row.text, "整体绩效自评表 row without a 三级指标 name")
            continue
        if not target and not actual:
            extraction.cannot_place(row.place, row.text, "整体绩效自评表 row without 年初目标值 or 实际完成值")
            continue
        level3, above = hierarchy[-1], hierarchy[:-1]
        if ci == full:
            slots = [i for i, _ in above]
        else:  # a short row: its cells are the deepest levels above the 三级指标
            slots = list(range(full - 1 - len(above), full - 1))
            if slots and slots[0] < 0:
                extraction.cannot_place(row.place, row.text, "整体绩效自评表 row with more hierarchy cells than the table")
                continue
        for slot, (_, text) in zip(slots, above):
            _set_group(groups, slot, text)
        seq += 1
        level2 = [g for g in groups[1:] if g]
        level2 = [g for n, g in enumerate(level2) if n == 0 or g != level2[n - 1]]
        last = {
            "scope": "unit",
            "indicator_seq": seq,
            "level1": groups[0] if groups else None,
            "level2": " / ".join(level2) or None,
            "level3": level3[1],
            "indicator_class": key_text(row.cells[ci]),
            "target_text": target or None,
            "actual_text": actual or None,
        }
        extraction.add("performance_indicators", last, places={
            "level3": row.place_of(level3[0]), "indicator_class": row.place_of(ci),
            "target_text": row.place_of(ci + 1), "actual_text": row.place_of(ci + 2),
        }, default=row.place)


def _set_group(groups: list[str | None], slot: int, value: str) -> None:
    """Set a merged level; a new value at one level ends the groups below it."""
    if groups[slot] != value:
        groups[slot] = value
        for deeper in range(slot + 1, len(groups)):
            groups[deeper] = None


# ----------------------------------------------------------------------------- summary table

@dataclass
class SummaryRow:
    row_no: str
    key: str
    name: str


def _summary_table(document: Document, extraction: Extraction) -> list[SummaryRow]:
    title = next((i for i, row in enumerate(document.rows)
                  if not row.is_table and SUMMARY_TITLE.search(compact(row.text))), None)
    if title is None:
        return []
    title_row = document.rows[title]
    first = _next_table_row(document, title + 1)
    if first is None:
        extraction.cannot_place(title_row.place, title_row.text, "绩效自评情况汇总表 title without a table under it")
        return []
    units = [m.group(1) for row in document.rows[title + 1:first] if (m := AMOUNT_UNIT.match(compact(row.text)))]
    run = _table_run(document, first)
    header_row = document.rows[first]
    header = [key_text(cell) for cell in header_row.cells]
    if "序号" not in header or "项目名称" not in header:
        extraction.cannot_place(header_row.place, header_row.text, "绩效自评情况汇总表 without its 序号/项目名称 header")
        return []
    if units != ["元"]:
        extraction.cannot_place(title_row.place, title_row.text,
                                f"绩效自评情况汇总表 amounts not stated in 元 (unit printed: {units or 'none'}): "
                                "project_summary holds 元, not read")
        return []
    extraction.claimed.add(first)
    name_column = header.index("项目名称")
    rows: list[SummaryRow] = []
    last: dict[str, object] | None = None  # the record of the row above (a wrapped name joins it)
    for index in run[1:]:
        row = document.rows[index]
        extraction.claimed.add(index)
        filled = _filled(row)
        amounts = [(i, n) for i, cell in filled[-2:] if (n := _number(cell))]
        texts = filled[:-2] if len(amounts) == 2 else filled
        if len(amounts) != 2:
            if last is not None and len(filled) == 1 and filled[0][0] == name_column:
                # The rest of a wrapped 项目名称 on a row of its own.
                last["project_name"] = label(f"{last['project_name']} {filled[0][1]}")
                if rows and rows[-1].row_no == last["row_no"]:
                    rows[-1].name = str(last["project_name"])
                continue
            extraction.cannot_place(row.place, row.text, "绩效自评情况汇总表 row without its two amounts (预算, 支出)")
            continue
        (budget_at, budget), (actual_at, actual) = amounts
        if texts and re.fullmatch(r"\d+", texts[0][1].strip()):
            row_no, texts = texts[0][1].strip(), texts[1:]
        elif texts and key_text(texts[0][1]) in ("合计", "总计"):
            row_no = "total"
        else:
            extraction.cannot_place(row.place, row.text, "绩效自评情况汇总表 row without a 序号 or 合计")
            continue
        if len(texts) > 2 or not texts:
            extraction.cannot_place(row.place, row.text, "绩效自评情况汇总表 row: expected 项目名称 and 资金使用单位")
            continue
        name = label(texts[0][1])
        using_unit = label(texts[1][1]) if len(texts) > 1 else None
        key = None
        if row_no != "total":
            key = projects.key_or_fallback(name, extraction, row.place_of(texts[0][0]), row_no)
        last = {
            "row_no": row_no, "project_key": key, "project_name": name, "using_unit": using_unit,
            "budget_yuan": budget[0], "budget_decimals": budget[1],
            "actual_yuan": actual[0], "actual_decimals": actual[1],
        }
        places = {"project_name": row.place_of(texts[0][0]), "budget_yuan": row.place_of(budget_at),
                  "budget_decimals": row.place_of(budget_at), "actual_yuan": row.place_of(actual_at),
                  "actual_decimals": row.place_of(actual_at)}
        if using_unit:
            places["using_unit"] = row.place_of(texts[1][0])
        extraction.add("project_summary", last, places=places, default=row.place)
        if key is not None:
            rows.append(SummaryRow(row_no, key, name))
    return rows


# ----------------------------------------------------------------------------- project tables

@dataclass
class ProjectTable:
    name_row: int
    title: str | None = None
    title_place: Place | None = None
    name: str | None = None
    name_place: Place | None = None
    evaluation: dict[str, object] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    amounts_place: Place | None = None
    indicators: list[tuple[dict[str, object], dict[str, Place], Place]] = field(default_factory=list)


def _project_tables(document: Document, extraction: Extraction, summary: list[SummaryRow]) -> None:
    tables: list[ProjectTable] = []
    index = 0
    while index < len(document.rows):
        row = document.rows[index]
        filled = _filled(row)
        if row.is_table and filled and key_text(filled[0][1]) == "项目名称":
            run = _table_run(document, index)
            tables.append(_read_project_table(document, extraction, run))
            index = run[-1] + 1
        else:
            index += 1
    keys = _assign_keys(document, extraction, tables, summary)
    for table, key in zip(tables, keys):
        if key is None:
            continue
        extraction.add("project_evaluations", {
            "project_key": key, "table_title": table.title, "project_name": table.name, **table.evaluation,
        }, places=table.places, default=table.amounts_place or document.rows[table.name_row].place)
        for seq, (record, places, place) in enumerate(table.indicators, start=1):
            extraction.add("performance_indicators", {"scope": key, "indicator_seq": seq, **record},
                           places=places, default=place)


def _read_project_table(document: Document, extraction: Extraction, run: list[int]) -> ProjectTable:
    table = ProjectTable(name_row=run[0])
    name_row = document.rows[run[0]]
    # The title: the …绩效自评表 line printed just above the table (the nearest one).
    for back in range(run[0] - 1, max(run[0] - 1 - NEAR, -1), -1):
        row = document.rows[back]
        if row.is_table and not _is_rule_line(row):
            break
        if not row.is_table and PROJECT_TITLE.search(compact(row.text)):
            table.title, table.title_place = label(row.text), row.place
            table.places["table_title"] = row.place
            break
    if table.title is None:
        extraction.cannot_place(name_row.place, name_row.text, "项目绩效自评表 without a …绩效自评表 title above it")
    filled = _filled(name_row)
    if len(filled) >= 2:
        table.name, table.name_place = label(filled[1][1]), name_row.place_of(filled[1][0])
        table.places["project_name"] = table.name_place
    else:
        extraction.cannot_place(name_row.place, name_row.text, "项目绩效自评表: 项目名称 is blank")
    extraction.claimed.add(run[0])

    state = _Levels()
    budget_labels: list[tuple[str, bool]] | None = None
    in_indicators = False
    head_rows: list[int] = []
    for index in run[1:]:
        row = document.rows[index]
        extraction.claimed.add(index)
        filled = _filled(row)
        first_key = key_text(filled[0][1]) if filled else ""
        tail = _tail_kind(row)
        if _is_rule_line(row):
            continue
        if tail:
            _read_tail(extraction, table, row, tail)
            in_indicators = False
        elif budget_labels is not None:
            _read_amounts(extraction, table, row, budget_labels)
            budget_labels = None
        elif any(first_key.startswith(head) for head in HEAD_LABELS):
            head_rows.append(index)
        elif (labels := _budget_labels(row)) is not None:
            budget_labels = labels
        elif _is_indicator_header(row):
            in_indicators = True
        elif in_indicators:
            _read_indicator(extraction, table, row, state)
        else:
            extraction.cannot_place(row.place, row.text, "项目绩效自评表 row not recognised")
    if budget_labels is not None:
        extraction.cannot_place(name_row.place, name_row.text, "项目绩效自评表: no amounts under the 预算数/执行数 header")
    if "budget" not in table.evaluation and "actual" not in table.evaluation:
        extraction.cannot_place(name_row.place, name_row.text, "项目绩效自评表: no 预算数/执行数 amounts read")
    if head_rows:
        extraction.skip(document.rows[head_rows[0]].place, document.rows[head_rows[0]].text,
                        "项目绩效自评表 head (主管部门, 实施单位, 项目类别/属性/类型): no seed holds it")
    return table


BUDGET_COLUMNS = (("预算数", "budget", False), ("执行数", "actual", False),
                  ("执行率", "execution_rate", True), ("得分", "score", False))


def _budget_labels(row: Row) -> list[tuple[str, bool]] | None:
    """The amount columns the 预算执行情况 header names, in printed order (None: not that header)."""
    labels = []
    for cell in row.cells:
        key = key_text(cell)
        for word, column, percent in BUDGET_COLUMNS:
            if key.startswith(word):
                labels.append((column, percent))
    columns = [column for column, _ in labels]
    return labels if "budget" in columns and "actual" in columns else None


def _read_amounts(extraction: Extraction, table: ProjectTable, row: Row, labels: list[tuple[str, bool]]) -> None:
    filled = _filled(row)
    if len(filled) != len(labels):
        extraction.cannot_place(row.place, row.text,
                                f"项目绩效自评表: {len(filled)} values under the {len(labels)} columns 预算数/执行数/执行率/得分")
        return
    table.amounts_place = row.place
    for (column, percent), (at, cell) in zip(labels, filled):
        number = _number(cell, percent)
        if number is None:
            extraction.cannot_place(row.place_of(at), cell, f"项目绩效自评表: {column} is not a number")
            continue
        table.evaluation[column], table.evaluation[f"{column}_decimals"] = number
        table.places[column] = table.places[f"{column}_decimals"] = row.place_of(at)


def _read_tail(extraction: Extraction, table: ProjectTable, row: Row, column: str) -> None:
    at = next(i for i, cell in enumerate(row.cells) if _tail_cell(cell))
    texts = [(i, prose(cell)) for i, cell in enumerate(row.cells) if i > at and cell.strip()]
    texts = [(i, text) for i, text in texts if text]
    if not texts:
        return  # printed blank: not seeded
    if column in table.evaluation:
        extraction.cannot_place(row.place, row.text, f"项目绩效自评表: a second {column} row")
        return
    table.evaluation[column] = "\n".join(text for _, text in texts)
    table.places[column] = row.place_of(texts[0][0])


@dataclass
class _Levels:
    level1: str | None = None
    level2: str | None = None
    canonical2: str | None = None  # the template name of level2, for its 一级


def _read_indicator(extraction: Extraction, table: ProjectTable, row: Row, levels: _Levels) -> None:
    filled = _filled(row)
    if filled and GOAL_COLUMN.match(key_text(filled[0][1])):
        filled = filled[1:]  # the merged 年度绩效目标 column, repeated after a page break
    if len(filled) == 1:
        (at, cell), = filled
        level = _template_level(cell)
        if level is not None:
            _set_level(levels, level, label(cell), infer_level1=True)  # a merged label on a row of its own
        elif table.indicators:
            record = table.indicators[-1][0]
            record["level3"] = label(f"{record['level3']} {cell}")  # a wrapped 三级指标
        else:
            extraction.cannot_place(row.place, row.text, "项目绩效自评表 indicator row with one cell only")
        return
    if len(filled) < 3:
        extraction.cannot_place(row.place, row.text, "项目绩效自评表 indicator row: expected 三级指标, 年初目标值 and 实际完成值")
        return
    (target_at, target), (actual_at, actual) = filled[-2], filled[-1]
    (level3_at, level3), above = filled[-3], filled[:-3]
    if _template_level(level3) is not None and key_text(level3).endswith("指标"):
        extraction.cannot_place(row.place, row.text, "项目绩效自评表 indicator row without a 三级指标 name")
        return
    given: list[tuple[int, str, str]] = []
    for at, cell in above:
        level = _template_level(cell)
        if level is None and given and given[-1][0] == 2:
            # A sub-group label right of the 二级指标 (the 二级 column printed in two, as in the unit
            # table). level2 holds the template's 二级 name only, so the label is not seeded.
            extraction.skip(row.place_of(at), cell,
                            "项目绩效自评表: a sub-group label printed after the 二级指标 "
                            f"{given[-1][2]}; level2 holds the template's 二级 name only")
        elif level is None:
            extraction.cannot_place(row.place_of(at), cell,
                                    "项目绩效自评表 indicator row: a cell left of the 三级指标 that is not one of the "
                                    "template's 一级/二级 indicator names; not seeded")
        else:
            given.append((level[0], level[1], label(cell)))
    # 成本指标 is a 一级 name when a 二级 name follows it, else the 二级 of 产出指标 (older template).
    for n, (depth, name, text) in enumerate(given):
        if name == "成本指标" and any(d == 2 for d, _, _ in given[n + 1:]):
            given[n] = (1, name, text)
    printed_level1 = any(depth == 1 for depth, _, _ in given)
    for depth, name, text in given:
        _set_level(levels, (depth, name), text, infer_level1=not printed_level1)
    table.indicators.append(({
        "level1": levels.level1, "level2": levels.level2, "level3": label(level3),
        "indicator_class": None, "target_text": target.strip(), "actual_text": actual.strip(),
    }, {"level3": row.place_of(level3_at), "target_text": row.place_of(target_at),
        "actual_text": row.place_of(actual_at)}, row.place))


def _set_level(levels: _Levels, level: tuple[int, str], text: str, infer_level1: bool) -> None:
    """Carry a printed 一级/二级 name down. A new 一级 ends a 二级 that belongs to another 一级; a 二级
    printed without its 一级 on the row gives its 一级 (社会效益 -> 效益指标), as the template does."""
    depth, name = level
    if depth == 1:
        levels.level1 = text
        if levels.canonical2 and LEVEL2_PARENT.get(levels.canonical2) != name:
            levels.level2 = levels.canonical2 = None
    else:
        levels.level2, levels.canonical2 = text, name
        parent = LEVEL2_PARENT[name]
        if infer_level1 and (levels.level1 is None or key_text(levels.level1) != parent):
            levels.level1 = parent


def _assign_keys(
    document: Document, extraction: Extraction, tables: list[ProjectTable], summary: list[SummaryRow],
) -> list[str | None]:
    """Each table's project key: the summary row it matches best (one table per row), else the
    vocabulary, else a fallback key (noted)."""
    pairs = []
    for t, table in enumerate(tables):
        names = [n for n in (table.name, table.title) if n]
        for s, row in enumerate(summary):
            score = max((projects.similarity(n, row.name) for n in names), default=0.0)
            if score >= projects.LOCAL_THRESHOLD:
                pairs.append((-score, t, s))
    keys: list[str | None] = [None] * len(tables)
    used_rows: set[int] = set()
    for _, t, s in sorted(pairs):
        if keys[t] is None and s not in used_rows:
            keys[t] = summary[s].key
            used_rows.add(s)
    used = {k for k in keys if k}
    for t, table in enumerate(tables):
        if keys[t] is not None:
            continue
        name = table.name or table.title or ""
        place = table.name_place or table.title_place
        if not name or place is None:
            row = document.rows[table.name_row]
            extraction.cannot_place(row.place, row.text, "项目绩效自评表 with neither 项目名称 nor title: "
                                    "no project key, its rows are not seeded")
            continue
        key = projects.key_or_fallback(name, extraction, place)
        if key in used:
            extraction.cannot_place(place, name, f"项目绩效自评表 matches project {key}, already matched by another table")
            key = projects.fallback_key(name)
        keys[t] = key
        used.add(key)
    return keys
