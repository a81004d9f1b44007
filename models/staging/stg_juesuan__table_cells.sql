with source as (
    select * from {{ report_data('table_cells') }}
),

tables as (
    select
        report_id,
        table_code,
        amount_unit
    from {{ report_data('report_tables') }}
),

columns as (
    select
        table_code,
        column_key,
        column_label
    from {{ ref('table_columns') }}
),

classes as (
    select
        class_code,
        class_name
    from {{ ref('function_classes') }}
),

coded as (
    select
        source.*,
        case
            when source.table_code = '06' then 'economic'
            when source.table_code in ('02', '03', '05', '07', '08') then 'function'
            when classes.class_code is not null then 'function'
        end as subject_kind,
        -- tables 01 and 04 print class lines by name with an ordinal ("八、社会保障和就业支出")
        coalesce(source.row_code, classes.class_code) as subject_code
    from source
    left join classes
        on
            source.table_code in ('01', '04')
            and regexp_replace(source.row_label, '^[一二三四五六七八九十]+、', '')
            = classes.class_name
),

final as (
    select
        coded.report_id,
        coded.table_code,
        coded.row_key,
        coded.row_code,
        coded.subject_kind,
        coded.subject_code,
        {{ subject_level('coded.subject_code') }} as subject_level,
        {{ parent_subject('coded.subject_code') }} as parent_subject_code,
        left(coded.subject_code, 3) as class_code,
        coded.row_label,
        coded.column_key,
        columns.column_label,
        coded.amount,
        coded.decimals,
        tables.amount_unit as source_unit,
        {{ to_wanyuan('coded.amount', 'tables.amount_unit') }} as amount_wanyuan,
        {{ to_wanyuan(half_unit('coded.decimals'), 'tables.amount_unit') }} as half_unit,
        coded.table_code || '|' || coded.row_key || '|' || coded.column_key as place_key,
        '公开' || coded.table_code || '表 '
        || case
            when coded.row_code is not null then coded.row_code || ' '
            when starts_with(coded.row_key, 'line_')
                then '行次' || replace(coded.row_key, 'line_', '') || ' '
            else ''
        end
        || coalesce(coded.row_label, '')
        || ' / ' || coalesce(columns.column_label, coded.column_key) as location_zh,
        coded.source_line
    from coded
    left join tables
        on coded.report_id = tables.report_id and coded.table_code = tables.table_code
    left join columns
        on coded.table_code = columns.table_code and coded.column_key = columns.column_key
)

select * from final
