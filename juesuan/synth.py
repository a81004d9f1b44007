"""`juesuan synth`: a deterministic synthetic corpus of reports made from the sample report, some
with labelled injected errors, for measuring detection (juesuan.evaluate) and cost (bench).

The base is the sample report with its own published mistakes repaired
(juesuan/data/synthetic_base_repairs.csv, each repair with its reason), so that a variant
without injections yields no error finding. Each variant gets its own report_id, unit name and
year (years in every text shift with it) and its money scaled by 10^m (m = 0, 1 or 2) with its
printed precision lowered by m digits (`decimals` − m, negative meaning printed to tens or
hundreds): every identity then holds exactly as in the base, at the variant's own rounding,
and every rate is unchanged. Counts, percentages and indicator texts are not scaled.

Report 1 of every corpus is a clean control. Every tenth report is the previous year's report of
the unit before it, with the same amounts, so the later report states each change against last
year as 0 (持平). Of the other reports, `error_fraction` get one injected error each: the kinds
taking turns, or, in a later report of such a pair, a last-year change its predecessor
contradicts (year_over_year); labels.csv says which error went where (table, key, source line).

Everything is done in DuckDB, so 10,000 reports (26 million rows) take seconds, not minutes.
"""
from __future__ import annotations

import csv
import hashlib
import json
import logging
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import duckdb

from juesuan.corpus import select_typed, sql_string
from juesuan.project import PROJECT_ROOT, report_data_seeds, seed_column_types, seed_keys_within_report

log = logging.getLogger(__name__)

REPAIRS = Path(__file__).with_name("data") / "synthetic_base_repairs.csv"
BASE_YEAR = 2024
# Each seed's key within one report (report_id for `reports` itself).
KEYS = {seed: key or ["report_id"] for seed, key in seed_keys_within_report().items()}
# money columns and their precision columns; narrative figures and reason amounts only in 元/万元
MONEY = {
    "table_cells": [("amount", "decimals")],
    "narrative_figures": [("amount", "decimals")],
    "line_items": [("initial_budget", "initial_budget_decimals"), ("actual", "actual_decimals")],
    "line_item_reason_amounts": [("amount", "decimals")],
    "project_summary": [("budget_yuan", "budget_decimals"), ("actual_yuan", "actual_decimals")],
    "project_evaluations": [("budget", "budget_decimals"), ("actual", "actual_decimals")],
    "project_narratives": [("budget", "budget_decimals"), ("actual", "actual_decimals")],
}
MONEY_CONDITION = {"narrative_figures": "unit in ('万元', '元')", "line_item_reason_amounts": "unit in ('万元', '元')"}

DISTRICTS = ["江岸区", "江汉区", "硚口区", "汉阳区", "武昌区", "青山区", "洪山区", "东西湖区", "蔡甸区", "江夏区",
             "黄陂区", "新洲区", "汉南区", "东湖新技术开发区", "长江新区", "经济技术开发区"]
AGENCIES = ["组织部", "宣传部", "财政局", "教育局", "民政局", "人力资源和社会保障局", "卫生健康委员会", "司法局",
            "生态环境局", "住房和城乡建设局", "交通运输局", "水务局", "农业农村局", "商务局", "文化和旅游局",
            "应急管理局", "审计局", "统计局", "医疗保障局", "城市管理执法局"]
DIRECTION_SWAPS = {"增加": "减少", "减少": "增加", "增加了": "减少了", "减少了": "增加了", "下降": "增长", "增长": "下降",
                   "降低": "提高", "上升": "下降"}


@dataclass
class Variant:
    number: int
    report_id: str
    unit_name: str
    report_year: int
    scale: int  # money × 10^scale, printed with `scale` fewer decimals
    # its unit's previous report is in the corpus (`previous`), and it states no change against it
    previous: int | None = None
    later: int | None = None  # it is the previous report of this one


