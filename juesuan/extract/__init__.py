"""`juesuan extract`: read a published report (its extracted text or its PDF) into the seed layout.

Parts of the template are recognised by their titles and headers, never by line numbers; every
value keeps the place it was read (provenance.csv) and whatever could not be placed is listed
(unplaced.csv) for a person to finish.
"""
from __future__ import annotations

import csv
import hashlib
import logging
import re
from pathlib import Path

from juesuan.extract.result import Extraction, write
from juesuan.extract.source import Document, ExtractionError, Place
from juesuan.project import PROJECT_ROOT

log = logging.getLogger(__name__)

# A reviewer's annotations, not something the report prints: which places state the same fact,
# and which findings are accepted. They are carried over from the reviewer's seeds, never extracted.
ANNOTATION_SEEDS = ("fact_crosswalk", "acknowledgements")
# Every other report-data seed is read from the report itself.
EXTRACTED_SEEDS = (
    "reports", "report_tables", "table_cells", "narrative_figures", "line_items", "line_item_reason_amounts",
    "performance_indicators", "project_summary", "project_evaluations", "project_narratives",
    "narrative_paragraphs", "source_places",
)

# The sample's file names carry the report id: `000_b12a26cdf2efb646.txt`.
NAMED_ID = re.compile(r"^\d+_([0-9a-f]{16})$")


def report_id_for(path: Path) -> str:
    match = NAMED_ID.match(path.stem)
    if match:
        return match.group(1)
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def read(path: Path) -> Document:
    if not path.exists():
        raise ExtractionError(f"{path}: no such file")
    if path.suffix.lower() == ".pdf":
        from juesuan.extract.pdf_source import read_pdf

        return read_pdf(path)
    from juesuan.extract.text_source import read_text

    return read_text(path)


# Figures a reviewer adds from prose the extraction does not read (achievements in 五(三) that
# restate an indicator): numbered from n901 (seeds/README.md), carried over like the crosswalk.
REVIEWER_FIGURE = "n9"


def _annotates(seed: str, row: dict[str, str], report_id: str) -> bool:
    if seed == "acknowledgements":  # finding ids are `<check_id>:<report_id>:<location>`
        return row.get("finding_id", "").split(":")[1:2] == [report_id]
    return row.get("report_id") == report_id


def _read_rows(seed: str, annotations: Path, report_id: str) -> list[dict[str, str]]:
    """The rows of `annotations/<seed>.csv` that belong to this report (none if there is no file)."""
    path = annotations / f"{seed}.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if _annotates(seed, row, report_id)]


def _carry_reviewer_figures(extraction: Extraction, annotations: Path, document: Document) -> None:
    """The reviewer's own figures (n901…) come with the line of the text the reviewer read; the
    line is found again in this extraction through the paragraph (same position, same text), so
    a figure carried into a PDF's extraction points at the PDF's row."""
    report_id = extraction.report_id
    added = [row for row in _read_rows("narrative_figures", annotations, report_id)
             if row["figure_id"].startswith(REVIEWER_FIGURE)]
    if not added:
        return
    reviewed = {row["source_line"]: (row["paragraph_id"], row["text"])
                for row in _read_rows("narrative_paragraphs", annotations, report_id)}
    here = {(row["paragraph_id"], row["text"]): row["source_line"]
            for row in extraction.records.get("narrative_paragraphs", [])}
    places = {row.line: row.place for row in document.rows}
    for row in added:
        line = here.get(reviewed.get(row["source_line"], ("", "")))
        if line is None:
            extraction.cannot_place(Place(int(row["source_line"])), f"{row['figure_id']} {row['label_zh']}",
                                    "a reviewer's figure whose line is not in this report: not carried over")
            continue
        row = {**row, "source_line": line}
        extraction.records.setdefault("narrative_figures", []).append(row)
        key = Extraction.key_of("narrative_figures", row)
        for column, value in row.items():
            if value and column not in ("report_id", "source_line"):
                extraction.provenance.append(("narrative_figures", key, column, places[line]))


def carry_annotations(extraction: Extraction, annotations: Path, document: Document) -> None:
    """Copy the reviewer's annotations of this report (rows with its report_id) from `annotations`
    (a directory in the seed layout, by default the project's seeds/); say when there are none."""
    _carry_reviewer_figures(extraction, annotations, document)
    for seed in ANNOTATION_SEEDS:
        rows = _read_rows(seed, annotations, extraction.report_id)
        extraction.records[seed] = rows
        if not rows and seed == "fact_crosswalk":
            extraction.skip(
                Place(0), seed,
                f"no reviewer's crosswalk for report {extraction.report_id} in {annotations}: checks of a fact "
                "repeated in several places need one (docs/fact_keys.md)",
            )


def source_places(document: Document, report_id: str) -> list[dict[str, object]]:
    """Page and box of every row of a PDF (a finding on that row quotes the page); none for text."""
    places = []
    for row in document.rows:
        boxes = [place.bbox for place in row.places if place.bbox]
        if row.place.page is None or not boxes:
            continue
        places.append({
            "report_id": report_id, "source_line": row.line, "page": row.place.page,
            "x0": f"{min(b[0] for b in boxes):.1f}", "top": f"{min(b[1] for b in boxes):.1f}",
            "x1": f"{max(b[2] for b in boxes):.1f}", "bottom": f"{max(b[3] for b in boxes):.1f}",
        })
    return places


def extract(path: Path, report_id: str | None = None, annotations: Path | None = PROJECT_ROOT / "seeds") -> Extraction:
    from juesuan.extract import parts

    document = read(path)
    extraction = Extraction(report_id=report_id or report_id_for(path), source_kind=document.kind)
    for part in parts.PARTS:
        part(document, extraction)
    parts.list_unclaimed(document, extraction)
    extraction.records["source_places"] = source_places(document, extraction.report_id)
    if annotations is not None:
        carry_annotations(extraction, annotations, document)
    if not extraction.records.get("report_tables"):
        raise ExtractionError(
            f"{path}: none of the nine public tables (公开01表 … 公开09表) was found: "
            "this does not look like a final-accounts report"
        )
    return extraction


def extract_to(
    path: Path, out: Path, report_id: str | None = None, annotations: Path | None = PROJECT_ROOT / "seeds"
) -> Extraction:
    extraction = extract(path, report_id, annotations)
    counts = write(extraction, out)
    log.info(
        "extracted %s (%s) into %s: %s; %d unplaced, %d skipped (see unplaced.csv)",
        path, extraction.report_id, out,
        ", ".join(f"{seed} {n}" for seed, n in counts.items() if n),
        len(extraction.unplaced), len(extraction.skipped),
    )
    return extraction
