"""Command line: `juesuan build`, `juesuan validate`, `juesuan suites`, `juesuan check-seeds`,
`juesuan extract`, `juesuan synth`, `juesuan evaluate`, `juesuan bench`."""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from juesuan import BAD_INPUT, BUILD_FAILED, BUILT, LOG_FORMAT, UNACKNOWLEDGED_ERRORS
from juesuan.project import PROJECT_ROOT


def main(argv: list[str] | None = None) -> int:
    try:
        return _run(argv)
    except Exception:  # noqa: BLE001
        # a bug anywhere is a failed run (3), with its traceback; left uncaught, Python would
        # exit with 1, which says "built, with unacknowledged error findings"
        logging.getLogger("juesuan").exception("juesuan failed with an unexpected error")
        return BUILD_FAILED


def _run(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(prog="juesuan", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("build", "check the seeds, build, validate and publish the warehouse and the site"),
        ("validate", "run the GX checkpoint over the published warehouse (read-only)"),
        ("suites", "write the GX suites, validation definitions and checkpoint from the config"),
        ("check-seeds", "check the seed CSVs against their column types"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument(
            "--project-dir", type=Path, default=PROJECT_ROOT, help="the dbt project (default: this one)"
        )
        if name == "build":
            command.add_argument(
                "--corpus", type=Path, default=None,
                help="a directory of reports in the seed layout to check instead of the sample "
                "(default: $JUESUAN_CORPUS, else seeds/)",
            )
            command.add_argument(
                "--report", type=Path, default=None,
                help="a published report (its extracted text, or its PDF) to extract and check instead of the sample",
            )
            command.add_argument(
                "--with-dbt", action="store_true",
                help="run `dbt build` even when dbt's compiled plan is current (see docs/benchmarks.md)",
            )
    synth = commands.add_parser(
        "synth", help="write a synthetic corpus of reports made from the sample, with labelled injected errors"
    )
    synth.add_argument("--reports", type=int, required=True, help="how many reports")
    synth.add_argument("--seed", type=int, default=1, help="the random seed (same seed, same corpus)")
    synth.add_argument("--out", type=Path, required=True, help="the corpus directory to write")
    synth.add_argument("--error-fraction", type=float, default=0.5, help="share of reports with an injected error")
    synth.add_argument("--format", choices=["csv", "parquet"], default="csv")
    evaluate = commands.add_parser(
        "evaluate", help="recall and precision of the findings against a synthetic corpus's labels"
    )
    evaluate.add_argument("--corpus", type=Path, required=True, help="the corpus `juesuan synth` wrote")
    evaluate.add_argument("--warehouse", type=Path, default=None, help="the warehouse built from it (default: the published one)")
    evaluate.add_argument("--write", type=Path, default=None, help="also write the tables into this Markdown file (docs/benchmarks.md)")
    extract = commands.add_parser(
        "extract", help="read a report (its extracted text or its PDF) into the seed layout, with provenance"
    )
    extract.add_argument("report", type=Path, help="the report: a .txt of its extracted text, or a .pdf")
    extract.add_argument("--out", type=Path, required=True, help="the directory to write the seed CSVs into")
    extract.add_argument("--report-id", default=None, help="default: from the file name, else a hash of the file")
    extract.add_argument(
        "--annotations", type=Path, default=PROJECT_ROOT / "seeds",
        help="where the reviewer's fact_crosswalk.csv and acknowledgements.csv of this report are (default: seeds/)",
    )
    extract.add_argument(
        "--compare-to", type=Path, default=None,
        help="a directory of hand-made seeds of the same report: list every cell that differs (exit 1 if any)",
    )
    bench = commands.add_parser("bench", help="time the main job and DuckDB alone for corpora of several sizes")
    bench.add_argument("--sizes", default="1,100,1000,10000", help="comma-separated numbers of reports")
    bench.add_argument("--write", type=Path, default=None, help="also write the table into this Markdown file")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)

    if args.command == "build":
        from juesuan.gx_worker import ValidationWorker

        validation = ValidationWorker()  # first: GX's import is the longest part of a small build
        from juesuan.build import build

        return build(
            args.project_dir.resolve(),
            args.corpus.resolve() if args.corpus else None,
            args.report.resolve() if args.report else None,
            with_dbt=args.with_dbt,
            validation=validation,
        )
    if args.command == "validate":
        from juesuan.project import warehouse_path
        from juesuan.validate import ValidationCrashed, run_checkpoint

        try:
            summary = run_checkpoint(warehouse_path(args.project_dir.resolve()), args.project_dir.resolve())
        except ValidationCrashed as failure:
            logging.error("validation failed: %s", failure)
            return BUILD_FAILED
        for finding_id in sorted(summary.unacknowledged_errors):
            logging.error("unacknowledged error finding %s", finding_id)
        return UNACKNOWLEDGED_ERRORS if summary.unacknowledged_errors else BUILT
    if args.command == "suites":
        from juesuan.gx_project import write_project

        write_project(args.project_dir.resolve())
        return 0
    if args.command == "check-seeds":
        from juesuan.seed_check import check_seeds

        problems = check_seeds(args.project_dir.resolve())
        for problem in problems:
            print(problem, file=sys.stderr)
        return BAD_INPUT if problems else BUILT
    if args.command == "evaluate":
        from juesuan.evaluate import measure, to_markdown, write_section
        from juesuan.project import warehouse_path

        result = measure(args.corpus, args.warehouse or warehouse_path(PROJECT_ROOT))
        markdown = to_markdown(result)
        print(markdown)
        if args.write:
            write_section(args.write, markdown)
        return 0
    if args.command == "bench":
        from juesuan.bench import run, to_markdown, write_section

        markdown = to_markdown(run(tuple(int(size) for size in args.sizes.split(","))))
        print(markdown)
        if args.write:
            write_section(args.write, markdown)
        return 0
    if args.command == "synth":
        from juesuan.synth import synthesize

        synthesize(args.out, args.reports, args.seed, args.error_fraction, args.format)
        return 0
    return _extract(args)


def _extract(args: argparse.Namespace) -> int:
    from juesuan.extract import extract_to
    from juesuan.extract.compare import compare_seed
    from juesuan.extract.source import ExtractionError
    from juesuan.project import report_data_seeds

    try:
        extraction = extract_to(args.report, args.out, args.report_id, args.annotations)
    except ExtractionError as error:
        logging.error("%s", error)
        return 2
    for item in extraction.unplaced:
        logging.warning("not placed, %s: %s (%s)", item.place.describe(), item.text[:80], item.reason)
    if args.compare_to is None:
        return 0
    differences = [
        difference
        for seed in report_data_seeds()
        for difference in compare_seed(seed, args.compare_to, args.out, extraction.report_id)
    ]
    for difference in differences:
        print(difference)
    logging.info("%d cells differ from %s", len(differences), args.compare_to)
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
