"""`juesuan build`: check the seeds, build a new release of the warehouse with `dbt build` (or,
while nothing dbt compiles from has changed, run dbt's compiled plan of it: juesuan.runner),
validate it with the GX checkpoint, export the marts to Parquet, build the reviewers' site (with
GX Data Docs and dbt docs), publish the release, and say which findings block the build.

Exit status: 0 built and every error finding acknowledged; 1 built and published, but an
unacknowledged error finding remains; 2 bad input, nothing built; 3 the build failed (a model or
tool error), the published warehouse left as it was.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import duckdb

from juesuan import BAD_INPUT, BUILD_FAILED, BUILT, UNACKNOWLEDGED_ERRORS, plan, runner
from juesuan.corpus import CORPUS_EXCLUDED_TAGS, Corpus, CorpusError
from juesuan.dbt_docs import write_static_docs
from juesuan.gx_worker import ValidationWorker
from juesuan.project import PROJECT_ROOT, warehouse_path
from juesuan.publish import Publication
from juesuan.seed_check import check_seeds
from juesuan.site import build_findings_page, build_overview_page
from juesuan.stages import StageClock
from juesuan.validate import ValidationCrashed, copy_data_docs, store_results

log = logging.getLogger(__name__)

MAX_LOGGED = 50


def run_dbt(args: list[str], root: Path, warehouse: Path, report_input: str = "seeds") -> int:
    """Run one dbt command against the project, writing into `warehouse`; its exit status.

    A child process, not dbt's in-process runner, so that dbt's DuckDB connection is closed
    before this process opens the warehouse to read the findings.
    """
    dbt = Path(sys.executable).with_name("dbt")
    command = [str(dbt), *args, "--project-dir", str(root), "--profiles-dir", str(root / "profiles")]
    environment = {**os.environ, "JUESUAN_WAREHOUSE": str(warehouse), "JUESUAN_INPUT": report_input}
    log.info("running %s into %s", " ".join([dbt.name, *args]), warehouse)
    return subprocess.run(command, cwd=root, env=environment, check=False).returncode


def failed_nodes(root: Path) -> list[str]:
    """Models, seeds and tests that could not run: a tool failure, not a finding.

    A `check_passes` test that fails reports findings (status `fail`): the build still counts as
    built. A node that errored, or was skipped because something upstream failed, does not.
    """
    results_path = root / "target" / "run_results.json"
    if not results_path.exists():
        return ["dbt wrote no run_results.json"]
    results = json.loads(results_path.read_text(encoding="utf-8"))["results"]
    return [
        f"{result['unique_id']}: {result['status']}"
        for result in results
        if result["status"] in ("error", "skipped", "runtime error")
        or (result["status"] == "fail" and not _is_findings_gate(result["unique_id"]))
    ]


def _is_findings_gate(unique_id: str) -> bool:
    name = unique_id.split(".")[2]
    return name.startswith("check_passes_") or name == "acknowledgements_match_findings"


def stored_mart_names(root: Path) -> list[str]:
    """The marts stored as tables. check_outcomes is a view over int_check_outcomes, an
    intermediate table: its rows that are not pass are findings', its counts check_results'."""
    manifest = json.loads((root / "target" / "manifest.json").read_text(encoding="utf-8"))
    return sorted(
        node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and "marts" in node["fqn"] and node["config"]["materialized"] != "view"
    )


def export_parquet(warehouse: Path, directory: Path, models: list[str]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(warehouse), read_only=True) as connection:  # GX may be reading it too
        for model in models:
            target = directory / f"{model}.parquet"
            connection.execute(f"copy main.{model} to '{target}' (format parquet)")
    log.info("exported %d marts to Parquet", len(models))


def blocking_findings(warehouse: Path) -> list[tuple[str, str, str]]:
    """Unacknowledged error findings: (finding_id, location, message)."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute(
            """
            select finding_id, location, message_zh
            from main.findings
            where severity = 'error' and not is_acknowledged
            order by finding_id
            """
        ).fetchall()


class DocumentationFailed(RuntimeError):
    """The site could not be built."""