@dataclass
class Change:
    table: str
    key: dict[str, Any]
    column: str | None  # None: delete the row(s) matching key
    value: Any = None


@dataclass
class Injection:
    kind: str
    family: str
    description: str
    changes: list[Change]
    locations: list[tuple[str, str, int]]  # (place_table, place_key, source_line)


@dataclass
class Label:
    report_id: str
    injection_no: int
    injection: Injection


def report_id_for(seed: int, number: int) -> str:
    return hashlib.sha256(f"juesuan-synth:{seed}:{number}".encode()).hexdigest()[:16]


def variants(count: int, seed: int) -> list[Variant]:
    rng = random.Random(f"variants:{seed}")
    made = []
    for number in range(1, count + 1):
        # one unit per report: two reports of a unit in consecutive years would have to agree on
        # last year's figures (the prior_year check), which scaled copies of one report do not
        unit = f"武汉市{rng.choice(DISTRICTS)}{rng.choice(AGENCIES)}（第{number}号样本单位）"
        made.append(Variant(number, report_id_for(seed, number), unit, rng.randint(2019, 2025), rng.choice([0, 1, 2])))
    # every tenth report is the previous year's report of the unit before it: the same amounts
    # (so the later report's year-on-year changes are all 0, see _flatten_changes)
    for number in range(10, count + 1, 10):
        later, previous = made[number - 2], made[number - 1]
        if later.number < 2 or later.later is not None:
            continue
        previous.unit_name, previous.report_year, previous.scale = later.unit_name, later.report_year - 1, later.scale
        later.previous, previous.later = previous.number, later.number
    return made


def year_over_year_figures(base: "Base") -> dict[str, str]:
    """figure_id -> fact_key of every figure that states a change against last year."""
    return {
        place["place_key"]: place["fact_key"]
        for place in base.rows["fact_crosswalk"]
        if place["place_table"] == "narrative_figures" and "_change_yoy" in place["fact_key"]
    }


def _flatten_changes(base: "Base", made: list[Variant]) -> list[tuple[str, Change]]:
    """A report whose previous report is the same amounts states every change as 0 (持平)."""
    changes = []
    figures = year_over_year_figures(base)
    for variant in made:
        if variant.previous is None:
            continue
        for figure_id in figures:
            changes.append((variant.report_id, Change("narrative_figures", {"figure_id": figure_id}, "amount", 0)))
            changes.append((variant.report_id, Change("narrative_figures", {"figure_id": figure_id}, "direction_word", "持平")))
    return changes


