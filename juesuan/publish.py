"""Safe publishing of the warehouse: build into a fresh release, swap it in atomically.

Layout beside the published path (`warehouse/juesuan.duckdb` by default):

    warehouse/releases/<id>/juesuan.duckdb     one complete build each
    warehouse/releases/<id>/parquet/*.parquet  its exports for tools without a DuckDB driver
    warehouse/releases/<id>/corpus/*.parquet   a corpus build's input, which its `corpus` views read
    warehouse/releases/<id>/site/              its reviewers' site
    warehouse/current -> releases/<id>         the published release (a symlink)
    warehouse/juesuan.duckdb -> current/juesuan.duckdb
    warehouse/parquet -> current/parquet
    warehouse/site -> current/site              the reviewers' site (GX Data Docs, dbt docs)
    warehouse/.building/juesuan.duckdb         where dbt builds, before the file moves into its release

A build writes only into its own new release. Publishing is one `rename` of a fresh symlink
over `current`, so the warehouse and its exports change together, and a reader that opened the
old file keeps reading that file (its release is never modified, and an unlinked file stays
readable while open). A failed or killed build leaves `current` as it was.
"""
from __future__ import annotations

import fcntl
import logging
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

log = logging.getLogger(__name__)

RELEASES_KEPT = 3


class Publication:
    def __init__(self, published: Path):
        self.published = published
        self.base = published.parent
        self.releases = self.base / "releases"
        self.current = self.base / "current"
        self.parquet = self.base / "parquet"
        self.site = self.base / "site"

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """One build at a time per warehouse; readers are never locked out."""
        self.base.mkdir(parents=True, exist_ok=True)
        with (self.base / ".build.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def current_release(self) -> Path | None:
        return self.current.resolve() if self.current.is_symlink() else None

    def new_release(self) -> Path:
        """A fresh, empty release directory; leftovers of killed builds are removed first."""
        self._remove_unpublished()
        self.releases.mkdir(parents=True, exist_ok=True)
        release = self.releases / f"{time.time_ns()}-{os.getpid()}"
        release.mkdir()
        return release

    def warehouse_in(self, release: Path) -> Path:
        return release / self.published.name

    def building_path(self) -> Path:
        """Where dbt builds before the file moves into its release: always the same path, so that
        dbt's partial parsing (which hashes the profile, path included) survives between builds.
        Only the build holding the lock writes there; a killed build's file is removed first."""
        building = self.base / ".building"
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir(parents=True)
        return building / self.published.name

    def publish(self, release: Path) -> None:
        (release / ".complete").touch()
        self._point(self.current, os.path.relpath(release, self.base))
        self._point(self.published, os.path.join("current", self.published.name))
        self._point(self.parquet, os.path.join("current", "parquet"))
        self._point(self.site, os.path.join("current", "site"))
        self._prune()
        log.info("published %s", release.name)

    def discard(self, release: Path) -> None:
        shutil.rmtree(release, ignore_errors=True)
        log.error("build failed: the published warehouse %s was left as it was", self.published)

    def _point(self, link: Path, target: str) -> None:
        """Make `link` a symlink to `target` in one atomic rename."""
        if link.is_symlink() and os.readlink(link) == target:
            return
        if link.exists() and not link.is_symlink() and link.is_dir():
            shutil.rmtree(link)  # an old, unversioned export directory
        staging = link.with_name(f".{link.name}.{os.getpid()}.tmp")
        staging.unlink(missing_ok=True)
        os.symlink(target, staging)
        os.replace(staging, link)

    def _remove_unpublished(self) -> None:
        current = self.current_release()
        if not self.releases.exists():
            return
        for release in self.releases.iterdir():
            if release != current and not (release / ".complete").exists():
                log.info("removing %s, left by a build that did not finish", release.name)
                shutil.rmtree(release, ignore_errors=True)

    def _prune(self) -> None:
        current = self.current_release()
        complete = sorted(
            (release for release in self.releases.iterdir() if (release / ".complete").exists()),
            key=lambda release: release.name,
        )
        for release in complete[:-RELEASES_KEPT]:
            if release != current:
                shutil.rmtree(release, ignore_errors=True)
