"""Great Expectations: the committed suites are the configuration's, they validate the marts
through the checkpoint, their failing locations are exactly the unacknowledged findings, and an
exception inside GX fails the run instead of passing."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from conftest import PROJECT, Build
from juesuan.gx_project import suite_definitions
from juesuan.gx_worker import ValidationWorker
from juesuan.validate import ValidationCrashed, ValidationSummary, run_checkpoint


def committed_suites() -> dict[str, list[dict]]:
    suites = {}
    for path in (PROJECT / "expectations" / "gx" / "expectations").glob("*.json"):
        suite = json.loads(path.read_text(encoding="utf-8"))
        suites[suite["name"]] = [
            {"type": e["type"], "kwargs": e["kwargs"], "meta": e["meta"], "notes": e["notes"]}
            for e in suite["expectations"]
        ]
    return suites


def test_committed_suites_are_generated_from_the_one_configuration() -> None:
    generated = suite_definitions(PROJECT)
    assert committed_suites() == generated, "run `juesuan suites` and commit expectations/"
    every_check = {e["meta"]["check_id"] for expectations in generated.values() for e in expectations}
    catalog = (PROJECT / "seeds" / "rules" / "check_catalog.csv").read_text(encoding="utf-8")
    assert every_check == {line.split(",")[0] for line in catalog.splitlines()[1:]}
    for expectations in generated.values():
        for expectation in expectations:
            meta = expectation["meta"]
            assert meta["rule_zh"] and meta["rule_en"] and meta["severity"] in ("error", "warn")
            assert meta["rounding_tolerance"]["slack_units_of_last_digit"] >= 0


def test_validation_results_are_queryable_in_the_warehouse(clean_build: Build) -> None:
    rows = clean_build.query(
        "select suite, count(*), count(*) filter (where level = 'error' and not success) "
        "from main.gx_validation_results group by suite"
    )
    assert len(rows) == len(suite_definitions(PROJECT))
    # the sample's error findings are all acknowledged: no error-level expectation fails
    assert all(failed == 0 for _suite, _count, failed in rows)
    advisory = clean_build.query(
        "select unnest(unexpected_finding_ids) from main.gx_validation_results where not success"
    )
    unacknowledged = {i for i, f in clean_build.findings().items() if not f["is_acknowledged"]}
    assert {row[0] for row in advisory} == unacknowledged


def broken_warehouse(directory: Path) -> Path:
    """A check_outcomes without the outcome column the expectations read."""
    broken = directory / "broken.duckdb"
    with duckdb.connect(str(broken)) as connection:
        connection.execute(
            "create table main.check_outcomes as "
            "select 'x' as finding_id, 'hierarchy_sum' as check_id, 'pass' as result"
        )
    return broken


def test_an_exception_in_gx_fails_the_run(clean_build: Build, tmp_path: Path) -> None:
    broken = broken_warehouse(tmp_path)
    with pytest.raises(ValidationCrashed):
        run_checkpoint(broken, clean_build.root)


# The suites use nothing GX has deprecated (string row conditions with a condition_parser were,
# as of GX Core 1.9): the GX process, forked from this one, inherits this filter and fails on one.
@pytest.mark.filterwarnings("error:.*deprecated as of GX Core:DeprecationWarning")
def test_the_gx_process_returns_what_the_checkpoint_returns(clean_build: Build) -> None:
    """`juesuan build` runs the checkpoint in a process of its own (juesuan.gx_worker)."""
    with ValidationWorker() as worker:
        worker.start_checkpoint(clean_build.warehouse, clean_build.root)
        through_process = worker.checkpoint_results()
        worker.wait_for_data_docs()
    direct = run_checkpoint(clean_build.warehouse, clean_build.root)

    def seen(summary: ValidationSummary) -> set[tuple]:
        return {(o.suite, o.check_id, o.level, o.success, o.unexpected_count, tuple(o.unexpected_finding_ids))
                for o in summary.outcomes}

    assert seen(through_process) == seen(direct)
    assert any(not outcome.success for outcome in through_process.outcomes)


def test_an_exception_in_the_gx_process_fails_the_run(clean_build: Build, tmp_path: Path) -> None:
    broken = broken_warehouse(tmp_path)
    with ValidationWorker() as worker:
        worker.start_checkpoint(broken, clean_build.root)
        with pytest.raises(ValidationCrashed):
            worker.checkpoint_results()


def test_gx_lists_the_same_unexpected_ids_when_it_lists_only_those_it_keeps() -> None:
    """juesuan.gx_unexpected_ids hands GX's id listing only the rows GX keeps; on GX's own
    function the kept ids are the same, and COMPLETE and exclude_unexpected_values are untouched."""
    import pandas as pd
    from great_expectations.expectations.metrics import util

    from juesuan.gx_unexpected_ids import only_the_kept_rows

    frame = pd.DataFrame({"finding_id": [f"hierarchy_sum:r{i}:x" for i in range(40)], "outcome": ["warn"] * 40})
    frame = frame.iloc[3:]  # the unexpected rows keep their positions in the validated frame
    original = util.compute_unexpected_pandas_indices
    wrapped = only_the_kept_rows(original)
    for result_format, kept in (
        ({"result_format": "SUMMARY", "partial_unexpected_count": 7}, 7),
        ({"result_format": "SUMMARY", "partial_unexpected_count": 0}, 0),
        ({"result_format": "BASIC", "partial_unexpected_count": 100}, 100),
        ({"result_format": "COMPLETE", "partial_unexpected_count": 7}, None),
        ({"result_format": "SUMMARY", "partial_unexpected_count": 7, "exclude_unexpected_values": True}, None),
    ):
        arguments = {
            "domain_records_df": frame,
            "expectation_domain_column_list": ["outcome"],
            "result_format": {**result_format, "unexpected_index_column_names": ["finding_id"]},
            "execution_engine": None,
            "metrics": {"table.columns": list(frame.columns)},
        }
        listed = original(**arguments)
        if kept is None:  # GX's caller keeps the whole list
            assert wrapped(**arguments) == listed, result_format
        else:  # GX's caller keeps the first `partial_unexpected_count`
            assert wrapped(**arguments)[:kept] == listed[:kept], result_format
            assert len(wrapped(**arguments)) == min(kept, len(frame))


def test_gx_unexpected_ids_read_a_column_at_a_time_are_gxs_own() -> None:
    """The kept rows' ids, read a column at a time (juesuan.gx_unexpected_ids.ids_by_column), equal
    GX's own listing entry by entry and key by key, for text and categories of text; for any
    other column, a named index or an unknown column it leaves the listing to GX."""
    import pandas as pd
    from great_expectations.expectations.metrics import util

    from juesuan.gx_unexpected_ids import ids_by_column

    checks = ["hierarchy_sum", "row_identity", "cross_table"]
    frame = pd.DataFrame(
        {
            "finding_id": [f"{checks[i % 3]}:r{i}:x" for i in range(30)],
            "check_id": [checks[i % 3] for i in range(30)],
            "outcome": ["warn", "error", None] * 10,
            "evaluations": list(range(30)),
        }
    ).astype({"check_id": "category", "outcome": "category"}).iloc[4:25]

    def arguments(frame: pd.DataFrame, domain: list[str], ids: list[str]) -> dict:
        return {
            "domain_records_df": frame,
            "expectation_domain_column_list": domain,
            "result_format": {"result_format": "SUMMARY", "partial_unexpected_count": 20,
                              "unexpected_index_column_names": ids},
            "metrics": {"table.columns": list(frame.columns)},
        }

    for domain, ids in ((["outcome"], ["finding_id"]), (["outcome", "check_id"], ["finding_id", "check_id"])):
        listed = util.compute_unexpected_pandas_indices(execution_engine=None, **arguments(frame, domain, ids))
        read = ids_by_column(**arguments(frame, domain, ids))
        assert read == listed and [list(entry) for entry in read] == [list(entry) for entry in listed]
    assert ids_by_column(**arguments(frame, ["evaluations"], ["finding_id"])) is None  # numbers: GX's types
    assert ids_by_column(**arguments(frame, ["outcome"], ["no_such_column"])) is None
    assert ids_by_column(**arguments(frame.set_index("finding_id"), ["outcome"], ["check_id"])) is None


def test_more_unexpected_rows_than_gx_lists_are_all_counted(clean_build: Build, tmp_path: Path) -> None:
    """With the listing cut to the ids GX keeps, its counts still cover every unexpected row."""
    from juesuan.gx_project import UNEXPECTED_IDS_KEPT

    warned = UNEXPECTED_IDS_KEPT + 250
    warehouse = tmp_path / "many.duckdb"
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute(
            "create table main.check_outcomes as "
            "select 'hierarchy_sum:r' || i || ':x' as finding_id, 'hierarchy_sum' as check_id, "
            "'rounding' as status, 'warn' as outcome from range(?) as t (i)",
            [warned],
        )
    summary = run_checkpoint(warehouse, clean_build.root, with_data_docs=False)
    from great_expectations.expectations.metrics.map_metric_provider import map_condition_auxilliary_methods

    # the pinned GX has the function in the shape juesuan.gx_unexpected_ids knows: it was wrapped
    assert hasattr(map_condition_auxilliary_methods.compute_unexpected_pandas_indices, "juesuan_original")
    advisory = [o for o in summary.outcomes if o.check_id == "hierarchy_sum" and o.level == "advisory"]
    assert len(advisory) == 1 and not advisory[0].success
    assert advisory[0].unexpected_count == warned
    assert len(advisory[0].unexpected_finding_ids) == UNEXPECTED_IDS_KEPT
    assert set(advisory[0].unexpected_finding_ids) <= {f"hierarchy_sum:r{i}:x" for i in range(warned)}
    assert all(o.success for o in summary.outcomes if o.check_id != "hierarchy_sum" or o.level == "error")


def in_a_fresh_interpreter(program: str) -> subprocess.CompletedProcess[str]:
    """`program` run by a new Python process in the project: what importing GX does to a process
    shows only in one that has not imported it yet."""
    return subprocess.run([sys.executable, "-c", program], check=True, capture_output=True, text=True, cwd=PROJECT)


def test_gx_is_imported_without_scipy_stats_and_altair_which_still_load_when_used() -> None:
    """juesuan.gx_imports defers the libraries GX imports for expectations juesuan does not run;
    a fresh interpreter shows they are not loaded by the import, and load at first use."""
    program = (
        "import sys\n"
        "from juesuan.gx_imports import import_great_expectations\n"
        "import_great_expectations()\n"
        "print([m for m in ('scipy.stats._stats_py', 'altair.vegalite', 'sqlalchemy.engine') if m in sys.modules])\n"
        "from great_expectations.expectations.core import expect_column_kl_divergence_to_be_less_than as kl\n"
        "print(round(kl.stats.norm.cdf(0.0), 2), kl.alt.Chart.__name__)\n"
        "from scipy import stats\n"
        "print(type(sys.modules['scipy.stats']).__name__, stats.norm is kl.stats.norm)\n"
    )
    assert in_a_fresh_interpreter(program).stdout.splitlines() == ["[]", "0.5 Chart", "module True"]


def test_importing_gx_logs_nothing_under_the_builds_info_logging() -> None:
    """The build logs at INFO (juesuan.cli); GX logs ~200 INFO lines while it imports, which
    must not reach a reviewer's build log. Its warnings still would."""
    program = (
        "import logging\n"
        "logging.basicConfig(level=logging.INFO, format='juesuan: %(message)s')\n"
        "from juesuan.gx_imports import import_great_expectations\n"
        "import_great_expectations()\n"
        "import juesuan.gx_project\n"
        "logging.getLogger('great_expectations.probe').warning('still shown')\n"
    )
    assert in_a_fresh_interpreter(program).stderr.splitlines() == ["juesuan: still shown"]


