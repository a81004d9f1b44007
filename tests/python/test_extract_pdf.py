"""The PDF reader gives the same row stream as the text reader, on a PDF made from the sample text.

The PDF is rendered by `pdf_report.make_pdf` the way the published reports look (CJK font,
wrapped paragraphs, ruled tables with wrapped cells, tables continuing over pages), so these
tests hold the reader to the text reader row by row: the recognisers then give the same seeds.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pdfplumber
import pytest
from conftest import PROJECT, REPORT_ID
from conftest import SOURCE_REPORT as SAMPLE
from pdf_report import CELL_LEADING, drawable, make_pdf, wrap

from juesuan.extract import EXTRACTED_SEEDS, extract_to
from juesuan.extract.compare import compare_seed
from juesuan.extract.pdf_source import read_pdf
from juesuan.extract.source import ExtractionError
from juesuan.extract.text_source import read_text

FUNCTION_CODE = re.compile(r"^\d{3,7}$")
# Characters of the sample that STSong-Light cannot draw under any code point: none. Were there
# any, the comparison leaves exactly these out, and this list says so instead of hiding it.
UNDRAWABLE: dict[str, int] = {}


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    return make_pdf(SAMPLE, tmp_path_factory.mktemp("pdf") / "report.pdf")


@pytest.fixture(scope="module")
def pdf_rows(made):
    return read_pdf(made.path).rows


def expected_rows(text_path: Path) -> list[tuple[tuple[str, ...], bool]]:
    """The text reader's rows, less what the font cannot draw (normalised as the reader does)."""
    rows = []
    for row in read_text(text_path).rows:
        cells = [drawable(cell).strip() for cell in row.cells]
        while len(cells) > 1 and not cells[-1]:
            cells.pop()
        if any(cells):
            rows.append((tuple(cells), row.is_table))
    return rows


def assert_same_rows(expected, got) -> None:
    differences = [
        f"row {index + 1}:\n  text {want}\n  pdf  {have}"
        for index, (want, have) in enumerate(zip(expected, got))
        if want != have
    ]
    assert not differences and len(expected) == len(got), (
        f"{len(expected)} text rows, {len(got)} PDF rows; {len(differences)} differ; first:\n"
        + "\n".join(differences[:5])
    )


def test_pdf_rows_equal_text_rows(made, pdf_rows):
    assert dict(made.undrawable) == UNDRAWABLE
    expected = expected_rows(SAMPLE)
    assert len(expected) > 1000
    assert_same_rows(expected, [(row.cells, row.is_table) for row in pdf_rows])
    # U+00B7 has no code point of its own in the font: it is drawn through U+30FB
    assert any("·" in cell for row in pdf_rows for cell in row.cells)


def test_every_row_has_a_place_on_its_page(made, pdf_rows):
    with pdfplumber.open(made.path) as pdf:
        sizes = [(page.width, page.height) for page in pdf.pages]
    assert [row.line for row in pdf_rows] == list(range(1, len(pdf_rows) + 1))
    for row in pdf_rows:
        for place in row.places:
            assert place.line == row.line
            assert 1 <= place.page <= len(sizes)
            width, height = sizes[place.page - 1]
            x0, top, x1, bottom = place.bbox
            assert 0 <= x0 < x1 <= width and 0 <= top < bottom <= height, (row, place)
    assert pdf_rows[-1].place.page == len(sizes) == made.pages


def test_table_split_across_pages_reads_on(made, pdf_rows):
    expected = expected_rows(SAMPLE)
    splits = [
        index
        for index, (row, after) in enumerate(zip(pdf_rows, pdf_rows[1:]))
        if row.is_table and after.is_table
        and FUNCTION_CODE.match(row.cells[0]) and FUNCTION_CODE.match(after.cells[0])
        and after.place.page == row.place.page + 1
    ]
    assert splits, "no table with function-code rows continues on the next page"
    text_rows = read_text(SAMPLE).rows
    for index in splits:
        # the maker really broke the table before this row, and no row was lost or repeated
        assert text_rows[index + 1].line in made.continued_rows
        for at in (index, index + 1):
            assert (pdf_rows[at].cells, pdf_rows[at].is_table) == expected[at]


def test_wrapped_cells_read_back_joined(made, pdf_rows):
    text_rows = read_text(SAMPLE).rows
    index_of = {row.line: index for index, row in enumerate(text_rows)}
    assert len(made.wrapped_cells) > 10
    for (line, column), drawn_lines in made.wrapped_cells.items():
        index = index_of[line]
        cell = pdf_rows[index].cell(column)
        assert drawn_lines >= 2 and cell == text_rows[index].cell(column)
        _, top, _, bottom = pdf_rows[index].place_of(column).bbox
        assert bottom - top >= drawn_lines * CELL_LEADING


def test_wrap_never_breaks_next_to_a_space_when_it_can_help_it():
    text = "2024 年度收、支总计 14,346.05 万元。与 2023 年度相比，收、支总计各增加 1,234.56 万元"
    lines = wrap(text, 60, 7.5)
    assert len(lines) > 3 and "".join(lines) == text
    assert all(not line.startswith(" ") and not line.endswith(" ") for line in lines)
    spaced = "一 般 公 共 预 算 财 政 拨 款"  # no clean break: after a space, never before
    lines = wrap(spaced, 30, 7.5)
    assert len(lines) > 1 and "".join(lines) == spaced
    assert all(not line.startswith(" ") for line in lines)


