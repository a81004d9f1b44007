"""Wall time and peak memory of each stage of a build, for `make bench` and the build log.

Memory is the resident set of this process and all its descendants (dbt runs as a child),
sampled every 100 ms from /proc while a stage runs (a sample reads all of /proc, ~2.5 ms: at
20 ms the sampling cost a tenth of a core); the peak of a stage is the largest sum seen.
"""
from __future__ import annotations

import json
import os
import threading
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterator

PAGE = os.sysconf("SC_PAGE_SIZE")
SAMPLE_SECONDS = 0.1


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        # the command name may hold spaces; the fields after it are space-separated
        parent = int(stat[stat.rindex(b")") + 2 :].split()[1])
        tree.setdefault(parent, []).append(int(entry.name))
    return tree


def tree_rss(pid: int) -> int:
    """Bytes resident in `pid` and its descendants."""
    tree = _children()
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/statm", "rb") as handle:
                total += int(handle.read().split()[1]) * PAGE
        except OSError:
            pass
        pending += tree.get(current, [])
    return total


@dataclass
class Stage:
    name: str
    seconds: float
    peak_rss_mb: float


@dataclass
class StageClock:
    stages: list[Stage] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)
    notes: dict[str, str] = field(default_factory=dict)  # e.g. what ran the models and tests

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        peak = [tree_rss(os.getpid())]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(SAMPLE_SECONDS):
                peak[0] = max(peak[0], tree_rss(os.getpid()))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        start = time.perf_counter()
        try:
            yield
        finally:
            seconds = time.perf_counter() - start
            done.set()
            sampler.join()
            peak[0] = max(peak[0], tree_rss(os.getpid()))
            earlier = next((stage for stage in self.stages if stage.name == name), None)
            if earlier is None:
                self.stages.append(Stage(name, round(seconds, 3), round(peak[0] / 2**20, 1)))
            else:  # a stage done in parts (the site: one page while GX validates, one after)
                earlier.seconds = round(earlier.seconds + seconds, 3)
                earlier.peak_rss_mb = max(earlier.peak_rss_mb, round(peak[0] / 2**20, 1))

    def total_seconds(self) -> float:
        return round(time.perf_counter() - self.started, 3)

    def write(self, path: Path) -> None:
        path.write_text(
            json.dumps(
                {
                    "total_seconds": self.total_seconds(),
                    "stages": [asdict(stage) for stage in self.stages],
                    **self.notes,
                },
                indent=2,
            ),
            encoding="utf-8",
        )
