"""Read a report's PDF into the same row stream as its extracted text.

Tables are found by their ruling lines; every table row is a row whose cells are the text inside
each ruled cell (a cell's wrapped lines joined without a separator: a wrap is a layout accident,
not a space). Text outside the tables is grouped into visual lines and those into paragraphs,
split where the gap between two lines is clearly larger than the line spacing or a table comes
between them: one paragraph is one row of one cell, as one line of the extracted text is.
Spaces are kept as the PDF draws them.

A row's `line` is its number in reading order over the whole document (tables and paragraphs
top to bottom, page after page); each cell also keeps its page and bounding box.
"""
from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from juesuan.extract.source import Document, ExtractionError, Place, make_row

TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
# A gap between two visual lines wider than this (in ems of the upper line) starts a paragraph:
# wrapped lines of one paragraph sit about half an em apart, paragraphs well over one em.
PARAGRAPH_GAP = 0.8
# Two glyphs further apart than this (in ems) with no space glyph between them are two words,
# for PDFs that place words instead of drawing spaces.
WORD_GAP = 0.3

Bbox = tuple[float, float, float, float]


class _Line:
    def __init__(self, char: dict):
        self.chars = [char]
        self.top, self.bottom = char["top"], char["bottom"]

    def holds(self, char: dict) -> bool:
        return self.top <= (char["top"] + char["bottom"]) / 2 <= self.bottom

    def add(self, char: dict) -> None:
        self.chars.append(char)
        self.top, self.bottom = min(self.top, char["top"]), max(self.bottom, char["bottom"])

    def text(self) -> str:
        parts, previous = [], None
        for char in sorted(self.chars, key=lambda char: char["x0"]):
            if previous is not None and " " not in (previous["text"], char["text"]):
                if char["x0"] - previous["x1"] > WORD_GAP * char["size"]:
                    parts.append(" ")
            parts.append(char["text"])
            previous = char
        return "".join(parts)


def _lines(chars: list[dict]) -> list[_Line]:
    """Group glyphs into visual lines, top to bottom."""
    lines: list[_Line] = []
    for char in sorted(chars, key=lambda char: (char["top"], char["x0"])):
        if lines and lines[-1].holds(char):
            lines[-1].add(char)
        else:
            lines.append(_Line(char))
    return lines


def _inside(char: dict, bbox: Bbox) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return bbox[0] <= x < bbox[2] and bbox[1] <= y < bbox[3]


def _table_rows(table, chars: list[dict]):
    """(cells, bboxes) of every table row with any text, top to bottom."""
    for row in table.rows:
        row_chars = [char for char in chars if _inside(char, row.bbox)]
        cells, bboxes = [], []
        for bbox in row.cells:
            if bbox is None:
                # spanned by its left neighbour (or from above): no text of its own, but keep
                # the column so that the columns after it keep their positions
                cells.append("")
                bboxes.append(bboxes[-1] if bboxes else row.bbox)
                continue
            lines = _lines([char for char in row_chars if _inside(char, bbox)])
            cells.append("".join(line.text() for line in lines).strip())
            bboxes.append(bbox)
        if any(cells):
            yield cells, bboxes


def _page_rows(page):
    """(cells, bboxes, is_table) of every row on a page, in reading order."""
    tables = sorted(page.find_tables(TABLE_SETTINGS), key=lambda table: table.bbox[1])
    in_tables: list[list[dict]] = [[] for _ in tables]
    loose = []
    for char in page.chars:
        for index, table in enumerate(tables):
            if _inside(char, table.bbox):
                in_tables[index].append(char)
                break
        else:
            loose.append(char)
    # tables and visual lines, top to bottom (a table sorts before a line starting level with it)
    items = [(table.bbox[1], 0, index) for index, table in enumerate(tables)]
    lines = _lines(loose)
    items += [(line.top, 1, index) for index, line in enumerate(lines)]
    paragraph: list[_Line] = []
    for _, kind, index in sorted(items):
        if kind == 0:
            yield from _paragraph(paragraph)
            paragraph = []
            for cells, bboxes in _table_rows(tables[index], in_tables[index]):
                yield cells, bboxes, True
            continue
        line = lines[index]
        if paragraph:
            above = paragraph[-1]
            if line.top - above.bottom > PARAGRAPH_GAP * (above.bottom - above.top):
                yield from _paragraph(paragraph)
                paragraph = []
        paragraph.append(line)
    yield from _paragraph(paragraph)


def _paragraph(lines: list[_Line]):
    text = "".join(line.text() for line in lines).strip()
    if text:
        chars = [char for line in lines for char in line.chars]
        bbox = (
            min(char["x0"] for char in chars),
            min(char["top"] for char in chars),
            max(char["x1"] for char in chars),
            max(char["bottom"] for char in chars),
        )
        yield [text], [bbox], False


def _check_file(path: Path) -> None:
    """Refuse what is plainly no (whole) PDF before the parser guesses its way through it."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ExtractionError(f"{path}: cannot read: {error.strerror}") from error
    if not raw:
        raise ExtractionError(f"{path}: the file is empty")
    if b"%PDF-" not in raw[:1024]:
        raise ExtractionError(f"{path}: not a PDF (it does not start with %PDF-)")
    # a PDF ends with %%EOF; a copy cut short (an interrupted download) reads as fewer pages
    if b"%%EOF" not in raw[-2048:]:
        raise ExtractionError(f"{path}: the PDF is truncated (its end, %%EOF, is missing)")


@contextmanager
def _parser_warnings():
    """Collect what pdfminer logs: it reads past damage with warnings instead of failing."""
    warnings: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: warnings.append(record.getMessage())
    logger = logging.getLogger("pdfminer")
    logger.addHandler(handler)
    try:
        yield warnings
    finally:
        logger.removeHandler(handler)


def read_pdf(path: Path) -> Document:
    _check_file(path)
    with _parser_warnings() as warnings:
        try:
            pdf = pdfplumber.open(path)
        except Exception as error:  # pdfplumber wraps pdfminer's errors in PdfminerException
            cause = error.args[0] if isinstance(error, PdfminerException) and error.args else error
            if isinstance(cause, PDFPasswordIncorrect):
                raise ExtractionError(f"{path}: the PDF is encrypted: it needs a password") from error
            raise ExtractionError(f"{path}: the PDF is damaged: {cause!r}") from error
        document = Document(path=path, kind="pdf")
        page_number = 0
        try:
            with pdf:
                for page_number, page in enumerate(pdf.pages, start=1):
                    for cells, bboxes, is_table in _page_rows(page):
                        line = len(document.rows) + 1
                        places = [Place(line, page_number, bbox) for bbox in bboxes]
                        document.rows.append(make_row(cells, places, is_table))
                    page.close()  # drop the page's parsed objects: a report has dozens of pages
        except Exception as error:  # the parser fails in many ways on damaged input: name the page
            where = f", page {page_number}" if page_number else ""
            raise ExtractionError(f"{path}{where}: the PDF is damaged: {error!r}") from error
    if not document.rows and warnings:
        raise ExtractionError(f"{path}: the PDF is damaged: no page could be read ({warnings[0]})")
    if not document.rows:
        raise ExtractionError(
            f"{path}: the PDF has no text (a scanned image?): it needs OCR before extraction"
        )
    return document
