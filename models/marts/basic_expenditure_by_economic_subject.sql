-- 公开06表: basic expenditure by economic subject, grouped into 人员经费 (301, 303) and
-- 公用经费 (302, 310).
with cells as (
    select * from {{ ref('stg_juesuan__table_cells') }}
    where table_code = '06' and subject_code is not null
),

final as (
    select
        report_id,
        subject_code as economic_subject_code,
        subject_level,
        parent_subject_code,
        class_code,
        row_label as economic_subject_name,
        case
            when class_code in ('301', '303') then 'personnel'
            when class_code in ('302', '310') then 'public'
        end as expense_group,
        case
            when class_code in ('301', '303') then '人员经费'
            when class_code in ('302', '310') then '公用经费'
        end as expense_group_zh,
        amount_wanyuan as actual,
        source_line
    from cells
)

select * from final
