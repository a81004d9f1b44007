with source as (
    select * from {{ report_data('project_summary') }}
),

final as (
    select
        report_id,
        row_no,
        row_no = 'total' as is_total,
        project_key,
        project_name,
        using_unit,
        budget_yuan,
        budget_decimals,
        actual_yuan,
        actual_decimals,
        '元' as source_unit,
        {{ to_wanyuan('budget_yuan', "'元'") }} as budget_wanyuan,
        {{ to_wanyuan('actual_yuan', "'元'") }} as actual_wanyuan,
        {{ to_wanyuan(half_unit('budget_decimals'), "'元'") }} as budget_half_unit,
        {{ to_wanyuan(half_unit('actual_decimals'), "'元'") }} as actual_half_unit,
        '绩效自评情况汇总表 ' || case
            when row_no = 'total' then '合计'
            else '序号' || row_no || ' ' || project_name
        end as location_zh,
        source_line
    from source
)

select * from final
