"""Every figure the narrative states (第三部分 一 … 十三(三)) -> `narrative_figures`.

A figure is a number printed with a unit (`14,346.05 万元`, `3.2 %`, `17 个`, `1400余人次`); years,
dates, item numbers, document numbers and thresholds (`单价100万元（含）以上`) are not figures. A
number printed without a unit right before a change (`比年初预算数282.08减少76.42万元`) is the base
of that change and takes the change's unit.

The narrative is read as paragraphs (rows joined while a sentence runs on over a wrapped line), and
three kinds of text in it are not read as figures because other seeds hold them or they are not
statements of the accounts:

- 五(三)'s numbered line items (`N. …(类)…。年初预算为…`): `line_items`;
- a project's `主要成效` (achievements prose after `<project> N 万元，主要成效：`), up to the next
  project: only the project's amount is a figure;
- in the project self-evaluation section (十三(三)), only the outputs each summary restates from
  its indicators (`主要产出和效益是：…`, up to `发现的问题及原因`) are figures; the budget,
  spending and rate before them are `project_narratives`. A count there that quantifies a noun
  (`50名协管员`) describes work done and is not an indicator value.

`label_zh` is the text since the previous punctuation mark or figure, as printed (spaces removed),
without what only places the figure in the sentence: enumerators (`1.`、`（1）`、`一是`、`其中`),
the report's year (`2024年度`, `本年度`) and the unit as subject (its name, `本单位`, `我单位`), a
trailing `为`/`是`, the `比` before a comparison base, and the fund a sentence's subject names
(`一般公共预算财政拨款支出年初预算` -> `年初预算`) unless the label is that fund's 收入/支出/总计.
Parallel items with the same head (`特种专业技术用车、离退休干部服务用车0辆`) give the figure to the
last; words after the figure in the same clause (`项目经费100%有保障`) belong to the label. A
project's amount in 五(三) is labelled with the project's name exactly as printed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from juesuan.extract.narrative import PART, SECTION, SUBSECTION
from juesuan.extract.result import Extraction
from juesuan.extract.source import Document, Place, Row
from juesuan.extract.text_rules import compact, plain_amount

SEED = "narrative_figures"

NUMERALS = "一二三四五六七八九十"
# The last section the narrative figures cover (十三(三)); later sections (十三(四) …) are not read.
LAST_SECTION = (13, 3)

NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
MONEY_UNITS = ("万元", "亿元", "元")
PCT_UNITS = ("%", "％", "个百分点")
COUNT_WORDS = (
    "人次", "家次", "场次", "平方米", "平米", "公里", "人", "个", "辆", "套", "次", "户", "场", "条",
    "篇", "分", "名", "家", "项", "件", "台", "所", "处", "份", "批", "亩", "吨",
)
UNIT = (
    r"(?:个百分点|万元|亿元|元|[%％]|(?:万|亿)?(?:" + "|".join(COUNT_WORDS) + r"))"
)
# A number, an optional 余 (`1400余人次`: the figure is 1400) and an optional unit.
FIGURE = re.compile(rf"(?<![\d.,])(?P<number>{NUMBER})\s*余?\s*(?P<unit>{UNIT})?")
# `3个月` is a duration, not a count of 个.
NOT_A_UNIT_AFTER = re.compile(r"^(?:月|工作日|小时|百分点)")
THRESHOLD = re.compile(r"^\s*(?:[（(]\s*含\s*[)）])?\s*(?:及)?(?:以上|以下|以内)")
DIRECTION_WORDS = (
    "增加（减少）", "增加(减少)", "减少（增加）", "减少(增加)", "增加", "减少", "下降", "降低",
    "上升", "增长", "提高", "大于", "小于", "低于", "高于",
)
DIRECTION = re.compile("(" + "|".join(re.escape(w) for w in DIRECTION_WORDS) + r")了?$")
# A bare number directly followed by a change (`282.08减少76.42万元`) is the change's base.
BASE_OF_CHANGE = re.compile(
    r"^\s*(?:" + "|".join(re.escape(w) for w in DIRECTION_WORDS) + rf")了?\s*(?P<number>{NUMBER})\s*余?\s*(?P<unit>{UNIT})"
)
BREAK = set("，,。；;：:！？!?")
TERMINAL = tuple("。；;：:！？!?")
BRACKETED = re.compile(r"[（(][^（）()]*[)）]")
CJK = re.compile(r"[\u4e00-\u9fff]")

ENUMERATOR = re.compile(r"^(?:\d+\s*[.．、](?!\d)|[（(]\d+[)）]|[一二三四五六七八九十]+[是、]|其中)")
PARAGRAPH_START = re.compile(r"^\s*(?:\d+\s*[.．、](?!\d)|[（(]\d+[)）]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])")
SELF = ("我单位", "本单位", "我部门", "本部门")
TRAILING = re.compile(r"(?:为|是|约|达到|达)$")
FUND_SUBJECT = re.compile(r"^(.*财政拨款(?:支出)?)(.+)$")
FUND_FLOWS = ("收入", "支出", "总计")
CAPTION = re.compile(r"^\s*(?:图|表)\s*\d")
RUNNING_TEXT = re.compile(r"[，,。；;：:、]")
LINE_ITEM = re.compile(r"^\s*\d+\s*[.．、].*?[（(]类[)）].*年初预算")

ACHIEVEMENTS = "主要成效"
OUTPUTS = re.compile(r"主要产出和效益")
PROBLEMS = re.compile(r"发现的问题及原因")
PROJECT_SECTION = re.compile(r"项目.*自评")
UNIT_NAME_ROW = re.compile(r"^(?:单位名称|部门名称)[：:]\s*(.+?)\s*(?:[（(]本级[）)])?$")
PART_HEADING_NAME = re.compile(r"^第三部分\s*(.+?)\s*(\d{4})\s*年度")


def _numeral(text: str) -> int:
    """一 -> 1, 十 -> 10, 十三 -> 13, 二十一 -> 21."""
    if "十" not in text:
        return NUMERALS.index(text) + 1
    tens, _, units = text.partition("十")
    return (NUMERALS.index(tens) + 1 if tens else 1) * 10 + (NUMERALS.index(units) + 1 if units else 0)


@dataclass
class Paragraph:
    section: str
    section_key: tuple[int, int]
    heading: str  # the text of the (sub)section heading the paragraph falls under
    text: str = ""
    places: list[Place] = field(default_factory=list)  # the place of every character of text
    is_heading: bool = False

    def add(self, row: Row) -> None:
        for index, cell in enumerate(row.cells):
            self.text += cell
            self.places.extend([row.place_of(index)] * len(cell))


@dataclass(frozen=True)
class Figure:
    start: int
    end: int  # end of the unit
    number: str
    unit: str
    place: Place


@dataclass
class Context:
    year: str | None
    unit_names: list[str]


def _narrative_rows(document: Document) -> tuple[int, int] | None:
    """Row indexes [start, end) of 第三部分: its last heading (the contents list names it first)
    up to the next part."""
    starts = [
        i for i, row in enumerate(document.rows)
        if not row.is_table and (m := PART.match(row.text)) and m.group(1) == "第三部分"
    ]
    if not starts:
        return None
    start = starts[-1]
    end = next(
        (i for i in range(start + 1, len(document.rows))
         if not document.rows[i].is_table and PART.match(document.rows[i].text)),
        len(document.rows),
    )
    return start, end


def _context(document: Document, extraction: Extraction, start: int) -> Context:
    names: list[str] = []
    year = None
    for record in extraction.records.get("reports", []):
        if record.get("unit_name"):
            names.append(str(record["unit_name"]))
        if record.get("report_year"):
            year = str(record["report_year"])
    heading = compact(document.rows[start].text)
    if m := PART_HEADING_NAME.match(heading):
        names.append(m.group(1))
        year = year or m.group(2)
    for row in document.rows:
        if m := UNIT_NAME_ROW.match(row.cell(0).strip()):
            names.append(m.group(1))
    unique = sorted({_fold(compact(n)) for n in names if n}, key=len, reverse=True)
    return Context(year=year, unit_names=unique)


def _fold(text: str) -> str:
    """Half-width brackets as full-width, for comparing names printed either way."""
    return text.replace("(", "（").replace(")", "）")


def _paragraphs(document: Document, start: int, end: int) -> list[Paragraph]:
    """The narrative's text rows as paragraphs, each tagged with its section; table rows and a
    table's title lines are left out."""
    paragraphs: list[Paragraph] = []
    section, subsection, heading = "", "", ""
    current: Paragraph | None = None
    in_table_head = False  # between a table's title and its rows
    seen_table = False
    for index in range(start + 1, end):
        row = document.rows[index]
        if row.is_table:
            if in_table_head:
                seen_table = True
            current = None
            continue
        text = row.text.strip()
        if in_table_head:
            if seen_table or SECTION.match(text) or SUBSECTION.match(text):
                in_table_head = seen_table = False
            else:
                continue
        if compact(text).endswith("表") and not SECTION.match(text) and not SUBSECTION.match(text):
            in_table_head, seen_table, current = True, False, None
            continue
        is_heading = False
        if m := SECTION.match(text):
            section, subsection, heading, is_heading = m.group(1), "", text, True
        elif m := SUBSECTION.match(text):
            subsection, heading, is_heading = m.group(1), text, True
        label = section + (f"({subsection})" if subsection else "")
        key = (_numeral(section) if section else 0, _numeral(subsection) if subsection else 0)
        if is_heading or not _continues(current, text):
            current = Paragraph(label, key, heading, is_heading=is_heading)
            paragraphs.append(current)
        current.add(row)
    return paragraphs


