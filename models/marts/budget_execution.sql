-- The 五(三) line items: initial budget vs actual, printed and recomputed rate, the gap, whether
-- a reason is required and given, and how much of the gap the quoted amounts explain.
with items as (
    select * from {{ ref('int_budget_execution') }}
),

final as (
    select
        report_id,
        item_no,
        subject_code,
        subject_level,
        subject_text,
        initial_budget,
        actual,
        table_05_actual,
        completion_rate as printed_completion_rate_pct,
        round(computed_rate, 4) as computed_completion_rate_pct,
        budget_gap,
        is_below_threshold,
        is_above_budget,
        is_spent_without_budget,
        requires_explanation,
        has_explanation,
        reason_text,
        quoted_amount_count,
        explained_gap,
        round(explained_gap_share, 4) as explained_gap_share,
        restated_budget,
        implied_adjusted_budget,
        source_line
    from items
)

select * from final
