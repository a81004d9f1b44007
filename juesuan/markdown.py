"""Tables that commands write into hand-written Markdown (docs/benchmarks.md), between markers."""
from __future__ import annotations

from pathlib import Path


def replace_section(path: Path, start: str, end: str, markdown: str) -> None:
    """Put `markdown` between the `start` and `end` marker lines of `path`, leaving the rest;
    the markers are appended when the file does not have them yet."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if start not in text:
        text += f"\n{start}\n{end}\n"
    before, rest = text.split(start, 1)
    _, after = rest.split(end, 1)
    path.write_text(f"{before}{start}\n{markdown}\n{end}{after}", encoding="utf-8")
