"""`make bench`: wall time and peak memory of the main job per stage for corpora of 1, 100, 1,000
and 10,000 reports, beside the floor: the same model SQL (dbt's compiled SQL, in dependency
order) run by DuckDB alone on the same input, no dbt, no GX, no site.

N = 1 is the sample report as committed (seeds/); larger N are synthetic corpora
(`juesuan synth`, Parquet, seed 7). Each size builds into its own warehouse under bench/, never
into the project's published one. Results are printed and written to docs/benchmarks.md.
"""
from __future__ import annotations

import json
import logging
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from juesuan import plan, runner
from juesuan.corpus import CORPUS_EXCLUDED_TAGS, Corpus
from juesuan.markdown import replace_section
from juesuan.project import PROJECT_ROOT
from juesuan.stages import StageClock

log = logging.getLogger(__name__)

SIZES = (1, 100, 1000, 10000)
# A fixed DuckDB workload on two threads (10 M rows written, grouped, self-joined and sorted),
# timed before and after the sizes. The same code has measured 2.5x apart on two machines of
# the same kind, and ~25% apart on one machine minutes apart: a run's seconds compare with
# another run's only beside this reading.
REFERENCE_SQL = (
    "create table t as select i, 'report-' || (i % 10000)::varchar as report_id, hash(i) % 1000003 as v "
    "from range(10000000) r(i)",
    "create table g as select report_id, count(*) as n, sum(v) as s from t group by report_id",
    "select count(*), sum(a.v + b.v) from t as a inner join t as b on a.i = b.i",
    "select count(*) from (select * from t order by v, i)",
)
REFERENCE_ROUNDS = 3
SEED = 7
START = "<!-- bench:start -->"
END = "<!-- bench:end -->"


@dataclass
class Run:
    reports: int
    returncode: int
    total_seconds: float
    stages: list[dict[str, Any]]
    floor_seconds: float
    floor_peak_mb: float
    floor_stages: list[dict[str, Any]]
    models_by: str = "dbt"


@dataclass
class Bench:
    runs: list[Run]
    reference_before: float
    reference_after: float


def reference_seconds(rounds: int = REFERENCE_ROUNDS) -> float:
    """The best of `rounds` timings of REFERENCE_SQL in a fresh in-memory database."""
    import duckdb

    timings = []
    for _ in range(rounds):
        connection = duckdb.connect(":memory:", config={"threads": 2})
        started = time.perf_counter()
        for statement in REFERENCE_SQL:
            connection.execute(statement).fetchall()
        timings.append(time.perf_counter() - started)
        connection.close()
    return round(min(timings), 2)


def machine() -> str:
    memory = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    kib = int(memory.split()[1])
    model = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
        platform.processor() or "unknown CPU",
    )
    return f"{os.cpu_count()} cores ({model}), {kib / 2**20:.1f} GiB memory, Linux {platform.release()}, Python {platform.python_version()}"


def corpus_for(size: int, directory: Path) -> Path | None:
    if size == 1:
        return None
    corpus = directory / f"corpus-{size}"
    if not (corpus / "synthetic.json").exists():
        from juesuan.synth import synthesize

        synthesize(corpus, size, SEED, file_format="parquet")
    return corpus


def main_job(
    size: int, corpus: Path | None, directory: Path, root: Path, with_dbt: bool = False
) -> tuple[int, dict[str, Any]]:
    """`juesuan build` in a child process, into bench/warehouse; its stage times. One warehouse
    path for every size, so that dbt's partial parsing holds as it does between a user's builds."""
    warehouse = directory / "warehouse" / "juesuan.duckdb"
    command = [str(Path(sys.executable).with_name("juesuan")), "build", "--project-dir", str(root)]
    if corpus is not None:
        command += ["--corpus", str(corpus)]
    if with_dbt:
        command.append("--with-dbt")
    environment = {**os.environ, "JUESUAN_WAREHOUSE": str(warehouse)}
    environment.pop("JUESUAN_CORPUS", None)
    started = time.perf_counter()
    completed = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    stats_path = warehouse.parent / "current" / "build_stats.json"
    if completed.returncode not in (0, 1) or not stats_path.exists():
        raise RuntimeError(f"the build of {size} report(s) failed:\n{completed.stdout[-3000:]}{completed.stderr[-3000:]}")
    stats = json.loads(stats_path.read_text(encoding="utf-8"))
    stats["wall_seconds"] = round(wall, 3)
    return completed.returncode, stats


