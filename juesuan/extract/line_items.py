"""The numbered items of 五(三) (initial budget vs actual, with reasons) and of 十三(三) (each
project's self-evaluation summary).

五(三) prints one item per function subject the unit spent on:

    12. 社会保障和就业支出(类)就业补助(款)社会保险补贴(项)。年初预算为 2,985 万元，支出决算为
        3,568.68 万元，完成年初预算的 119.6%。支出决算数大于年初预算数 95%的主要原因：年中增加上级
        下达的指标 853.2 万元, 调减指标 59.52 万元, ...

giving `line_items` (the figures, the comparison and the reason), `line_item_reason_amounts`
(every amount the reason quotes, with the words it belongs to and what it does to the gap between
budget and actual) and, from 十三(三), `project_narratives`.

Parts are found by their headings and the items by their numbering and sentence pattern, never by
position. An item whose sentence does not follow the pattern, a subject that cannot be matched to
the tables by name, or an amount whose effect no rule decides is listed with `cannot_place`.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Set
from dataclasses import dataclass

from juesuan.extract import projects
from juesuan.extract.result import Extraction
from juesuan.extract.source import Document, Place, Row
from juesuan.extract.tables import find_tables
from juesuan.extract.text_rules import FUNCTION_CODE, compact, is_amount, plain_amount

# A number as printed in running text (thousands separators allowed), captured whole.
NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
PERCENT = r"[%％]"

# A heading that ends a section: 六、…, （四）…, 第四部分 ….
HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+部分)")
LINE_ITEMS_TITLE = re.compile(r"^\s*[（(]三[)）]\s*一般公共预算财政拨款支出决算具体情况")
PROJECTS_TITLE = re.compile(r"^\s*[（(]三[)）]\s*项目(?:支出)?(?:绩效)?自评结果")
ITEM_NUMBER = re.compile(r"^\s*(\d{1,3})\s*[.．、](?!\d)\s*")
# The public tables whose subject names an item restates.
SUBJECT_TABLES = ("02", "03", "05")

LINE_ITEM = re.compile(
    rf"(?P<subject>.*?)\s*[。.，,]?\s*年初预算数?为\s*(?P<budget>{NUMBER})\s*万元\s*[，,]\s*"
    rf"支出决算数?为\s*(?P<actual>{NUMBER})\s*万元\s*[，,]\s*"
    rf"完成年初预算的\s*(?P<rate>{NUMBER})\s*{PERCENT}(?P<rest>.*)$",
    re.S,
)
COMPARISON = re.compile(
    rf"支出决算数?\s*(?P<comparison>(?:低于|小于|少于|大于|高于|超过|超出|多于)\s*年初预算数?\s*(?:{NUMBER}\s*{PERCENT})?)"
    r"\s*的?主要原因\s*[:：]\s*"
)
MAIN_REASON = re.compile(r"主要原因\s*[:：]\s*")

PROJECT_ITEM = re.compile(
    rf"(?P<name>.*?)\s*(?:项目)?绩效自评综述\s*[:：]\s*项目全年预算数?为\s*(?P<budget>{NUMBER})\s*万元\s*[，,]\s*"
    rf"执行数为\s*(?P<actual>{NUMBER})\s*万元\s*[，,]\s*完成预算的\s*(?P<rate>{NUMBER})\s*{PERCENT}",
    re.S,
)
PROBLEMS = re.compile(r"发现的问题及原因\s*[:：]\s*")

# An amount quoted in a reason: a number with its unit.
QUOTED_AMOUNT = re.compile(rf"(?P<number>{NUMBER})\s*(?P<unit>万元|亿元|元|{PERCENT})")
# What separates the clauses of a reason (a comma between digits is a thousands separator).
CLAUSE_END = re.compile(r"[，、；;。：:！!？?]|,(?!\d{3})")
# Words that open a clause without belonging to the amount: 一是, 其二, 1., （1）.
ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+是|其[一二三四五六七八九十]+|第[一二三四五六七八九十]+|\d+[.．、]|[（(]\d+[)）]|其中)\s*")
# Words that join a label to its amount: 调整预算数为 3,788.68 万元, 执行率为 94.4%.
COPULA = re.compile(r"(?:为|是|达到?|共计|合计|总计)$")
# A clause that opens with its cause: 因合同未到支付条件委托业务费 24.59 万元未使用.
CAUSE = re.compile(r"^(?:因为?|由于)")

# What an amount does to the gap between budget and actual, decided by the words of its clause
# (first the words before it, then the words after it), in this order.
EFFECT_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("restated_budget", re.compile(r"调整(?:后的?)?预算")),
    ("budget_cut", re.compile(r"调减|压减|核减|缩减|削减|收回|减少(?:的)?(?:预算|指标)|指标(?:被)?减少")),
    ("budget_increase", re.compile(r"追加|调增|(?:增加|新增|补充)[^，,。；]{0,8}?(?:指标|预算|资金)|下达的?(?:指标|预算)")),
    ("unspent", re.compile(r"未(?:支出|使用|支付|拨付|执行|划转|结算|兑现)|结余|剩余|结转|不需使用")),
)


# --- text spread over rows -----------------------------------------------------------------------

@dataclass
class Passage:
    """The text of consecutive rows joined without a separator (a wrapped Chinese sentence), with
    the place each character was read."""

    text: str
    offsets: list[int]
    places: list[Place]

    @classmethod
    def of(cls, rows: list[Row]) -> Passage:
        text, offsets, places = "", [], []
        for row in rows:
            offsets.append(len(text))
            places.append(row.place)
            text += row.text.strip()
        return cls(text, offsets, places)

    def place_at(self, offset: int) -> Place:
        return self.places[max(0, bisect.bisect_right(self.offsets, offset) - 1)]


@dataclass
class Item:
    number: int
    passage: Passage  # the item's text, its number included
    start: int  # offset in the passage where the text after the number begins


def _section(document: Document, title: re.Pattern[str]) -> tuple[int, int] | None:
    """Rows after the first heading matching `title` up to the next heading."""
    start = document.find(title)
    if start is None:
        return None
    end = document.find(HEADING, start + 1)
    return start + 1, len(document.rows) if end is None else end


def _numbered_items(document: Document, start: int, end: int) -> list[Item]:
    """The numbered items of a section. An item runs until the next item or the section's end; a
    line starting with a number is a new item only if it carries the next number (so a wrapped
    line that happens to start with `2.` stays in its item)."""
    groups: list[tuple[int, list[Row]]] = []
    current: tuple[int, list[Row]] | None = None
    for row in document.rows[start:end]:
        if row.is_table:  # a table inside the section (十三(三)'s summary table) is another part's
            continue
        match = ITEM_NUMBER.match(row.text)
        if match and (current is None or int(match.group(1)) == current[0] + 1):
            current = (int(match.group(1)), [row])
            groups.append(current)
        elif current is not None:
            current[1].append(row)
    items = []
    for number, rows in groups:
        passage = Passage.of(rows)
        items.append(Item(number, passage, ITEM_NUMBER.match(passage.text).end()))
    return items


# --- subject names from the tables ---------------------------------------------------------------

def _name_key(text: str) -> str:
    """A subject name for matching: no spaces, half-width brackets."""
    return compact(text).replace("（", "(").replace("）", ")")


def _public_tables(document: Document) -> dict[str, list[Row]]:
    """The rows of each public table, as the tables part finds them."""
    return {table.code: [document.rows[i] for i in table.body] for table in find_tables(document)}


def _coded_names(rows: list[Row], first_cell_only: bool) -> list[tuple[str, str]]:
    """(code, name) pairs of table rows: a subject code cell followed by the name (the next
    non-empty cell that is not a number)."""
    pairs = []
    for row in rows:
        if not row.is_table:
            continue
        positions = [0] if first_cell_only else range(len(row.cells))
        for position in positions:
            if not FUNCTION_CODE.match(row.cell(position)):
                continue
            name = next((cell for cell in row.cells[position + 1:] if cell.strip()), "")
            if name and not is_amount(name) and not FUNCTION_CODE.match(name):
                pairs.append((row.cell(position), name))
    return pairs


@dataclass
class Subjects:
    """The function subjects printed in tables 02/03/05 (code -> the names printed for it), and
    every subject name printed in the public tables (function and economic)."""

    names: dict[str, set[str]]
    vocabulary: set[str]

    @classmethod
    def read(cls, document: Document) -> Subjects:
        tables = _public_tables(document)
        names: dict[str, set[str]] = {}
        for code in SUBJECT_TABLES:
            for subject, name in _coded_names(tables.get(code, []), first_cell_only=True):
                names.setdefault(subject, set()).add(_name_key(name))
        vocabulary = {
            _name_key(name) for rows in tables.values() for _, name in _coded_names(rows, first_cell_only=False)
        }
        return cls(names, vocabulary)

    def children(self, parent: str | None) -> list[str]:
        if parent is None:
            return [code for code in self.names if len(code) == 3]
        return [code for code in self.names if len(code) == len(parent) + 2 and code.startswith(parent)]

    def pick(self, candidates: list[str], name: str) -> str | None:
        """The one candidate printed with this name; else the one whose name contains it (or is
        contained in it: a report may shorten a name, 职业年金缴费支出 for 机关事业单位职业年金缴费支出)."""
        exact = [code for code in candidates if name in self.names[code]]
        if len(exact) == 1:
            return exact[0]
        if exact:
            return None
        near = [code for code in candidates if any(name in printed or printed in name for printed in self.names[code])]
        return near[0] if len(near) == 1 else None

    def match(self, subject_text: str) -> tuple[str | None, str]:
        """The code an item's `X(类)Y(款)Z(项)` restates, or None and why not. Z is matched under
        the 款 (names repeat: 行政运行 is under several 款); several 项 (Z1、Z2) or none give the 款."""
        parts = re.match(r"^(?P<class>.+?)\(类\)(?P<kuan>.+?)\(款\)(?P<xiang>.*)$", _name_key(subject_text))
        if not parts:
            return None, "the subject does not read 类(类)款(款)项(项)"
        class_code = self.pick(self.children(None), parts["class"])
        if class_code is None:
            return None, f"no single 类 named {parts['class']} in tables {'/'.join(SUBJECT_TABLES)}"
        kuan_code = self.pick(self.children(class_code), parts["kuan"])
        if kuan_code is None:
            return None, f"no single 款 named {parts['kuan']} under {class_code}"
        xiang = re.sub(r"\(项\)", "", parts["xiang"]).strip("。.，,、 ")
        if not xiang:
            return kuan_code, ""
        xiangs = self.children(kuan_code)
        code = self.pick(xiangs, xiang)
        if code is not None:
            return code, ""
        several = [name for name in re.split(r"[、，,及和]", xiang) if name]
        if len(several) > 1:
            codes = {self.pick(xiangs, name) for name in several}
            if None not in codes and len(codes) == len(several):
                return kuan_code, ""
        return None, f"no single 项 named {xiang} under {kuan_code}"


# --- 五(三) ----------------------------------------------------------------------------------------

def extract_line_items(document: Document, extraction: Extraction) -> None:
    subjects = Subjects.read(document)
    section = _section(document, LINE_ITEMS_TITLE)
    if section is not None:
        for item in _numbered_items(document, *section):
            _read_line_item(item, subjects, extraction)
    _extract_project_narratives(document, extraction)


def _read_line_item(item: Item, subjects: Subjects, extraction: Extraction) -> None:
    passage, start = item.passage, item.start
    place = passage.place_at(0)
    match = LINE_ITEM.match(passage.text, start)
    if not match:
        extraction.cannot_place(
            place, passage.text,
            "a numbered item of 五(三) that does not read 年初预算为 X 万元，支出决算为 Y 万元，完成年初预算的 Z%",
        )
        return
    subject_text = compact(match["subject"]).rstrip("。.，,")
    code, why = subjects.match(subject_text)
    if code is None:
        extraction.cannot_place(place, subject_text, f"item {item.number} of 五(三): {why}")
    comparison, reason, reason_at = _reason(match["rest"], match.start("rest"))
    budget, budget_decimals = plain_amount(match["budget"])
    actual, actual_decimals = plain_amount(match["actual"])
    rate, rate_decimals = plain_amount(match["rate"])
    record = {
        "item_no": item.number,
        "subject_text": subject_text,
        "subject_code": code or "",
        "initial_budget": budget,
        "initial_budget_decimals": budget_decimals,
        "actual": actual,
        "actual_decimals": actual_decimals,
        "completion_rate": rate,
        "completion_rate_decimals": rate_decimals,
        "comparison_phrase": comparison,
        "reason_text": reason,
    }
    places = {
        "initial_budget": passage.place_at(match.start("budget")),
        "actual": passage.place_at(match.start("actual")),
        "completion_rate": passage.place_at(match.start("rate")),
    }
    for column in ("initial_budget_decimals", "actual_decimals", "completion_rate_decimals"):
        places[column] = places[column.removesuffix("_decimals")]
    if reason:
        places["reason_text"] = passage.place_at(reason_at)
    extraction.add("line_items", record, places=places, default=place)
    if reason:
        below_budget = float(actual) < float(budget)
        _read_reason_amounts(item, reason, reason_at, below_budget, subjects.vocabulary, extraction)


def _reason(rest: str, offset: int) -> tuple[str, str, int]:
    """(comparison phrase, reason text, offset of the reason) from what follows the rate: the text
    after 主要原因：, else the sentence that follows (该指标为…)."""
    found = COMPARISON.search(rest) or MAIN_REASON.search(rest)
    if found:
        comparison = compact(found.group("comparison")) if "comparison" in found.groupdict() else ""
        text_start = found.end()
    else:
        comparison = ""
        text_start = len(rest) - len(rest.lstrip("。.，,；; "))
    reason = rest[text_start:].strip()
    return comparison, reason, offset + text_start


# --- amounts quoted in a reason --------------------------------------------------------------------

@dataclass(frozen=True)
class QuotedAmount:
    phrase: str
    effect: str | None
    amount: str
    decimals: int
    unit: str
    offset: int  # in the reason


def quoted_amounts(reason: str, below_budget: bool, vocabulary: Set[str] = frozenset()) -> list[QuotedAmount]:
    """Every amount a reason quotes (a number with 万元/元/%), with its phrase and effect.

    phrase: the words of the amount's clause before it, as printed, from the clause's start (a
    punctuation mark, or the previous amount) without an opening ordinal (一是) or a closing copula
    (为, 达); a clause that opens with its cause (因…) keeps only the subject name it ends with when
    that name is printed in the tables (因合同未到支付条件委托业务费 -> 委托业务费).

    effect: a % is a restated rate; otherwise the first rule of EFFECT_WORDS that the words before
    the amount match, else the words after it up to the clause's end; with no such word an amount
    explaining spending below budget is money not spent (None when spending is not below budget).
    """
    found = list(QUOTED_AMOUNT.finditer(reason))
    amounts = []
    for position, match in enumerate(found):
        previous_end = found[position - 1].end() if position else 0
        ends = [m.end() for m in CLAUSE_END.finditer(reason, previous_end, match.start())]
        clause_start = max([previous_end, *ends])
        following = found[position + 1].start() if position + 1 < len(found) else len(reason)
        clause_end = CLAUSE_END.search(reason, match.end(), following)
        after = reason[match.end(): clause_end.start() if clause_end else following]
        before = reason[clause_start: match.start()].strip()
        phrase = _phrase(before, vocabulary)
        number, decimals = plain_amount(match["number"])
        unit = match["unit"]
        if re.fullmatch(PERCENT, unit):
            effect: str | None = "restated_rate"
        else:
            effect = _effect(before) or _effect(after) or ("unspent" if below_budget else None)
        amounts.append(QuotedAmount(phrase, effect, number, decimals, unit, match.start()))
    return amounts


def _phrase(before: str, vocabulary: Set[str]) -> str:
    phrase = ORDINAL.sub("", before).strip()
    phrase = COPULA.sub("", phrase).strip()
    if CAUSE.match(phrase):
        key = _name_key(phrase)
        named = [name for name in vocabulary if key.endswith(name) and len(name) < len(key)]
        if named:
            longest = max(named, key=len)
            phrase = phrase[len(phrase) - len(longest):] if phrase.endswith(longest) else longest
    return phrase


def _effect(words: str) -> str | None:
    for effect, pattern in EFFECT_WORDS:
        if pattern.search(words):
            return effect
    return None


def _read_reason_amounts(
    item: Item, reason: str, reason_at: int, below_budget: bool, vocabulary: Set[str], extraction: Extraction,
) -> None:
    for seq, quoted in enumerate(quoted_amounts(reason, below_budget, vocabulary), start=1):
        place = item.passage.place_at(reason_at + quoted.offset)
        if quoted.effect is None:
            extraction.cannot_place(
                place, reason,
                f"item {item.number} of 五(三): no word says what {quoted.amount}{quoted.unit} does to the budget "
                "(调减/追加/未使用/调整后预算…) and spending is not below budget",
            )
        extraction.add(
            "line_item_reason_amounts",
            {
                "item_no": item.number,
                "amount_seq": seq,
                "phrase": quoted.phrase,
                "effect": quoted.effect or "",
                "amount": quoted.amount,
                "decimals": quoted.decimals,
                "unit": quoted.unit,
            },
            places={},
            default=place,
        )


# --- 十三(三) --------------------------------------------------------------------------------------

def _extract_project_narratives(document: Document, extraction: Extraction) -> None:
    """十三(三): `N. <project> 项目绩效自评综述：项目全年预算数为 X 万元，执行数为 Y 万元，完成预算的 Z%。
    … 发现的问题及原因：<problems>` (an item may run over several lines)."""
    section = _section(document, PROJECTS_TITLE)
    if section is None:
        return
    summary = _summary_projects(document, *section)
    for item in _numbered_items(document, *section):
        _read_project_narrative(item, summary, extraction)


@dataclass(frozen=True)
class SummaryProject:
    """A row of the 绩效自评情况汇总表 (amounts in 元), the report's own list of its projects."""

    key: str
    name: str
    budget_yuan: float
    actual_yuan: float


