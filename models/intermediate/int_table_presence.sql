-- Each public table of the template, for each report: whether the report prints it, with how
-- many amounts, and whether an empty one says 本表无数据. A table the report lacks (not printed,
-- or printed empty without the note) is one completeness finding; the checks that compare
-- tables skip it rather than report every subject of the other table as missing from it.
with reports as (
    select * from {{ ref('stg_juesuan__reports') }}
),

report_tables as (
    select * from {{ ref('stg_juesuan__report_tables') }}
),

cells as (
    select * from {{ ref('stg_juesuan__table_cells') }}
),

expected_tables as (
    select distinct table_code from {{ ref('table_columns') }}
),

amounts_per_table as (
    select
        report_id,
        table_code,
        count(amount) as amount_count
    from cells
    group by all
),

final as (
    select
        reports.report_id,
        expected_tables.table_code,
        report_tables.table_title,
        report_tables.says_no_data,
        report_tables.source_line,
        coalesce(amounts_per_table.amount_count, 0) as amount_count,
        report_tables.table_title is null
        or (
            coalesce(amounts_per_table.amount_count, 0) = 0
            and not coalesce(report_tables.says_no_data, false)
        ) as is_lacking
    from reports
    cross join expected_tables
    left join report_tables
        on
            reports.report_id = report_tables.report_id
            and expected_tables.table_code = report_tables.table_code
    left join amounts_per_table
        on
            reports.report_id = amounts_per_table.report_id
            and expected_tables.table_code = amounts_per_table.table_code
)

select * from final
