"""dbt docs as one static page, from the manifest `dbt build` wrote and a catalog read from DuckDB.

`dbt docs generate --static` would start dbt a second time (parse, connect, query the catalog):
about 8 s of a sample build. The page it writes is dbt's docs index.html with manifest.json and
catalog.json inlined; this module writes the same page, with the catalog (columns, types, row
counts) read from the warehouse's information_schema in one query.
"""
from __future__ import annotations

import importlib.util
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import duckdb

CATALOG_SCHEMA = "https://schemas.getdbt.com/dbt/catalog/v1.json"


def docs_template() -> Path:
    """dbt's docs index.html, found without importing dbt."""
    spec = importlib.util.find_spec("dbt")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("dbt is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "task" / "docs" / "index.html"


def _relations(manifest: dict[str, Any]) -> dict[tuple[str, str], str]:
    """(schema, table) -> unique_id of every model, seed, snapshot and source."""
    relations = {}
    for unique_id, node in {**manifest["nodes"], **manifest["sources"]}.items():
        if node["resource_type"] in ("model", "seed", "snapshot", "source"):
            name = node.get("alias") or node.get("identifier") or node["name"]
            relations[(node["schema"].lower(), name.lower())] = unique_id
    return relations


def catalog(warehouse: Path, manifest: dict[str, Any]) -> dict[str, Any]:
    relations = _relations(manifest)
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        database = connection.execute("select current_database()").fetchall()[0][0]
        columns = connection.execute(
            """
            select c.table_schema, c.table_name, t.table_type, c.column_name, c.data_type,
                   c.ordinal_position
            from information_schema.columns as c
            join information_schema.tables as t
                on c.table_schema = t.table_schema and c.table_name = t.table_name
            order by c.table_schema, c.table_name, c.ordinal_position
            """
        ).fetchall()
        row_counts = dict(
            ((schema, name), count)
            for schema, name, count in connection.execute(
                "select schema_name, table_name, estimated_size from duckdb_tables()"
            ).fetchall()
        )
    entries: dict[str, dict[str, Any]] = {}
    for schema, table, table_type, column, data_type, position in columns:
        unique_id = relations.get((schema.lower(), table.lower()))
        if unique_id is None:
            continue
        entry = entries.setdefault(
            unique_id,
            {
                "metadata": {
                    "type": "VIEW" if table_type == "VIEW" else "BASE TABLE",
                    "schema": schema, "name": table, "database": database,
                    "comment": None, "owner": None,
                },
                "columns": {},
                "stats": _stats(row_counts.get((schema, table))),
                "unique_id": unique_id,
            },
        )
        entry["columns"][column] = {"type": data_type, "index": position, "name": column, "comment": None}
    return {
        "metadata": {
            "dbt_schema_version": CATALOG_SCHEMA,
            "dbt_version": manifest["metadata"].get("dbt_version"),
            "generated_at": datetime.now(timezone.utc).isoformat().replace("+00:00", "Z"),
            "invocation_id": manifest["metadata"].get("invocation_id"),
            "env": {},
        },
        "nodes": {key: value for key, value in entries.items() if not key.startswith("source.")},
        "sources": {key: value for key, value in entries.items() if key.startswith("source.")},
        "errors": None,
    }


def _stats(rows: int | None) -> dict[str, Any]:
    stats: dict[str, Any] = {
        "has_stats": {"id": "has_stats", "label": "Has Stats?", "value": rows is not None,
                      "include": False, "description": "Indicates whether there are statistics for this table"}
    }
    if rows is not None:
        stats["row_count"] = {"id": "row_count", "label": "Row Count", "value": rows,
                              "include": True, "description": "Estimated number of rows"}
    return stats


def write_static_docs(target: Path, warehouse: Path, destination: Path) -> None:
    """dbt's static docs page for the build whose artifacts are in `target`."""
    manifest_text = (target / "manifest.json").read_text(encoding="utf-8")
    catalog_data = catalog(warehouse, json.loads(manifest_text))
    (target / "catalog.json").write_text(json.dumps(catalog_data), encoding="utf-8")
    page = docs_template().read_text(encoding="utf-8")
    page = page.replace('"MANIFEST.JSON INLINE DATA"', manifest_text)
    page = page.replace('"CATALOG.JSON INLINE DATA"', json.dumps(catalog_data))
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_text(page, encoding="utf-8")
