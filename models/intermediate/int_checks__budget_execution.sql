-- Checks of the 五(三) line items, read from int_budget_execution.
with items as (
    select * from {{ ref('int_budget_execution') }}
),

facts as (
    select * from {{ ref('int_fact_values') }}
),

-- a report without 05 (or with 05 empty and no 本表无数据) gets one table_completeness
-- finding, not one per line item restating 05
lacking_table_05 as (
    select report_id from {{ ref('int_table_presence') }}
    where table_code = '05' and is_lacking
),

restates_table as (
    select
        report_id,
        'narrative_vs_table' as check_id,
        'line_item:' || item_no || '|actual' as location_key,
        location_zh || ' / 支出决算' as location_zh,
        source_line,
        actual as printed_value,
        coalesce(table_05_actual, 0) as expected_value,
        actual_decimals as display_decimals,
        greatest(actual_half_unit, coalesce(table_05_half_unit, 0)) as pass_tolerance,
        greatest(actual_half_unit, coalesce(table_05_half_unit, 0))
        + {{ rounding_slack('actual_half_unit') }} as rounding_tolerance,
        null::double as status_distance,
        coalesce(
            table_05_location_zh || ' 为 ' || format('{:,.2f}', table_05_actual),
            '公开05表未列示科目 ' || subject_code
        ) as basis_zh,
        null::boolean as failed
    from items
    where report_id not in (select lacking_table_05.report_id from lacking_table_05)
),

rate as (
    select
        report_id,
        'derived_rate' as check_id,
        'line_item:' || item_no || '|completion_rate' as location_key,
        location_zh || ' / 完成年初预算' as location_zh,
        source_line,
        completion_rate as printed_value,
        computed_rate as expected_value,
        greatest(completion_rate_decimals, 2) as display_decimals,
        completion_rate_half_unit as pass_tolerance,
        completion_rate_half_unit
        + {{ rounding_slack('completion_rate_half_unit') }}
            as rounding_tolerance,
        {{ interval_distance('completion_rate', 'computed_rate_low', 'computed_rate_high') }}
            as status_distance,
        '支出决算 ' || format('{:,.2f}', actual) || ' ÷ 年初预算 '
        || format('{:,.2f}', initial_budget) as basis_zh,
        null::boolean as failed
    from items
    where initial_budget > 0 and completion_rate is not null
),

rate_base as (
    select
        report_id,
        'rate_without_base' as check_id,
        'line_item:' || item_no || '|completion_rate' as location_key,
        location_zh || ' / 完成年初预算' as location_zh,
        source_line,
        completion_rate as printed_value,
        null::double as expected_value,
        completion_rate_decimals as display_decimals,
        0 as pass_tolerance,
        0 as rounding_tolerance,
        null::double as status_distance,
        '年初预算为 0，“完成年初预算的 '
        || {{ format_printed('completion_rate', 'completion_rate_decimals', thousands=false) }}
        || '%”无意义' as basis_zh,
        coalesce(initial_budget, 0) = 0 as failed
    from items
    where completion_rate is not null
),

explanation as (
    select
        report_id,
        'explanation_required' as check_id,
        'line_item:' || item_no || '|reason' as location_key,
        location_zh || ' / 原因说明' as location_zh,
        source_line,
        {{ pass_fail_columns() }},
        case
            when is_spent_without_budget then '年初预算为 0 但有支出'
            when is_above_budget then '支出决算大于年初预算'
            else
                '支出决算仅为年初预算的 ' || format('{:.1f}', computed_rate) || '%，低于 '
                || {{ var('juesuan_explanation_threshold_pct') }} || '%'
        end || '，未说明原因' as basis_zh,
        requires_explanation and not has_explanation as failed
    from items
),

comparison_word as (
    select
        report_id,
        'direction_word' as check_id,
        'line_item:' || item_no || '|comparison' as location_key,
        location_zh || ' / “' || comparison_phrase || '”' as location_zh,
        source_line,
        {{ pass_fail_columns() }},
        '用语为“' || comparison_phrase || '”，而支出决算 ' || format('{:,.2f}', actual)
        || (
            case
                when actual < initial_budget then ' 小于' when
                    actual > initial_budget
                    then ' 大于'
                else ' 等于'
            end
        )
        || '年初预算 ' || format('{:,.2f}', initial_budget) as basis_zh,
        (stated_comparison = 'below' and actual >= initial_budget)
        or (stated_comparison = 'above' and actual <= initial_budget) as failed
    from items
    where stated_comparison is not null
),

