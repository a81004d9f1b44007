with source as (
    select * from {{ report_data('project_evaluations') }}
),

final as (
    select
        report_id,
        project_key,
        table_title,
        project_name,
        budget,
        budget_decimals,
        {{ half_unit('budget_decimals') }} as budget_half_unit,
        actual,
        actual_decimals,
        {{ half_unit('actual_decimals') }} as actual_half_unit,
        execution_rate,
        execution_rate_decimals,
        {{ half_unit('execution_rate_decimals') }} as execution_rate_half_unit,
        score,
        score_decimals,
        {{ half_unit('score_decimals') }} as score_half_unit,
        deviation_analysis,
        improvement_plan,
        -- 无 (or nothing) is not an analysis
        coalesce(
            regexp_replace(trim(deviation_analysis), '[。．.\s]', '', 'g') not in ('', '无'),
            false
        ) as has_deviation_analysis,
        '项目绩效自评表“' || project_name || '”' as location_zh,
        source_line
    from source
)

select * from final
