-- Each project's self-evaluation: printed budget, spending, rate and score beside the rate
-- recomputed from the printed amounts (with its rounding interval) and the score that rate
-- implies; the summary table's 元 amounts in 万元; whether an indicator missed its target.
with evaluations as (
    select * from {{ ref('stg_juesuan__project_evaluations') }}
),

summary as (
    select * from {{ ref('stg_juesuan__project_summary') }}
    where not is_total
),

indicators as (
    select * from {{ ref('int_indicator_results') }}
),

missed as (
    select
        report_id,
        scope as project_key,
        count(*) filter (where is_met is not null) as evaluated_indicator_count,
        count(*) filter (where not is_met) as missed_indicator_count,
        string_agg(indicator_name, '、' order by indicator_seq) filter (where not is_met)
            as missed_indicators
    from indicators
    group by all
),

final as (
    select
        evaluations.report_id,
        evaluations.project_key,
        evaluations.project_name,
        summary.project_name as summary_project_name,
        summary.row_no as summary_row_no,
        evaluations.budget,
        evaluations.budget_decimals,
        evaluations.budget_half_unit,
        evaluations.actual,
        evaluations.actual_decimals,
        evaluations.actual_half_unit,
        summary.budget_yuan as summary_budget_yuan,
        summary.actual_yuan as summary_actual_yuan,
        summary.budget_wanyuan as summary_budget_wanyuan,
        summary.actual_wanyuan as summary_actual_wanyuan,
        evaluations.execution_rate,
        evaluations.execution_rate_decimals,
        evaluations.execution_rate_half_unit,
        100.0 * evaluations.actual / nullif(evaluations.budget, 0) as computed_rate,
        100.0 * (evaluations.actual - evaluations.actual_half_unit)
        / nullif(evaluations.budget + evaluations.budget_half_unit, 0) as computed_rate_low,
        100.0 * (evaluations.actual + evaluations.actual_half_unit)
        / nullif(evaluations.budget - evaluations.budget_half_unit, 0) as computed_rate_high,
        evaluations.score,
        evaluations.score_decimals,
        evaluations.score_half_unit,
        {{ var('juesuan_execution_score_points') }} * evaluations.execution_rate / 100.0
            as computed_score,
        {{ var('juesuan_execution_score_points') }}
        * (evaluations.execution_rate - evaluations.execution_rate_half_unit) / 100.0
            as computed_score_low,
        {{ var('juesuan_execution_score_points') }}
        * (evaluations.execution_rate + evaluations.execution_rate_half_unit) / 100.0
            as computed_score_high,
        100.0 * evaluations.actual / nullif(evaluations.budget, 0)
        < {{ var('juesuan_project_rate_threshold_pct') }} as is_low_execution,
        coalesce(missed.evaluated_indicator_count, 0) as evaluated_indicator_count,
        coalesce(missed.missed_indicator_count, 0) as missed_indicator_count,
        missed.missed_indicators,
        evaluations.deviation_analysis,
        evaluations.has_deviation_analysis,
        evaluations.location_zh,
        evaluations.source_line
    from evaluations
    left join summary
        on
            evaluations.report_id = summary.report_id
            and evaluations.project_key = summary.project_key
    left join missed
        on
            evaluations.report_id = missed.report_id
            and evaluations.project_key = missed.project_key
)

select * from final