def write_dbt_docs(root: Path, warehouse: Path, site: Path) -> None:
    """dbt docs, one static page, under the site's dbt/."""
    try:
        write_static_docs(root / "target", warehouse, site / "dbt" / "index.html")
    except (OSError, ValueError, duckdb.Error) as failure:
        raise DocumentationFailed(f"dbt docs: {failure}") from failure


def build_documentation(root: Path, warehouse: Path, site: Path, data_docs_built: Callable[[], None]) -> None:
    """The reviewers' overview page (it shows GX's results: store them first) and GX Data Docs
    under gx/; `data_docs_built` waits until GX has written its Data Docs. The findings page is
    written before, while GX validates (build_findings_page)."""
    build_overview_page(warehouse, site)
    data_docs_built()
    copy_data_docs(root, site / "gx")


def link_site(root: Path, publication: Publication) -> None:
    """`site/` in the project opens the published site."""
    link = root / "site"
    target = os.path.relpath(publication.site, root)
    if link.is_symlink() and os.readlink(link) == target:
        return
    if link.exists() and not link.is_symlink():
        shutil.rmtree(link)
    staging = root / f".site.{os.getpid()}.tmp"
    staging.unlink(missing_ok=True)
    os.symlink(target, staging)
    os.replace(staging, link)


def corpus_from_environment() -> Path | None:
    configured = os.environ.get("JUESUAN_CORPUS")
    return Path(configured).resolve() if configured else None


def extracted_dir(root: Path, report_id: str) -> Path:
    """Where `build --report` keeps a report's extracted seeds, provenance and unplaced list."""
    return warehouse_path(root).parent / "extracted" / report_id


def extract_report(root: Path, report: Path) -> Path | None:
    """Read a report (text or PDF) into the seed layout; the directory, or None if unreadable."""
    from juesuan.extract import extract
    from juesuan.extract.result import write
    from juesuan.extract.source import ExtractionError

    try:
        extraction = extract(report, annotations=root / "seeds")
    except (ExtractionError, OSError) as failure:
        log.error("cannot read the report: %s", failure)
        return None
    out = extracted_dir(root, extraction.report_id)
    shutil.rmtree(out, ignore_errors=True)
    write(extraction, out)
    log.info("extracted %s into %s", report, out)
    if extraction.unplaced:
        log.warning("%d printed value(s) could not be placed: finish them by hand from %s",
                    len(extraction.unplaced), out / "unplaced.csv")
    return out


def build_models(root: Path, warehouse: Path, report_input: str, with_dbt: bool = False) -> str:
    """Seeds, models and data tests into `warehouse`, leaving target/run_results.json: by dbt's
    compiled plan when it is current, else by `dbt build`, whose manifest becomes the plan.
    Which of the two ran: "compiled plan" or "dbt"."""
    excluded = CORPUS_EXCLUDED_TAGS if report_input == "corpus" else ()
    manifest = None if with_dbt else plan.load_current(root, report_input, warehouse)
    if manifest is not None:
        started = time.perf_counter()
        try:
            results = runner.run(manifest, root, warehouse, exclude_tags=excluded)
        except runner.PlanNotRunnable as reason:
            log.info("dbt's compiled plan cannot run without dbt (%s)", reason)
        else:
            log.info("ran dbt's compiled plan (nothing it is compiled from has changed); --with-dbt runs dbt")
            runner.write_run_results(results, manifest, root / "target" / "run_results.json", time.perf_counter() - started)
            plan.install_manifest(root, manifest)
            return "compiled plan"
    plan.discard(root, report_input)
    run_dbt(["build", *(f"--exclude=tag:{tag}" for tag in excluded)], root, warehouse, report_input)
    if not failed_nodes(root):  # every node ran, so every node is compiled
        plan.save(root, report_input, warehouse)
    return "dbt"