class Base:
    """The sample report, repaired, as DuckDB tables base_<table> and Python rows."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, root: Path):
        self.connection = connection
        self.root = root
        self.tables = report_data_seeds(root)
        declared = seed_column_types(root)
        self.declared = {table: declared[table] for table in self.tables}
        for table in self.tables:
            path = root / "seeds" / f"{table}.csv"
            connection.execute(
                f"create table base_{table} as " + select_typed(table, [path] if path.exists() else [], self.declared[table])
            )
        # acknowledgements are the sample's own; a synthetic report gets none
        connection.execute("delete from base_acknowledgements")
        self.apply_repairs()
        self.rows = {table: self._fetch(table) for table in self.tables}

    def apply_repairs(self) -> None:
        with REPAIRS.open(encoding="utf-8", newline="") as handle:
            for repair in csv.DictReader(handle):
                key = dict(part.split("=", 1) for part in repair["key"].split(";"))
                condition = " and ".join(f"{name}::varchar = ?" for name in key)
                updated = self.connection.execute(
                    f"update base_{repair['table']} set {repair['column']} = ? where {condition}",
                    [repair["value"], *key.values()],
                ).fetchall()[0][0]
                if updated != 1:
                    raise ValueError(f"{REPAIRS.name}: {repair['table']} {repair['key']} matches {updated} rows")

    def _fetch(self, table: str) -> list[dict[str, Any]]:
        cursor = self.connection.execute(f"select * from base_{table}")
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


# --- injections -----------------------------------------------------------------------------

def _scaled(value: Decimal, decimals: int, scale: int) -> tuple[Decimal, int]:
    return value * (Decimal(10) ** scale), decimals - scale


def _printed(value: Decimal, decimals: int) -> str:
    return f"{value:.{max(decimals, 0)}f}"


def _cell_location(row: dict[str, Any]) -> tuple[str, str, int]:
    return ("table_cells", f"{row['table_code']}|{row['row_key']}|{row['column_key']}", row["source_line"])


def _figure_location(row: dict[str, Any]) -> tuple[str, str, int]:
    return ("narrative_figures", row["figure_id"], row["source_line"])


class Injector:
    """Kinds of error, each picking a random place of the base and changing it in a variant."""

    def __init__(self, base: Base):
        self.base = base
        self._candidates: dict[str, list[Any]] = {}
        rows = base.rows
        self.cells = rows["table_cells"]
        self.cell_rows = {(c["table_code"], c["row_key"]): [] for c in self.cells}
        for cell in self.cells:
            self.cell_rows[(cell["table_code"], cell["row_key"])].append(cell)
        self.figures = {figure["figure_id"]: figure for figure in rows["narrative_figures"]}
        places: dict[str, list[dict[str, Any]]] = {}
        for place in rows["fact_crosswalk"]:
            places.setdefault(place["fact_key"], []).append(place)
        self.places = places
        with (base.root / "seeds" / "rules" / "fact_rules.csv").open(encoding="utf-8", newline="") as handle:
            self.derived_facts = {rule["result_fact"] for rule in csv.DictReader(handle)}
        self.kinds: dict[str, tuple[str, Callable[[random.Random, Variant], Injection]]] = {
            "transposed_digits": ("accounting_identity", self.transposed_digits),
            "subtotal_not_updated": ("accounting_identity", self.subtotal_not_updated),
            "yuan_printed_as_wanyuan": ("narrative", self.yuan_printed_as_wanyuan),
            "wanyuan_in_yuan_column": ("units", self.wanyuan_in_yuan_column),
            "repeated_fact_changed_once": ("repeated_fact", self.repeated_fact_changed_once),
            "wrong_percentage": ("derived_figure", self.wrong_percentage),
            "wrong_score": ("derived_figure", self.wrong_score),
            "direction_swapped": ("text_rule", self.direction_swapped),
            "placeholder_left": ("text_rule", self.placeholder_left),
            "dropped_reason": ("threshold", self.dropped_reason),
            "indicator_missed": ("performance", self.indicator_missed),
            "subject_renamed": ("cross_table", self.subject_renamed),
            "table_dropped": ("completeness", self.table_dropped),
        }
        # only for a report whose previous report is in the corpus
        self.prior_year = ("year_over_year", self.prior_year_mismatch)

    def _once(self, name: str, compute: Callable[[], list[Any]]) -> list[Any]:
        """A kind's candidate places, computed on its first use."""
        if name not in self._candidates:
            self._candidates[name] = compute()
        return self._candidates[name]

    def _facts_of(self, place_table: str, place_key: str) -> list[str]:
        return [fact for fact, places in self.places.items()
                if any(p["place_table"] == place_table and p["place_key"] == place_key for p in places)]

    def transposed_digits(self, rng: random.Random, variant: Variant) -> Injection:
        candidates = self._once("transposed_digits", lambda: [
            cell for cell in self.cells
            if cell["table_code"] in ("02", "03", "05") and cell["column_key"] != "total"
            and any(other["column_key"] == "total" for other in self.cell_rows[(cell["table_code"], cell["row_key"])])
            and cell["amount"] >= 10
        ])
        while True:
            cell = rng.choice(candidates)
            value, decimals = _scaled(cell["amount"], cell["decimals"], variant.scale)
            text = _printed(value, decimals)
            digits = [i for i, ch in enumerate(text) if ch.isdigit()]
            pairs = [
                (a, b) for index, (a, b) in enumerate(zip(digits, digits[1:]))
                if text[a] != text[b] and not (index == 0 and text[b] == "0")
            ]
            if pairs:
                break
        a, b = rng.choice(pairs)
        swapped = list(text)
        swapped[a], swapped[b] = swapped[b], swapped[a]
        new = Decimal("".join(swapped))
        return Injection(
            "transposed_digits", "accounting_identity",
            f"公开{cell['table_code']}表 {cell['row_label']} / {cell['column_key']}: {text} printed as {''.join(swapped)}",
            [Change("table_cells", {k: cell[k] for k in KEYS["table_cells"]}, "amount", new)],
            [_cell_location(cell)],
        )

    def subtotal_not_updated(self, rng: random.Random, variant: Variant) -> Injection:
        codes = sorted({c["row_key"] for c in self.cells if c["table_code"] == "03" and len(c["row_key"]) == 7})
        code = rng.choice(codes)
        parent = code[:5]
        step = Decimal(10) ** (variant.scale - 2)
        delta = rng.randint(100, 5000) * step
        changes, locations = [], []
        for table in ("02", "03", "05"):
            row = self.cell_rows.get((table, code))
            parent_row = self.cell_rows.get((table, parent))
            if not row or not parent_row:
                continue
            parts = [cell for cell in row if cell["column_key"] != "total"]
            total = [cell for cell in row if cell["column_key"] == "total"]
            part = max(parts, key=lambda cell: cell["amount"]) if parts else None
            for cell in [*total, *([part] if part else [])]:
                value, _ = _scaled(cell["amount"], cell["decimals"], variant.scale)
                changes.append(Change("table_cells", {k: cell[k] for k in KEYS["table_cells"]}, "amount", value + delta))
            locations.append(_cell_location(next(c for c in parent_row if c["column_key"] == "total")))
        return Injection(
            "subtotal_not_updated", "accounting_identity",
            f"项 {code} raised by {delta} in tables 02/03/05, its 款 {parent} left as it was",
            changes, locations,
        )

    def yuan_printed_as_wanyuan(self, rng: random.Random, variant: Variant) -> Injection:
        candidates = self._once("yuan_printed_as_wanyuan", lambda: [
            figure for figure in self.figures.values()
            if figure["unit"] == "万元" and figure["metric"] == "amount" and figure["amount"] != 0
            and any(len(self.places[fact]) > 1 for fact in self._facts_of("narrative_figures", figure["figure_id"]))
        ])
        figure = rng.choice(candidates)
        value, decimals = _scaled(figure["amount"], figure["decimals"], variant.scale)
        new = value * 10000
        return Injection(
            "yuan_printed_as_wanyuan", "narrative",
            f"说明{figure['section']} “{figure['label_zh']}”: {_printed(value, decimals)} 万元 printed as {_printed(new, decimals)} 万元 (the 元 figure)",
            [Change("narrative_figures", {"figure_id": figure["figure_id"]}, "amount", new)],
            [_figure_location(figure)],
        )

    def wanyuan_in_yuan_column(self, rng: random.Random, variant: Variant) -> Injection:
        row = rng.choice([r for r in self.base.rows["project_summary"] if r["budget_yuan"] and r["budget_yuan"] > 100000])
        value, _ = _scaled(row["budget_yuan"], row["budget_decimals"], variant.scale)
        new = (value / 10000).quantize(Decimal("0.01"))
        return Injection(
            "wanyuan_in_yuan_column", "units",
            f"绩效自评情况汇总表 {row['project_name']} 预算数 (元): {value} printed as {new} (the 万元 figure)",
            [Change("project_summary", {"row_no": row["row_no"]}, "budget_yuan", new)],
            [("project_summary", f"{row['row_no']}|budget_yuan", row["source_line"])],
        )

    def repeated_fact_changed_once(self, rng: random.Random, variant: Variant) -> Injection:
        candidates = self._once("repeated_fact_changed_once", lambda: [
            (fact, self.figures[place["place_key"]])
            for fact, places in sorted(self.places.items())
            if len(places) > 1 and any(p["place_table"] == "table_cells" for p in places)
            for place in places
            if place["place_table"] == "narrative_figures" and self.figures[place["place_key"]]["amount"] != 0
        ])
        fact, figure = rng.choice(candidates)
        scale = variant.scale if figure["unit"] in ("万元", "元") else 0
        value, decimals = _scaled(figure["amount"], figure["decimals"], scale)
        new = value + rng.randint(11, 99) * Decimal(10) ** (-decimals)
        return Injection(
            "repeated_fact_changed_once", "repeated_fact",
            f"{fact}: 说明{figure['section']} “{figure['label_zh']}” changed from {_printed(value, decimals)} to {_printed(new, decimals)}, every other place left",
            [Change("narrative_figures", {"figure_id": figure["figure_id"]}, "amount", new)],
            [_figure_location(figure)],
        )

    def wrong_percentage(self, rng: random.Random, variant: Variant) -> Injection:
        candidates = self._once("wrong_percentage", lambda: [
            figure for figure in self.figures.values()
            if figure["metric"] == "pct" and figure["amount"] > 0
            and any(fact in self.derived_facts for fact in self._facts_of("narrative_figures", figure["figure_id"]))
        ])
        figure = rng.choice(candidates)
        new = figure["amount"] + Decimal(rng.randint(15, 90)) / 10
        return Injection(
            "wrong_percentage", "derived_figure",
            f"说明{figure['section']} “{figure['label_zh']}”: {figure['amount']}% printed as {new}%",
            [Change("narrative_figures", {"figure_id": figure["figure_id"]}, "amount", new)],
            [_figure_location(figure)],
        )

    def wrong_score(self, rng: random.Random, variant: Variant) -> Injection:
        row = rng.choice(self.base.rows["project_evaluations"])
        new = row["score"] + Decimal(rng.randint(1, 3))
        return Injection(
            "wrong_score", "derived_figure",
            f"{row['table_title']}: 得分 {row['score']} printed as {new}",
            [Change("project_evaluations", {"project_key": row["project_key"]}, "score", new)],
            [("project_evaluations", row["project_key"], row["source_line"])],
        )

    def direction_swapped(self, rng: random.Random, variant: Variant) -> Injection:
        candidates = [
            figure for figure in self.figures.values()
            if figure["metric"] == "change" and figure["amount"] != 0 and figure["direction_word"] in DIRECTION_SWAPS
        ]
        figure = rng.choice(candidates)
        word = DIRECTION_SWAPS[figure["direction_word"]]
        return Injection(
            "direction_swapped", "text_rule",
            f"说明{figure['section']} “{figure['label_zh']}”: {figure['direction_word']} printed as {word}",
            [
                Change("narrative_figures", {"figure_id": figure["figure_id"]}, "direction_word", word),
                Change("narrative_figures", {"figure_id": figure["figure_id"]}, "label_zh",
                       figure["label_zh"].replace(figure["direction_word"], word)),
            ],
            [_figure_location(figure)],
        )

    def placeholder_left(self, rng: random.Random, variant: Variant) -> Injection:
        candidates = self._once("placeholder_left", lambda: [
            row for row in self.base.rows["narrative_paragraphs"]
            if row["line_kind"] == "text" and re.search(r"[0-9]+(\.[0-9]+)?\s*万元", row["text"] or "")
        ])
        row = rng.choice(candidates)
        text = re.sub(r"[0-9]+(\.[0-9]+)?(\s*万元)", r"XX\2", row["text"], count=1)
        return Injection(
            "placeholder_left", "text_rule",
            f"line {row['source_line']}: an amount left as the template's XX",
            [Change("narrative_paragraphs", {"paragraph_id": row["paragraph_id"]}, "text", text)],
            [("narrative_paragraphs", row["paragraph_id"], row["source_line"])],
        )

    def dropped_reason(self, rng: random.Random, variant: Variant) -> Injection:
        row = rng.choice([r for r in self.base.rows["line_items"] if r["reason_text"] and "低于" in (r["comparison_phrase"] or "")])
        return Injection(
            "dropped_reason", "threshold",
            f"五(三) item {row['item_no']} ({row['comparison_phrase']}): its reason dropped",
            [Change("line_items", {"item_no": row["item_no"]}, "reason_text", None)],
            [("line_items", str(row["item_no"]), row["source_line"])],
        )

    def indicator_missed(self, rng: random.Random, variant: Variant) -> Injection:
        candidates = []
        for row in self.base.rows["performance_indicators"]:
            target = re.fullmatch(r"(≥|>=)?\s*([0-9]+)%", row["target_text"] or "")
            actual = re.fullmatch(r"([0-9]+(\.[0-9]+)?)%", row["actual_text"] or "")
            if target and actual and Decimal(actual.group(1)) >= Decimal(target.group(2)) >= 50:
                candidates.append((row, int(target.group(2))))
        row, target = rng.choice(candidates)
        new = f"{target - rng.randint(10, 40)}%"
        return Injection(
            "indicator_missed", "performance",
            f"indicator {row['scope']} {row['indicator_seq']} “{row['level3']}”: result {row['actual_text']} printed as {new} against {row['target_text']}",
            [Change("performance_indicators", {"scope": row["scope"], "indicator_seq": row["indicator_seq"]}, "actual_text", new)],
            [("performance_indicators", f"{row['scope']}|{row['indicator_seq']}", row["source_line"])],
        )

    def subject_renamed(self, rng: random.Random, variant: Variant) -> Injection:
        codes = sorted({c["row_key"] for c in self.cells if c["table_code"] == "05" and len(c["row_key"]) == 7})
        code = rng.choice(codes)
        row = self.cell_rows[("05", code)]
        name = row[0]["row_label"]
        return Injection(
            "subject_renamed", "cross_table",
            f"公开05表 {code}: subject name {name} printed as 其他{name}",
            [Change("table_cells", {"table_code": "05", "row_key": code}, "row_label", f"其他{name}")],
            [_cell_location(row[0])],
        )

    def prior_year_mismatch(self, rng: random.Random, variant: Variant) -> Injection:
        def compared_changes() -> list[dict[str, Any]]:
            rules = self.base.root / "seeds" / "rules" / "year_over_year_facts.csv"
            with rules.open(encoding="utf-8", newline="") as handle:
                compared = {rule["change_fact"] for rule in csv.DictReader(handle)}
            return [
                self.figures[figure_id] for figure_id, fact in sorted(year_over_year_figures(self.base).items())
                if fact in compared and self.figures[figure_id]["metric"] == "change"
            ]

        candidates = self._once("prior_year_mismatch", compared_changes)
        figure = rng.choice(candidates)
        decimals = figure["decimals"] - variant.scale
        new = Decimal(rng.randint(100, 5000)) * Decimal(10) ** (variant.scale - min(figure["decimals"], 2))
        return Injection(
            "prior_year_mismatch", "year_over_year",
            f"说明{figure['section']} “{figure['label_zh']}”: a change of {_printed(new, decimals)} 万元 stated "
            "against last year, whose report in the corpus has the same amount",
            [
                Change("narrative_figures", {"figure_id": figure["figure_id"]}, "amount", new),
                Change("narrative_figures", {"figure_id": figure["figure_id"]}, "direction_word", "减少"),
            ],
            [_figure_location(figure)],
        )

    def table_dropped(self, rng: random.Random, variant: Variant) -> Injection:
        tables = [t for t in self.base.rows["report_tables"] if any(c["table_code"] == t["table_code"] for c in self.cells)]
        table = rng.choice(tables)
        return Injection(
            "table_dropped", "completeness",
            f"公开{table['table_code']}表 {table['table_title']}: every amount missing, no 本表无数据 note",
            [
                Change("table_cells", {"table_code": table["table_code"]}, None),
                # the crosswalk of a report read from its text would not name the missing cells
                Change("fact_crosswalk", {"place_table": "table_cells", "place_key": f"{table['table_code']}|%"}, None),
            ],
            [("report_tables", table["table_code"], table["source_line"])],
        )


