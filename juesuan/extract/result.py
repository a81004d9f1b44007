"""What an extraction found: seed records, the place of every value, and what it could not place."""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from juesuan.extract.source import Place
from juesuan.project import PROJECT_ROOT, report_data_seeds, seed_keys_within_report


def seed_header(seed: str, root: Path = PROJECT_ROOT) -> list[str]:
    """A seed's columns, read from the project's own CSV (the layout's one definition)."""
    with (root / "seeds" / f"{seed}.csv").open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


@lru_cache(maxsize=None)
def _key_columns(seed: str) -> tuple[str, ...]:
    """A seed's key within one report (read once: every extracted value asks for it)."""
    return tuple(seed_keys_within_report().get(seed, []))


@dataclass(frozen=True)
class Unplaced:
    place: Place
    text: str
    reason: str


@dataclass
class Extraction:
    report_id: str
    source_kind: str
    records: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    provenance: list[tuple[str, str, str, Place]] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    skipped: list[Unplaced] = field(default_factory=list)
    claimed: set[int] = field(default_factory=set)  # indexes of rows some part read

    def add(self, seed: str, record: dict[str, object], places: dict[str, Place], default: Place) -> None:
        """Add one seed row; `places` gives the place of each value read from a cell of its own,
        every other non-empty column is attributed to `default` (the row's start)."""
        record = {"report_id": self.report_id, **record}
        record.setdefault("source_line", default.line)
        self.records.setdefault(seed, []).append(record)
        key = self.key_of(seed, record)
        for column, value in record.items():
            if column in ("report_id", "source_line") or value in (None, ""):
                continue
            self.provenance.append((seed, key, column, places.get(column, default)))

    @staticmethod
    def key_of(seed: str, record: dict[str, object]) -> str:
        return "|".join(str(record.get(column, "")) for column in _key_columns(seed))

    def cannot_place(self, place: Place, text: str, reason: str) -> None:
        self.unplaced.append(Unplaced(place, text, reason))

    def skip(self, place: Place, text: str, reason: str) -> None:
        self.skipped.append(Unplaced(place, text, reason))


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def write(extraction: Extraction, out: Path) -> dict[str, int]:
    """Write every report-data seed (an empty one with its header when nothing was found), the
    provenance of every value and the list of what could not be placed."""
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for seed in report_data_seeds():
        header = seed_header(seed)
        rows = extraction.records.get(seed, [])
        with (out / f"{seed}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            for record in rows:
                writer.writerow([_cell(record.get(column)) for column in header])
        counts[seed] = len(rows)
    with (out / "provenance.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["report_id", "seed", "row_key", "column", "source_line", "page", "x0", "top", "x1", "bottom"])
        for seed, key, column, place in extraction.provenance:
            box = [f"{v:.1f}" for v in place.bbox] if place.bbox else ["", "", "", ""]
            writer.writerow([extraction.report_id, seed, key, column, place.line, _cell(place.page), *box])
    with (out / "unplaced.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["report_id", "kind", "source_line", "page", "where", "reason", "text"])
        for kind, items in (("unplaced", extraction.unplaced), ("skipped", extraction.skipped)):
            for item in items:
                writer.writerow(
                    [extraction.report_id, kind, item.place.line, _cell(item.place.page),
                     item.place.describe(), item.reason, item.text]
                )
    return counts
