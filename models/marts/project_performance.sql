-- The project self-evaluations: budget and spending in 万元 beside the summary table's 元,
-- printed vs recomputed execution rate and score, and whether the deviation analysis is needed.
with projects as (
    select * from {{ ref('int_project_performance') }}
),

final as (
    select
        report_id,
        project_key,
        project_name,
        summary_project_name,
        summary_row_no,
        budget,
        actual,
        summary_budget_yuan,
        summary_actual_yuan,
        summary_budget_wanyuan,
        summary_actual_wanyuan,
        execution_rate as printed_execution_rate_pct,
        round(computed_rate, 4) as computed_execution_rate_pct,
        score as printed_score,
        round(computed_score, 4) as computed_score,
        round(100 - computed_rate, 4) as computed_carryover_rate_pct,
        is_low_execution,
        evaluated_indicator_count,
        missed_indicator_count,
        missed_indicators,
        has_deviation_analysis,
        deviation_analysis,
        source_line
    from projects
)

select * from final
