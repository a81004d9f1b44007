"""A report as a stream of rows, whatever it was read from.

Every reader (the text extracted from a PDF, the PDF itself) turns the report into the same thing:
rows in reading order, each a tuple of cells with the place every cell was read. The recognisers
of the template's parts work on rows only, so they cannot tell (and need not care) where the rows
came from; provenance travels with every cell.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Place:
    """Where a cell was read.

    `line` is the 1-based line of the source text; for a PDF it is the row's number in reading
    order over the whole document (so `source_line` stays a usable, ordered key). `page` and
    `bbox` (x0, top, x1, bottom in PDF points from the page's top-left corner) are set for a PDF.
    """

    line: int
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None

    def describe(self) -> str:
        if self.page is None:
            return f"line {self.line}"
        x0, top, x1, bottom = self.bbox or (0, 0, 0, 0)
        return f"page {self.page} at ({x0:.0f}, {top:.0f})–({x1:.0f}, {bottom:.0f})"


@dataclass(frozen=True)
class Row:
    """One line of text or one table row: its cells (trailing empty cells dropped) and places."""

    cells: tuple[str, ...]
    places: tuple[Place, ...]
    is_table: bool

    @property
    def line(self) -> int:
        return self.places[0].line

    @property
    def place(self) -> Place:
        return self.places[0]

    @property
    def text(self) -> str:
        return "\t".join(self.cells)

    def cell(self, index: int) -> str:
        return self.cells[index] if index < len(self.cells) else ""

    def place_of(self, index: int) -> Place:
        return self.places[index] if index < len(self.places) else self.places[-1]


@dataclass
class Document:
    path: Path
    kind: str  # "text" or "pdf"
    rows: list[Row] = field(default_factory=list)

    def find(self, pattern: str | re.Pattern, start: int = 0, end: int | None = None) -> int | None:
        """Index of the first row from `start` whose text matches `pattern` (re.search)."""
        regex = re.compile(pattern) if isinstance(pattern, str) else pattern
        stop = len(self.rows) if end is None else min(end, len(self.rows))
        for index in range(start, stop):
            if regex.search(self.rows[index].text):
                return index
        return None


class ExtractionError(Exception):
    """The input cannot be read as a report at all (damaged, empty, not a report)."""


def make_row(cells: list[str], places: list[Place], is_table: bool) -> Row:
    while len(cells) > 1 and not cells[-1].strip():
        cells, places = cells[:-1], places[:-1]
    return Row(tuple(cells), tuple(places), is_table)
