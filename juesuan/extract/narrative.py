"""The report's text line by line (narrative_paragraphs.csv).

Every non-empty line becomes one row, tagged with the part (第一部分 …) and the section heading
(一、 / （一） / (一)) it falls under, so the text rules can run over the whole report and a
finding can quote the line it came from.
"""
from __future__ import annotations

import re

from juesuan.extract.result import Extraction
from juesuan.extract.source import Document

# Table-of-contents entries may be list items ("- 第四部分 …").
PART = re.compile(r"^\s*(?:-\s*)?(第[一二三四五六七八九十]+部分)")
SECTION = re.compile(r"^\s*([一二三四五六七八九十]+)、")
SUBSECTION = re.compile(r"^\s*[（(]([一二三四五六七八九十]+)[）)]")
COVER = "封面与目录"


def extract_paragraphs(document: Document, extraction: Extraction) -> None:
    part, section, subsection = COVER, "", ""
    seen_parts: set[str] = set()
    for ordinal, row in enumerate(document.rows, start=1):
        text = row.text.strip()
        if not row.is_table:
            match = PART.match(text)
            # The table of contents names every part once before the parts themselves begin.
            if match and match.group(1) in seen_parts:
                part, section, subsection = match.group(1), "", ""
            elif match:
                seen_parts.add(match.group(1))
            elif part != COVER and (m := SECTION.match(text)):
                section, subsection = m.group(1), ""
            elif part != COVER and (m := SUBSECTION.match(text)):
                subsection = m.group(1)
        extraction.add(
            "narrative_paragraphs",
            {
                # by position, not line number, so the text and the PDF of a report give the same ids
                "paragraph_id": f"p{ordinal:04d}",
                "part": part,
                "section": section + (f"({subsection})" if subsection else ""),
                "line_kind": "table_row" if row.is_table else "text",
                "text": text,
            },
            places={}, default=row.place,
        )


TEXT_TABLE_HEADER = ("重要事项", "完成情况")


def note_text_tables(document: Document, extraction: Extraction) -> None:
    """The 重要事项/完成情况 table of the unit's self-evaluation holds only prose: its rows are kept
    in narrative_paragraphs (for the text rules) and listed as skipped, not as unplaced."""
    index = 0
    while index < len(document.rows):
        row = document.rows[index]
        if not (row.is_table and all(any(word in cell for cell in row.cells) for word in TEXT_TABLE_HEADER)):
            index += 1
            continue
        extraction.skip(row.place, row.text, "重要事项 table (text only): kept in narrative_paragraphs, no amounts seeded")
        extraction.claimed.add(index)
        index += 1
        while index < len(document.rows) and not PART.match(document.rows[index].text):
            if document.rows[index].is_table:
                extraction.claimed.add(index)
            index += 1
