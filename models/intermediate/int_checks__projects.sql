-- Checks of the performance self-evaluations, read from int_project_performance and
-- int_indicator_results.
with projects as (
    select * from {{ ref('int_project_performance') }}
),

narratives as (
    select * from {{ ref('stg_juesuan__project_narratives') }}
),

indicators as (
    select * from {{ ref('int_indicator_results') }}
),

summary as (
    select * from {{ ref('stg_juesuan__project_summary') }}
),

facts as (
    select * from {{ ref('int_fact_values') }}
),

table_rate as (
    select
        report_id,
        'derived_rate' as check_id,
        'project:' || project_key || '|execution_rate' as location_key,
        location_zh || ' / 执行率' as location_zh,
        source_line,
        execution_rate as printed_value,
        computed_rate as expected_value,
        greatest(execution_rate_decimals, 2) as display_decimals,
        execution_rate_half_unit as pass_tolerance,
        execution_rate_half_unit
        + {{ rounding_slack('execution_rate_half_unit') }}
            as rounding_tolerance,
        {{ interval_distance('execution_rate', 'computed_rate_low', 'computed_rate_high') }}
            as status_distance,
        '执行数 ' || format('{:,.2f}', actual) || ' ÷ 预算数 ' || format('{:,.2f}', budget)
            as basis_zh,
        null::boolean as failed
    from projects
    where budget > 0
),

narrative_rate as (
    select
        report_id,
        'derived_rate' as check_id,
        'project_narrative:' || item_no || '|execution_rate' as location_key,
        location_zh || ' / 完成预算' as location_zh,
        source_line,
        execution_rate as printed_value,
        100.0 * actual / budget as expected_value,
        greatest(execution_rate_decimals, 2) as display_decimals,
        execution_rate_half_unit as pass_tolerance,
        execution_rate_half_unit
        + {{ rounding_slack('execution_rate_half_unit') }}
            as rounding_tolerance,
        greatest(
            100.0 * (actual - actual_half_unit) / (budget + budget_half_unit) - execution_rate,
            execution_rate - 100.0 * (actual + actual_half_unit) / (budget - budget_half_unit),
            0
        ) as status_distance,
        '执行数 ' || format('{:,.2f}', actual) || ' ÷ 全年预算数 ' || format('{:,.2f}', budget)
            as basis_zh,
        null::boolean as failed
    from narratives
    where budget > budget_half_unit
),

score as (
    select
        report_id,
        'derived_score' as check_id,
        'project:' || project_key || '|score' as location_key,
        location_zh || ' / 得分' as location_zh,
        source_line,
        score as printed_value,
        computed_score as expected_value,
        greatest(score_decimals, 2) as display_decimals,
        score_half_unit as pass_tolerance,
        score_half_unit + {{ rounding_slack('score_half_unit') }}
            as rounding_tolerance,
        {{ interval_distance('score', 'computed_score_low', 'computed_score_high') }}
            as status_distance,
        '{{ var("juesuan_execution_score_points") }} 分 × 执行率 '
        || format('{:.2f}', execution_rate) || '%' as basis_zh,
        null::boolean as failed
    from projects
    where score is not null
),

deviation as (
    select
        report_id,
        'explanation_required' as check_id,
        'project:' || project_key || '|deviation_analysis' as location_key,
        location_zh || ' / 偏差大或目标未完成原因分析' as location_zh,
        source_line,
        {{ pass_fail_columns() }},
        concat_ws(
            '；',
            case
                when is_low_execution
                    then
                        '预算执行率仅 ' || format('{:.2f}', computed_rate) || '%（低于 '
                        || {{ var('juesuan_project_rate_threshold_pct') }} || '%）'
            end,
            case when missed_indicator_count > 0 then '指标未达目标：' || missed_indicators end
        ) || '，而偏差原因分析为“' || coalesce(deviation_analysis, '') || '”' as basis_zh,
        (is_low_execution or missed_indicator_count > 0) and not has_deviation_analysis as failed
    from projects
),

indicator_target as (
    select
        report_id,
        'indicator_target' as check_id,
        'indicator:' || scope || '|' || indicator_seq as location_key,
        location_zh,
        source_line,
        actual_number as printed_value,
        target_number as expected_value,
        actual_decimals as display_decimals,
        0 as pass_tolerance,
        0 as rounding_tolerance,
        null::double as status_distance,
        '实际完成值“' || actual_text || '”未达到年初目标值“' || target_text || '”' as basis_zh,
        not is_met as failed
    from indicators
    where is_met is not null
),

summary_total as (
    {% for field in ['budget', 'actual'] %}
    select
        total.report_id,
        'hierarchy_sum' as check_id,
        'project_summary:total|{{ field }}_yuan' as location_key,
        total.location_zh || ' / {{ "财政预算资金总额" if field == "budget" else "支出总额" }}'
            as location_zh,
        total.source_line,
        total.{{ field }}_wanyuan as printed_value,
        sum(row.{{ field }}_wanyuan) as expected_value,
        6 as display_decimals,
        0 as pass_tolerance,
        total.{{ field }}_half_unit + sum(row.{{ field }}_half_unit) as rounding_tolerance,
        null::double as status_distance,
        '汇总表各项目合计（' || count(*) || '个项目）' as basis_zh,
        null::boolean as failed
    from summary as total
    inner join summary as row
        on total.report_id = row.report_id and not row.is_total
    where total.is_total
    group by
        total.report_id,
        total.location_zh,
        total.source_line,
        total.{{ field }}_wanyuan,
        total.{{ field }}_half_unit
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

project_count as (
    select
        stated.report_id,
        'narrative_identity' as check_id,
        'projects_count@' || stated.place_key as location_key,
        stated.location_zh,
        stated.source_line,
        stated.signed_value as printed_value,
        count(*) as expected_value,
        0 as display_decimals,
        0 as pass_tolerance,
        0 as rounding_tolerance,
        null::double as status_distance,
        '项目绩效自评情况汇总表所列项目数' as basis_zh,
        null::boolean as failed
    from facts as stated
    inner join summary
        on stated.report_id = summary.report_id and not summary.is_total
    where stated.fact_key = 'performance.projects_count'
    group by all
),

final as (
    select * from table_rate
    union all
    select * from narrative_rate
    union all
    select * from score
    union all
    select * from deviation
    union all
    select * from indicator_target
    union all
    select * from summary_total
    union all
    select * from project_count
)

select * from final