# --- the corpus -----------------------------------------------------------------------------

def _year_shift(expression: str, shift: str) -> str:
    """Every year 2019–2026 in a text (four digits, not part of a longer number) moved by `shift`
    years (a SQL expression); marked first, so that 2023 → 2024 is not moved again as 2024."""
    marked = expression
    for year in range(2019, 2027):
        marked = f"regexp_replace({marked}, '(^|[^0-9]){year}([^0-9]|$)', '\\1' || chr({1 + year - 2019}) || '\\2', 'g')"
    for year in range(2019, 2027):
        marked = f"replace({marked}, chr({1 + year - 2019}), ({year} + {shift})::varchar)"
    return marked


def _shifted_select(table: str, declared: dict[str, str]) -> str:
    """The base table once per year shift, its texts' years moved: the regular expressions run
    on a few thousand rows, not on every variant's."""
    columns = [
        f"{_year_shift(f'b.{name}', 's.shift')} as {name}"
        if kind == "varchar" and name != "report_id" and name not in KEYS.get(table, [])
        else f"b.{name}"
        for name, kind in declared.items()
    ]
    return (
        f"select {', '.join(columns)}, s.shift from base_{table} as b, "
        f"(select unnest(range({2018 - BASE_YEAR}, {2026 - BASE_YEAR})) as shift) as s"
    )


