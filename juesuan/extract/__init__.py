"""`juesuan extract`: read a published report (its extracted text or its PDF) into the seed layout.

Parts of the template are recognised by their titles and headers, never by line numbers; every
value keeps the place it was read (provenance.csv) and whatever could not be placed is listed
(unplaced.csv) for a person to finish.
"""
from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

from juesuan.extract.result import Extraction, write
from juesuan.extract.source import Document, ExtractionError

log = logging.getLogger(__name__)

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


def extract(path: Path, report_id: str | None = None) -> Extraction:
    from juesuan.extract import parts

    document = read(path)
    extraction = Extraction(report_id=report_id or report_id_for(path), source_kind=document.kind)
    for part in parts.PARTS:
        part(document, extraction)
    parts.list_unclaimed(document, extraction)
    if not extraction.records.get("report_tables"):
        raise ExtractionError(
            f"{path}: none of the nine public tables (公开01表 … 公开09表) was found: "
            "this does not look like a final-accounts report"
        )
    return extraction


def extract_to(path: Path, out: Path, report_id: str | None = None) -> Extraction:
    extraction = extract(path, report_id)
    counts = write(extraction, out)
    log.info(
        "extracted %s (%s) into %s: %s; %d unplaced, %d skipped (see unplaced.csv)",
        path, extraction.report_id, out,
        ", ".join(f"{seed} {n}" for seed, n in counts.items() if n),
        len(extraction.unplaced), len(extraction.skipped),
    )
    return extraction