def _continues(current: Paragraph | None, text: str) -> bool:
    """Whether a row goes on with the paragraph before it (a sentence wrapped over a page break):
    the paragraph stops mid-sentence, is running text (punctuated or numbered) rather than a
    title or a caption, and the row does not start a heading, a numbered item or a caption."""
    if current is None or current.is_heading or CAPTION.match(current.text) or CAPTION.match(text):
        return False
    if PARAGRAPH_START.match(text) or current.text.rstrip().endswith(TERMINAL):
        return False
    return bool(RUNNING_TEXT.search(current.text) or PARAGRAPH_START.match(current.text))


def _figures(text: str, places: list[Place]) -> list[Figure]:
    figures: list[Figure] = []
    for m in FIGURE.finditer(text):
        start = m.start("number")
        before = text[:start].rstrip()
        if before.endswith("第") or (before and before[-1].isascii() and before[-1].isalpha()):
            continue
        unit = m.group("unit")
        after = text[m.end():]
        if unit and unit.endswith("个") and NOT_A_UNIT_AFTER.match(after):
            continue
        if unit is None:
            base = BASE_OF_CHANGE.match(text[m.end("number"):])
            if not base:
                continue
            figures.append(Figure(start, m.end("number"), m.group("number"), base.group("unit"), places[start]))
            continue
        if THRESHOLD.match(after):
            continue  # `单价100万元（含）以上`: part of the next figure's label
        figures.append(Figure(start, m.end(), m.group("number"), unit, places[start]))
    return figures


