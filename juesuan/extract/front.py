"""The cover: unit, year, scope and publication date (reports.csv)."""
from __future__ import annotations

import re

from juesuan.extract.result import Extraction
from juesuan.extract.source import Document
from juesuan.extract.text_rules import compact

CONTENTS = re.compile(r"^目\s*录$")
COVER_YEAR = re.compile(r"^(\d{4})\s*年度")
SCOPE = re.compile(r"((?:本级单位|部门|单位)决算)$")
DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# The unit's name as the tables and the performance tables print it.
UNIT_NAME = re.compile(r"^(?:单位名称|本级单位|部门名称|单位)[：:]\s*(.+?)\s*(?:[（(]本级[）)])?$")


def extract_report(document: Document, extraction: Extraction) -> None:
    contents = document.find(CONTENTS)
    cover = document.rows[: contents if contents is not None else min(8, len(document.rows))]
    if not cover:
        return
    first = cover[0]
    year_match = COVER_YEAR.match(first.text)
    scope = next((m.group(1) for row in cover if (m := SCOPE.search(compact(row.text)))), None)
    date = next((m for row in cover if (m := DATE.search(row.text))), None)
    unit = next((m.group(1) for row in document.rows if (m := UNIT_NAME.match(row.cell(0)))), None)
    if year_match is None:
        extraction.cannot_place(first.place, first.text, "the cover does not start with the report's year (…年度)")
    if unit is None:
        extraction.cannot_place(first.place, first.text, "no 单位名称/本级单位 line names the unit")
    if date is None:
        extraction.cannot_place(first.place, first.text, "the cover prints no publication date")
    extraction.add(
        "reports",
        {
            "unit_name": unit,
            "report_year": year_match.group(1) if year_match else None,
            "report_scope": scope,
            "published_on": f"{date.group(1)}-{int(date.group(2)):02d}-{int(date.group(3)):02d}" if date else None,
            "source_file": document.path.name,
        },
        places={},
        default=first.place,
    )
