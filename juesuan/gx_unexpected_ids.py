"""List only the unexpected ids GX reports, not every unexpected row.

GX 1.x (pandas) builds the id of *every* unexpected row, one `DataFrame.at` call per row and
column, and only then keeps the first `partial_unexpected_count` of them
(`_pandas_map_condition_index` in map_condition_auxilliary_methods.py slices the list it gets
from `compute_unexpected_pandas_indices`). Over a corpus of 10,000 reports ~590,000 findings are
unexpected (mostly advisory warnings): the list took ~59 of the checkpoint's ~73 s (cProfile),
for 1,000 ids per expectation kept.

`install()` hands that function only the rows that will be kept. The result is the same list:
the function turns rows into ids one by one, in order, and the caller keeps the first n. It is
left alone where all rows are kept (result format COMPLETE) or where GX returns one list per
column instead of one entry per row (`exclude_unexpected_values`). Counts, percentages and
success are computed elsewhere, from the whole unexpected condition.
"""
from __future__ import annotations

from typing import Any, Callable

from juesuan.gx_wrapping import install_wrapper

PARAMETERS = ["domain_records_df", "expectation_domain_column_list", "result_format", "execution_engine", "metrics"]


def only_the_kept_rows(original: Callable[..., Any]) -> Callable[..., Any]:
    # GX passes every argument by keyword (PARAMETERS); only these two are looked at
    def compute_unexpected_pandas_indices(*, domain_records_df: Any, result_format: dict[str, Any], **others: Any) -> Any:
        kept = result_format.get("partial_unexpected_count")
        if (
            result_format.get("result_format") != "COMPLETE"
            and not result_format.get("exclude_unexpected_values", False)
            and isinstance(kept, int)
            and kept >= 0
        ):
            domain_records_df = domain_records_df.iloc[:kept]
        return original(domain_records_df=domain_records_df, result_format=result_format, **others)

    compute_unexpected_pandas_indices.juesuan_original = original  # type: ignore[attr-defined]
    return compute_unexpected_pandas_indices


def install() -> bool:
    """Wrap GX's function where the pandas map metrics call it; False (and GX as it was) when
    this GX no longer has it in the shape this module knows."""
    from great_expectations.expectations.metrics.map_metric_provider import map_condition_auxilliary_methods as caller

    return install_wrapper(
        caller, "compute_unexpected_pandas_indices", PARAMETERS, only_the_kept_rows, "every unexpected id is listed"
    )