def _clause_start(text: str, position: int, floor: int) -> int:
    index = position
    while index > floor and text[index - 1] not in BREAK:
        index -= 1
    return index


def _clause_end(text: str, position: int) -> int:
    index = position
    while index < len(text) and text[index] not in BREAK:
        index += 1
    return index


def _strip_subject(label: str, context: Context) -> str:
    """Drop what only places the figure: enumerators, the report's year, the unit as subject."""
    while True:
        before = label
        label = label.lstrip("、，, ")
        if m := ENUMERATOR.match(label):
            label = label[m.end():]
        timed = False
        if context.year and label.startswith(f"{context.year}年"):
            label = label[len(context.year) + 1:]
            label = label[1:] if label.startswith("度") else label
            timed = True
        elif label.startswith("本年度"):
            label, timed = label[3:], True
        if timed and label.startswith("共") and len(label) > 1:
            label = label[1:]  # 2024年共接待来访团组 -> 接待来访团组
        folded = _fold(label)
        for name in (*context.unit_names, *SELF):
            if folded.startswith(name) and len(label) > len(name):
                label = label[len(name):]
                break
        if label == before:
            return label


def _label(raw: str, is_change_base: bool, context: Context) -> str:
    label = _strip_subject(compact(raw), context)
    label = TRAILING.sub("", label) or label
    if label.startswith("比") and is_change_base:
        label = label[1:]
    if m := FUND_SUBJECT.match(label):
        rest = m.group(2).lstrip("的")
        if rest and not DIRECTION.fullmatch(rest) and not rest.endswith(FUND_FLOWS):
            label = rest
    # Parallel items with the same head (…用车、…用车0辆): the figure is the last one's.
    parts = label.split("、")
    if len(parts) > 1 and len(parts[-1]) >= 2 and len(parts[-2]) >= 2 and parts[-1][-2:] == parts[-2][-2:]:
        label = parts[-1]
    return label


def _metric(unit: str, direction: str) -> str:
    if unit in PCT_UNITS:
        return "pct"
    if direction:
        return "change"
    if unit in MONEY_UNITS:
        return "amount"
    return "count"


def _is_modifier(text: str, figure: Figure) -> bool:
    """A count that quantifies the noun after it (`50名协管员`)."""
    following = text[figure.end:figure.end + 1]
    return figure.unit not in PCT_UNITS and figure.unit not in MONEY_UNITS and bool(CJK.match(following))


def _in_scope(key: tuple[int, int]) -> bool:
    return key <= LAST_SECTION