EDGE_CASES = "\n".join([
    "  标题前后有空格  ",
    "数字与中文之间  两个空格 2024 年度 14,346.05 万元",
    "项目\t<p>目标 1：加强</p> <p>目标 2：推动</p>\t\t",
    "\t中间\t\t有空\t",
    " \t \t ",
    "一\t一 般 公 共 预 算 财 政 拨 款 一 般 公 共 预 算 财 政 拨 款\t2\t3\t4\t5\t6\t7\t8",
    "长" * 40 + "\t" + "很长的单元格，" * 120 + "\t末",
    "表后的段落",
])


def test_edge_cases_round_trip_on_short_pages(tmp_path):
    text = tmp_path / "edge.txt"
    text.write_text(EDGE_CASES, encoding="utf-8")
    # pages too short for the long row: it gets a taller page of its own
    made = make_pdf(text, tmp_path / "edge.pdf", page_height=300)
    assert made.pages >= 3
    rows = read_pdf(made.path).rows
    assert_same_rows(expected_rows(text), [(row.cells, row.is_table) for row in rows])


@pytest.fixture
def damaged(tmp_path, made):
    raw = made.path.read_bytes()
    files = {
        "truncated.pdf": raw[: len(raw) // 2],
        "text.pdf": SAMPLE.read_bytes(),
        "empty.pdf": b"",
        "no-root.pdf": b"%PDF-1.4\nnot really\n%%EOF\n",
        # header and end intact, every object in between zeroed
        "zeroed.pdf": raw[:20] + bytes(len(raw) - 1044) + raw[-1024:],
    }
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    return tmp_path


@pytest.mark.parametrize(
    "name, says",
    [
        ("truncated.pdf", "truncated"),
        ("text.pdf", "not a PDF"),
        ("empty.pdf", "empty"),
        ("no-root.pdf", "damaged"),
        ("zeroed.pdf", "damaged"),
    ],
)
def test_damaged_pdf_is_refused_by_name(damaged, name, says):
    with pytest.raises(ExtractionError, match=says) as refused:
        read_pdf(damaged / name)
    assert name in str(refused.value)


def test_encrypted_and_textless_pdfs_are_refused(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    encrypted = tmp_path / "locked.pdf"
    pages = canvas.Canvas(str(encrypted), encrypt=StandardEncryption("secret"))
    pages.drawString(100, 700, "2024 report")
    pages.save()
    with pytest.raises(ExtractionError, match="encrypted") as refused:
        read_pdf(encrypted)
    assert "locked.pdf" in str(refused.value)

    scanned = tmp_path / "scanned.pdf"
    pages = canvas.Canvas(str(scanned))
    pages.rect(100, 100, 300, 400, fill=1)  # stands for a page image: no text at all
    pages.save()
    with pytest.raises(ExtractionError, match="no text") as refused:
        read_pdf(scanned)
    assert "scanned.pdf" in str(refused.value)


# ---- the whole extraction from the PDF ---------------------------------------------------------


@pytest.fixture(scope="module")
def pdf_seeds(made, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pdf_seeds")
    extract_to(made.path, out, report_id=REPORT_ID)
    return out


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("seed", [s for s in EXTRACTED_SEEDS if s != "source_places"])
def test_the_pdf_extracts_to_the_hand_made_seed(pdf_seeds, seed):
    # A PDF has no text lines: its places are pages and boxes (provenance.csv), not source_line.
    differences = compare_seed(seed, PROJECT / "seeds", pdf_seeds, REPORT_ID, ignore=("source_line", "source_file"))
    assert not differences, "\n".join(map(str, differences[:60]))


def test_every_table_amount_is_inside_the_box_its_provenance_gives(made, pdf_seeds):
    boxes = {
        row["row_key"]: (int(row["page"]), tuple(float(row[k]) for k in ("x0", "top", "x1", "bottom")))
        for row in read_rows(pdf_seeds / "provenance.csv")
        if row["seed"] == "table_cells" and row["column"] == "amount"
    }
    cells = read_rows(pdf_seeds / "table_cells.csv")
    assert cells and len(boxes) == len(cells)
    with pdfplumber.open(made.path) as pdf:
        for cell in cells:
            page, box = boxes[f"{cell['table_code']}|{cell['row_key']}|{cell['column_key']}"]
            printed = pdf.pages[page - 1].crop(box).extract_text().replace(",", "").split()
            assert cell["amount"] in printed, (cell, page, box, printed)


def test_every_value_read_from_the_pdf_has_a_page_and_a_box(pdf_seeds):
    rows = read_rows(pdf_seeds / "provenance.csv")
    carried = {row["figure_id"] for row in read_rows(pdf_seeds / "narrative_figures.csv") if row["figure_id"].startswith("n9")}
    read = [row for row in rows if not (row["seed"] == "narrative_figures" and row["row_key"] in carried)]
    assert read and all(row["page"] and row["x0"] and row["bottom"] for row in read), [
        row for row in read if not row["page"]][:5]


def test_every_line_read_from_the_pdf_has_its_page_and_box(pdf_seeds):
    lines = {row["source_line"] for row in read_rows(pdf_seeds / "narrative_paragraphs.csv")}
    places = read_rows(pdf_seeds / "source_places.csv")
    assert {row["source_line"] for row in places} == lines
    assert all(int(row["page"]) >= 1 and float(row["x0"]) < float(row["x1"]) for row in places)