def _variant_select(table: str, declared: dict[str, str]) -> str:
    shift = f"(v.report_year - {BASE_YEAR})"
    money = dict(MONEY.get(table, []))
    precision = {decimals: amount for amount, decimals in MONEY.get(table, [])}
    condition = MONEY_CONDITION.get(table, "true")
    columns = []
    for name, kind in declared.items():
        if name == "report_id":
            expression = "v.report_id"
        elif table == "reports" and name == "unit_name":
            expression = "v.unit_name"
        elif table == "reports" and name == "report_year":
            expression = "v.report_year"
        elif table == "reports" and name == "published_on":
            expression = f"(b.published_on + to_years({shift}::integer))::date"
        elif table == "reports" and name == "source_file":
            expression = "'synthetic/' || v.report_id || '.txt'"
        elif name in money:
            expression = f"case when {condition} then b.{name} * power(10, v.scale)::decimal(20, 4) else b.{name} end"
        elif name in precision:
            expression = f"case when {condition} then b.{name} - v.scale else b.{name} end"
        elif kind == "varchar" and name not in KEYS.get(table, []):
            expression = f"b.{name}"  # its years already shifted (_shifted_select)
        else:
            expression = f"b.{name}"
        columns.append(f"cast({expression} as {kind}) as {name}")
    return ", ".join(columns)


