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

The kept rows' ids are then read a column at a time, not with one `DataFrame.at` per row and
column (~31,700 calls, ~1.6 s of a ~7 s checkpoint at 10,000 reports), where that gives the very
values `.at` gives: columns of text or objects (or categories of them), a unique index, the
ids named by columns. The entries are built in GX's order, key by key.
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
        listed = ids_by_column(domain_records_df, result_format, **others)
        if listed is not None:
            return listed
        return original(domain_records_df=domain_records_df, result_format=result_format, **others)

    compute_unexpected_pandas_indices.juesuan_original = original  # type: ignore[attr-defined]
    return compute_unexpected_pandas_indices


TEXT_DTYPES = ("object", "str")  # pandas 3 reads text as `str`


def _holds_objects(column: Any) -> bool:
    """True when `.tolist()` gives the objects `.at` gives: text or object dtype, or categories
    of those (not numbers: `.at` gives NumPy scalars, `.tolist()` Python ones)."""
    dtype = column.dtype
    if str(dtype) == "category":
        return str(dtype.categories.dtype) in TEXT_DTYPES
    return str(dtype) in TEXT_DTYPES


def ids_by_column(
    domain_records_df: Any, result_format: dict[str, Any], expectation_domain_column_list: Any, metrics: Any, **_: Any
) -> list[dict[str, Any]] | None:
    """GX's list of {column: value} per unexpected row (the branch of its function for ids named
    by columns), read a column at a time; None where that branch or those values are not certain."""
    from great_expectations.expectations.metrics.util import get_dbms_compatible_column_names

    frame = domain_records_df
    id_columns = result_format.get("unexpected_index_column_names")
    if (
        not id_columns
        or result_format.get("exclude_unexpected_values", False)
        or frame.index.name is not None
        or frame.index.names[0] is not None
        or not frame.index.is_unique
        or not expectation_domain_column_list
    ):
        return None
    try:
        id_columns = [
            get_dbms_compatible_column_names(column_names=column, batch_columns_list=metrics["table.columns"])
            for column in id_columns
        ]
    except Exception:  # GX's own function raises its own error for an unknown column
        return None
    # the keys in the order GX assigns them: each domain column, then the id columns
    keys = [key for domain in expectation_domain_column_list for key in (domain, *id_columns)]
    if not all(key in frame.columns and _holds_objects(frame[key]) for key in keys):
        return None
    values = {key: frame[key].tolist() for key in set(keys)}
    return [{key: values[key][row] for key in keys} for row in range(len(frame))]


def install() -> bool:
    """Wrap GX's function where the pandas map metrics call it; False (and GX as it was) when
    this GX no longer has it in the shape this module knows."""
    from great_expectations.expectations.metrics.map_metric_provider import map_condition_auxilliary_methods as caller

    return install_wrapper(
        caller, "compute_unexpected_pandas_indices", PARAMETERS, only_the_kept_rows, "every unexpected id is listed"
    )
