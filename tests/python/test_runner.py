"""dbt's compiled plan run without dbt (juesuan.runner, juesuan.plan) builds what `dbt build`
builds: the same relations with the same rows, the same status for every test, the same skips;
and it runs only while nothing dbt compiles from has changed."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from conftest import PROJECT, Build, copy_project, edit_seed, run_build
from juesuan import plan, runner

# Written after the models, by the build itself (a timestamp per run).
NOT_COMPARED = {"main.gx_validation_results"}


def models_run_by(build: Build) -> str:
    stats = json.loads((build.root / "warehouse" / "current" / "build_stats.json").read_text())
    return stats["models_and_tests_by"]


def contents(build: Build) -> dict[str, list[tuple]]:
    """Every table and view of the warehouse (the stored test failures included): its sorted rows."""
    found: dict[str, list[tuple]] = {}
    with duckdb.connect(str(build.warehouse), read_only=True) as connection:
        relations = connection.execute(
            "select table_schema, table_name from information_schema.tables order by all"
        ).fetchall()
        for schema, name in relations:
            if f"{schema}.{name}" in NOT_COMPARED:
                continue
            rows = connection.execute(f'select * from "{schema}"."{name}"').fetchall()
            found[f"{schema}.{name}"] = sorted(rows, key=repr)
    return found


def statuses(build: Build) -> dict[str, str]:
    results = json.loads((build.root / "target" / "run_results.json").read_text())["results"]
    return {result["unique_id"]: result["status"] for result in results}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("plan"))


def test_plan_builds_what_dbt_builds(project: Path) -> None:
    first = run_build(project)
    assert first.returncode == 0, first.output
    assert models_run_by(first) == "dbt"  # a fresh copy has no plan
    by_dbt = {"statuses": statuses(first), "contents": contents(first)}
    second = run_build(project)
    assert second.returncode == 0, second.output
    assert models_run_by(second) == "compiled plan"
    assert "ran dbt's compiled plan" in second.output
    assert statuses(second) == by_dbt["statuses"]
    assert "warn" in set(by_dbt["statuses"].values())
    plan_contents = contents(second)
    assert sorted(plan_contents) == sorted(by_dbt["contents"])
    for relation, rows in by_dbt["contents"].items():
        assert plan_contents[relation] == rows, relation


def test_plan_fails_tests_as_dbt_does(project: Path) -> None:
    """An error finding: the gate test fails (status fail) in both, with the same stored rows."""
    edit_seed(project, "table_cells", {"table_code": "03", "row_key": "2080505", "column_key": "basic"}, {"amount": "124.99"})
    by_plan = run_build(project)  # seed rows are read when the plan runs: still current
    assert models_run_by(by_plan) == "compiled plan"
    assert by_plan.returncode == 1, by_plan.output
    assert by_plan.test_statuses()["check_passes_hierarchy_sum__error"] == "fail"
    plan_statuses, plan_contents = statuses(by_plan), contents(by_plan)
    by_dbt = run_build(project, "--with-dbt")
    assert models_run_by(by_dbt) == "dbt"
    assert by_dbt.returncode == 1, by_dbt.output
    assert statuses(by_dbt) == plan_statuses
    assert contents(by_dbt) == plan_contents


def test_a_changed_model_makes_dbt_run(project: Path) -> None:
    model = project / "models" / "marts" / "findings.sql"
    model.write_text(model.read_text(encoding="utf-8") + "\n-- edited\n", encoding="utf-8")
    build = run_build(project)
    assert build.returncode in (0, 1), build.output
    assert models_run_by(build) == "dbt"


def test_fingerprint_follows_what_dbt_compiles_from(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    (root / "target").mkdir()
    (root / "target" / "manifest.json").write_text('{"nodes": {}}', encoding="utf-8")
    warehouse = root / "warehouse" / ".building" / "juesuan.duckdb"
    plan.save(root, "seeds", warehouse)
    assert plan.load_current(root, "seeds", warehouse) == {"nodes": {}}
    assert plan.load_current(root, "corpus", warehouse) is None  # another input mode, another plan

    edit_seed(root, "table_cells", {"table_code": "03", "row_key": "2080505", "column_key": "basic"}, {"amount": "124.99"})
    assert plan.load_current(root, "seeds", warehouse) is not None  # rows are read at run time

    for edit in (
        lambda: (root / "macros" / "new_macro.sql").write_text("{% macro x() %}1{% endmacro %}", encoding="utf-8"),
        lambda: (root / "seeds" / "new_seed.csv").write_text("a\n1\n", encoding="utf-8"),
        lambda: (root / "dbt_project.yml").write_text(
            (root / "dbt_project.yml").read_text(encoding="utf-8").replace("juesuan_explanation_threshold_pct: 95", "juesuan_explanation_threshold_pct: 90"),
            encoding="utf-8",
        ),
        lambda: (root / "tests" / "acknowledgements_match_findings.sql").write_text("select 1 where false", encoding="utf-8"),
    ):
        plan.save(root, "seeds", warehouse)
        edit()
        assert plan.load_current(root, "seeds", warehouse) is None
    plan.save(root, "seeds", warehouse)
    assert plan.load_current(root, "seeds", warehouse.with_name("other.duckdb")) is None  # names the database


def test_nothing_is_compiled_from_data() -> None:
    """The plan's fingerprint leaves seed rows out: no model, macro or test may read data while
    it compiles."""
    compile_time_reads = re.compile(r"run_query\(|statement\(|load_result\(|get_columns_in_relation|adapter\.get_relation|dbt_utils\.")
    offenders = [
        str(path.relative_to(PROJECT))
        for directory in ("models", "macros", "tests")
        for path in (PROJECT / directory).rglob("*")
        if path.suffix in (".sql", ".yml") and compile_time_reads.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


# -- the runner on a small hand-made manifest --------------------------------------------------

def node(kind: str, name: str, sql: str = "", parents: tuple[str, ...] = (), **config: object) -> tuple[str, dict]:
    unique_id = f"{kind}.juesuan.{name}"
    schema = "main_audit" if kind == "test" else "main"
    materialized = config.pop("materialized", "test" if kind == "test" else "table")
    return unique_id, {
        "resource_type": kind,
        "name": name,
        "relation_name": f'"juesuan"."{schema}"."{name}"',
        "compiled_code": sql,
        "depends_on": {"nodes": list(parents)},
        "original_file_path": f"models/{name}.sql",
        "tags": [],
        "config": {
            "materialized": materialized, "severity": "ERROR", "warn_if": "!= 0", "error_if": "!= 0",
            "fail_calc": "count(*)", "store_failures": True, **config,
        },
    }


def small_manifest(extra: list[tuple[str, dict]] = ()) -> dict:
    nodes = dict([
        node("model", "base", "select 1 as id union all select 2"),
        node("model", "child", 'select * from "juesuan"."main"."base"', ("model.juesuan.base",)),
        node("model", "grandchild", 'select * from "juesuan"."main"."child"', ("model.juesuan.child",), materialized="view"),
        node("model", "sibling", "select 3 as id"),
        node("test", "base_has_no_two", 'select * from "juesuan"."main"."base" where id = 2', ("model.juesuan.base",)),
        node("test", "base_has_no_three", 'select * from "juesuan"."main"."base" where id = 3', ("model.juesuan.base",)),
        node("test", "child_warns", 'select * from "juesuan"."main"."child"', ("model.juesuan.child",), severity="warn"),
        *extra,
    ])
    return {"metadata": {"dbt_version": "test"}, "nodes": nodes}


def test_a_failing_test_skips_what_dbt_build_skips(tmp_path: Path) -> None:
    warehouse = tmp_path / "juesuan.duckdb"
    results = {r.unique_id: r for r in runner.run(small_manifest(), PROJECT, warehouse)}
    assert results["test.juesuan.base_has_no_two"].status == "fail"
    assert results["test.juesuan.base_has_no_two"].failures == 1
    assert results["test.juesuan.base_has_no_three"].status == "pass"  # a sibling test still runs
    for below in ("model.juesuan.child", "model.juesuan.grandchild", "test.juesuan.child_warns"):
        assert results[below].status == "skipped"
    assert results["model.juesuan.sibling"].status == "success"
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        assert connection.execute('select id from main_audit.base_has_no_two').fetchall() == [(2,)]


def test_warn_and_error(tmp_path: Path) -> None:
    manifest = small_manifest([node("model", "broken", 'select * from "juesuan"."main"."missing"', ("model.juesuan.sibling",)),
                               node("model", "below_broken", 'select * from "juesuan"."main"."broken"', ("model.juesuan.broken",))])
    manifest["nodes"]["test.juesuan.base_has_no_two"]["config"]["severity"] = "warn"
    results = {r.unique_id: r for r in runner.run(manifest, PROJECT, tmp_path / "juesuan.duckdb")}
    assert results["test.juesuan.base_has_no_two"].status == "warn"
    assert results["model.juesuan.child"].status == "success"  # a warning skips nothing
    assert results["test.juesuan.child_warns"].status == "warn"
    assert results["model.juesuan.broken"].status == "error"
    assert "models/broken.sql" in results["model.juesuan.broken"].message
    assert results["model.juesuan.below_broken"].status == "skipped"


@pytest.mark.parametrize("extra, reason", [
    (node("snapshot", "history", "select 1"), "snapshot"),
    (node("model", "grows", "select 1", materialized="incremental"), "incremental"),
    (node("model", "hooked", "select 1", **{"post-hook": ["select 1"]}), "hooks"),
    (node("operation", "juesuan-on-run-start-0", "select 1"), "operation"),
])
def test_what_only_dbt_can_run_goes_to_dbt(tmp_path: Path, extra: tuple[str, dict], reason: str) -> None:
    with pytest.raises(runner.PlanNotRunnable, match=reason):
        runner.run(small_manifest([extra]), PROJECT, tmp_path / "juesuan.duckdb")
    assert not (tmp_path / "juesuan.duckdb").exists()  # refused before anything was written


def test_a_node_dbt_did_not_compile_runs_only_if_excluded(tmp_path: Path) -> None:
    """`dbt build --exclude tag:input_key` leaves the excluded tests uncompiled in its manifest;
    the same exclusion runs that plan, and a plan that would need them goes to dbt."""
    unique_id, raw = node("test", "key_checked_at_load", "", ("model.juesuan.base",))
    raw["tags"] = ["input_key"]
    manifest = small_manifest([(unique_id, raw)])
    with pytest.raises(runner.PlanNotRunnable, match="key_checked_at_load: not compiled"):
        runner.run(manifest, PROJECT, tmp_path / "all.duckdb")
    assert not (tmp_path / "all.duckdb").exists()
    results = {r.unique_id: r for r in runner.run(manifest, PROJECT, tmp_path / "juesuan.duckdb", exclude_tags=("input_key",))}
    assert unique_id not in results
    assert results["model.juesuan.sibling"].status == "success"


def test_a_plan_keeps_no_absolute_project_directory(tmp_path: Path) -> None:
    """dbt writes the project's directory into the manifest; a committed plan must not carry its
    committer's, and the installed manifest names the directory of the project that runs it."""
    root = copy_project(tmp_path / "project")
    (root / "target").mkdir()
    written_by_dbt = {"nodes": {}, "macros": {"macro.juesuan.x": {"name": "x", "root_path": "/home/committer/juesuan"}}}
    (root / "target" / "manifest.json").write_text(json.dumps(written_by_dbt), encoding="utf-8")
    warehouse = root / "warehouse" / ".building" / "juesuan.duckdb"
    plan.save(root, "seeds", warehouse)
    kept = (plan.plan_dir(root, "seeds") / "manifest.json").read_text(encoding="utf-8")
    assert "/home/committer" not in kept
    (root / "target" / "manifest.json").unlink()
    plan.install_manifest(root, plan.load_current(root, "seeds", warehouse))
    installed = json.loads((root / "target" / "manifest.json").read_text(encoding="utf-8"))
    assert installed["macros"]["macro.juesuan.x"] == {"name": "x", "root_path": str(root.resolve())}