def _is_project_section(paragraph: Paragraph) -> bool:
    """The projects' self-evaluation summaries (十三(三) 项目支出自评结果)."""
    return paragraph.section_key[1] > 0 and bool(PROJECT_SECTION.search(paragraph.heading))


@dataclass
class Reading:
    """Where the reader is in the kinds of text that hold no narrative figures."""

    achievements: bool = False  # inside a project's 主要成效 prose (五(三))
    outputs: bool = False  # inside a project summary's 主要产出和效益 (十三(三))

    def stretches(self, paragraph: Paragraph) -> list[tuple[int, int, str]]:
        """The stretches [(from, to, kind)] of a paragraph whose figures are read."""
        text = paragraph.text
        if paragraph.is_heading:
            self.achievements = self.outputs = False
        if PARAGRAPH_START.match(text):
            self.outputs = False  # the next project's summary
        if LINE_ITEM.match(text):
            self.achievements = False
            return []  # 五(三)'s numbered line items: `line_items`
        if _is_project_section(paragraph):
            read = []
            position = 0
            while position < len(text):
                if self.outputs:
                    stop = PROBLEMS.search(text, position)
                    read.append((position, stop.start() if stop else len(text), "outputs"))
                    if stop is None:
                        break
                    self.outputs, position = False, stop.end()
                elif begin := OUTPUTS.search(text, position):
                    self.outputs, position = True, begin.end()
                else:
                    break
            return read
        if ACHIEVEMENTS in text:
            self.achievements = True
            return [(0, text.index(ACHIEVEMENTS), "project")]
        return [] if self.achievements else [(0, len(text), "narrative")]


def _figure_label(text: str, figures: list[Figure], figure: Figure, clause: int, context: Context) -> str:
    is_base = figure.end == figure.start + len(figure.number)  # printed without its unit
    label = _label(text[clause:figure.start], is_base, context)
    clause_end = _clause_end(text, figure.end)
    if any(figure.start < other.start < clause_end for other in figures):
        return label
    # Words after the figure in its clause belong to the label (`项目经费100%有保障`); a count
    # quantifying a noun keeps its number there (`对1个单位开展整体支出绩效自评`).
    rest = compact(BRACKETED.sub("", text[figure.end:clause_end]))
    if rest and _is_modifier(text, figure):
        return label + compact(text[figure.start:figure.end]) + rest
    return label + rest


def extract_narrative_figures(document: Document, extraction: Extraction) -> None:
    span = _narrative_rows(document)
    if span is None:
        first = document.rows[0]
        extraction.cannot_place(first.place, first.text, "no 第三部分 (the narrative) was found: no narrative figures read")
        return
    start, end = span
    context = _context(document, extraction, start)
    reading = Reading()
    sequence = 0

    def emit(paragraph: Paragraph, figure: Figure, label: str) -> None:
        nonlocal sequence
        sequence += 1
        direction_match = DIRECTION.search(label)
        direction = direction_match.group(1) if direction_match else ""
        amount, decimals = plain_amount(figure.number)
        extraction.add(
            SEED,
            {
                "figure_id": f"n{sequence:03d}",
                "section": paragraph.section,
                "label_zh": label or figure.unit,
                "metric": _metric(figure.unit, direction),
                "amount": amount,
                "decimals": decimals,
                "unit": figure.unit,
                "direction_word": direction,
                "source_line": figure.place.line,
            },
            places={},
            default=figure.place,
        )

    for paragraph in _paragraphs(document, start, end):
        if not _in_scope(paragraph.section_key):
            continue
        text = paragraph.text
        figures = _figures(text, paragraph.places)
        read = reading.stretches(paragraph)
        if figures and not read and not LINE_ITEM.match(text):
            extraction.skip(
                paragraph.places[0], text[:60],
                "project self-evaluation text outside 主要产出和效益: its figures are project_narratives' or no indicator's"
                if _is_project_section(paragraph)
                else "a project's 主要成效 (achievements): its numbers are not narrative figures",
            )
        previous_end = 0
        for figure in figures:
            stretch = next((r for r in read if r[0] <= figure.start < r[1]), None)
            floor = max(previous_end, stretch[0] if stretch else 0)
            previous_end = figure.end
            if stretch is None:
                continue
            clause = _clause_start(text, figure.start, floor)
            if stretch[2] == "project":  # the project's name, as printed
                emit(paragraph, figure, compact(text[clause:figure.start]).lstrip("、"))
            elif stretch[2] == "outputs" and _is_modifier(text, figure):
                continue  # `50名协管员`: describes work done, not an indicator value
            else:
                emit(paragraph, figure, _figure_label(text, figures, figure, clause, context))