def _summary_projects(document: Document, start: int, end: int) -> list[SummaryProject]:
    """The rows of the summary table printed in the section: its header names the columns
    (项目名称, …预算…, 支出…); a row is a 序号, a name and the two amounts."""
    found: list[SummaryProject] = []
    columns: tuple[int, int, int] | None = None
    for row in document.rows[start:end]:
        if not row.is_table:
            continue
        header = [compact(cell) for cell in row.cells]
        if any("项目名称" in cell for cell in header):
            name = next(i for i, cell in enumerate(header) if "项目名称" in cell)
            budget = next((i for i, cell in enumerate(header) if "预算" in cell), None)
            actual = next((i for i, cell in enumerate(header) if "支出" in cell or "执行" in cell), None)
            columns = (name, budget, actual) if budget is not None and actual is not None else None
            continue
        if columns is None or not row.cell(0).isdigit():
            continue
        name, budget, actual = (row.cell(i) for i in columns)
        if name and is_amount(budget) and is_amount(actual):
            key = projects.project_key(name) or projects.fallback_key(name, row.cell(0))
            found.append(SummaryProject(key, name, float(plain_amount(budget)[0]), float(plain_amount(actual)[0])))
    return found


def _agrees(yuan: float, printed: str) -> bool:
    """A 元 amount agrees with one printed in 万元 when it rounds to it at the printed precision."""
    value, decimals = plain_amount(printed)
    return abs(yuan / 10000 - float(value)) <= 0.5 * 10 ** -decimals + 1e-9


