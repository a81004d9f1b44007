"""`juesuan build`: check the seeds, run `dbt build`, and say which findings block the build."""
from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import duckdb

from juesuan.project import PROJECT_ROOT, warehouse_path
from juesuan.seed_check import check_seeds

log = logging.getLogger(__name__)


def run_dbt(args: list[str], root: Path = PROJECT_ROOT) -> bool:
    """Run one dbt command against this project in a child process; True when it succeeded.

    A child process, not dbt's in-process runner, so that dbt's DuckDB connection is closed
    before this process opens the warehouse to read the findings.
    """
    warehouse_path(root).parent.mkdir(parents=True, exist_ok=True)
    dbt = Path(sys.executable).with_name("dbt")
    command = [str(dbt), *args, "--project-dir", str(root), "--profiles-dir", str(root / "profiles")]
    log.info("running %s", " ".join([dbt.name, *args]))
    # the warehouse path in profiles.yml is relative to the project
    return subprocess.run(command, cwd=root, check=False).returncode == 0


def blocking_findings(root: Path = PROJECT_ROOT) -> list[tuple[str, str, str]]:
    """Unacknowledged error findings in the warehouse: (finding_id, location, message)."""
    path = warehouse_path(root)
    if not path.exists():
        return []
    with duckdb.connect(str(path), read_only=True) as connection:
        try:
            return connection.execute(
                """
                select finding_id, location, message_zh
                from main.findings
                where severity = 'error' and not is_acknowledged
                order by finding_id
                """
            ).fetchall()
        except duckdb.CatalogException:
            return []


def build(root: Path = PROJECT_ROOT) -> int:
    problems = check_seeds(root)
    if problems:
        for problem in problems:
            log.error("%s", problem)
        log.error("seed check failed: %d problem(s); nothing was built", len(problems))
        return 2
    ok = run_dbt(["build"], root)
    blocking = blocking_findings(root)
    for finding_id, location, message in blocking:
        log.error("unacknowledged error finding %s at %s: %s", finding_id, location, message)
    if blocking:
        log.error(
            "%d unacknowledged error finding(s); acknowledge each in seeds/acknowledgements.csv "
            "with a reason, or have the report corrected",
            len(blocking),
        )
    return 0 if ok and not blocking else 1