def _apply_all(connection: duckdb.DuckDBPyConnection, changes: list[tuple[str, Change]],
               declared: dict[str, dict[str, str]]) -> None:
    """Every injected change, one UPDATE (or DELETE) per table, column and key: a statement per
    change would scan a 10,000-report table thousands of times."""
    groups: dict[tuple[str, str | None, tuple[str, ...]], list[tuple[Any, ...]]] = defaultdict(list)
    for report_id, change in changes:
        value = None if change.value is None else str(change.value)
        groups[(change.table, change.column, tuple(change.key))].append(
            (report_id, *(str(v) for v in change.key.values()), value)
        )
    for (table, column, keys), rows in groups.items():
        key_columns = ", ".join(f"k{i} varchar" for i in range(len(keys)))
        connection.execute(f"create or replace temp table change (report_id varchar, {key_columns}, value varchar)")
        connection.executemany(f"insert into change values ({', '.join('?' for _ in range(len(keys) + 2))})", rows)
        # a key value ending in % matches by prefix (every place of a table, say)
        condition = " and ".join(
            ["target.report_id = change.report_id"]
            + [f"(target.{key}::varchar = change.k{i} or (change.k{i} like '%\\%' escape '\\' "
               f"and target.{key}::varchar like change.k{i}))" for i, key in enumerate(keys)]
        )
        unmatched = connection.execute(
            f"select count(*) from change where not exists (select 1 from synth_{table} as target where {condition})"
        ).fetchall()[0][0]
        if unmatched:
            raise RuntimeError(f"{unmatched} injected change(s) of synth_{table}.{column} match no row")
        if column is None:
            connection.execute(f"delete from synth_{table} as target using change where {condition}")
        else:
            kind = declared[table][column]
            connection.execute(
                f"update synth_{table} as target set {column} = cast(change.value as {kind}) "
                f"from change where {condition}"
            )