@pytest.mark.parametrize("report_input", ["seeds", "corpus"])
def test_the_committed_plan_keeps_no_absolute_directory(report_input: str) -> None:
    committed = (PROJECT / plan.COMMITTED_DIR / report_input / "manifest.json").read_text(encoding="utf-8")
    assert str(PROJECT.resolve()) not in committed, "run `make plan` and commit plans/"
    # nor the corpus it was built from: the models read the warehouse's corpus schema
    assert "plan-corpus" not in committed


@pytest.mark.parametrize("report_input", ["seeds", "corpus"])
def test_the_committed_plan_is_current(report_input: str) -> None:
    """plans/<input mode> is what the first build after a clone runs instead of `dbt build`, of
    the sample (seeds) or of a corpus; after a change to what dbt compiles from, `make plan`
    refreshes both."""
    committed = (PROJECT / plan.COMMITTED_DIR / report_input / "fingerprint").read_text(encoding="utf-8")
    warehouse = PROJECT / "warehouse" / ".building" / "juesuan.duckdb"
    assert committed == plan.fingerprint(PROJECT, report_input, warehouse), "stale: run `make plan` and commit plans/"


@pytest.mark.parametrize("report_input", ["seeds", "corpus"])
def test_a_clone_runs_the_committed_plan_while_it_is_current(tmp_path: Path, report_input: str) -> None:
    root = copy_project(tmp_path / "project")  # no target/: a fresh clone
    shutil.copytree(PROJECT / plan.COMMITTED_DIR, root / plan.COMMITTED_DIR)
    warehouse = root / "warehouse" / ".building" / "juesuan.duckdb"
    manifest = plan.load_current(root, report_input, warehouse)
    assert manifest is not None and "model.juesuan.findings" in manifest["nodes"]
    # it became the build's own plan, which install_manifest and later builds read
    assert (plan.plan_dir(root, report_input) / "manifest.json").read_bytes() == (
        root / plan.COMMITTED_DIR / report_input / "manifest.json"
    ).read_bytes()
    shutil.rmtree(plan.plan_dir(root, report_input))
    model = root / "models" / "marts" / "findings.sql"
    model.write_text(model.read_text(encoding="utf-8") + "\n-- edited\n", encoding="utf-8")
    assert plan.load_current(root, report_input, warehouse) is None  # stale: dbt runs
    assert not plan.plan_dir(root, report_input).exists()
