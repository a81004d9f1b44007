-- The same function subject in two public tables: 01 and 04 print expenditure by 类, 02, 03 and
-- 05 by 类/款/项. Each pair below is compared subject by subject; a subject printed in one table
-- and missing from the other counts as 0 there, unless the report lacks that whole table (see
-- lacking_tables). Also: a subject code has one name everywhere.
with cells as (
    select * from {{ ref('stg_juesuan__table_cells') }}
    where subject_kind = 'function'
),

pairs as (
    -- printed table/column, compared with expected table/column, for 类 rows only or all rows;
    -- pair_no names the pair in the join of the two sides (one integer, not four strings)
    select
        pair_values.pair_no,
        pair_values.printed_table,
        pair_values.printed_column,
        pair_values.expected_table,
        pair_values.expected_column,
        pair_values.classes_only,
        pair_values.general_budget_only
    from (
        values
        (1, '01', 'actual', '03', 'total', true, false),
        (2, '04', 'subtotal', '05', 'total', true, false),
        (3, '04', 'general', '05', 'total', true, false),
        (4, '02', 'total', '03', 'total', false, false),
        (5, '05', 'total', '03', 'total', false, true),
        (6, '05', 'basic', '03', 'basic', false, true),
        (7, '05', 'project', '03', 'project', false, true)
    ) as pair_values (
        pair_no, printed_table, printed_column, expected_table, expected_column,
        classes_only, general_budget_only
    )
),

-- a pair is not compared in a report that lacks one of its tables (not printed, or printed empty
-- without 本表无数据): table_completeness reports that table once, where comparing it would
-- report every subject of the other table as missing from it
lacking_tables as (
    select
        report_id,
        table_code
    from {{ ref('int_table_presence') }}
    where is_lacking
),

-- 05 restates 03 only where every yuan spent came from the general budget: then 01 prints the
-- general-budget appropriation (行次1) equal to 本年收入合计 (行次27)
general_budget_reports as (
    select general.report_id
    from {{ ref('stg_juesuan__table_cells') }} as general
    inner join {{ ref('stg_juesuan__table_cells') }} as income
        on
            general.report_id = income.report_id
            and income.place_key = '01|line_27|actual'
    where general.place_key = '01|line_1|actual' and general.amount = income.amount
),

sides as (
    select
        pairs.*,
        cells.report_id,
        coalesce(cells.subject_code, cells.row_key) as subject_code,
        cells.table_code,
        cells.column_key,
        cells.amount_wanyuan,
        cells.half_unit,
        cells.location_zh,
        cells.source_line
    from pairs
    inner join cells
        on
            (
                (pairs.printed_table = cells.table_code and pairs.printed_column = cells.column_key)
                or (
                    pairs.expected_table = cells.table_code
                    and pairs.expected_column = cells.column_key
                )
            )
            and (not pairs.classes_only or cells.subject_level = '类')
    left join general_budget_reports
        on cells.report_id = general_budget_reports.report_id
    left join lacking_tables as lacking_printed
        on
            cells.report_id = lacking_printed.report_id
            and pairs.printed_table = lacking_printed.table_code
    left join lacking_tables as lacking_expected
        on
            cells.report_id = lacking_expected.report_id
            and pairs.expected_table = lacking_expected.table_code
    where
        (not pairs.general_budget_only or general_budget_reports.report_id is not null)
        and lacking_printed.report_id is null
        and lacking_expected.report_id is null
),

printed_side as (
    select * from sides
    where table_code = printed_table and column_key = printed_column
),

expected_side as (
    select * from sides
    where table_code = expected_table and column_key = expected_column
),

compared as (
    select
        coalesce(printed.report_id, expected.report_id) as report_id,
        'cross_table' as check_id,
        'pair:' || coalesce(printed.printed_table, expected.printed_table)
        || '.' || coalesce(printed.printed_column, expected.printed_column)
        || '~' || coalesce(printed.expected_table, expected.expected_table)
        || '.' || coalesce(printed.expected_column, expected.expected_column)
        || '|' || coalesce(printed.subject_code, expected.subject_code) as location_key,
        coalesce(
            printed.location_zh,
            '公开' || expected.printed_table || '表 ' || expected.subject_code || '（未列示）'
        ) as location_zh,
        coalesce(printed.source_line, expected.source_line) as source_line,
        coalesce(printed.amount_wanyuan, 0) as printed_value,
        coalesce(expected.amount_wanyuan, 0) as expected_value,
        2 as display_decimals,
        greatest(coalesce(printed.half_unit, 0), coalesce(expected.half_unit, 0))
            as pass_tolerance,
        greatest(coalesce(printed.half_unit, 0), coalesce(expected.half_unit, 0))
        + {{ rounding_slack('coalesce(printed.half_unit, 0.005)') }} as rounding_tolerance,
        -- the basis only where the amounts differ: an equal pair passes and its basis is never
        -- read (at 10,000 reports, 41,000 of 2.7 M pairs differ)
        case
            when coalesce(printed.amount_wanyuan, 0) != coalesce(expected.amount_wanyuan, 0)
                then
                    coalesce(expected.location_zh, '对应表中未列示') || ' 为 '
                    || format('{:,.2f}', coalesce(expected.amount_wanyuan, 0))
        end as basis_zh
    from printed_side as printed
    full outer join expected_side as expected
        on
            printed.report_id = expected.report_id
            and printed.pair_no = expected.pair_no
            and printed.subject_code = expected.subject_code
),

-- each name a code is printed with in a table: the cells of a row repeat its name
table_labels as (
    select
        report_id,
        table_code,
        subject_code,
        row_label,
        min(source_line) as source_line
    from cells
    where table_code in ('02', '03', '05', '07', '08')
    group by all
),

names as (
    -- one name per table and code (rows of one code that disagree are listed together)
    select
        report_id,
        table_code,
        subject_code,
        -- a sorted list, not string_agg(… order by …): DuckDB sorts an ordered aggregate's
        -- input for every group, which cost ~2.5 s at 10,000 reports for one name per group
        array_to_string(list_sort(list(row_label) filter (where row_label is not null)), '／')
            as row_label,
        min(source_line) as source_line
    from table_labels
    group by all
),

name_counts as (
    select
        report_id,
        subject_code,
        row_label,
        row_number() over (
            partition by report_id, subject_code
            order by count(*) desc, min(table_code)
        ) as name_rank
    from names
    group by report_id, subject_code, row_label
),

reference_names as (
    -- the name most tables print for the code is taken as its name
    select
        report_id,
        subject_code,
        row_label as reference_label
    from name_counts
    where name_rank = 1
),

subject_names as (
    select
        names.report_id,
        'subject_name' as check_id,
        'name:' || names.table_code || '|' || names.subject_code as location_key,
        '公开' || names.table_code || '表 ' || names.subject_code || ' 科目名称' as location_zh,
        names.source_line,
        null::decimal(24, 6) as printed_value,
        null::decimal(24, 6) as expected_value,
        0 as display_decimals,
        0 as pass_tolerance,
        0 as rounding_tolerance,
        '科目名称列示为“' || names.row_label || '”，其他表为“'
        || reference_names.reference_label || '”' as basis_zh,
        null::double as status_distance,
        names.row_label != reference_names.reference_label as failed
    from names
    inner join reference_names
        on
            names.report_id = reference_names.report_id
            and names.subject_code = reference_names.subject_code
),

final as (
    select
        *,
        null::double as status_distance,
        null::boolean as failed
    from compared
    union all
    select * from subject_names
)

select * from final
