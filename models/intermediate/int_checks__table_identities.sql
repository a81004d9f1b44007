-- Identities inside the public tables: hierarchy sums (类 = Σ款, 款 = Σ项, 合计 = Σ类), row
-- identities (total column = Σ component columns) and the balance rules of seeds/rules/cell_rules
-- (income and expenditure totals, 总计 on both sides, 人员经费/公用经费合计). A blank cell is 0.
-- Exact agreement passes; a difference within the rounding of the terms is rounding.
-- Each sum is grouped from the cells that take part in it, found by joining the cells to the
-- (small) rules, not by joining every rule or parent of every report to the cells on four key
-- strings: at 10,000 reports that cost ~5 s more.
with cells as (
    select * from {{ ref('stg_juesuan__table_cells') }}
),

row_identities as (
    select * from {{ ref('row_identities') }}
),

cell_rules as (
    select * from {{ ref('cell_rules') }}
),

-- Each printed amount of a coded row counted towards its parent: the 款 or 类 its code names,
-- and, for a 类, the 合计 row of its table (table 06 has none over its classes). Tables 01 and
-- 04 name their classes in words and are not summed by code.
child_cells as (
    select
        report_id,
        table_code,
        parent_subject_code as parent_key,
        column_key,
        amount_wanyuan,
        half_unit
    from cells
    where
        subject_code is not null
        and table_code not in ('01', '04')
        and parent_subject_code is not null
    union all
    select
        report_id,
        table_code,
        'total' as parent_key,
        column_key,
        amount_wanyuan,
        half_unit
    from cells
    where
        subject_code is not null
        and table_code not in ('01', '04', '06')
        and length(subject_code) = 3
),

hierarchy_terms as (
    select
        report_id,
        table_code,
        parent_key,
        column_key,
        sum(coalesce(amount_wanyuan, 0)) as expected_value,
        sum(coalesce(half_unit, 0)) as children_half_units,
        count(amount_wanyuan) as present_terms
    from child_cells
    group by all
),

parent_rows as (
    select distinct
        report_id,
        table_code,
        parent_key
    from hierarchy_terms
),

-- a parent's printed cell in a column where none of its children prints one is compared with 0
parent_cells as (
    select cells.*
    from cells
    semi join parent_rows
        on
            cells.report_id = parent_rows.report_id
            and cells.table_code = parent_rows.table_code
            and cells.row_key = parent_rows.parent_key
),

hierarchy as (
    select
        coalesce(terms.report_id, parent.report_id) as report_id,
        'hierarchy_sum' as check_id,
        'hierarchy:' || coalesce(terms.table_code, parent.table_code)
        || '|' || coalesce(terms.parent_key, parent.row_key)
        || '|' || coalesce(terms.column_key, parent.column_key) as location_key,
        coalesce(
            parent.location_zh,
            '公开' || terms.table_code || '表 ' || terms.parent_key || ' / ' || terms.column_key
        ) as location_zh,
        parent.source_line,
        coalesce(parent.amount_wanyuan, 0) as printed_value,
        coalesce(terms.expected_value, 0) as expected_value,
        2 as display_decimals,
        0 as pass_tolerance,
        coalesce(parent.half_unit, 0) + coalesce(terms.children_half_units, 0)
            as rounding_tolerance,
        '下级科目合计（' || coalesce(terms.present_terms, 0) || '项）' as basis_zh,
        null::double as status_distance,
        null::boolean as failed
    from hierarchy_terms as terms
    full outer join parent_cells as parent
        on
            terms.report_id = parent.report_id
            and terms.table_code = parent.table_code
            and terms.parent_key = parent.row_key
            and terms.column_key = parent.column_key
    where parent.amount_wanyuan is not null or terms.present_terms > 0
),

identity_totals as (
    select distinct
        table_code,
        total_column
    from row_identities
),

-- Each cell of a row identity once: as a part (its signed amount) or as the total
row_members as (
    select
        cells.report_id,
        cells.table_code,
        cells.row_key,
        row_identities.total_column,
        row_identities.coefficient * cells.amount_wanyuan as part_value,
        cells.half_unit as part_half_unit,
        null as total_value,
        null as total_half_unit,
        null as total_location_zh,
        null as total_line,
        cells.source_line
    from cells
    inner join row_identities
        on
            cells.table_code = row_identities.table_code
            and cells.column_key = row_identities.part_column
    union all
    select
        cells.report_id,
        cells.table_code,
        cells.row_key,
        identity_totals.total_column,
        null as part_value,
        null as part_half_unit,
        cells.amount_wanyuan as total_value,
        cells.half_unit as total_half_unit,
        cells.location_zh as total_location_zh,
        cells.source_line as total_line,
        cells.source_line
    from cells
    inner join identity_totals
        on
            cells.table_code = identity_totals.table_code
            and cells.column_key = identity_totals.total_column
),

row_identity_values as (
    select
        report_id,
        table_code,
        row_key,
        total_column,
        coalesce(
            any_value(total_location_zh),
            '公开' || table_code || '表 ' || row_key || ' / ' || total_column
        ) as location_zh,
        coalesce(min(total_line), min(source_line)) as source_line,
        coalesce(sum(total_value), 0) as printed_value,
        coalesce(sum(part_value), 0) as expected_value,
        coalesce(sum(total_half_unit), 0) + coalesce(sum(part_half_unit), 0)
            as rounding_tolerance
    from row_members
    group by
        report_id,
        table_code,
        row_key,
        total_column
),

