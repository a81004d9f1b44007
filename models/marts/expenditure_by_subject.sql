-- 公开03表 by function subject: total, basic and project spending, and shares of the total.
with cells as (
    select * from {{ ref('stg_juesuan__table_cells') }}
    where table_code = '03'
),

pivoted as (
    select
        report_id,
        coalesce(subject_code, 'total') as subject_code,
        subject_level,
        parent_subject_code,
        class_code,
        any_value(row_label) as subject_name,
        sum(amount_wanyuan) filter (where column_key = 'total') as total_expenditure,
        sum(amount_wanyuan) filter (where column_key = 'basic') as basic_expenditure,
        sum(amount_wanyuan) filter (where column_key = 'project') as project_expenditure,
        sum(amount_wanyuan) filter (
            where column_key not in ('total', 'basic', 'project')
        ) as other_expenditure,
        min(source_line) as source_line
    from cells
    group by all
),

report_totals as (
    select
        report_id,
        total_expenditure as report_total_expenditure
    from pivoted
    where subject_code = 'total'
),

final as (
    select
        pivoted.report_id,
        pivoted.subject_code,
        pivoted.subject_level,
        pivoted.parent_subject_code,
        pivoted.class_code,
        pivoted.subject_name,
        coalesce(pivoted.total_expenditure, 0) as total_expenditure,
        coalesce(pivoted.basic_expenditure, 0) as basic_expenditure,
        coalesce(pivoted.project_expenditure, 0) as project_expenditure,
        coalesce(pivoted.other_expenditure, 0) as other_expenditure,
        round(
            100.0 * pivoted.total_expenditure
            / nullif(report_totals.report_total_expenditure, 0), 4
        ) as share_of_total_pct,
        round(
            100.0 * pivoted.basic_expenditure / nullif(pivoted.total_expenditure, 0), 4
        ) as basic_share_pct,
        pivoted.source_line
    from pivoted
    left join report_totals on pivoted.report_id = report_totals.report_id
)

select * from final