def synthesize(out: Path, reports: int, seed: int, error_fraction: float = 0.5, file_format: str = "csv",
               root: Path = PROJECT_ROOT) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    connection = duckdb.connect()
    base = Base(connection, root)
    made = variants(reports, seed)
    connection.execute(
        "create table v (report_no integer, report_id varchar, unit_name varchar, report_year integer, scale integer)"
    )
    connection.executemany("insert into v values (?, ?, ?, ?, ?)",
                           [(x.number, x.report_id, x.unit_name, x.report_year, x.scale) for x in made])
    for table in base.tables:
        connection.execute(
            f"create table synth_{table} as select {_variant_select(table, base.declared[table])} "
            f"from v join ({_shifted_select(table, base.declared[table])}) as b "
            f"on b.shift = v.report_year - {BASE_YEAR} "
            f"order by {', '.join(['v.report_no'] + [f'b.{key}' for key in KEYS[table] if key != 'report_id'])}"
        )
    injector = Injector(base)
    rng = random.Random(f"injections:{seed}")
    kinds = list(injector.kinds)
    labels: list[Label] = []
    changes: list[tuple[str, Change]] = []
    # the changes of a later report are flattened first, so an injection can overwrite one
    _apply_all(connection, _flatten_changes(base, made), base.declared)
    cycled = 0
    for variant in made[1:]:
        if variant.later is not None or rng.random() >= error_fraction:
            continue  # a previous-year report stays clean: its amounts are what the later one restates
        if variant.previous is not None:
            injection = injector.prior_year[1](rng, variant)
        else:
            injection = injector.kinds[kinds[cycled % len(kinds)]][1](rng, variant)
            cycled += 1
        changes += [(variant.report_id, change) for change in injection.changes]
        labels.append(Label(variant.report_id, len(labels) + 1, injection))
    _apply_all(connection, changes, base.declared)
    for table in base.tables:
        target = out / f"{table}.{file_format}"
        options = "format parquet" if file_format == "parquet" else "header, delimiter ','"
        connection.execute(f"copy synth_{table} to {sql_string(target)} ({options})")
    write_labels(out / "labels.csv", labels)
    summary = {"reports": reports, "seed": seed, "error_fraction": error_fraction, "injected": len(labels),
               "format": file_format, "control_report_id": made[0].report_id,
               "year_pairs": sum(1 for variant in made if variant.previous is not None)}
    (out / "synthetic.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    log.info("wrote %d synthetic reports (%d with an injected error) to %s", reports, len(labels), out)
    return summary


def write_labels(path: Path, labels: list[Label]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["report_id", "injection_no", "kind", "family", "place_table", "place_key", "source_line", "description"])
        for label in labels:
            for place_table, place_key, source_line in label.injection.locations:
                writer.writerow([label.report_id, label.injection_no, label.injection.kind, label.injection.family,
                                 place_table, place_key, source_line, label.injection.description])
