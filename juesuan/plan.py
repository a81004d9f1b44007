"""The compiled plan: dbt's manifest from the last `dbt build` of an input mode, kept with a
fingerprint of everything dbt compiled it from, so that a later build can run it without dbt
(juesuan.runner) for as long as none of that has changed.

What dbt compiles from: dbt_project.yml, the profile, every file under models/, macros/ and
tests/ (not tests/python), the seeds' property files and the seed files' names (their rows are
read when the plan runs, as `dbt seed` reads them), the input mode (JUESUAN_INPUT, read by
macros/report_data.sql), the warehouse's file name (it names the database in the compiled SQL)
and the installed dbt-core and dbt-duckdb. Nothing in the project compiles from data
(no `run_query` at compile time), which a test keeps true.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from importlib.metadata import version
from pathlib import Path
from typing import Any

PLAN_FORMAT = "1"
SOURCE_DIRS = ("models", "macros", "tests")
SOURCE_FILES = ("dbt_project.yml", "profiles/profiles.yml")
PROPERTY_SUFFIXES = (".yml", ".yaml")


COMMITTED_DIR = "plans"


def plan_dir(root: Path, report_input: str) -> Path:
    return root / "target" / "juesuan-plan" / report_input


def committed_plan_dir(root: Path, report_input: str) -> Path:
    """The plan committed with the project (`make plan`), so that the first build after a clone
    and install runs it instead of `dbt build`, while nothing it is compiled from has changed."""
    return root / COMMITTED_DIR / report_input


def _compiled_from(root: Path) -> list[tuple[Path, bool]]:
    """(file, whether its content counts) for everything the manifest is compiled from."""
    files = [(root / name, True) for name in SOURCE_FILES]
    for directory in SOURCE_DIRS:
        for path in sorted((root / directory).rglob("*")):
            relative = path.relative_to(root)
            if path.is_file() and "python" not in relative.parts and "__pycache__" not in relative.parts:
                files.append((path, True))
    for path in sorted((root / "seeds").rglob("*")):
        if path.is_file():
            files.append((path, path.suffix in PROPERTY_SUFFIXES))
    return files


def fingerprint(root: Path, report_input: str, warehouse: Path) -> str:
    digest = hashlib.sha256()
    for part in (PLAN_FORMAT, report_input, warehouse.stem, version("dbt-core"), version("dbt-duckdb")):
        digest.update(part.encode() + b"\0")
    for path, with_content in _compiled_from(root):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        if with_content and path.exists():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


# dbt writes the project's absolute directory into the manifest (each macro's root_path). A plan
# is kept with this placeholder instead, so that a committed plan does not carry its committer's
# directory, and installed with the directory of the project that runs it.
ROOT_PLACEHOLDER = "."


def with_root_path(manifest: dict[str, Any], root_path: str) -> dict[str, Any]:
    """`manifest` with every entry's root_path set to `root_path` (in place)."""
    for section in manifest.values():
        if isinstance(section, dict):
            for entry in section.values():
                if isinstance(entry, dict) and "root_path" in entry:
                    entry["root_path"] = root_path
    return manifest


def _write_manifest(manifest: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


def save(root: Path, report_input: str, warehouse: Path) -> None:
    """Keep target/manifest.json of a `dbt build` that ran every node, as the input mode's plan."""
    directory = plan_dir(root, report_input)
    directory.mkdir(parents=True, exist_ok=True)
    manifest = json.loads((root / "target" / "manifest.json").read_text(encoding="utf-8"))
    _write_manifest(with_root_path(manifest, ROOT_PLACEHOLDER), directory / "manifest.json")
    (directory / "fingerprint").write_text(fingerprint(root, report_input, warehouse), encoding="utf-8")


def discard(root: Path, report_input: str) -> None:
    shutil.rmtree(plan_dir(root, report_input), ignore_errors=True)


def load_current(root: Path, report_input: str, warehouse: Path) -> dict[str, Any] | None:
    """The input mode's manifest if nothing it was compiled from has changed since; else None.
    The last build's plan first, else the committed one, which then becomes the build's plan."""
    current = fingerprint(root, report_input, warehouse)
    manifest = _read_if_current(plan_dir(root, report_input), current)
    if manifest is None:
        committed = committed_plan_dir(root, report_input)
        manifest = _read_if_current(committed, current)
        if manifest is not None:
            shutil.rmtree(plan_dir(root, report_input), ignore_errors=True)
            shutil.copytree(committed, plan_dir(root, report_input))
    return manifest


def _read_if_current(directory: Path, current: str) -> dict[str, Any] | None:
    try:
        if (directory / "fingerprint").read_text(encoding="utf-8") != current:
            return None
        return json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def install_manifest(root: Path, manifest: dict[str, Any]) -> None:
    """The plan's manifest (as `load_current` read it) as target/manifest.json, which the docs and
    the Parquet export read, with this project's directory as its root_path, as `dbt build` would
    have written it."""
    _write_manifest(with_root_path(manifest, str(root.resolve())), root / "target" / "manifest.json")
