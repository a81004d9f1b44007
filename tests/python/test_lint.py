"""SQL style is enforced: sqlfluff with the committed .sqlfluff (dbt templater) finds nothing."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import PROJECT


def test_sqlfluff_lint_is_clean() -> None:
    sqlfluff = Path(sys.executable).with_name("sqlfluff")
    completed = subprocess.run(
        [str(sqlfluff), "lint", "models", "tests", "--processes", "2", "--format", "json", "--nofail"],
        cwd=PROJECT, capture_output=True, text=True, check=False,
    )
    report = json.loads(completed.stdout.strip().splitlines()[-1])
    linted = [entry["filepath"] for entry in report]
    assert len(linted) >= 20, completed.stderr  # every model and singular test was linted
    violations = [
        f"{entry['filepath']}:{violation['start_line_no']} {violation['code']} {violation['description']}"
        for entry in report
        for violation in entry["violations"]
    ]
    assert not violations, violations
