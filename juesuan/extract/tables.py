"""The nine public tables (公开01表 … 公开09表): report_tables.csv and table_cells.csv.

A table is found by its 公开NN表 marker, its title and unit nearby, and its body: the run of table
rows that follows. Columns are placed by the table's own header rows: the 栏次 row numbers the
amount columns (1, 2, …) and the header names say which is which, checked against the national
template's order. 行次 and 栏次 numbers are indexes and are never read as amounts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from juesuan.extract.result import Extraction
from juesuan.extract.source import Document, Row
from juesuan.extract.text_rules import FUNCTION_CODE, compact, is_amount, plain_amount, tidy_label

MARKER = re.compile(r"公开\s*(\d{1,2})\s*表")
TEMPLATE_CODES = [f"0{n}" for n in range(1, 10)]
TITLE = re.compile(r"^\d{4}\s*年度.*表$")
UNIT = re.compile(r"单位[：:]\s*(万元|元|千元)")
NO_DATA = re.compile(r"本表无数据")
NEAR = 6  # rows around the marker where the title and unit are printed

# The template's amount columns in printed order, with the header words that name each one.
COLUMNS: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "02": [("total", ("本年收入合计",)), ("fiscal", ("财政拨款收入",)), ("superior_subsidy", ("上级补助收入",)),
           ("business", ("事业收入",)), ("operating", ("经营收入",)), ("affiliated_remit", ("附属单位上缴收入",)),
           ("other", ("其他收入",))],
    "03": [("total", ("本年支出合计",)), ("basic", ("基本支出",)), ("project", ("项目支出",)),
           ("remit_superior", ("上缴上级支出",)), ("operating", ("经营支出",)),
           ("affiliated_subsidy", ("对附属单位补助支出",))],
    "05": [("total", ("小计", "合计")), ("basic", ("基本支出",)), ("project", ("项目支出",))],
    "07": [("opening_balance", ("年初结转和结余",)), ("income", ("本年收入",)), ("total", ("小计", "合计")),
           ("basic", ("基本支出",)), ("project", ("项目支出",)), ("closing_balance", ("年末结转和结余",))],
    "09": [(f"{side}:{key}", names) for side in ("budget", "actual") for key, names in (
        ("total", ("合计",)), ("abroad", ("因公出国(境)费",)), ("vehicle_subtotal", ("小计",)),
        ("vehicle_purchase", ("公务用车购置费",)), ("vehicle_operation", ("公务用车运行维护费",)),
        ("reception", ("公务接待费",)))],
}
COLUMNS["08"] = COLUMNS["05"]
TWO_SIDED_COLUMNS = {"小计": "subtotal", "一般公共预算": "general", "政府性基金": "fund", "国有资本经营": "state_capital"}
TOTAL_ROWS = {"合计": "total", "人员经费合计": "personnel_total", "公用经费合计": "public_total"}


@dataclass
class Table:
    code: str
    marker: int
    title: int | None
    body: list[int]  # row indexes of the table's rows, headers included


def extract_tables(document: Document, extraction: Extraction) -> None:
    tables = find_tables(document)
    _report_gaps(document, extraction, tables)
    for table in tables:
        if table.code not in TEMPLATE_CODES:
            _skip_table(document, extraction, table)
            continue
        _report_table(document, extraction, table)
        parse = {"01": _two_sided, "04": _two_sided, "06": _side_by_side}.get(table.code, _coded)
        parse(document, extraction, table)


def find_tables(document: Document) -> list[Table]:
    """Every table with a 公开NN表 marker: its code, title and the run of table rows after it."""
    markers = [(i, m.group(1)) for i, row in enumerate(document.rows)
               if not row.is_table and (m := MARKER.fullmatch(compact(row.text)))]
    tables: list[Table] = []
    for position, (index, number) in enumerate(markers):
        following = markers[position + 1][0] if position + 1 < len(markers) else len(document.rows)
        title = next((i for i in sorted(range(max(0, index - NEAR), index + NEAR), key=lambda i: abs(i - index))
                      if i < len(document.rows) and not document.rows[i].is_table
                      and TITLE.match(document.rows[i].text)), None)
        start = next((i for i in range(index + 1, following) if document.rows[i].is_table), None)
        body: list[int] = []
        if start is not None:
            end = start
            while end < following and document.rows[end].is_table:
                body.append(end)
                end += 1
        tables.append(Table(f"{int(number):02d}", index, title, body))
    return tables


def _report_gaps(document: Document, extraction: Extraction, tables: list[Table]) -> None:
    """A table without its title, and a table of the template that the report does not print."""
    for table in tables:
        if table.title is None:
            marker = document.rows[table.marker]
            extraction.cannot_place(marker.place, marker.text,
                                    f"table {table.code}: no title (…年度…表) printed near its 公开表 marker")
    found = {table.code for table in tables}
    if found & set(TEMPLATE_CODES):
        anchor = document.rows[tables[0].marker]
        for code in TEMPLATE_CODES:
            if code not in found:
                extraction.cannot_place(anchor.place, f"公开{code}表",
                                        f"table {code} of the national template is not in the report (no 公开{code}表 marker)")


def _skip_table(document: Document, extraction: Extraction, table: Table) -> None:
    """A table the national template does not have (another province's layout): listed, not read."""
    heading = document.rows[table.title if table.title is not None else table.marker]
    extraction.skip(heading.place, heading.text, f"公开{table.code}表 is not one of the nine public tables; not extracted")
    for index in table.body:
        extraction.claimed.add(index)
        row = document.rows[index]
        extraction.skip(row.place, row.text, f"a row of 公开{table.code}表 (not extracted)")


def _report_table(document: Document, extraction: Extraction, table: Table) -> None:
    rows = document.rows
    window = range(max(0, table.marker - NEAR), min(len(rows), table.marker + NEAR))
    unit = next((m.group(1) for i in window if (m := UNIT.search(rows[i].text))), None)
    after = table.body[-1] + 1 if table.body else table.marker + 1
    following = document.find(MARKER, after) or len(rows)
    note = next((i for i in range(after, following) if NO_DATA.search(rows[i].text)), None)
    heading = rows[table.title] if table.title is not None else rows[table.marker]
    extraction.add(
        "report_tables",
        {"table_code": table.code, "table_title": heading.text if table.title is not None else None,
         "amount_unit": unit, "no_data_note": rows[note].text if note is not None else None},
        places={}, default=heading.place,
    )


def _column_numbers(document: Document, table: Table) -> tuple[int | None, list[int]]:
    """The 栏次 row (its index) and the positions of its column numbers 1, 2, … in order."""
    for index in table.body:
        cells = document.rows[index].cells
        numbers = [(position, int(cell)) for position, cell in enumerate(cells) if cell.isdigit()]
        if numbers and [n for _, n in numbers] == list(range(1, len(numbers) + 1)) and len(numbers) >= 2:
            return index, [position for position, _ in numbers]
    return None, []


def _header_keys(document: Document, table: Table, header_rows: list[int], count: int) -> list[str] | None:
    """The amount columns' keys: the template's order, confirmed by the names the header prints.

    The header may lose words in extraction, and a two-level header prints a group's columns on
    the row below; but within each header row the names must come in the template's order, or
    the table is another layout and its amounts are not placed by guesswork.
    """
    template = COLUMNS[table.code]
    keys = [key for key, _ in template]
    if count != len(keys):
        return None
    for index in header_rows:
        position = 0
        for cell in document.rows[index].cells:
            text = compact(cell)
            named = {key for key, names in template if text and any(compact(name) == text for name in names)}
            if not named:
                continue
            while position < len(keys) and keys[position] not in named:
                position += 1
            if position == len(keys):
                return None
            position += 1
    return keys


def _add_cell(extraction: Extraction, row: Row, position: int, code: str, row_key: str,
              row_code: str | None, label: str, column: str) -> None:
    amount, decimals = plain_amount(row.cell(position))
    place = row.place_of(position)
    extraction.add(
        "table_cells",
        {"table_code": code, "row_key": row_key, "row_code": row_code, "row_label": label,
         "column_key": column, "amount": amount, "decimals": decimals, "source_line": place.line},
        places={"amount": place, "decimals": place}, default=row.place,
    )


def _coded(document: Document, extraction: Extraction, table: Table) -> None:
    """Tables 02, 03, 05, 07, 08, 09: one row per subject code (or the 合计 row), amounts by 栏次."""
    numbers_row, positions = _column_numbers(document, table)
    if numbers_row is None:
        if table.body:
            first = document.rows[table.body[0]]
            extraction.cannot_place(first.place, first.text, f"table {table.code}: no 栏次 row numbers its columns")
        return
    header_rows = [i for i in table.body if i <= numbers_row]
    keys = _header_keys(document, table, [i for i in table.body if i < numbers_row], len(positions))
    extraction.claimed.update(header_rows)
    if keys is None:
        row = document.rows[numbers_row]
        extraction.cannot_place(row.place, row.text, f"table {table.code}: its header does not match the template's columns")
        return
    if table.code == "09":
        _three_public(document, extraction, table, numbers_row, positions, keys)
        return
    for index in table.body:
        if index <= numbers_row:
            continue
        row = document.rows[index]
        code = row.cell(0) if FUNCTION_CODE.match(row.cell(0)) else None
        # the subject's name: the first cell that is neither its code nor a numbered column
        label = tidy_label(next(
            (c for p, c in enumerate(row.cells) if c and p not in positions and not (p == 0 and code)), ""
        ))
        if compact(label) == "栏次" and not any(row.cell(p) for p in positions):
            extraction.claimed.add(index)
            continue
        row_key = code or TOTAL_ROWS.get(compact(label))
        amounts = [p for p in positions if row.cell(p)]
        if row_key is None:
            if amounts or label:
                extraction.cannot_place(row.place, row.text, f"table {table.code}: a row with neither a subject code nor 合计")
            continue
        extraction.claimed.add(index)
        for position in amounts:
            if not is_amount(row.cell(position)):
                extraction.cannot_place(row.place_of(position), row.cell(position), f"table {table.code}: not an amount")
                continue
            _add_cell(extraction, row, position, table.code, row_key, code, label, keys[positions.index(position)])
        stray = [p for p, c in enumerate(row.cells) if c and is_amount(c) and p not in positions and not (p == 0 and code)]
        for position in stray:
            extraction.cannot_place(row.place_of(position), row.cell(position), f"table {table.code}: an amount outside the numbered columns")


def _three_public(document: Document, extraction: Extraction, table: Table, numbers_row: int,
                  positions: list[int], keys: list[str]) -> None:
    """Table 09 prints one row of amounts under a two-level header (预算数 | 决算数)."""
    names = dict(COLUMNS["09"])
    for index in table.body:
        if index <= numbers_row:
            continue
        row = document.rows[index]
        extraction.claimed.add(index)
        for position in positions:
            if not row.cell(position):
                continue
            side, key = keys[positions.index(position)].split(":")
            if not is_amount(row.cell(position)):
                extraction.cannot_place(row.place_of(position), row.cell(position), "table 09: not an amount")
                continue
            _add_cell(extraction, row, position, "09", key, None, names[f"{side}:{key}"][0], side)


def _two_sided(document: Document, extraction: Extraction, table: Table) -> None:
    """Tables 01 and 04: 收入 on the left, 支出 on the right, each row keyed by its printed 行次."""
    rows = document.rows
    header = next((i for i in table.body if [compact(c) for c in rows[i].cells].count("行次") == 2), None)
    if header is None:
        if table.body:
            extraction.cannot_place(rows[table.body[0]].place, rows[table.body[0]].text,
                                    f"table {table.code}: no header row with 行次 on both sides")
        return
    line_columns = [p for p, c in enumerate(rows[header].cells) if compact(c) == "行次"]
    sides = []
    for number, line_column in enumerate(line_columns):
        end = line_columns[number + 1] - 1 if number + 1 < len(line_columns) else None
        amount_columns = list(range(line_column + 1, end if end is not None else line_column + 2))
        sides.append((line_column - 1, line_column, amount_columns))
    # The right side of 04 splits 决算数 into 小计 and the three kinds of 财政拨款.
    right_label, right_line, _ = sides[-1]
    sub_header = next((i for i in table.body if i > header and any(compact(c) == "小计" for c in rows[i].cells)), None)
    if sub_header is not None:
        cells = rows[sub_header].cells
        start = [compact(c) for c in cells].index("小计")
        keys = []
        for cell in cells[start:]:
            key = next((k for words, k in TWO_SIDED_COLUMNS.items() if compact(cell).startswith(words)), None)
            keys.append(key)
        if None in keys:
            extraction.cannot_place(rows[sub_header].place, rows[sub_header].text,
                                    f"table {table.code}: an amount column the template does not have")
        sides[-1] = (right_label, right_line, list(range(right_line + 1, right_line + 1 + len(keys))))
        right_keys = keys
    else:
        right_keys = ["actual"]
    first_data = max(i for i in (header, sub_header) if i is not None) + 1
    extraction.claimed.update(i for i in table.body if i < first_data)
    for index in table.body:
        if index < first_data:
            continue
        row = rows[index]
        if any(compact(c) == "栏次" for c in row.cells):
            extraction.claimed.add(index)
            continue
        extraction.claimed.add(index)
        for side_number, (label_column, line_column, amount_columns) in enumerate(sides):
            line = row.cell(line_column)
            keys = right_keys if side_number == len(sides) - 1 else ["actual"]
            amounts = [(p, k) for p, k in zip(amount_columns, keys) if row.cell(p)]
            if not line.isdigit():
                for position, _ in amounts:
                    extraction.cannot_place(row.place_of(position), row.cell(position),
                                            f"table {table.code}: an amount on a row without a 行次")
                continue
            for position, key in amounts:
                if not is_amount(row.cell(position)):
                    extraction.cannot_place(row.place_of(position), row.cell(position), f"table {table.code}: not an amount")
                    continue
                _add_cell(extraction, row, position, table.code, f"line_{line}", None,
                          tidy_label(row.cell(label_column)), key or "unknown")


def _side_by_side(document: Document, extraction: Extraction, table: Table) -> None:
    """Table 06: groups of (经济分类科目编码, 科目名称, 决算数) printed side by side."""
    rows = document.rows
    header = next((i for i in table.body if sum("科目编码" in compact(c) for c in rows[i].cells) >= 2), None)
    if header is None:
        if table.body:
            extraction.cannot_place(rows[table.body[0]].place, rows[table.body[0]].text,
                                    "table 06: no header row of 经济分类科目编码 groups")
        return
    code_columns = [p for p, c in enumerate(rows[header].cells) if "科目编码" in compact(c)]
    extraction.claimed.update(i for i in table.body if i <= header)
    for index in table.body:
        if index <= header:
            continue
        row = rows[index]
        extraction.claimed.add(index)
        for column in code_columns:
            code, label = row.cell(column), row.cell(column + 1)
            if FUNCTION_CODE.match(code):
                if row.cell(column + 2):
                    _add_cell(extraction, row, column + 2, "06", code, code, tidy_label(label), "actual")
            elif compact(code) in TOTAL_ROWS:
                # A total's amount may be printed across merged cells: the first amount after it.
                nxt = [c for c in code_columns if c > column]
                limit = nxt[0] if nxt else len(row.cells)
                amount = next((p for p in range(column + 1, max(limit, len(row.cells))) if is_amount(row.cell(p))
                               and not any(compact(row.cell(q)) in TOTAL_ROWS for q in range(column + 1, p))), None)
                if amount is not None:
                    _add_cell(extraction, row, amount, "06", TOTAL_ROWS[compact(code)], None, compact(code), "actual")
            elif code or label:
                extraction.cannot_place(row.place_of(column), f"{code} {label}".strip(),
                                        "table 06: neither an economic subject code nor a 经费合计")
