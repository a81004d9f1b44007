-- 公开02表 by function subject: income by source and shares of the total.
with cells as (
    select * from {{ ref('stg_juesuan__table_cells') }}
    where table_code = '02'
),

pivoted as (
    select
        report_id,
        coalesce(subject_code, 'total') as subject_code,
        subject_level,
        parent_subject_code,
        class_code,
        any_value(row_label) as subject_name,
        sum(amount_wanyuan) filter (where column_key = 'total') as total_income,
        sum(amount_wanyuan) filter (where column_key = 'fiscal') as fiscal_appropriation,
        sum(amount_wanyuan) filter (where column_key = 'superior_subsidy') as superior_subsidy,
        sum(amount_wanyuan) filter (where column_key = 'business') as business_income,
        sum(amount_wanyuan) filter (where column_key = 'operating') as operating_income,
        sum(amount_wanyuan) filter (where column_key = 'affiliated_remit')
            as affiliated_remittance,
        sum(amount_wanyuan) filter (where column_key = 'other') as other_income,
        min(source_line) as source_line
    from cells
    group by all
),

report_totals as (
    select
        report_id,
        total_income as report_total_income
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
        coalesce(pivoted.total_income, 0) as total_income,
        coalesce(pivoted.fiscal_appropriation, 0) as fiscal_appropriation,
        coalesce(pivoted.superior_subsidy, 0) as superior_subsidy,
        coalesce(pivoted.business_income, 0) as business_income,
        coalesce(pivoted.operating_income, 0) as operating_income,
        coalesce(pivoted.affiliated_remittance, 0) as affiliated_remittance,
        coalesce(pivoted.other_income, 0) as other_income,
        round(
            100.0 * pivoted.total_income / nullif(report_totals.report_total_income, 0), 4
        ) as share_of_total_pct,
        pivoted.source_line
    from pivoted
    left join report_totals on pivoted.report_id = report_totals.report_id
)

select * from final
