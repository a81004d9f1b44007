"""Render a report's extracted text as a PDF that looks like the published one (for tests).

Every non-empty line of the text becomes what the text reader makes of it: a line without tabs a
paragraph (wrapped over several visual lines), a run of lines with tabs a table with a full grid of
ruling lines, whose cells wrap inside their column and whose rows continue on the next page. The
PDF reader must give back exactly the text reader's rows, so the layout keeps what that needs:

- paragraphs are separated by a gap clearly larger than the one between their wrapped lines, and
  a paragraph is never split over two pages (nothing on the page could tell a continuation from a
  new paragraph);
- a line is wrapped next to a space only where it cannot be helped (see `wrap`), so joining
  visual lines without a separator is exact;
- a character that the CJK font cannot draw from its own code point is drawn through a code point
  that shows the same glyph and reads back as the original (U+00B7 '·' is drawn as U+30FB '・');
  one that no code point can show is left out and counted in `MadePdf.undrawable`.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"  # Adobe's CID font: every PDF viewer has it, so no font file is needed
# The font's code points are read through these CMaps; pdfminer ships Adobe's copies of them.
ENCODING_CMAP, CHARACTER_COLLECTION = "UniGB-UCS2-H", "Adobe-GB1"

TEXT_SIZE, TEXT_LEADING = 10.5, 15.0  # wrapped lines: 4.5 pt apart (glyph boxes are 1 em tall)
PARAGRAPH_GAP = 10.0  # extra space after a paragraph or a table: 14.5 pt, three times the above
CELL_SIZE, CELL_LEADING, CELL_PAD = 7.5, 10.0, 2.5
MARGIN = 50.0
MIN_COLUMN = CELL_SIZE * 2 + 2 * CELL_PAD
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
NUMBER = re.compile(r"^-?[\d,]*\.\d+%?$")  # figures (codes have no decimals)


@dataclass
class MadePdf:
    path: Path
    pages: int = 0
    # (source line, column) of every table cell drawn over two or more lines, with its line count
    wrapped_cells: dict[tuple[int, int], int] = field(default_factory=dict)
    # source line of every table row drawn at the top of a page while its table began on an
    # earlier one: the table was split across pages just before that row
    continued_rows: list[int] = field(default_factory=list)
    undrawable: Counter = field(default_factory=Counter)


@lru_cache(maxsize=None)
def _glyph_codes() -> dict[str, str | None]:
    """For every character the font has a glyph for: the code point to draw it with."""
    from pdfminer.cmapdb import CMapDB

    reads_as = CMapDB.get_unicode_map(CHARACTER_COLLECTION).cid2unichr
    cmap = CMapDB.get_cmap(ENCODING_CMAP)
    codes: dict[str, str] = {}
    for code in range(0x20, 0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        cids = list(cmap.decode(code.to_bytes(2, "big")))
        if len(cids) != 1 or cids[0] not in reads_as:
            continue
        char = reads_as[cids[0]]
        # its own code point when it works, else the first one that shows its glyph
        if char == chr(code) or char not in codes:
            codes[char] = chr(code)
    return codes


def drawable(text: str, undrawable: Counter | None = None) -> str:
    """`text` as it will read back: characters the font cannot show are left out (and counted).

    Tabs are kept: they separate a table row's cells and are never drawn.
    """
    codes = _glyph_codes()
    kept = []
    for char in text:
        if char in codes or char == "\t":
            kept.append(char)
        elif undrawable is not None:
            undrawable[char] += 1
    return "".join(kept)


def _encode(text: str) -> str:
    codes = _glyph_codes()
    return "".join(codes[char] for char in text)


def _width(text: str, size: float) -> float:
    return pdfmetrics.stringWidth(_encode(text), FONT, size)


def wrap(text: str, width: float, size: float) -> list[str]:
    """Greedy wrap into lines no wider than `width`, never breaking next to a space if possible.

    Text spaced out letter by letter (`一 般 公 共 预 算`, a header squeezed into a narrow cell)
    has no such break: it is broken after a space, which stays drawn at the end of the line.
    """
    lines, start = [], 0
    while start < len(text):
        end, used = start + 1, _width(text[start], size)
        while end < len(text) and used + _width(text[end], size) <= width:
            used += _width(text[end], size)
            end += 1
        if end < len(text):
            cuts = range(end, start, -1)
            end = next(
                (cut for cut in cuts if " " not in text[cut - 1 : cut + 1]),
                next((cut for cut in cuts if text[cut - 1] == " " != text[cut]), end),
            )
        lines.append(text[start:end])
        start = end
    return lines


def _blocks(text: str, undrawable: Counter):
    """Paragraphs and tables in order: ("p", line, text) and ("t", [(line, cells), …])."""
    table: list = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = drawable(raw, undrawable)
        if "\t" in line and line.strip():
            table.append((number, [cell.strip() for cell in line.split("\t")]))
            continue
        if table:
            yield "t", table
            table = []
        if line.strip():
            yield "p", number, line.strip()
    if table:
        yield "t", table


def _column_widths(rows: list[list[str]], available: float) -> list[float]:
    """Proportional to each column's longest text; the widest are capped so that they wrap."""
    columns = max(len(cells) for cells in rows)
    natural = [MIN_COLUMN] * columns
    for cells in rows:
        for index, cell in enumerate(cells):
            natural[index] = max(natural[index], _width(cell, CELL_SIZE) + 2 * CELL_PAD + 1)
    if sum(natural) <= available:
        return [width * available / sum(natural) for width in natural]
    # water-filling: the cap that makes the capped widths fill the page exactly
    low, high = MIN_COLUMN, max(natural)
    for _ in range(60):
        cap = (low + high) / 2
        if sum(min(width, cap) for width in natural) > available:
            high = cap
        else:
            low = cap
    widths = [min(width, low) for width in natural]
    spare = available - sum(widths)
    return [width + spare / columns for width in widths]


