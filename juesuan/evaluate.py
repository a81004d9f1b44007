"""`juesuan evaluate`: recall and precision of the findings against a synthetic corpus's labels.

A finding counts only at a labelled location: same report, and either the same source line as
the injected value or a location key naming the injected place. Findings of the base report
(those the corpus's clean control report also has: the sample's own warnings) and rounding-only
findings (info) are left out; everything else a build reports is counted:

- recall, per kind of injected error and per family: injections with at least one finding at
  their location;
- precision, per family of the finding's check: findings at a labelled location over all
  findings; the findings that are not are split into those in reports without any injection
  (false alarms) and those elsewhere in a report with one (knock-on findings, e.g. a 类 total
  that no longer agrees with another table after a 项 was changed).
"""
from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import duckdb

from juesuan.markdown import replace_section

START = "<!-- detection:start -->"
END = "<!-- detection:end -->"


@dataclass(frozen=True)
class Location:
    report_id: str
    injection_no: int
    kind: str
    family: str
    place_key: str
    source_line: int


def read_labels(corpus: Path) -> list[Location]:
    with (corpus / "labels.csv").open(encoding="utf-8", newline="") as handle:
        return [
            Location(row["report_id"], int(row["injection_no"]), row["kind"], row["family"], row["place_key"],
                     int(row["source_line"]))
            for row in csv.DictReader(handle)
        ]


def counted_findings(warehouse: Path, control_report_id: str) -> list[dict]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        cursor = connection.execute(
            """
            with control as (
                select check_id, location_key from main.findings where report_id = ?
            )
            select f.report_id, f.check_id, f.check_family, f.location_key, f.source_line, f.severity
            from main.findings as f
            left join control using (check_id, location_key)
            where f.severity in ('error', 'warn') and not f.is_acknowledged
                and control.check_id is null
            """,
            [control_report_id],
        )
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


def _at(finding: dict, location: Location) -> bool:
    if finding["report_id"] != location.report_id:
        return False
    if finding["source_line"] == location.source_line:
        return True
    return re.search(rf"(^|[:@|]){re.escape(location.place_key)}($|[|])", finding["location_key"]) is not None


def measure(corpus: Path, warehouse: Path) -> dict:
    summary = json.loads((corpus / "synthetic.json").read_text(encoding="utf-8"))
    labels = read_labels(corpus)
    findings = counted_findings(warehouse, summary["control_report_id"])
    by_report: dict[str, list[Location]] = defaultdict(list)
    for location in labels:
        by_report[location.report_id].append(location)
    injections = {(l.report_id, l.injection_no): l for l in labels}
    detected: set[tuple[str, int]] = set()
    precision: dict[str, Counter] = defaultdict(Counter)
    for finding in findings:
        hits = [l for l in by_report.get(finding["report_id"], []) if _at(finding, l)]
        for hit in hits:
            detected.add((hit.report_id, hit.injection_no))
        outcome = "at_label" if hits else ("elsewhere" if finding["report_id"] in by_report else "false_alarm")
        precision[finding["check_family"]][outcome] += 1
    recall_by_kind: dict[str, Counter] = defaultdict(Counter)
    recall_by_family: dict[str, Counter] = defaultdict(Counter)
    for key, location in injections.items():
        found = "detected" if key in detected else "missed"
        recall_by_kind[(location.family, location.kind)][found] += 1
        recall_by_family[location.family][found] += 1
    return {
        "corpus": summary,
        "findings_counted": len(findings),
        "recall_by_kind": {f"{family}/{kind}": dict(c) for (family, kind), c in sorted(recall_by_kind.items())},
        "recall_by_family": {family: dict(c) for family, c in sorted(recall_by_family.items())},
        "precision_by_family": {family: dict(c) for family, c in sorted(precision.items())},
    }


def _ratio(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:.2f}" if denominator else "–"


def to_markdown(result: dict) -> str:
    corpus = result["corpus"]
    lines = [
        f"Synthetic corpus: {corpus['reports']} reports, seed {corpus['seed']}, {corpus['injected']} with one injected "
        f"error each (`juesuan synth --reports {corpus['reports']} --seed {corpus['seed']}`); "
        f"{result['findings_counted']} error/warn findings counted (rounding-only and the base report's own left out).",
        "",
        "Recall by kind of injected error (a finding at the labelled location):",
        "",
        "| family | injected error | injected | detected | recall |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for name, counts in result["recall_by_kind"].items():
        family, kind = name.split("/")
        total = counts.get("detected", 0) + counts.get("missed", 0)
        lines.append(f"| {family} | {kind} | {total} | {counts.get('detected', 0)} | {_ratio(counts.get('detected', 0), total)} |")
    lines += ["", "Recall and precision by check family:", "",
              "| family | injected | detected | recall | findings | at a labelled location | elsewhere in an injected report | in a clean report | precision |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    families = sorted(set(result["recall_by_family"]) | set(result["precision_by_family"]))
    for family in families:
        recall = result["recall_by_family"].get(family, {})
        injected = recall.get("detected", 0) + recall.get("missed", 0)
        found = result["precision_by_family"].get(family, {})
        total = sum(found.values())
        lines.append(
            f"| {family} | {injected} | {recall.get('detected', 0)} | {_ratio(recall.get('detected', 0), injected)} "
            f"| {total} | {found.get('at_label', 0)} | {found.get('elsewhere', 0)} | {found.get('false_alarm', 0)} "
            f"| {_ratio(found.get('at_label', 0), total)} |"
        )
    return "\n".join(lines)


def write_section(path: Path, markdown: str) -> None:
    replace_section(path, START, END, markdown)
