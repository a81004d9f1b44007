with source as (
    select * from {{ report_data('project_narratives') }}
),

final as (
    select
        report_id,
        item_no,
        project_key,
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
        problems_text,
        '说明十三(三) 第' || item_no || '项 ' || project_name as location_zh,
        source_line
    from source
)

select * from final
