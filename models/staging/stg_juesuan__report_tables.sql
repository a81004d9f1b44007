with source as (
    select * from {{ report_data('report_tables') }}
),

final as (
    select
        report_id,
        table_code,
        table_title,
        amount_unit,
        no_data_note,
        no_data_note is not null
        and no_data_note like '%本表无数据%' as says_no_data,
        '公开' || table_code || '表' as table_label,
        source_line
    from source
)

select * from final
