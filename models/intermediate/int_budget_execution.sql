-- The line items of 五(三): initial budget vs actual, the recomputed rate and its rounding
-- interval, whether the rule requires a reason, and how much of the gap the quoted amounts
-- explain. The budget_execution mart shows these columns; int_checks__budget_execution tests them.
with items as (
    select * from {{ ref('stg_juesuan__line_items') }}
),

reason_amounts as (
    select * from {{ ref('stg_juesuan__line_item_reason_amounts') }}
),

table_05 as (
    select
        report_id,
        subject_code,
        amount_wanyuan,
        half_unit,
        location_zh
    from {{ ref('stg_juesuan__table_cells') }}
    where table_code = '05' and column_key = 'total'
),

quoted as (
    select
        report_id,
        item_no,
        count(*) filter (where effect in ('budget_cut', 'unspent', 'budget_increase'))
            as quoted_amount_count,
        sum(value) filter (where effect = 'budget_cut') as quoted_budget_cuts,
        sum(value) filter (where effect = 'unspent') as quoted_unspent,
        sum(value) filter (where effect = 'budget_increase') as quoted_budget_increases,
        sum(half_unit) filter (where effect in ('budget_cut', 'unspent', 'budget_increase'))
            as quoted_half_units,
        sum(half_unit) filter (where effect in ('budget_cut', 'budget_increase'))
            as adjustment_half_units,
        max(value) filter (where effect = 'restated_budget') as restated_budget,
        max(half_unit) filter (where effect = 'restated_budget') as restated_budget_half_unit,
        max(source_line) filter (where effect = 'restated_budget') as restated_budget_line,
        max(value) filter (where effect = 'restated_rate') as restated_rate,
        max(half_unit) filter (where effect = 'restated_rate') as restated_rate_half_unit,
        max(decimals) filter (where effect = 'restated_rate') as restated_rate_decimals,
        max(source_line) filter (where effect = 'restated_rate') as restated_rate_line
    from reason_amounts
    group by all
),

computed as (
    select
        items.*,
        table_05.amount_wanyuan as table_05_actual,
        table_05.half_unit as table_05_half_unit,
        table_05.location_zh as table_05_location_zh,
        items.initial_budget - items.actual as budget_gap,
        100.0 * items.actual / nullif(items.initial_budget, 0) as computed_rate,
        100.0 * (items.actual - items.actual_half_unit)
        / nullif(items.initial_budget + items.initial_budget_half_unit, 0) as computed_rate_low,
        100.0 * (items.actual + items.actual_half_unit)
        / nullif(items.initial_budget - items.initial_budget_half_unit, 0) as computed_rate_high,
        coalesce(quoted.quoted_amount_count, 0) as quoted_amount_count,
        coalesce(quoted.quoted_budget_cuts, 0) as quoted_budget_cuts,
        coalesce(quoted.quoted_unspent, 0) as quoted_unspent,
        coalesce(quoted.quoted_budget_increases, 0) as quoted_budget_increases,
        coalesce(quoted.quoted_half_units, 0) as quoted_half_units,
        coalesce(quoted.adjustment_half_units, 0) as adjustment_half_units,
        quoted.restated_budget,
        quoted.restated_budget_half_unit,
        quoted.restated_budget_line,
        quoted.restated_rate,
        quoted.restated_rate_half_unit,
        quoted.restated_rate_decimals,
        quoted.restated_rate_line
    from items
    left join table_05
        on items.report_id = table_05.report_id and items.subject_code = table_05.subject_code
    left join quoted
        on items.report_id = quoted.report_id and items.item_no = quoted.item_no
),

final as (
    select
        *,
        computed_rate < {{ var('juesuan_explanation_threshold_pct') }} as is_below_threshold,
        actual > initial_budget as is_above_budget,
        initial_budget = 0 and actual > 0 as is_spent_without_budget,
        (computed_rate < {{ var('juesuan_explanation_threshold_pct') }})
        or actual > initial_budget
        or (initial_budget = 0 and actual > 0) as requires_explanation,
        reason_text is not null as has_explanation,
        -- the quoted amounts account for budget − actual when cuts + unspent − increases = gap
        quoted_budget_cuts + quoted_unspent - quoted_budget_increases as explained_gap,
        (quoted_budget_cuts + quoted_unspent - quoted_budget_increases)
        / nullif(initial_budget - actual, 0) as explained_gap_share,
        initial_budget + quoted_budget_increases - quoted_budget_cuts as implied_adjusted_budget
    from computed
)

select * from final