def floor(size: int, corpus: Path | None, directory: Path, root: Path) -> tuple[float, float, list[dict[str, Any]]]:
    """The seeds' and models' compiled SQL run by DuckDB alone (in this process, no tests), on the
    same input: juesuan.runner without the data tests, from the input mode's compiled plan."""
    manifest_path = plan.plan_dir(root, "corpus" if corpus is not None else "seeds") / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    path = directory / f"floor-{size}" / "juesuan.duckdb"  # the compiled SQL names the database juesuan
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    clock = StageClock()
    if corpus is not None:
        with clock.stage("load input"):
            Corpus(corpus, root).load(path, path.parent / "corpus")
    with clock.stage("seeds and models"):
        runner.run(manifest, root, path, exclude_tags=CORPUS_EXCLUDED_TAGS if corpus is not None else (), with_tests=False)
    seconds = sum(stage.seconds for stage in clock.stages)
    peak = max(stage.peak_rss_mb for stage in clock.stages)
    return round(seconds, 3), peak, [vars(stage) for stage in clock.stages]


def run(sizes: tuple[int, ...] = SIZES, directory: Path | None = None, root: Path = PROJECT_ROOT) -> Bench:
    directory = directory or root / "bench"
    directory.mkdir(parents=True, exist_ok=True)
    reference_before = reference_seconds()
    log.info("bench: reference workload %.2f s", reference_before)
    runs = []
    # warm-ups: each input mode gets its compiled plan (and dbt its cached parse), as before a
    # user's second build; the floor runs from that plan
    main_job(1, None, directory, root)
    main_job(2, corpus_for(2, directory), directory, root)
    for size in sizes:
        corpus = corpus_for(size, directory)
        log.info("bench: %d report(s): DuckDB alone", size)
        floor_seconds, floor_peak, floor_stages = floor(size, corpus, directory, root)
        for with_dbt in (True, False) if size == 1 else (False,):
            log.info("bench: %d report(s): main job%s", size, " (dbt build)" if with_dbt else "")
            returncode, stats = main_job(size, corpus, directory, root, with_dbt)
            runs.append(Run(size, returncode, stats["wall_seconds"], stats["stages"], floor_seconds, floor_peak,
                            floor_stages, stats.get("models_and_tests_by", "dbt")))
            log.info("bench: %d report(s): %.1f s (floor %.1f s)", size, stats["wall_seconds"], floor_seconds)
    reference_after = reference_seconds()
    log.info("bench: reference workload %.2f s", reference_after)
    return Bench(runs, reference_before, reference_after)


STAGE_ORDER = ["check input", "load corpus", "models and tests", "parquet export", "dbt docs", "gx validation", "site"]


def to_markdown(bench: Bench) -> str:
    runs = bench.runs
    lines = [
        f"Machine: {machine()}. Measured {time.strftime('%Y-%m-%d')} by `make bench`.",
        "",
        f"Machine speed: the reference workload (`REFERENCE_SQL` in juesuan/bench.py, best of {REFERENCE_ROUNDS}) took "
        f"{bench.reference_before:.2f} s before the sizes and {bench.reference_after:.2f} s after them "
        "(more seconds, a slower machine; compare runs only beside this reading).",
        "",
        "Main job (`juesuan build`, in a child process, wall time in seconds; peak resident memory of the "
        "process tree in MiB) and the floor (the same model SQL run by DuckDB alone, input loading included):",
        "",
        "| reports | " + " | ".join(STAGE_ORDER) + " | main job | peak MiB | DuckDB alone | peak MiB | ratio |",
        "| ---: | " + " | ".join("---:" for _ in STAGE_ORDER) + " | ---: | ---: | ---: | ---: | ---: |",
    ]
    for run_ in runs:
        stages = {stage["name"]: stage for stage in run_.stages}
        cells = [f"{stages[name]['seconds']:.1f}" if name in stages else "–" for name in STAGE_ORDER]
        peak = max(stage["peak_rss_mb"] for stage in run_.stages)
        cells[STAGE_ORDER.index("models and tests")] += f" ({run_.models_by})"
        lines.append(
            f"| {run_.reports:,} | " + " | ".join(cells)
            + f" | {run_.total_seconds:.1f} | {peak:,.0f} | {run_.floor_seconds:.1f} | {run_.floor_peak_mb:,.0f} "
            f"| {run_.total_seconds / run_.floor_seconds:.1f}× |"
        )
    marginal = [(a, b) for a, b in zip(runs, runs[1:]) if b.reports > a.reports >= 100]
    if marginal:
        lines += ["", "Marginal cost per 1,000 reports (main job vs DuckDB alone):", ""]
        for a, b in marginal:
            thousands = (b.reports - a.reports) / 1000
            job = (b.total_seconds - a.total_seconds) / thousands
            base = (b.floor_seconds - a.floor_seconds) / thousands
            lines.append(f"- {a.reports:,} → {b.reports:,}: {job:.1f} s vs {base:.1f} s ({job / base:.1f}×)" if base > 0
                         else f"- {a.reports:,} → {b.reports:,}: {job:.1f} s vs {base:.1f} s")
    return "\n".join(lines)


def write_section(path: Path, markdown: str) -> None:
    replace_section(path, START, END, markdown)