def test_gx_fingerprints_the_checkpoints_frame_once_with_gxs_own_value() -> None:
    """juesuan.gx_batch_fingerprint gives GX's own fingerprint, computed once per frame object:
    the same frame again is not hashed again, another frame (even an equal one) is."""
    import pandas as pd
    from great_expectations.execution_engine import pandas_execution_engine as engine

    from juesuan.gx_batch_fingerprint import install, once_per_frame

    assert install()  # the pinned GX has the function in the shape the module knows
    original = engine.hash_pandas_dataframe.juesuan_original
    hashed: list[int] = []

    def counting(df: pd.DataFrame) -> str:
        hashed.append(id(df))
        return original(df)

    fingerprint = once_per_frame(counting)
    frame = pd.DataFrame({"finding_id": ["a", "b", "c"], "outcome": ["warn", "error", "info"]})
    equal = frame.copy()
    changed = frame.assign(outcome=["warn", "error", "error"])
    assert [fingerprint(frame) for _ in range(11)] == [original(frame)] * 11
    assert len(hashed) == 1
    assert fingerprint(equal) == original(frame) and len(hashed) == 2
    assert fingerprint(changed) == original(changed) != original(frame) and len(hashed) == 3


def test_gx_filters_the_checkpoints_frame_once_per_row_condition() -> None:
    """juesuan.gx_row_filter gives GX's own filtered rows, filtering once per condition and frame
    object: the same condition again is not queried again, another condition or another frame
    (even an equal one) is, and a condition of an unknown kind is applied as GX does."""
    import pandas as pd
    from great_expectations.execution_engine.pandas_execution_engine import PandasExecutionEngine

    from juesuan.gx_row_filter import install, once_per_condition

    assert install()  # the pinned GX has the method in the shape the module knows
    original = PandasExecutionEngine._apply_row_condition_filter.juesuan_original
    queried: list[str] = []

    def counting(self, data, row_condition, domain_kwargs):  # type: ignore[no-untyped-def]
        queried.append(str(row_condition))
        return original(self, data, row_condition, domain_kwargs)

    apply = once_per_condition(counting)
    engine = PandasExecutionEngine()
    frame = pd.DataFrame({"check_id": ["a", "b", "a"], "outcome": ["warn", "error", "info"]})
    pandas_parser = {"condition_parser": "pandas"}
    pass_through = {"type": "pass_through", "pass_through_filter": 'check_id=="a"'}
    expected = original(engine, frame, dict(pass_through), pandas_parser)
    for _ in range(5):
        got = apply(engine, frame, dict(pass_through), pandas_parser)
        pd.testing.assert_frame_equal(got, expected)
        got["added"] = 1  # a caller's own frame: the next one does not see it
    assert len(queried) == 1
    other = apply(engine, frame, 'check_id=="b"', pandas_parser)
    assert other["outcome"].tolist() == ["error"] and len(queried) == 2
    apply(engine, frame.copy(), dict(pass_through), pandas_parser)
    assert len(queried) == 3
    # GX's Condition objects: equal ones filter once, as GX filters
    from great_expectations.expectations.row_conditions import Column

    expected_b = original(engine, frame, Column("check_id") == "b", {})
    for _ in range(3):
        pd.testing.assert_frame_equal(apply(engine, frame, Column("check_id") == "b", {}), expected_b)
    assert len(queried) == 4
    unknown = object()
    with pytest.raises(Exception):
        apply(engine, frame, unknown, pandas_parser)  # GX's own error, not a cached answer
    assert len(queried) == 5


def test_a_gx_function_that_moved_or_changed_is_left_as_it_is(caplog: pytest.LogCaptureFixture) -> None:
    """juesuan.gx_wrapping wraps only a function with the parameters it knows, once."""
    import types

    from juesuan.gx_wrapping import install_wrapper

    def wrap(original):  # type: ignore[no-untyped-def]
        def wrapped(df):  # type: ignore[no-untyped-def]
            return original(df) + "!"

        wrapped.juesuan_original = original
        return wrapped

    module = types.ModuleType("fake_gx")
    assert not install_wrapper(module, "hash_it", ["df"], wrap, "as before")  # moved away
    module.hash_it = lambda df, extra: df  # changed
    assert not install_wrapper(module, "hash_it", ["df"], wrap, "as before")
    assert module.hash_it("x", None) == "x"
    assert "GX's hash_it changed: as before" in caplog.text
    module.hash_it = lambda df: df
    assert install_wrapper(module, "hash_it", ["df"], wrap, "as before")
    assert install_wrapper(module, "hash_it", ["df"], wrap, "as before")  # not wrapped twice
    assert module.hash_it("x") == "x!"
