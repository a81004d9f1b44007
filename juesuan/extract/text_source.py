"""Read the text extracted from a report's PDF: one row per non-empty line, tabs split cells."""
from __future__ import annotations

from pathlib import Path

from juesuan.extract.source import Document, ExtractionError, Place, make_row


def read_text(path: Path) -> Document:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ExtractionError(f"{path}: cannot read: {error.strerror}") from error
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise ExtractionError(
            f"{path}, line {line}, column {column}: not UTF-8 text ({error.reason}); "
            "a report's text must be UTF-8"
        ) from error
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ExtractionError(f"{path}, line {line}: contains NUL bytes: this is not a text file")
    document = Document(path=path, kind="text")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        document.rows.append(make_row(cells, [Place(number)] * len(cells), "\t" in line))
    if not document.rows:
        raise ExtractionError(f"{path}: the file is empty")
    return document
