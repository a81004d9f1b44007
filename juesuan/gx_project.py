"""The Great Expectations project in expectations/: one suite per family of checks over the
`check_outcomes` mart, a pandas datasource fed from the DuckDB warehouse, and one checkpoint.

The suites are generated from seeds/rules/check_catalog.csv and the `vars:` of dbt_project.yml
(`juesuan suites` writes them), so their meta (rule names, severities, tolerances) has one source
of truth; tests/python/test_gx.py fails if the committed JSON and that source disagree.

Why pandas and not GX's SQL datasource: GX 1.24.1's SQL datasource over duckdb_engine fetches
after its connection has closed and every SQL expectation ends in an exception. The runner reads
`check_outcomes` from DuckDB into a DataFrame and validates that; an exception in any expectation
fails the run (see juesuan.validate).
"""
from __future__ import annotations

import csv
import os
import warnings
from pathlib import Path
from typing import Any

from juesuan.gx_imports import quiet_great_expectations_logs
from juesuan.project import PROJECT_ROOT, settings

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
quiet_great_expectations_logs()
warnings.filterwarnings("ignore", module="great_expectations")

DATASOURCE = "juesuan_warehouse"
ASSET = "check_outcomes"
BATCH = "whole_table"
CHECKPOINT = "juesuan_checks"
UNEXPECTED_IDS_KEPT = 1000
LEVELS = {
    # level: (outcomes that fail it, severity of the expectation)
    "error": (["error"], "error"),
    "advisory": (["warn", "info"], "warn"),
}


def context(root: Path = PROJECT_ROOT) -> Any:
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    project = gx.get_context(mode="file", project_root_dir=str(root / "expectations"))
    # no wall of progress bars in CI logs
    project.variables.progress_bars = ProgressBarsConfig(globally=False)
    return project


def catalog(root: Path = PROJECT_ROOT) -> list[dict[str, str]]:
    with (root / "seeds" / "rules" / "check_catalog.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def suite_name(family: str) -> str:
    return f"juesuan_{family}"


def suite_definitions(root: Path = PROJECT_ROOT) -> dict[str, list[dict[str, Any]]]:
    """Suite name -> its expectations as plain dicts (type, kwargs, meta, notes)."""
    config = settings(root)
    rounding = {
        "half_unit_of_last_digit": config["juesuan_rounding_half_unit"],
        "slack_units_of_last_digit": config["juesuan_rounding_slack_units"],
        "rounding_difference_severity": config["juesuan_rounding_severity"],
    }
    thresholds = {
        "explanation_threshold_pct": config["juesuan_explanation_threshold_pct"],
        "project_rate_threshold_pct": config["juesuan_project_rate_threshold_pct"],
        "execution_score_points": config["juesuan_execution_score_points"],
        "approximate_target_pct": config["juesuan_approximate_target_pct"],
    }
    suites: dict[str, list[dict[str, Any]]] = {}
    for check in catalog(root):
        for level, (failing_outcomes, severity) in LEVELS.items():
            suites.setdefault(suite_name(check["family"]), []).append(
                {
                    "type": "expect_column_values_to_not_be_in_set",
                    "kwargs": {
                        "column": "outcome",
                        "value_set": failing_outcomes,
                        # GX's Condition (Column("check_id") == …) as it serializes one: string
                        # conditions with a condition_parser are deprecated since GX Core 1.9
                        "row_condition": {
                            "type": "comparison",
                            "column": {"name": "check_id"},
                            "operator": "==",
                            "parameter": check["check_id"],
                        },
                    },
                    "meta": {
                        "check_id": check["check_id"],
                        "rule_zh": check["name_zh"],
                        "rule_en": check["name_en"],
                        "level": level,
                        "severity": severity,
                        "material_severity": config["juesuan_check_severity"][check["check_id"]],
                        "rounding_tolerance": rounding,
                        "thresholds": thresholds,
                    },
                    "notes": (
                        f"{check['name_zh']} ({check['name_en']}): {check['description']} "
                        + (
                            "Fails on an unacknowledged error finding of this rule."
                            if level == "error"
                            else "Fails on an unacknowledged warn or info finding (advisory)."
                        )
                    ),
                }
            )
    return suites


def write_project(root: Path = PROJECT_ROOT) -> None:
    """(Re)write the suites, the datasource, the validation definitions and the checkpoint."""
    import great_expectations as gx
    from great_expectations.expectations.registry import get_expectation_impl

    project = context(root)
    source = project.data_sources.add_or_update_pandas(DATASOURCE)
    asset = next((a for a in source.assets if a.name == ASSET), None) or source.add_dataframe_asset(ASSET)
    batch = next((b for b in asset.batch_definitions if b.name == BATCH), None)
    batch = batch or asset.add_batch_definition_whole_dataframe(BATCH)
    definitions = []
    for name, expectations in sorted(suite_definitions(root).items()):
        suite = gx.ExpectationSuite(name=name, meta={"source": "seeds/rules/check_catalog.csv, dbt_project.yml vars"})
        for spec in expectations:
            expectation_class = get_expectation_impl(spec["type"])
            suite.add_expectation(
                expectation_class(**spec["kwargs"], meta=spec["meta"], notes=spec["notes"])
            )
        suite = project.suites.add_or_update(suite)
        definitions.append(
            project.validation_definitions.add_or_update(
                gx.ValidationDefinition(name=f"{name}__{ASSET}", data=batch, suite=suite)
            )
        )
    project.checkpoints.add_or_update(
        gx.Checkpoint(
            name=CHECKPOINT,
            validation_definitions=definitions,
            # no UpdateDataDocsAction: it rebuilds the whole site after each of the suites' runs;
            # juesuan.validate builds Data Docs once, after the checkpoint
            actions=[],
            # SUMMARY with up to UNEXPECTED_IDS_KEPT finding ids per expectation and the exact
            # count: COMPLETE lists every id, and a corpus's advisory expectations have hundreds of
            # thousands, which GX then serialises and renders into Data Docs
            result_format={
                "result_format": "SUMMARY",
                "unexpected_index_column_names": ["finding_id"],
                "partial_unexpected_count": UNEXPECTED_IDS_KEPT,
            },
        )
    )
