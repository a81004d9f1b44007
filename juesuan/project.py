"""Where the project's parts live, and the one configuration (the `vars:` of dbt_project.yml)."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_WAREHOUSE = Path("warehouse") / "juesuan.duckdb"


def warehouse_path(root: Path = PROJECT_ROOT) -> Path:
    """The DuckDB file dbt builds; JUESUAN_WAREHOUSE overrides it (relative to the project)."""
    configured = Path(os.environ.get("JUESUAN_WAREHOUSE", str(DEFAULT_WAREHOUSE)))
    return configured if configured.is_absolute() else root / configured


@lru_cache(maxsize=None)
def _dbt_project(root: Path) -> dict[str, Any]:
    with (root / "dbt_project.yml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def settings(root: Path = PROJECT_ROOT) -> dict[str, Any]:
    """Thresholds, tolerances and severities: the same values dbt reads through var()."""
    return dict(_dbt_project(root)["vars"])


def _seed_settings(root: Path, setting: str) -> dict[str, Any]:
    """`setting` of every seed that declares it in dbt_project.yml, keyed by seed name."""
    found: dict[str, Any] = {}

    def walk(node: dict[str, Any]) -> None:
        for key, value in node.items():
            if not isinstance(value, dict):
                continue
            if setting in value:
                found[key] = value[setting]
            walk(value)

    walk(_dbt_project(root)["seeds"])
    return found


def seed_column_types(root: Path = PROJECT_ROOT) -> dict[str, dict[str, str]]:
    """Declared column types of every seed, keyed by seed name (the CSV's file stem)."""
    return {name: dict(types) for name, types in _seed_settings(root, "+column_types").items()}


def seed_unique_keys(root: Path = PROJECT_ROOT) -> dict[str, list[str]]:
    """The columns that identify a row of each seed (`+meta: unique_key` in dbt_project.yml)."""
    return {
        name: list(meta["unique_key"])
        for name, meta in _seed_settings(root, "+meta").items()
        if "unique_key" in (meta or {})
    }


def seed_keys_within_report(root: Path = PROJECT_ROOT) -> dict[str, list[str]]:
    """Each seed's key within one report: its unique_key without report_id (empty for `reports`,
    which has one row per report)."""
    return {name: [c for c in key if c != "report_id"] for name, key in seed_unique_keys(root).items()}


def report_data_seeds(root: Path = PROJECT_ROOT) -> list[str]:
    """The seeds that hold a report's own data (tagged `report_data`), in declaration order; a
    corpus of reports supplies these, the rule seeds stay the project's."""
    return [name for name, tags in _seed_settings(root, "+tags").items() if "report_data" in tags]
