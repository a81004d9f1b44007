"""Run the project's seeds, models and data tests from dbt's compiled manifest, by DuckDB alone.

Why: for one report, `dbt build` spends ~5 s starting and loading its manifest and ~60–100 ms of
its own Python on each of ~180 nodes, while DuckDB needs about a second for all of the SQL (see
docs/benchmarks.md). The SQL is dbt's: every model and test runs exactly as dbt compiled it, in
`dbt build`'s order, with its materialization, severity and stored failures. Only the driving is
done here, and only while nothing dbt compiles from has changed since dbt last built (see
`juesuan.plan`); otherwise `juesuan build` runs dbt, which records a new plan.

What is done as `dbt build` does it:
- seeds are loaded with their declared column types (the same reader as a corpus);
- a model is created as a table or a view; an ephemeral model is already inlined by dbt;
- a data test's failing rows are stored in its audit table, and it is `fail` when its severity is
  error and `failures error_if` holds, `warn` when `failures warn_if` holds, else `pass`;
- a node that errors, and a test that fails, skip what `dbt build` would skip: everything
  downstream of the nodes the test tests;
- `target/run_results.json` lists every node's status in dbt's layout.
"""
from __future__ import annotations

import heapq
import json
import logging
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import duckdb

from juesuan.corpus import select_typed
from juesuan.project import seed_column_types

log = logging.getLogger(__name__)

MATERIALIZATIONS = {"seed", "table", "view", "ephemeral", "test"}


class PlanNotRunnable(RuntimeError):
    """The manifest holds something this runner does not do as dbt does; dbt must run it."""


@dataclass
class NodeResult:
    unique_id: str
    status: str
    execution_time: float
    failures: int | None = None
    message: str | None = None


@dataclass
class Node:
    unique_id: str
    resource_type: str
    name: str
    materialized: str
    relation_name: str | None
    compiled_code: str
    parents: list[str]
    config: dict[str, Any]
    original_file_path: str
    tags: list[str] = field(default_factory=list)


def executable_nodes(manifest: dict[str, Any], declared: dict[str, dict[str, str]]) -> dict[str, Node]:
    """The manifest's seeds, models and data tests; PlanNotRunnable for anything else that runs
    (or a seed without `declared` column types). A node dbt did not compile (one its build
    excluded) has no compiled code: `run` refuses it unless the run excludes it too."""
    nodes: dict[str, Node] = {}
    for unique_id, raw in manifest["nodes"].items():
        resource_type = raw["resource_type"]
        if resource_type not in ("seed", "model", "test"):
            if resource_type in ("snapshot", "unit_test", "operation"):  # operations are on-run hooks
                raise PlanNotRunnable(f"{unique_id}: {resource_type}")
            continue
        config = raw["config"]
        materialized = "seed" if resource_type == "seed" else config.get("materialized")
        if materialized not in MATERIALIZATIONS:
            raise PlanNotRunnable(f"{unique_id}: materialized {materialized!r}")
        if config.get("pre-hook") or config.get("post-hook"):
            raise PlanNotRunnable(f"{unique_id}: hooks")
        if (config.get("contract") or {}).get("enforced"):
            raise PlanNotRunnable(f"{unique_id}: an enforced contract")
        if raw.get("language", "sql") != "sql":
            raise PlanNotRunnable(f"{unique_id}: a {raw['language']} model")
        if resource_type == "seed" and raw["name"] not in declared:
            raise PlanNotRunnable(f"{unique_id}: no declared column types")
        nodes[unique_id] = Node(
            unique_id=unique_id,
            resource_type=resource_type,
            name=raw["name"],
            materialized=materialized,
            relation_name=raw.get("relation_name"),
            compiled_code=raw.get("compiled_code") or "",
            parents=list(raw["depends_on"].get("nodes", [])),
            config=config,
            original_file_path=raw["original_file_path"],
            tags=list(raw.get("tags") or []),
        )
    return nodes


def _children(nodes: dict[str, Node]) -> dict[str, list[str]]:
    children: dict[str, list[str]] = {key: [] for key in nodes}
    for key, node in nodes.items():
        for parent in node.parents:
            if parent in children:
                children[parent].append(key)
    return children