def _narrative_project_key(
    name: str, budget: str, actual: str, summary: list[SummaryProject], extraction: Extraction, place: Place,
) -> str:
    """The project key of a 十三(三) item: the vocabulary's key for its name; else the summary-table
    project whose name is closest (projects.LOCAL_THRESHOLD); else the one summary-table project
    whose 元 amounts agree with the item's budget and actual (noted with `skip`, the names differ
    too much to tell); else a fallback key (noted by the projects module)."""
    key = projects.project_key(name)
    if key is not None:
        return key
    match = projects.best_match(name, [(p.key, p.name) for p in summary], projects.LOCAL_THRESHOLD)
    if match is not None:
        return match.key
    same = {p.key for p in summary if _agrees(p.budget_yuan, budget) and _agrees(p.actual_yuan, actual)}
    if len(same) == 1:
        key = same.pop()
        extraction.skip(
            place, name,
            f"project named unlike any in the summary table; keyed {key}, the one whose budget and spending agree",
        )
        return key
    return projects.key_or_fallback(name, extraction, place)


def _read_project_narrative(item: Item, summary: list[SummaryProject], extraction: Extraction) -> None:
    passage = item.passage
    place = passage.place_at(0)
    match = PROJECT_ITEM.match(passage.text, item.start)
    if not match:
        extraction.cannot_place(
            place, passage.text,
            "a numbered item of 十三(三) that does not read <项目>绩效自评综述：项目全年预算数为 X 万元，执行数为 Y 万元，完成预算的 Z%",
        )
        return
    name = match["name"].strip()
    key = _narrative_project_key(name, match["budget"], match["actual"], summary, extraction, place)
    problems = PROBLEMS.search(passage.text, match.end())
    if problems is None:
        extraction.cannot_place(place, passage.text, f"item {item.number} of 十三(三): no 发现的问题及原因")
    budget, budget_decimals = plain_amount(match["budget"])
    actual, actual_decimals = plain_amount(match["actual"])
    rate, rate_decimals = plain_amount(match["rate"])
    places = {
        "budget": passage.place_at(match.start("budget")),
        "actual": passage.place_at(match.start("actual")),
        "execution_rate": passage.place_at(match.start("rate")),
    }
    for column in ("budget_decimals", "actual_decimals", "execution_rate_decimals"):
        places[column] = places[column.removesuffix("_decimals")]
    if problems is not None:
        places["problems_text"] = passage.place_at(problems.end())
    extraction.add(
        "project_narratives",
        {
            "item_no": item.number,
            "project_key": key,
            "project_name": name,
            "budget": budget,
            "budget_decimals": budget_decimals,
            "actual": actual,
            "actual_decimals": actual_decimals,
            "execution_rate": rate,
            "execution_rate_decimals": rate_decimals,
            "problems_text": passage.text[problems.end():].strip() if problems else "",
        },
        places=places,
        default=place,
    )