gap_explained as (
    select
        report_id,
        'reason_amounts' as check_id,
        'line_item:' || item_no || '|reason_amounts' as location_key,
        location_zh || ' / 原因所列金额' as location_zh,
        source_line,
        explained_gap as printed_value,
        budget_gap as expected_value,
        2 as display_decimals,
        0 as pass_tolerance,
        quoted_half_units + initial_budget_half_unit + actual_half_unit as rounding_tolerance,
        null::double as status_distance,
        '原因所列金额（调减 ' || format('{:,.2f}', quoted_budget_cuts) || '，未支出 '
        || format('{:,.2f}', quoted_unspent) || '，追加 '
        || format('{:,.2f}', quoted_budget_increases) || '）应能解释年初预算与支出决算之差 '
        || format('{:,.2f}', budget_gap) as basis_zh,
        null::boolean as failed
    from items
    where quoted_amount_count > 0
),

adjusted_budget as (
    select
        report_id,
        'reason_amounts' as check_id,
        'line_item:' || item_no || '|restated_budget' as location_key,
        location_zh || ' / 调整预算数' as location_zh,
        restated_budget_line as source_line,
        restated_budget as printed_value,
        implied_adjusted_budget as expected_value,
        2 as display_decimals,
        0 as pass_tolerance,
        restated_budget_half_unit + initial_budget_half_unit + adjustment_half_units
            as rounding_tolerance,
        null::double as status_distance,
        '年初预算 ' || format('{:,.2f}', initial_budget) || ' + 追加 '
        || format('{:,.2f}', quoted_budget_increases) || ' − 调减 '
        || format('{:,.2f}', quoted_budget_cuts) as basis_zh,
        null::boolean as failed
    from items
    where restated_budget is not null
),

adjusted_rate as (
    select
        report_id,
        'derived_rate' as check_id,
        'line_item:' || item_no || '|restated_rate' as location_key,
        location_zh || ' / 调整后执行率' as location_zh,
        restated_rate_line as source_line,
        restated_rate as printed_value,
        100.0 * actual / nullif(restated_budget, 0) as expected_value,
        greatest(restated_rate_decimals, 2) as display_decimals,
        restated_rate_half_unit as pass_tolerance,
        restated_rate_half_unit
        + {{ rounding_slack('restated_rate_half_unit') }}
            as rounding_tolerance,
        greatest(
            100.0 * (actual - actual_half_unit)
            / nullif(restated_budget + restated_budget_half_unit, 0) - restated_rate,
            restated_rate - 100.0 * (actual + actual_half_unit)
            / nullif(restated_budget - restated_budget_half_unit, 0),
            0
        ) as status_distance,
        '支出决算 ' || format('{:,.2f}', actual) || ' ÷ 调整预算数 '
        || format('{:,.2f}', restated_budget) as basis_zh,
        null::boolean as failed
    from items
    where restated_rate is not null and restated_budget is not null
),

totals as (
    select
        report_id,
        sum(initial_budget) as initial_budget,
        sum(initial_budget_half_unit) as initial_budget_half_units,
        sum(actual) as actual,
        sum(actual_half_unit) as actual_half_units,
        count(*) as item_count
    from items
    group by all
),

stated_totals as (
    select
        totals.report_id,
        'narrative_identity' as check_id,
        'line_items_total:' || stated.fact_key || '@' || stated.place_key as location_key,
        stated.location_zh,
        stated.source_line,
        stated.signed_value as printed_value,
        case
            when stated.fact_key = 'general_initial_budget' then totals.initial_budget
            else totals.actual
        end as expected_value,
        2 as display_decimals,
        0 as pass_tolerance,
        stated.half_unit + case
            when stated.fact_key = 'general_initial_budget' then totals.initial_budget_half_units
            else totals.actual_half_units
        end as rounding_tolerance,
        null::double as status_distance,
        '五(三)所列 ' || totals.item_count || ' 个科目的'
        || case
            when stated.fact_key = 'general_initial_budget' then '年初预算'
            else '支出决算'
        end || '之和' as basis_zh,
        null::boolean as failed
    from totals
    inner join facts as stated
        on
            totals.report_id = stated.report_id
            and stated.fact_key in ('general_initial_budget', 'general_expenditure')
            and stated.place_table = 'narrative_figures'
    where stated.location_zh like '说明五(三)%'
),

final as (
    select * from restates_table
    union all
    select * from rate
    union all
    select * from rate_base
    union all
    select * from explanation
    union all
    select * from comparison_word
    union all
    select * from gap_explained
    union all
    select * from adjusted_budget
    union all
    select * from adjusted_rate
    union all
    select * from stated_totals
)

select * from final