-- The labels of a row's parts ("基本支出+项目支出") and of a rule's terms, only where the printed
-- total differs from the sum: an equal one passes and its label is never read, and labelling
-- every row and rule of a corpus cost ~4 s at 10,000 reports.
row_labels as (
    select
        differing.report_id,
        differing.table_code,
        differing.row_key,
        differing.total_column,
        string_agg(cells.column_label, '+' order by cells.column_key) as parts_label
    from row_identity_values as differing
    inner join row_identities
        on
            differing.table_code = row_identities.table_code
            and differing.total_column = row_identities.total_column
    inner join cells
        on
            differing.report_id = cells.report_id
            and differing.table_code = cells.table_code
            and differing.row_key = cells.row_key
            and row_identities.part_column = cells.column_key
    where differing.printed_value != differing.expected_value
    group by all
),

row_identity as (
    select
        evaluated.report_id,
        'row_identity' as check_id,
        'row:' || evaluated.table_code || '|' || evaluated.row_key || '|' || evaluated.total_column
            as location_key,
        evaluated.location_zh,
        evaluated.source_line,
        evaluated.printed_value,
        evaluated.expected_value,
        2 as display_decimals,
        0 as pass_tolerance,
        evaluated.rounding_tolerance,
        case
            when evaluated.printed_value != evaluated.expected_value
                then '同行' || coalesce(labels.parts_label, '各分项') || '之和'
        end as basis_zh,
        null::double as status_distance,
        null::boolean as failed
    from row_identity_values as evaluated
    left join row_labels as labels
        on
            evaluated.report_id = labels.report_id
            and evaluated.table_code = labels.table_code
            and evaluated.row_key = labels.row_key
            and evaluated.total_column = labels.total_column
),

-- The rules' left-hand keys, one row per rule
rule_keys as (
    select distinct
        rule_id,
        check_id,
        lhs_table || '|' || lhs_row || '|' || lhs_column as lhs_key
    from cell_rules
),

rule_tables as (
    select
        rule_id,
        lhs_table as table_code
    from cell_rules
    union
    select
        rule_id,
        term_table as table_code
    from cell_rules
),

-- a rule over two tables is not evaluated in a report that lacks one of them (not printed, or
-- printed empty without 本表无数据): table_completeness reports that table once
lacking_rules as (
    select distinct
        lacking.report_id,
        rule_tables.rule_id
    from {{ ref('int_table_presence') }} as lacking
    inner join rule_tables on lacking.table_code = rule_tables.table_code
    where lacking.is_lacking
),

rule_terms as (
    select
        cells.report_id,
        cell_rules.rule_id,
        sum(cell_rules.coefficient * coalesce(cells.amount_wanyuan, 0)) as expected_value,
        sum(coalesce(cells.half_unit, 0)) as terms_half_units,
        count(cells.amount_wanyuan) as present_terms,
        min(cells.source_line) as first_term_line
    from cells
    inner join cell_rules
        on
            cells.table_code = cell_rules.term_table
            and cells.row_key = cell_rules.term_row
            and cells.column_key = cell_rules.term_column
    group by all
),

rule_lhs as (
    select
        cells.report_id,
        rule_keys.rule_id,
        cells.location_zh,
        cells.source_line,
        cells.amount_wanyuan,
        cells.half_unit
    from cells
    inner join rule_keys on cells.place_key = rule_keys.lhs_key
),

cell_rule_values as (
    select
        coalesce(terms.report_id, lhs.report_id) as report_id,
        rule_keys.rule_id,
        rule_keys.check_id,
        coalesce(lhs.location_zh, rule_keys.lhs_key) as location_zh,
        coalesce(lhs.source_line, terms.first_term_line) as source_line,
        coalesce(lhs.amount_wanyuan, 0) as printed_value,
        coalesce(terms.expected_value, 0) as expected_value,
        coalesce(lhs.half_unit, 0) + coalesce(terms.terms_half_units, 0) as rounding_tolerance
    from rule_terms as terms
    full outer join rule_lhs as lhs
        on terms.report_id = lhs.report_id and terms.rule_id = lhs.rule_id
    inner join rule_keys on coalesce(terms.rule_id, lhs.rule_id) = rule_keys.rule_id
    left join lacking_rules
        on
            coalesce(terms.report_id, lhs.report_id) = lacking_rules.report_id
            and rule_keys.rule_id = lacking_rules.rule_id
    where
        (lhs.amount_wanyuan is not null or terms.present_terms > 0)
        and lacking_rules.rule_id is null
),

rule_labels as (
    select
        differing.report_id,
        differing.rule_id,
        string_agg(term.location_zh, '、' order by term.place_key) as terms_label
    from cell_rule_values as differing
    inner join cell_rules on differing.rule_id = cell_rules.rule_id
    inner join cells as term
        on
            differing.report_id = term.report_id
            and cell_rules.term_table = term.table_code
            and cell_rules.term_row = term.row_key
            and cell_rules.term_column = term.column_key
    where differing.printed_value != differing.expected_value
    group by all
),

cell_rule as (
    select
        evaluated.report_id,
        evaluated.check_id,
        'rule:' || evaluated.rule_id as location_key,
        evaluated.location_zh,
        evaluated.source_line,
        evaluated.printed_value,
        evaluated.expected_value,
        2 as display_decimals,
        0 as pass_tolerance,
        evaluated.rounding_tolerance,
        case
            when evaluated.printed_value != evaluated.expected_value
                then coalesce(labels.terms_label, '各项') || ' 之和'
        end as basis_zh,
        null::double as status_distance,
        null::boolean as failed
    from cell_rule_values as evaluated
    left join rule_labels as labels
        on evaluated.report_id = labels.report_id and evaluated.rule_id = labels.rule_id
),

final as (
    select * from hierarchy
    union all
    select * from row_identity
    union all
    select * from cell_rule
)

select * from final
