"""Split a report's extracted text into the rows of `narrative_paragraphs.csv`.

Every non-empty line becomes one row, tagged with the part (第一部分 …) and the section heading
(一、 / （一） / (一)) it falls under, so the text rules can run over the whole report and a
finding can quote the line it came from.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

# Table-of-contents entries may be list items ("- 第四部分 …").
PART = re.compile(r"^\s*(?:-\s*)?(第[一二三四五六七八九十]+部分)")
SECTION = re.compile(r"^\s*([一二三四五六七八九十]+)、")
SUBSECTION = re.compile(r"^\s*[（(]([一二三四五六七八九十]+)[）)]")
HEADER = ["report_id", "paragraph_id", "part", "section", "line_kind", "text", "source_line"]


def paragraphs(lines: list[str], report_id: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    part, section, subsection = "封面与目录", "", ""
    seen_parts: set[str] = set()
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text:
            continue
        kind = "table_row" if "\t" in line else "text"
        if kind == "text":
            match = PART.match(text)
            # The table of contents names every part once before the parts themselves begin.
            if match and match.group(1) in seen_parts:
                part, section, subsection = match.group(1), "", ""
            elif match:
                seen_parts.add(match.group(1))
            elif part != "封面与目录" and (m := SECTION.match(text)):
                section, subsection = m.group(1), ""
            elif part != "封面与目录" and (m := SUBSECTION.match(text)):
                subsection = m.group(1)
        label = section + (f"({subsection})" if subsection else "")
        rows.append(
            {
                "report_id": report_id,
                "paragraph_id": f"p{number:04d}",
                "part": part,
                "section": label,
                "line_kind": kind,
                "text": text,
                "source_line": number,
            }
        )
    return rows


def write_paragraphs(source: Path, report_id: str, out: Path) -> int:
    lines = source.read_text(encoding="utf-8").splitlines()
    rows = paragraphs(lines, report_id)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)
