"""The recognisers of the template's parts, in the order they run."""
from __future__ import annotations

from juesuan.extract import (
    figures,
    front,
    line_items,
    narrative,
    performance,
    tables,
)
from juesuan.extract.result import Extraction
from juesuan.extract.source import Document

PARTS = [
    front.extract_report,
    tables.extract_tables,
    narrative.extract_paragraphs,
    line_items.extract_line_items,
    figures.extract_narrative_figures,
    performance.extract_performance,
    narrative.note_text_tables,
]


def list_unclaimed(document: Document, extraction: Extraction) -> None:
    """Every table row no part read is listed, so nothing printed in a table is dropped silently."""
    for index, row in enumerate(document.rows):
        if row.is_table and index not in extraction.claimed and any(cell for cell in row.cells):
            extraction.cannot_place(row.place, row.text, "a table row that no recognised part of the template reads")
