-- One row per report: totals, execution rate, basic share and findings by severity.
with reports as (
    select * from {{ ref('stg_juesuan__reports') }}
),

facts as (
    select
        report_id,
        fact_key,
        signed_value
    from {{ ref('int_fact_values') }}
    where is_reference
),

check_results as (
    select * from {{ ref('check_results') }}
),

not_passed as (
    select * from {{ ref('int_check_outcomes') }}
    where status != 'pass'
),

check_counts as (
    select
        report_id,
        sum(locations_passed)::bigint as locations_passed,
        count(*) as checks_evaluated
    from check_results
    group by all
),

finding_counts as (
    select
        report_id,
        count(*) filter (where severity = 'error') as error_findings,
        count(*) filter (where severity = 'warn') as warn_findings,
        count(*) filter (where severity = 'info') as info_findings,
        count(*) filter (where rounding_only) as rounding_findings,
        count(*) filter (where outcome = 'error') as unacknowledged_error_findings
    from not_passed
    group by all
),

pivoted_facts as (
    select
        report_id,
        max(signed_value) filter (where fact_key = 'income_total') as total_income,
        max(signed_value) filter (where fact_key = 'expenditure_total') as total_expenditure,
        max(signed_value) filter (where fact_key = 'expenditure_basic') as basic_expenditure,
        max(signed_value) filter (where fact_key = 'expenditure_project') as project_expenditure,
        max(signed_value) filter (where fact_key = 'general_initial_budget')
            as general_initial_budget,
        max(signed_value) filter (where fact_key = 'general_expenditure') as general_expenditure
    from facts
    group by all
),

final as (
    select
        reports.report_id,
        reports.unit_name,
        reports.report_year,
        reports.report_scope,
        reports.published_on,
        pivoted_facts.total_income,
        pivoted_facts.total_expenditure,
        pivoted_facts.basic_expenditure,
        pivoted_facts.project_expenditure,
        round(
            100.0 * pivoted_facts.basic_expenditure
            / nullif(pivoted_facts.total_expenditure, 0), 4
        ) as basic_share_pct,
        pivoted_facts.general_initial_budget,
        round(
            100.0 * pivoted_facts.general_expenditure
            / nullif(pivoted_facts.general_initial_budget, 0), 4
        ) as execution_rate_pct,
        coalesce(check_counts.checks_evaluated, 0) as checks_evaluated,
        coalesce(check_counts.locations_passed, 0) as locations_passed,
        coalesce(finding_counts.error_findings, 0) as error_findings,
        coalesce(finding_counts.warn_findings, 0) as warn_findings,
        coalesce(finding_counts.info_findings, 0) as info_findings,
        coalesce(finding_counts.rounding_findings, 0) as rounding_findings,
        coalesce(finding_counts.unacknowledged_error_findings, 0)
            as unacknowledged_error_findings
    from reports
    left join pivoted_facts on reports.report_id = pivoted_facts.report_id
    left join check_counts on reports.report_id = check_counts.report_id
    left join finding_counts on reports.report_id = finding_counts.report_id
)

select * from final
