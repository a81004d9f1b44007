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
    for row in document.rows:
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
                "paragraph_id": f"p{row.line:04d}",
                "part": part,
                "section": section + (f"({subsection})" if subsection else ""),
                "line_kind": "table_row" if row.is_table else "text",
                "text": text,
            },
            places={}, default=row.place,
        )
