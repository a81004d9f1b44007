"""Filter the checkpoint's frame once per row condition, not once per metric.

Every expectation of the suites narrows the frame to one check (`Column("check_id") == "…"`,
a GX row condition), and GX's pandas engine applies the condition with `DataFrame.query` for each
metric it computes of each expectation: at 10,000 reports, 231 queries over ~590,000 rows for
26 distinct conditions, ~4 s of a ~10 s checkpoint under cProfile, most of it pandas parsing the
expression and building its resolvers again.

`install()` wraps the engine's `_apply_row_condition_filter`: while GX filters the very same
frame object (not an equal one) by the same condition again, it gets a new frame over the rows it
got the first time. A condition this module does not know how to compare is applied as GX does.
"""
from __future__ import annotations

import json
import weakref
from typing import Any, Callable

from juesuan.gx_wrapping import install_wrapper


def condition_key(row_condition: Any, domain_kwargs: dict) -> str | None:
    """A string equal for two conditions exactly when GX filters by them the same way, or None
    for a condition of a kind not known here."""
    parser = domain_kwargs.get("condition_parser")
    if isinstance(row_condition, str):
        return json.dumps(["text", parser, row_condition])
    if isinstance(row_condition, dict):
        try:
            return json.dumps(["dict", parser, row_condition], sort_keys=True)
        except (TypeError, ValueError):
            return None
    filter_text = getattr(row_condition, "pass_through_filter", None)
    if type(row_condition).__name__ == "PassThroughCondition" and isinstance(filter_text, str):
        return json.dumps(["pass_through", parser, filter_text])
    if _is_gx_condition(row_condition):
        # GX's Condition objects (Column("check_id") == "…"): equal serializations, equal filters
        try:
            return json.dumps(["condition", parser, row_condition.dict()], sort_keys=True)
        except (TypeError, ValueError):
            return None
    return None


def _is_gx_condition(row_condition: Any) -> bool:
    from great_expectations.expectations.row_conditions import Condition

    return isinstance(row_condition, Condition)


def once_per_condition(original: Callable[..., Any]) -> Callable[..., Any]:
    frame: list[weakref.ref[Any]] = []
    filtered: dict[str, Any] = {}

    def _apply_row_condition_filter(self: Any, data: Any, row_condition: Any, domain_kwargs: dict) -> Any:
        key = condition_key(row_condition, domain_kwargs)
        if key is None:
            return original(self, data, row_condition, domain_kwargs)
        if not frame or frame[0]() is not data:
            frame[:] = [weakref.ref(data)]
            filtered.clear()
        if key not in filtered:
            filtered[key] = original(self, data, row_condition, domain_kwargs)
        # a frame of its own for each caller, over the same rows
        return filtered[key].copy(deep=False)

    _apply_row_condition_filter.juesuan_original = original  # type: ignore[attr-defined]
    return _apply_row_condition_filter


def install() -> bool:
    """Wrap the pandas engine's filter; False (and GX as it was) when this GX no longer has it
    in the shape this module knows."""
    from great_expectations.execution_engine.pandas_execution_engine import PandasExecutionEngine

    return install_wrapper(
        PandasExecutionEngine,  # type: ignore[arg-type]
        "_apply_row_condition_filter",
        ["self", "data", "row_condition", "domain_kwargs"],
        once_per_condition,
        "each metric filters the frame itself",
    )