def build_order(nodes: dict[str, Node]) -> list[Node]:
    """Parents before children, a node's tests before anything else that is ready (so a failing
    test skips the children, as in `dbt build`), ties by unique_id."""
    children = _children(nodes)
    waiting = {key: sum(parent in nodes for parent in node.parents) for key, node in nodes.items()}

    def entry(key: str) -> tuple[bool, str]:
        return nodes[key].resource_type != "test", key

    ready = [entry(key) for key, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    ordered: list[Node] = []
    while ready:
        _, key = heapq.heappop(ready)
        ordered.append(nodes[key])
        for child in children[key]:
            waiting[child] -= 1
            if waiting[child] == 0:
                heapq.heappush(ready, entry(child))
    if len(ordered) != len(nodes):
        raise PlanNotRunnable("the manifest's graph has a cycle")
    return ordered


def downstream_of_test(test: Node, nodes: dict[str, Node], descendants: dict[str, set[str]]) -> set[str]:
    """What a failing test skips in `dbt build`: the models (and seeds) below every node it tests,
    and everything below those; not the other tests of the same nodes."""
    tested = [parent for parent in test.parents if parent in nodes]
    if not tested:
        return set()
    below = set.intersection(*(descendants[parent] for parent in tested))
    skipped = {key for key in below if nodes[key].resource_type != "test"}
    for key in list(skipped):
        skipped |= descendants[key]
    return skipped


def all_descendants(nodes: dict[str, Node]) -> dict[str, set[str]]:
    children = _children(nodes)
    found: dict[str, set[str]] = {}

    def visit(key: str) -> set[str]:
        if key not in found:
            below: set[str] = set()
            for child in children[key]:
                below |= {child} | visit(child)
            found[key] = below
        return found[key]

    for key in nodes:
        visit(key)
    return found


def _schema_of(relation_name: str) -> str:
    database, schema, _ = relation_name.split(".")
    return f"{database}.{schema}"


def _run_seed(connection: duckdb.DuckDBPyConnection, node: Node, root: Path, declared: dict[str, dict[str, str]]) -> None:
    select = select_typed(node.name, [root / node.original_file_path], declared[node.name])
    connection.execute(f"create table {node.relation_name} as {select}")


def _run_model(connection: duckdb.DuckDBPyConnection, node: Node) -> None:
    kind = "view" if node.materialized == "view" else "table"
    connection.execute(f"create {kind} {node.relation_name} as (\n{node.compiled_code}\n)")


def _run_test(connection: duckdb.DuckDBPyConnection, node: Node) -> tuple[str, int, str | None]:
    config = node.config
    tested_sql = node.compiled_code
    if config.get("store_failures") and node.relation_name:
        kind = "view" if config.get("store_failures_as") == "view" else "table"
        connection.execute(f"create {kind} {node.relation_name} as (\n{tested_sql}\n)")
        tested_sql = f"select * from {node.relation_name}"
    limit = f"\nlimit {int(config['limit'])}" if config.get("limit") is not None else ""
    fail_calc = config.get("fail_calc") or "count(*)"
    failures, should_warn, should_error = connection.execute(
        f"select {fail_calc} as failures, {fail_calc} {config['warn_if']} as should_warn, "
        f"{fail_calc} {config['error_if']} as should_error "
        f"from (\n{tested_sql}{limit}\n) dbt_internal_test"
    ).fetchone()
    severity = str(config.get("severity") or "error").lower()
    failures = int(failures or 0)
    if severity == "error" and should_error:
        return "fail", failures, f"Got {failures} result{'s' if failures != 1 else ''}, configured to fail if {config['error_if']}"
    if should_warn:
        return "warn", failures, f"Got {failures} result{'s' if failures != 1 else ''}, configured to warn if {config['warn_if']}"
    return "pass", failures, None


def run(
    manifest: dict[str, Any], root: Path, warehouse: Path, exclude_tags: tuple[str, ...] = (), with_tests: bool = True
) -> list[NodeResult]:
    """Build every seed, model and (`with_tests`) data test of `manifest` into `warehouse`; each
    node's result."""
    declared = seed_column_types(root)
    nodes = executable_nodes(manifest, declared)
    if not with_tests:
        nodes = {key: node for key, node in nodes.items() if node.resource_type != "test"}
    excluded = {key for key, node in nodes.items() if set(exclude_tags) & set(node.tags)}
    # as dbt's --exclude does: the tests of an excluded node go with it
    excluded |= {key for key, node in nodes.items() if node.resource_type == "test" and excluded & set(node.parents)}
    nodes = {key: node for key, node in nodes.items() if key not in excluded}
    for node in nodes.values():
        if node.resource_type != "seed" and node.materialized != "ephemeral" and not node.compiled_code:
            raise PlanNotRunnable(f"{node.unique_id}: not compiled")
    descendants = all_descendants(nodes)
    results: list[NodeResult] = []
    skipped: set[str] = set()
    with duckdb.connect(str(warehouse)) as connection:
        for schema in sorted({_schema_of(n.relation_name) for n in nodes.values() if n.relation_name}):
            connection.execute(f"create schema if not exists {schema}")
        for node in build_order(nodes):
            if node.materialized == "ephemeral":
                continue
            if node.unique_id in skipped:
                results.append(NodeResult(node.unique_id, "skipped", 0.0))
                continue
            started = time.perf_counter()
            status, failures, message = "success", None, None
            try:
                if node.resource_type == "seed":
                    _run_seed(connection, node, root, declared)
                elif node.resource_type == "model":
                    _run_model(connection, node)
                else:
                    status, failures, message = _run_test(connection, node)
            except duckdb.Error as error:
                status, message = "error", f"{node.original_file_path}: {error}"
            results.append(NodeResult(node.unique_id, status, round(time.perf_counter() - started, 4), failures, message))
            if status == "error":
                skipped |= descendants[node.unique_id]
            elif status == "fail":
                skipped |= downstream_of_test(node, nodes, descendants)
    # `dbt build` lists exposures as no-op: they document, they do not run
    results += [NodeResult(key, "no-op", 0.0) for key in sorted(manifest.get("exposures") or {})]
    _log_results(results, nodes)
    return results


def _log_results(results: list[NodeResult], nodes: dict[str, Node]) -> None:
    for result in results:
        if result.status in ("warn", "fail", "error"):
            kind = {"warn": "Warning in", "fail": "Failure in", "error": "Error in"}[result.status]
            node = nodes[result.unique_id]
            log.log(
                logging.ERROR if result.status == "error" else logging.WARNING,
                "%s %s %s (%s): %s", kind, node.resource_type, node.name, node.original_file_path, result.message,
            )
    counts = {status: sum(result.status == status for result in results)
              for status in ("success", "pass", "warn", "fail", "error", "skipped", "no-op")}
    log.info(
        "compiled plan done: PASS=%d WARN=%d FAIL=%d ERROR=%d SKIP=%d NO-OP=%d TOTAL=%d",
        counts["success"] + counts["pass"], counts["warn"], counts["fail"], counts["error"],
        counts["skipped"], counts["no-op"], len(results),
    )


def write_run_results(results: list[NodeResult], manifest: dict[str, Any], path: Path, elapsed: float) -> None:
    """run_results.json in dbt's layout, saying which runner wrote it."""
    document = {
        "metadata": {
            "dbt_schema_version": "https://schemas.getdbt.com/dbt/run-results/v6.json",
            "dbt_version": manifest["metadata"].get("dbt_version"),
            "generated_at": datetime.now(timezone.utc).isoformat().replace("+00:00", "Z"),
            "invocation_id": str(uuid.uuid4()),
            "env": {},
        },
        "results": [
            {
                "unique_id": result.unique_id,
                "status": result.status,
                "execution_time": result.execution_time,
                "failures": result.failures,
                "message": result.message,
                "thread_id": "juesuan.runner",
                "timing": [],
                "adapter_response": {},
                "compiled": True,
                "relation_name": manifest["nodes"].get(result.unique_id, {}).get("relation_name"),
            }
            for result in results
        ],
        "elapsed_time": round(elapsed, 3),
        "args": {"which": "build", "runner": "juesuan.runner (dbt's compiled manifest run by DuckDB)"},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