class _Pages:
    """A canvas with a cursor measured from the page's top, as pdfplumber measures."""

    def __init__(self, path: Path, page_height: float, made: MadePdf):
        self.width, self.height = A4[0], page_height
        self.canvas = canvas.Canvas(str(path), pagesize=(self.width, self.height), invariant=1)
        self.made = made
        self._start_page(self.height)

    def _start_page(self, height: float) -> None:
        self.canvas.setPageSize((self.width, height))
        self.canvas.setLineWidth(0.6)
        self.page_height, self.top = height, MARGIN
        self.made.pages += 1

    @property
    def room(self) -> float:
        return self.page_height - MARGIN - self.top

    def make_room(self, needed: float) -> bool:
        """Go on to a new page unless `needed` fits; True when it did.

        A block too tall for any page (a table row holding a long text) gets a taller page of
        its own, as a report's author would have to make one.
        """
        if needed <= self.room:
            return False
        if self.top > MARGIN:
            self.canvas.showPage()
            self._start_page(max(self.height, needed + 2 * MARGIN))
            return True
        # nothing drawn on this page yet: only make it taller
        self.made.pages -= 1  # the same page, counted again by _start_page
        self._start_page(needed + 2 * MARGIN)
        return False

    def text(self, x: float, baseline_top: float, text: str, size: float) -> None:
        self.canvas.setFont(FONT, size)
        self.canvas.drawString(x, self.page_height - baseline_top, _encode(text))

    def hline(self, x0: float, x1: float, top: float) -> None:
        self.canvas.line(x0, self.page_height - top, x1, self.page_height - top)

    def vline(self, x: float, top: float, bottom: float) -> None:
        self.canvas.line(x, self.page_height - top, x, self.page_height - bottom)


def _paragraph(pages: _Pages, text: str) -> None:
    lines = wrap(text, pages.width - 2 * MARGIN, TEXT_SIZE)
    pages.make_room(TEXT_SIZE + (len(lines) - 1) * TEXT_LEADING)
    for index, line in enumerate(lines):
        # the glyph box's top is 0.74 em above the baseline in this font
        pages.text(MARGIN, pages.top + 0.74 * TEXT_SIZE + index * TEXT_LEADING, line, TEXT_SIZE)
    pages.top += TEXT_SIZE + (len(lines) - 1) * TEXT_LEADING + PARAGRAPH_GAP


def _table(pages: _Pages, rows: list[tuple[int, list[str]]]) -> None:
    widths = _column_widths([cells for _, cells in rows], pages.width - 2 * MARGIN)
    edges = [MARGIN]
    for width in widths:
        edges.append(edges[-1] + width)
    part_top = None  # where the part of the table on this page begins
    for number, cells in rows:
        cells = cells + [""] * (len(widths) - len(cells))
        wrapped = [wrap(cell, width - 2 * CELL_PAD, CELL_SIZE) for cell, width in zip(cells, widths)]
        height = max(len(lines) for lines in wrapped) * CELL_LEADING + 2 * CELL_PAD
        if part_top is not None and height > pages.room:
            _rule_columns(pages, edges, part_top)
            pages.made.continued_rows.append(number)
        if pages.make_room(height) or part_top is None:
            part_top = pages.top
            pages.hline(edges[0], edges[-1], part_top)
        for column, lines in enumerate(wrapped):
            if len(lines) > 1:
                pages.made.wrapped_cells[(number, column)] = len(lines)
            for index, line in enumerate(lines):
                x = edges[column] + CELL_PAD
                if NUMBER.match(cells[column]):  # figures right-aligned, as in the reports
                    x = edges[column + 1] - CELL_PAD - _width(line, CELL_SIZE)
                top = pages.top + CELL_PAD + (CELL_LEADING - CELL_SIZE) / 2 + index * CELL_LEADING
                pages.text(x, top + 0.74 * CELL_SIZE, line, CELL_SIZE)
        pages.top += height
        pages.hline(edges[0], edges[-1], pages.top)
    _rule_columns(pages, edges, part_top)
    pages.top += PARAGRAPH_GAP


def _rule_columns(pages: _Pages, edges: list[float], part_top: float) -> None:
    for x in edges:
        pages.vline(x, part_top, pages.top)


def make_pdf(text_path: Path, pdf_path: Path, *, page_height: float | None = None) -> MadePdf:
    """Render the text at `text_path` into `pdf_path` (A4 wide, `page_height` points tall)."""
    made = MadePdf(path=pdf_path)
    pages = _Pages(pdf_path, page_height or A4[1], made)
    for block in _blocks(text_path.read_text(encoding="utf-8"), made.undrawable):
        if block[0] == "p":
            _paragraph(pages, block[2])
        else:
            _table(pages, block[1])
    pages.canvas.save()
    return made
