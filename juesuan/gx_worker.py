"""GX in a process of its own, started first thing by `juesuan build`.

Importing great_expectations takes 3–5 s (juesuan.gx_imports), longer than the sample's models
and tests (~2 s with dbt's compiled plan): it is the build's critical path. In a thread of the
build's process the import held the interpreter lock, and the thread driving DuckDB waited on it
(the models took 5.6 s instead of 1.7 s). A forked process imports GX on the other core while
the models build, then runs the checkpoint (juesuan.validate) when asked, and builds Data Docs
while the build writes the rest of the site.

This module imports nothing heavy, so that the fork happens as early as possible.
"""
from __future__ import annotations

import logging
import multiprocessing
import time
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from juesuan.validate import ValidationSummary

log = logging.getLogger(__name__)


def _crashed(message: str) -> Exception:
    from juesuan.validate import ValidationCrashed

    return ValidationCrashed(message)


class ValidationWorker:
    def __init__(self) -> None:
        # fork, not spawn: the child starts at once with what this process has imported, and
        # the build has opened no DuckDB connection and started no thread yet
        context = multiprocessing.get_context("fork")
        self._connection, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child,), name="juesuan-gx", daemon=True)
        self._process.start()
        child.close()

    def start_checkpoint(self, warehouse: Path, root: Path) -> None:
        """Run the checkpoint on `warehouse` (read-only) once GX is imported."""
        try:
            self._connection.send((warehouse, root))
        except OSError as error:
            raise _crashed(f"the GX process ended ({error!r})") from error

    def checkpoint_results(self) -> "ValidationSummary":
        """The checkpoint's results; GX then builds Data Docs while this process goes on."""
        return self._receive()

    def wait_for_data_docs(self) -> None:
        self._receive()

    def _receive(self) -> Any:
        try:
            succeeded, value = self._connection.recv()
        except (EOFError, OSError) as error:
            raise _crashed(f"the GX process ended without a result ({error!r})") from error
        if not succeeded:
            raise _crashed(value)
        return value

    def close(self) -> None:
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._connection.close()

    def __enter__(self) -> "ValidationWorker":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _serve(connection: Any) -> None:
    started = time.perf_counter()
    from juesuan.gx_imports import import_great_expectations

    import_great_expectations()  # the slow part, done while the models build
    from juesuan.gx_project import context
    from juesuan.validate import ValidationCrashed, run_checkpoint

    imported = time.perf_counter()
    try:
        warehouse, root = connection.recv()
    except EOFError:
        return
    try:
        asked = time.perf_counter()
        connection.send((True, run_checkpoint(warehouse, root, with_data_docs=False)))
        validated = time.perf_counter()
        context(root).build_data_docs()
        log.info(
            "GX: imported in %.1f s (%.1f s before the checkpoint was asked for), checkpoint %.1f s, Data Docs %.1f s",
            imported - started, max(0.0, asked - imported), validated - asked, time.perf_counter() - validated,
        )
        connection.send((True, None))
    except ValidationCrashed as crash:
        connection.send((False, str(crash)))
    except Exception as error:  # a GX bug must fail the build with its cause, not hang it
        log.error("%s", traceback.format_exc())
        connection.send((False, f"{type(error).__name__}: {error}"))