def build(
    root: Path = PROJECT_ROOT,
    corpus: Path | None = None,
    report: Path | None = None,
    with_dbt: bool = False,
    validation: ValidationWorker | None = None,
) -> int:
    """The main job; `corpus` (or JUESUAN_CORPUS) is a directory of reports to check instead of
    the sample in seeds/; `report` a published report (its text or PDF) to extract and check;
    `with_dbt` runs `dbt build` even when its compiled plan is current; `validation` a GX
    process already started (else one is started here)."""
    with validation or ValidationWorker() as worker:
        return _build(root, corpus, report, with_dbt, worker)


def _build(root: Path, corpus: Path | None, report: Path | None, with_dbt: bool, validation: ValidationWorker) -> int:
    clock = StageClock()
    if report is not None:
        with clock.stage("extract"):
            corpus = extract_report(root, report)
        if corpus is None:
            return BAD_INPUT
    corpus = corpus or corpus_from_environment()
    with clock.stage("check input"):
        problems = check_seeds(root)
        reports = Corpus(corpus, root) if corpus else None
        if reports is not None:
            problems += reports.check()
    if problems:
        for problem in problems:
            log.error("%s", problem)
        log.error("input check failed: %d problem(s); nothing was built", len(problems))
        return BAD_INPUT
    publication = Publication(warehouse_path(root))
    with publication.exclusive():
        release = publication.new_release()
        staged = publication.warehouse_in(release)
        building = publication.building_path()
        if reports is not None:
            with clock.stage("load corpus"):
                try:
                    reports.load(building, release / "corpus")
                except CorpusError as failure:
                    for problem in failure.problems:
                        log.error("%s", problem)
                    log.error("input check failed: %d problem(s); nothing was built", len(failure.problems))
                    publication.discard(release)
                    return BAD_INPUT
        (root / "target" / "run_results.json").unlink(missing_ok=True)
        with clock.stage("models and tests"):
            clock.notes["models_and_tests_by"] = build_models(
                root, building, "corpus" if reports is not None else "seeds", with_dbt
            )
        failures = failed_nodes(root)
        if failures:
            for failure in failures:
                log.error("did not build: %s", failure)
            publication.discard(release)
            return BUILD_FAILED
        os.replace(building, staged)
        marts = stored_mart_names(root)
        try:
            # GX starts as soon as its import is done; meanwhile what does not need its results
            validation.start_checkpoint(staged, root)
            with clock.stage("parquet export"):
                export_parquet(staged, release / "parquet", marts)
            with clock.stage("dbt docs"):
                write_dbt_docs(root, staged, release / "site")
            with clock.stage("site"):
                build_findings_page(staged, release / "site")
            blocking = blocking_findings(staged)
            with clock.stage("gx validation"):
                summary = validation.checkpoint_results()
                store_results(summary, staged)
            with clock.stage("site"):
                build_documentation(root, staged, release / "site", validation.wait_for_data_docs)
        except (ValidationCrashed, DocumentationFailed) as failure:
            log.error("did not build: %s", failure)
            publication.discard(release)
            return BUILD_FAILED
        agree = (
            {finding_id for finding_id, _, _ in blocking} == summary.unacknowledged_errors
            if summary.ids_complete
            else len(blocking) == summary.unacknowledged_error_count
        )
        if not agree:
            log.error("GX and dbt disagree on the unacknowledged errors; publishing dbt's findings")
        clock.write(release / "build_stats.json")
        publication.publish(release)
    link_site(root, publication)
    log.info(
        "stages: %s; %.1f s in all",
        ", ".join(f"{stage.name} {stage.seconds:.1f} s" for stage in clock.stages),
        clock.total_seconds(),
    )
    for finding_id, location, message in blocking[:MAX_LOGGED]:
        log.error("unacknowledged error finding %s at %s: %s", finding_id, location, message)
    if len(blocking) > MAX_LOGGED:
        log.error("… and %d more (see the findings mart or the site)", len(blocking) - MAX_LOGGED)
    if blocking:
        log.error(
            "%d unacknowledged error finding(s), published with the findings; acknowledge each "
            "in seeds/acknowledgements.csv with a reason, or have the report corrected",
            len(blocking),
        )
        return UNACKNOWLEDGED_ERRORS
    return BUILT
