"""Fingerprint the checkpoint's frame once, not once per suite.

GX 1.x (pandas) gives every batch it builds a `pandas_data_fingerprint` marker: an MD5 over
`pandas.util.hash_pandas_object` of the whole frame (`hash_pandas_dataframe` in
pandas_execution_engine.py). The checkpoint runs 11 validation definitions, one per suite, on the
same frame, so GX hashed the same ~590,000 rows (10,000 reports) 11 times: ~40% of the
checkpoint under cProfile.

`install()` remembers the fingerprint of the last frame hashed and gives it again while that very
object (not an equal one) is hashed again. juesuan builds the frame, hands it to the checkpoint
and does not change it; GX reads it and filters copies of it. The marker is the same string GX
would compute.
"""
from __future__ import annotations

import weakref
from typing import Any, Callable

from juesuan.gx_wrapping import install_wrapper


def once_per_frame(original: Callable[[Any], str]) -> Callable[[Any], str]:
    last: list[tuple[weakref.ref[Any], str]] = []

    def hash_pandas_dataframe(df: Any) -> str:
        if last and last[0][0]() is df:
            return last[0][1]
        fingerprint = original(df)
        last[:] = [(weakref.ref(df), fingerprint)]
        return fingerprint

    hash_pandas_dataframe.juesuan_original = original  # type: ignore[attr-defined]
    return hash_pandas_dataframe


def install() -> bool:
    """Wrap GX's function where its pandas engine calls it; False (and GX as it was) when this GX
    no longer has it in the shape this module knows."""
    from great_expectations.execution_engine import pandas_execution_engine as engine

    return install_wrapper(
        engine, "hash_pandas_dataframe", ["df"], once_per_frame, "each suite fingerprints the frame itself"
    )
